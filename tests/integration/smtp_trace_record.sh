#!/bin/sh
# smtp_trace_record.sh - DEL_REQ_FLAG_RECORD (sendmail -v): every result also goes to the trace service
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt <b@example.com> 550 5.1.1 unknown
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com -f 0x403
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com bounced 5.1.1 yes
expect_report '^report service=trace .*flags=1024 .* rcpt=a@example\.com .* action=relayed ' 1
expect_report '^report service=trace .* rcpt=b@example\.com .* action=failed ' 1
expect_report '^report service=bounce .*flags=1024 ' 1
t_pass
