#!/bin/sh
# smtp_no_enhanced_code.sh - replies without enhanced status codes: the status is derived (5.0.0)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
rcpt 550 no such user here
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.0.0 yes
expect_rcpt b@example.com bounced 5.0.0 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 550 no such user here (in reply to RCPT TO command)"

t_pass
