#!/bin/sh
# smtp_garbage_reply.sh - garbage instead of a MAIL reply: protocol error, deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
mail this is not smtp
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.5.0"
expect_rcpt a@example.com deferred 4.5.0 no
expect_rcpt b@example.com deferred 4.5.0 no
expect_reason a@example.com "protocol error: malformed reply from 127.0.0.1[127.0.0.1] while sending MAIL FROM: malformed reply code"

t_pass
