#!/bin/sh
# smtp_drop_greeting.sh - connection closed before the greeting: deferred, lost connection
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
drop greeting before
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.4.2"
expect_rcpt a@example.com deferred 4.4.2 no
expect_rcpt b@example.com deferred 4.4.2 no
expect_reason a@example.com "lost connection with 127.0.0.1[127.0.0.1] while receiving the initial server greeting"

t_pass
