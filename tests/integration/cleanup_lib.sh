# tests/integration/cleanup_lib.sh - helpers for the cleanup_*.sh scenarios
#
# Source after tests/lib.sh (bash).  A postern instance whose master runs
# only cleanup ("cleanup unix n n n - 0 cleanup": as the test's user,
# since the instance's mail_owner is that user), myhostname
# mta.example.test, myorigin example.test.
#
#	cl_start [main.cf lines...]	instance up, public/cleanup there
#	cl_send args...			postern -c $CONF send args
#	cl_files			the files in incoming/, one a line
#	cl_count			how many
#	cl_dump FILE			postern's reader (tests/tools/qf_dump)
#	cl_postcat FILE			Postfix's postcat -v (skip 77 if absent),
#					without postcat's own debug lines
#	cl_has TEXT FILE		exact line in FILE (fail otherwise)

cl_start() {
    inst_create "myhostname = mta.example.test" "myorigin = example.test" "$@"
    echo "cleanup unix n n n - 0 cleanup" | inst_master_cf
    master_start
    wait_for 10 test -S "$QDIR/public/cleanup" ||
        t_fail "no public/cleanup socket"
}

cl_send() { "$TOP/bin/postern" -c "$CONF" send "$@"; }
cl_files() { find "$QDIR/incoming" -type f 2>/dev/null | sort; }
cl_count() { cl_files | wc -l; }
cl_dump() { "$TOP/tests/tools/qf_dump" "$1"; }

cl_postcat() {
    [ -x /usr/sbin/postcat ] || t_skip "Postfix's postcat is not installed"
    mkdir -p "$T/pfc"
    [ -f "$T/pfc/main.cf" ] || echo "compatibility_level = 3.6" > "$T/pfc/main.cf"
    /usr/sbin/postcat -c "$T/pfc" -v "$1" 2>&1 | grep -v '^postcat: [a-z_]*: '
}

cl_has() {
    grep -qxF -- "$1" "$2" || t_fail "no line '$1' in $2:
$(cat "$2")"
}
