#!/bin/sh
# smtp_ehlo_421.sh - EHLO answered 421: no HELO, deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
ehlo 421 4.7.0 closing
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.7.0"
expect_rcpt a@example.com deferred 4.7.0 no
expect_rcpt b@example.com deferred 4.7.0 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 421 4.7.0 closing"
expect_no_peer '^1 C: HELO'
t_pass
