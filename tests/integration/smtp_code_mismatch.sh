#!/bin/sh
# smtp_code_mismatch.sh - continuation lines with another code: protocol error
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
rcpt 250-first
rcpt 550 second
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.5.0"
expect_rcpt a@example.com deferred 4.5.0 no
expect_rcpt b@example.com deferred 4.5.0 no
expect_reason a@example.com "protocol error: malformed reply from 127.0.0.1[127.0.0.1] while sending RCPT TO: reply code changes within a reply"

t_pass
