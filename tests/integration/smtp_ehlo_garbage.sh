#!/bin/sh
# smtp_ehlo_garbage.sh - a malformed EHLO reply: protocol error while performing the EHLO handshake, deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 2x0 PIPELINING
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_reply nonzero 4.5.0
expect_rcpt a@example.com deferred 4.5.0 no
expect_reason a@example.com "protocol error: malformed reply from 127.0.0.1[127.0.0.1] while performing the EHLO handshake: malformed reply code"
t_pass
