#!/bin/sh
# smtp_xforward.sh - smtp_send_xforward_command=yes: XFORWARD with the client attributes, [UNAVAILABLE] for empty ones
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_send_xforward_command=yes
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250-PIPELINING
ehlo 250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT
ehlo 250 8BITMIME
unknown 250 2.0.0 Ok
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 C: XFORWARD NAME=\[UNAVAILABLE\] ADDR=\[UNAVAILABLE\] PORT=\[UNAVAILABLE\]$' 1
expect_peer '^1 C: XFORWARD PROTO=\[UNAVAILABLE\] HELO=\[UNAVAILABLE\] IDENT=\[UNAVAILABLE\] SOURCE=LOCAL$' 1
t_pass
