#!/bin/sh
# smtp_dns_no_mx.sh - a domain without MX records: delivered to its own A record
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start host-record=plain.test,127.0.0.1
agent_start smtp
peer_start - < /dev/null
drive -n "plain.test:$PEER_PORT" -R a@plain.test
peer_wait
expect_rcpt a@plain.test sent 2.0.0 yes
expect_log "relay=plain\.test\[127\.0\.0\.1\]:$PEER_PORT, "
t_pass
