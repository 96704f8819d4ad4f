#!/bin/sh
# smtp_dns_best_mx_transport.sh - mail that loops back to this host goes to best_mx_transport (delivery request hand-off), logged "passing <ADDR> to transport=NAME"
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=loop.test,me.loop.test,10 host-record=me.loop.test,127.0.0.9
peer_start -n 2 - < /dev/null
echo "inet_interfaces = 127.0.0.9" >> "$CONF/main.cf"
echo "best_mx_transport = inner:[127.0.0.1]:$PEER_PORT" >> "$CONF/main.cf"
# The transport "inner": a second smtp agent on private/inner.
bg_start "$TOOLS/fake_master" -T 240 -l "$Q/private/inner" -- \
    "$TOP/libexec/smtp" -t unix -n inner > "$T/fm2.out" 2> "$T/fm2.err"
FM2=$BG_PID
wait_for 10 eval '[ -S "$Q/private/inner" ] && grep -q "^child pid=" "$T/fm2.out"' ||
    t_fail "second agent did not start"
agent_start smtp
drive -n "loop.test" -R a@loop.test -R b@loop.test
peer_wait
kill -USR1 "$FM2" 2>/dev/null
expect_reply 0
expect_rcpt a@loop.test sent 2.0.0 yes
expect_rcpt b@loop.test sent 2.0.0 yes
expect_log ': passing <a@loop\.test> to transport=inner$' 1
expect_log ': passing <b@loop\.test> to transport=inner$' 1
expect_log "to=<a@loop\.test>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT, "
t_pass
