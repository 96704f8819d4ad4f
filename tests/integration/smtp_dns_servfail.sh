#!/bin/sh
# smtp_dns_servfail.sh - SERVFAIL for the MX lookup: deferred 4.4.3 (a temporary problem), hop status set
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
servfail_start
echo "dns_nameservers = 127.0.0.1:$SERVFAIL_PORT" >> "$CONF/main.cf"
agent_start smtp
drive -n "example.test" -R a@example.test
expect_reply nonzero 4.4.3
expect_rcpt a@example.test deferred 4.4.3 no
expect_reason a@example.test "Host or domain name not found. Name service error for name=example.test type=MX: Host not found, try again"
t_pass
