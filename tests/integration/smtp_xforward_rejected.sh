#!/bin/sh
# smtp_xforward_rejected.sh - XFORWARD refused: a message failure, 'in reply to XFORWARD name/address command'
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_send_xforward_command=yes
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250 XFORWARD NAME ADDR
unknown 550 5.7.0 no forwarding
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com bounced 5.7.0 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 550 5.7.0 no forwarding (in reply to XFORWARD name/address command)"
expect_no_peer '^1 C: MAIL'
t_pass
