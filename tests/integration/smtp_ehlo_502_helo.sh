#!/bin/sh
# smtp_ehlo_502_helo.sh - EHLO refused with 502: HELO is sent and mail goes out without ESMTP parameters
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
ehlo 502 5.5.2 no EHLO here
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com sent 2.0.0 yes
expect_reason a@example.com "250 2.0.0 Ok: queued as S1M1"
expect_peer '^1 C: HELO client\.example\.test$' 1
expect_peer '^1 C: MAIL FROM:<sender@example\.org>$' 1
expect_peer '^1 C: RCPT TO:<a@example\.com>$' 1
t_pass
