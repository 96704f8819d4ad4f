#!/bin/sh
# smtp_bounce_service_down.sh - the bounce service fails: the recipient is deferred instead, stays in the queue, reply non-zero
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt 550 5.1.1 unknown
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -F bounce
peer_wait
expect_reply nonzero
expect_log 'to=<a@example\.com>, .*status=deferred ' 1
expect_report '^report service=bounce .* rcpt=a@example\.com .* answer=-1$' 1
expect_report '^report service=defer .* rcpt=a@example\.com ' 1
expect_report '^done rcpt=a@example\.com offset=[0-9]+ marked=no$' 1
t_pass
