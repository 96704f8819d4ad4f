#!/bin/bash
# postfix_master_single - Postfix 3.7's own master runs postern's
# test_single (single-server skeleton) as a unix service with
# max_use = 10: 500 sequential requests all get valid replies, no child
# serves more than 10, and Postfix's log has no warning, fatal or panic
# line about the service (no "bad command startup", no "exit status").
#
# A private Postfix instance (reference test-harness.md section 2) with a
# private daemon_directory holding copies of Postfix's daemons and of
# test_single (copies, not symlinks: postfix check warns about those).
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

[ "$(id -u)" = 0 ] || t_skip "needs root (Postfix's master runs as root)"
PF_SBIN=/usr/lib/postfix/sbin
[ -x "$PF_SBIN/master" ] && [ -x /usr/sbin/postfix ] ||
    t_skip "postfix is not installed"
id postfix > /dev/null 2>&1 && getent group postdrop > /dev/null ||
    t_skip "no postfix user or postdrop group"
[ -x "$TOP/tests/tools/test_single" ] && [ -x "$TOP/tests/tools/test_client" ] ||
    t_fail "test tools are not built"

D=$T/pf
CONF=$D/etc
QDIR=$D/spool
LOG=$D/log/maillog
mkdir -p "$CONF" "$QDIR" "$D/data" "$D/log" "$D/libexec"
chmod 755 "$T" "$D"
chown root:root "$QDIR"
chown postfix:postfix "$D/data"
chmod 700 "$D/data"
cp -p "$PF_SBIN"/* "$D/libexec/" || t_fail "cannot copy Postfix daemons"
cp "$TOP/tests/tools/test_single" "$D/libexec/test_single"
chmod 755 "$D/libexec/test_single"

cat > "$CONF/main.cf" <<EOF2
compatibility_level = 3.6
queue_directory = $QDIR
data_directory = $D/data
meta_directory = /etc/postfix
daemon_directory = $D/libexec
command_directory = /usr/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.example.test
mydomain = example.test
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
biff = no
inet_interfaces = loopback-only
inet_protocols = ipv4
maillog_file = $LOG
maillog_file_prefixes = $D
max_use = 10
max_idle = 100s
EOF2
cat > "$CONF/master.cf" <<EOF2
postlog   unix-dgram n  -       n       -       1       postlogd
tsingle   unix  -       -       n       -       -       test_single
EOF2

pf_stop() {
    /usr/sbin/postfix -c "$CONF" stop > /dev/null 2>&1
    local pid
    pid=$(tr -d ' \n' < "$QDIR/pid/master.pid" 2>/dev/null)
    [ -n "$pid" ] && wait_for 10 eval '! pid_alive '"$pid"
}
T_CLEANUP_HOOK=pf_stop

/usr/sbin/postfix -c "$CONF" check > "$T/check.out" 2>&1 ||
    t_fail "postfix check: $(cat "$T/check.out")"
/usr/sbin/postfix -c "$CONF" start > "$T/start.out" 2>&1 ||
    t_fail "postfix start: $(cat "$T/start.out")"
wait_for 10 eval '[ -S "$QDIR/private/tsingle" ]' ||
    t_fail "no private/tsingle socket"

tclient -n 500 -t 10 "$QDIR/private/tsingle" > "$T/replies" 2> "$T/client.err" ||
    t_fail "test_client failed: $(head -n 5 "$T/client.err")"
n=$(grep -c '^pid=[0-9]* count=[0-9]*$' "$T/replies")
[ "$n" -eq 500 ] || t_fail "$n valid replies, want 500"
pids=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' "$T/replies" | sort -u | wc -l)
maxcount=$(sed -n 's/^pid=[0-9]* count=\([0-9]*\)$/\1/p' "$T/replies" |
    sort -n | tail -n 1)
echo "500 replies from $pids processes, highest count $maxcount"
[ "$maxcount" -le 10 ] || t_fail "a child served $maxcount clients, max_use 10"
[ "$pids" -ge 50 ] || t_fail "only $pids processes for 500 clients with max_use 10"

# Give the last child time to exit and master time to log about it.
sleep 1
bad=$(grep -E 'warning|fatal|panic|bad command startup|exit status' "$LOG" |
    grep -E 'test_single|tsingle')
[ -z "$bad" ] || t_fail "Postfix logged trouble with the service:
$bad"
pf_stop
T_CLEANUP_HOOK=""
t_pass
