#!/bin/sh
# smtp_fallback_after_4xx.sh - a 450 at RCPT on the first next-hop keeps the recipient for the next one: it is delivered there
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start -n 2 - <<'S'
session 1
rcpt <b@example.com> 450 4.2.0 try elsewhere
S
drive -n "[127.0.0.1]:$PEER_PORT, [127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com sent 2.0.0 yes
expect_reason b@example.com "250 2.0.0 Ok: queued as S2M1"
expect_log ": host 127\.0\.0\.1\[127\.0\.0\.1\] said: 450 4\.2\.0 try elsewhere \(in reply to RCPT TO command\)$" 1
expect_peer '^2 C: RCPT TO:<b@example\.com>' 1
expect_no_peer '^2 C: RCPT TO:<a@example\.com>'
t_pass
