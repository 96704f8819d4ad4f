#!/bin/sh
# smtp_multiline_rcpt.sh - a multi-line 550 RCPT reply: the status from the text, the lines joined in the reason
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt 550-5.7.1 Policy rejection
rcpt 550-5.7.1 see https://example.test/why
rcpt 550 5.7.1 bye
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com bounced 5.7.1 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 550-5.7.1 Policy rejection 550-5.7.1 see https://example.test/why 550 5.7.1 bye (in reply to RCPT TO command)"
t_pass
