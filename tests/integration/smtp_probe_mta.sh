#!/bin/sh
# smtp_probe_mta.sh - address probe (MTA_VRFY): MAIL and RCPT only, results to the verify service, no DATA
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt <b@example.com> 550 5.1.1 no such user
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com -f 0x103
peer_wait
expect_reply 0
expect_no_peer '^1 C: DATA'
expect_log 'to=<a@example\.com>, .*dsn=2\.1\.5, status=deliverable ' 1
expect_log 'to=<b@example\.com>, .*dsn=5\.1\.1, status=undeliverable ' 1
expect_report '^report service=verify request=update address=a@example\.com recipient_status=0 ' 1
expect_report '^report service=verify request=update address=b@example\.com recipient_status=2 ' 1
expect_report '^report service=bounce' 0
expect_report '^done rcpt=a@example\.com offset=[0-9]+ marked=yes$'
t_pass
