#!/bin/sh
# qmgr_driver_selftest.sh - qmgr_driver against test_agent.
#
# tests/tools/test_agent (deliver_request + queue_file on the single-server
# skeleton) runs under tests/tools/fake_master; tests/tools/qmgr_driver
# writes queue files, sends delivery requests and reports.  Checked: the
# offsets the driver reports for R records are the ones that become D
# (and postcat agrees, when installed); "defer*" recipients stay R and the
# reply status is 1; EOF without a request keeps the agent serving; a 3.10
# "sendopts" request; a queue file with mode 0600 is answered "defer"
# (status -1); a corrupt file is marked 0400; a
# hop failure comes back in the reply; long lines and a last line without
# newline arrive intact (the agent logs lines and bytes); -x writes a file
# without an agent; the driver fails (exit 1) when no agent listens.
set -u
: "${TOP:?TOP must name the build tree}"
B=$TOP/tests/tools
for p in fake_master test_agent qmgr_driver; do
    [ -x "$B/$p" ] || { echo "skip: $B/$p is not built"; exit 77; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/qdrv.XXXXXX") || exit 1
FM=""
stop_fm() {	# close the status channel; the agent exits, then fake_master
    [ -n "$FM" ] || return 0
    kill -USR1 "$FM" 2>/dev/null
    i=0
    while kill -0 "$FM" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1; i=$((i + 1))
    done
    kill "$FM" 2>/dev/null
    # the child, if fake_master did not see it exit
    for p in $(sed -n 's/^child pid=\([0-9]*\) .*/\1/p' "$T/fm.out" \
        2>/dev/null); do
        grep -q "^exit pid=$p " "$T/fm.out" || kill "$p" 2>/dev/null
    done
    FM=""
}
cleanup() {
    stop_fm
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
    echo "FAIL: $*"
    [ -f "$T/report" ] && { echo "--- report"; cat "$T/report"; }
    [ -f "$T/maillog" ] && { echo "--- maillog (tail)"; tail -20 "$T/maillog"; }
    exit 1
}

Q=$T/spool
mkdir -p "$T/etc" "$Q/private" "$Q/public" "$Q/active"
cat > "$T/etc/main.cf" <<EOF
queue_directory = $Q
mail_owner = $(id -un)
maillog_file = $T/maillog
EOF
MAIL_CONFIG=$T/etc
export MAIL_CONFIG
unset MAIL_VERBOSE MAIL_DEBUG GENERATION

A=$Q/private/tagent
"$B/fake_master" -T 120 -l "$A" -- "$B/test_agent" -t unix \
    -o max_idle=100 > "$T/fm.out" 2> "$T/fm.err" &
FM=$!
i=0
until [ -S "$A" ] && grep -q '^child pid=' "$T/fm.out"; do
    [ $i -ge 100 ] && fail "fake_master did not start test_agent"
    sleep 0.1; i=$((i + 1))
done

# drive ARGS...: run the driver into $T/report; RC is its exit status
drive() {
    "$B/qmgr_driver" -q "$Q" -s "$A" -t 20 -o "$T/report" "$@"
    RC=$?
}
has() {	# has LINE-REGEX: the report has a matching line
    grep -Eq -- "$1" "$T/report" || fail "no line matching '$1'"
}
offset_of() {	# offset_of ADDR: the offset the driver reported for ADDR
    sed -n "s/^rcpt rcpt=$1 offset=\([0-9]*\)\$/\1/p" "$T/report"
}
id_of() { sed -n 's/^queue_file .* id=\([0-9A-Z]*\) .*/\1/p' "$T/report"; }
have_postcat() { command -v postcat > /dev/null 2>&1; }
postcat_file() {	# postcat_file ID: postcat output (empty main.cf)
    mkdir -p "$T/pc"; : > "$T/pc/main.cf"
    postcat -c "$T/pc" "$Q/active/$1" 2> /dev/null
}

# ---- 1. done marks at the reported offsets; defer leaves R --------------
drive -R a@example.com -R defer1@example.com -R b@example.com:success
[ $RC = 0 ] || fail "1: exit $RC"
has '^announce protocol=delivery_request_protocol$'
has '^reply status=1 hop_status= '
for r in a@example.com b@example.com; do
    off=$(offset_of "$r")
    [ -n "$off" ] || fail "1: no offset for $r"
    has "^done rcpt=$r offset=$off marked=yes\$"
done
has "^done rcpt=defer1@example.com offset=$(offset_of defer1@example.com) marked=no\$"
has '^file mode=0700$'
has '^result ok$'
ID=$(id_of)
if have_postcat; then
    postcat_file "$ID" > "$T/postcat.out" || fail "1: postcat failed"
    grep -qx 'done_recipient: a@example.com' "$T/postcat.out" &&
        grep -qx 'done_recipient: b@example.com' "$T/postcat.out" &&
        grep -qx 'recipient: defer1@example.com' "$T/postcat.out" ||
        fail "1: postcat: $(cat "$T/postcat.out")"
    echo "ok: done marks (postcat agrees)"
else
    echo "ok: done marks (postcat not installed)"
fi
grep -q "test_agent\[[0-9]*\]: $ID: lines=6 bytes=" "$T/maillog" ||
    fail "1: agent log line"

# ---- 2. all delivered: status 0 -----------------------------------------
drive -R x@example.com -R y@example.com
[ $RC = 0 ] || fail "2: exit $RC"
has '^reply status=0 '
has '^done rcpt=x@example.com offset=[0-9]+ marked=yes$'
has '^done rcpt=y@example.com offset=[0-9]+ marked=yes$'
echo "ok: status 0"

# ---- 3. EOF without a request; the same agent serves the next one ------
drive -N -R z@example.com
[ $RC = 0 ] || fail "3: exit $RC"
has '^norequest$'
drive -R z@example.com
[ $RC = 0 ] && grep -q '^reply status=0 ' "$T/report" ||
    fail "3: request after EOF"
[ "$(grep -c '^child pid=' "$T/fm.out")" = 1 ] || fail "3: agent restarted"
echo "ok: no request, then a request"

# ---- 4. 3.10 sendopts ------------------------------------------------------
drive -V sendopts -u 48 -R s@example.com
[ $RC = 0 ] || fail "4: exit $RC"
has '^reply status=0 '
has '^done rcpt=s@example.com offset=[0-9]+ marked=yes$'
echo "ok: sendopts"

# ---- 5. mode 0600: defer (-1), nothing marked -----------------------------
drive -m 0600 -R m@example.com
[ $RC = 0 ] || fail "5: exit $RC"
has '^reply status=-1 hop_status= '
has '^done rcpt=m@example.com offset=[0-9]+ marked=no$'
has '^file mode=0600$'
grep -q "queue file is not ready for delivery (mode 0600)" "$T/maillog" ||
    fail "5: no warning for mode 0600"
echo "ok: mode 0600 refused"

# ---- 6. corrupt file: marked 0400, nothing done ---------------------------
drive -Z -R c@example.com
[ $RC = 0 ] || fail "6: exit $RC"
has '^reply status=1 '
has '^done rcpt=c@example.com offset=[0-9]+ marked=no$'
has '^file mode=0400$'
grep -q "warning: corrupted queue file: active/$(id_of)" "$T/maillog" ||
    fail "6: no corrupt warning"
echo "ok: corrupt file marked"

# ---- 7. hop failure in the reply -----------------------------------------
drive -n hopfail.example -R h@example.com
[ $RC = 0 ] || fail "7: exit $RC"
has '^reply status=1 hop_status=4.4.1 hop_diag_type= hop_diag_text= hop_mta_type= hop_mta_mname= hop_action=delayed hop_reason=connect%20to%20hopfail.example:%20Connection%20refused$'
has '^done rcpt=h@example.com offset=[0-9]+ marked=no$'
echo "ok: hop status"

# ---- 8. long lines, CRLF, no final newline --------------------------------
{
    printf 'Subject: long\r\n\r\n'
    i=0; while [ $i -lt 500 ]; do printf '0123456789'; i=$((i + 1)); done
    printf '\n.\nlast'
} > "$T/body"
drive -b "$T/body" -L 100 -R l@example.com
[ $RC = 0 ] || fail "8: exit $RC"
has '^reply status=0 '
# lines: Subject, empty, 5000 bytes, ".", "last" = 5; bytes 13+5000+1+4
grep -q "test_agent\[[0-9]*\]: $(id_of): lines=5 bytes=5018 status=0" \
    "$T/maillog" || fail "8: content read back wrong"
echo "ok: long lines"

# ---- 9. -x writes a file without an agent; no agent -> exit 1 ------------
"$B/qmgr_driver" -q "$T/q2" -x -i ABCDEF0123 -R a@b -R c@d > "$T/x.out" ||
    fail "9: -x failed"
[ -f "$T/q2/active/ABCDEF0123" ] || fail "9: no file"
[ "$(grep -c '^rcpt rcpt=' "$T/x.out")" = 2 ] || fail "9: $(cat "$T/x.out")"
"$B/qmgr_driver" -q "$T/q2" -s "$T/q2/private/none" -t 5 -R a@b \
    > /dev/null 2>&1
[ $? = 1 ] || fail "9: no agent: exit status not 1"
"$B/qmgr_driver" -h > /dev/null 2>&1 || fail "9: -h"
echo "ok: -x, no agent"

grep -Eq 'fatal|panic' "$T/maillog" && fail "fatal or panic logged"
stop_fm
grep -q "^exit pid=[0-9]* status=0\$" "$T/fm.out" ||
    fail "test_agent exit: $(cat "$T/fm.out")"
grep -Eq 'Sanitizer|runtime error' "$T/fm.err" &&
    fail "sanitizer report from test_agent: $(head -20 "$T/fm.err")"
exit 0
