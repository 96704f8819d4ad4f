#!/bin/sh
# smtp_greeting_5xx.sh - 5XX greeting, smtp_skip_5xx_greeting=yes: deferred (4.X.X), the destination throttled
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
greeting 554 5.7.1 no service
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.7.1"
expect_rcpt a@example.com deferred 4.7.1 no
expect_rcpt b@example.com deferred 4.7.1 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 no service"
expect_no_peer '^1 C: EHLO'
t_pass
