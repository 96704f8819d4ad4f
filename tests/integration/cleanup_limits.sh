#!/bin/bash
# cleanup_limits - message_size_limit and hopcount_limit refuse a message
#
# An instance with message_size_limit = 4000 and hopcount_limit = 3.
# A 10000-byte message: postern send exits 65 (EX_DATAERR) saying
# "message not queued: message file too big (message_size_limit 4000)",
# cleanup logs "message rejected: message file too big", and incoming/
# is empty.  A message with 4 Received: headers: exit 65, "too many hops
# (4)", nothing queued.  A message just under both limits is queued.
# A bad value (message_size_limit = lots) stops postern send with one
# line naming the parameter and value; nothing is queued.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/integration/cleanup_lib.sh"
cl_start "message_size_limit = 4000" "hopcount_limit = 3"

big() { printf 'Subject: big\n\n'; for i in $(seq 1 125); do printf '%079d\n' "$i"; done; }
big | cl_send bob@remote.test > "$T/big.out" 2>&1
rc=$?
[ "$rc" = 65 ] || t_fail "oversize: exit $rc: $(cat "$T/big.out")"
grep -q 'message not queued: message file too big (message_size_limit 4000)$' "$T/big.out" ||
    t_fail "oversize message: $(cat "$T/big.out")"
wait_for 5 eval '[ "$(log_count "cleanup\[[0-9]+\]: warning: [0-9A-F]+: message rejected: message file too big")" = 1 ]' ||
    t_fail "no rejection in the log"
[ -z "$(ls -A "$QDIR/incoming")" ] || t_fail "left behind: $(ls -la "$QDIR/incoming")"
echo "ok: oversize refused, nothing left"

printf 'Received: a\nReceived: b\nReceived: c\nReceived: d\nSubject: loop\n\nx\n' |
    cl_send bob@remote.test > "$T/hops.out" 2>&1
rc=$?
[ "$rc" = 65 ] && grep -q 'message not queued: too many hops (4)$' "$T/hops.out" ||
    t_fail "hops: exit $rc: $(cat "$T/hops.out")"
[ -z "$(ls -A "$QDIR/incoming")" ] || t_fail "left behind: $(ls -la "$QDIR/incoming")"
echo "ok: too many hops refused"

{ printf 'Received: a\nReceived: b\nReceived: c\nSubject: fits\n\n'; for i in $(seq 1 30); do printf '%079d\n' "$i"; done; } |
    cl_send bob@remote.test || t_fail "a message within the limits was refused"
[ "$(cl_count)" = 1 ] || t_fail "want one queue file"
echo "ok: within limits queued"

sed -i 's/^message_size_limit = 4000$/message_size_limit = lots/' "$CONF/main.cf"
printf 'Subject: x\n\ny\n' | cl_send bob@remote.test > "$T/bad.out" 2>&1
rc=$?
[ "$rc" != 0 ] || t_fail "bad configuration: exit 0"
[ "$(cat "$T/bad.out")" = "postern: fatal: $CONF/main.cf: parameter message_size_limit: bad numerical value \"lots\"" ] ||
    t_fail "bad configuration: $(cat "$T/bad.out")"
[ "$(cl_count)" = 1 ] || t_fail "the bad configuration changed the queue"
echo "ok: a bad message_size_limit is named"
t_pass
