#!/bin/sh
# smtp_deadline.sh - smtp_per_request_deadline=yes: a slow RCPT reply times out as a deadline
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_per_request_deadline=yes smtp_rcpt_timeout=1s
agent_start smtp
peer_start - <<'S'
stall rcpt 2500
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -B 30000
peer_wait
expect_rcpt a@example.com deferred 4.4.2 no
expect_reason a@example.com "conversation with 127.0.0.1[127.0.0.1] timed out while sending RCPT TO"
t_pass
