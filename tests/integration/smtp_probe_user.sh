#!/bin/sh
# smtp_probe_user.sh - sendmail -bv probe (USR_VRFY): no DATA, results to the trace service
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt <b@example.com> 450 4.2.1 later
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com -f 0x203
peer_wait
expect_no_peer '^1 C: DATA'
expect_report '^report service=trace .* rcpt=a@example\.com .*action=deliverable ' 1
expect_report '^report service=trace .* rcpt=b@example\.com .*action=undeliverable ' 1
expect_report '^report service=defer' 0
t_pass
