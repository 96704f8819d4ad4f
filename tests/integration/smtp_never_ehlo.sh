#!/bin/sh
# smtp_never_ehlo.sh - smtp_never_send_ehlo=yes: HELO only, no ESMTP parameters
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_never_send_ehlo=yes "smtp_helo_name = helo.example.test"
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_no_peer '^1 C: EHLO'
expect_peer '^1 C: HELO helo\.example\.test$' 1
expect_peer '^1 C: MAIL FROM:<sender@example\.org>$' 1
t_pass
