#!/bin/sh
# smtp_lockstep_rcpt_rejected.sh - without PIPELINING and every RCPT refused, DATA is never sent
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250 8BITMIME
rcpt 550 5.1.1 no such user
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com bounced 5.1.1 yes
expect_rcpt b@example.com bounced 5.1.1 yes
expect_peer '^1 C: RCPT TO:' 2
expect_no_peer '^1 C: DATA'
t_pass
