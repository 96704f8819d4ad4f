#!/bin/sh
# smtp_quote_envelope.sh - addresses whose local part is not a dot-string are quoted (smtp_quote_rfc821_envelope)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -S 'john doe@example.org' -R 'a b@example.com' -R '.x@example.com'
peer_wait
expect_log 'to=<"a b"@example\.com>, .*status=sent ' 1
expect_log 'to=<"\.x"@example\.com>, .*status=sent ' 1
expect_report '^done rcpt=a%20b@example\.com offset=[0-9]+ marked=yes$' 1
expect_peer '^1 C: MAIL FROM:<"john doe"@example\.org> ' 1
expect_peer '^1 C: RCPT TO:<"a b"@example\.com> ' 1
expect_peer '^1 C: RCPT TO:<"\.x"@example\.com> ' 1
t_pass
