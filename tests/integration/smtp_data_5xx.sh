#!/bin/sh
# smtp_data_5xx.sh - DATA refused 554: bounced, no content sent
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
data 554 5.6.0 no data today
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.6.0 yes
expect_rcpt b@example.com bounced 5.6.0 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 554 5.6.0 no data today (in reply to DATA command)"
expect_no_peer '^1 D: '
t_pass
