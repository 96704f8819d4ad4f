#!/bin/sh
# smtp_greeting_garbage.sh - binary garbage as the greeting: protocol error, deferred, no crash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
raw greeting "\x00\xff\x01garbage\r\n"
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com deferred 4.5.0 no
expect_reason a@example.com "protocol error: malformed reply from 127.0.0.1[127.0.0.1] while receiving the initial server greeting: malformed reply code"
kill -0 "$FM_PID" 2>/dev/null || t_fail "agent supervisor gone"
grep -q '^exit pid=.* signal=' "$T/fm.out" && t_fail "agent crashed"
t_pass
