#!/bin/sh
# smtp_no_pipelining.sh - without PIPELINING the client waits for each reply: after a 550 MAIL reply no RCPT is sent
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250-8BITMIME
ehlo 250 SIZE 1000000
mail 550 5.7.1 sender rejected
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com bounced 5.7.1 yes
expect_rcpt b@example.com bounced 5.7.1 yes
expect_no_peer '^1 C: RCPT'
expect_no_peer '^1 C: DATA'
expect_peer '^1 C: QUIT$' 1
t_pass
