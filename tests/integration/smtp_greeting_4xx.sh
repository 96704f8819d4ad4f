#!/bin/sh
# smtp_greeting_4xx.sh - 421 greeting: deferred, hop status 4.3.2
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
greeting 421 4.3.2 go away
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.3.2"
expect_rcpt a@example.com deferred 4.3.2 no
expect_rcpt b@example.com deferred 4.3.2 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 421 4.3.2 go away"

t_pass
