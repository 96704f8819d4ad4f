#!/bin/sh
# smtp_protocol_3xx.sh - a 3XX reply to MAIL FROM is a protocol error: 5.5.0, Protocol error: prefix
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
mail 354 what?
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.5.0 yes
expect_rcpt b@example.com bounced 5.5.0 yes
expect_reason a@example.com "Protocol error: host 127.0.0.1[127.0.0.1] said: 354 what? (in reply to MAIL FROM command)"

t_pass
