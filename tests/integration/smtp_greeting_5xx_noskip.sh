#!/bin/sh
# smtp_greeting_5xx_noskip.sh - 5XX greeting, smtp_skip_5xx_greeting=no: bounced
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_skip_5xx_greeting=no
agent_start smtp
peer_start - <<'S'
greeting 554 5.7.1 no service
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.7.1 yes
expect_rcpt b@example.com bounced 5.7.1 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 no service"

t_pass
