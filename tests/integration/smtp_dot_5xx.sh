#!/bin/sh
# smtp_dot_5xx.sh - end of data refused 554: bounced
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
dot 554 5.7.1 spam
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.7.1 yes
expect_rcpt b@example.com bounced 5.7.1 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 554 5.7.1 spam (in reply to end of DATA command)"
expect_peer '^1 D: This is a test message\.$' 1
t_pass
