#!/bin/sh
# smtp_deadline_body.sh - smtp_per_request_deadline=yes with a 2 MB body: the data deadline grows with the bytes sent, delivery succeeds
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_per_request_deadline=yes smtp_data_xfer_timeout=2s
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -B 2000000
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
t_pass
