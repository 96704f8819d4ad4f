#!/bin/sh
# smtp_drop_rcpt.sh - connection reset after the first RCPT TO
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
drop rcpt #1 reset
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.4.2"
expect_rcpt a@example.com deferred 4.4.2 no
expect_rcpt b@example.com deferred 4.4.2 no
expect_reason a@example.com "lost connection with 127.0.0.1[127.0.0.1] while sending RCPT TO"

t_pass
