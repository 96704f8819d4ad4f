#!/bin/sh
# smtp_smtputf8_required.sh - a message that needs SMTPUTF8 to a server without it: bounced 5.6.7
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtputf8_enable=yes
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250-PIPELINING
ehlo 250 8BITMIME
S
drive -n "[127.0.0.1]:$PEER_PORT" -R 'j@example.com' -u 9
peer_wait
expect_reply 0
expect_rcpt j@example.com bounced 5.6.7 yes
expect_reason j@example.com "SMTPUTF8 is required, but was not offered by host 127.0.0.1[127.0.0.1]"
expect_no_peer '^1 C: MAIL'
t_pass
