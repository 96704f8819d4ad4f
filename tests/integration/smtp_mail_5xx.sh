#!/bin/sh
# smtp_mail_5xx.sh - MAIL FROM refused 553: every recipient bounced
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
mail 553 5.1.8 bad sender domain
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.1.8 yes
expect_rcpt b@example.com bounced 5.1.8 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 553 5.1.8 bad sender domain (in reply to MAIL FROM command)"

t_pass
