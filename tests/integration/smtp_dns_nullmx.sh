#!/bin/sh
# smtp_dns_nullmx.sh - null MX (RFC 7505): bounced 5.1.10, no connection
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start dns-rr=nullmx.test,15,000000
agent_start smtp
drive -n "nullmx.test" -R a@nullmx.test -R b@nullmx.test
expect_reply 0
expect_rcpt a@nullmx.test bounced 5.1.10 yes
expect_rcpt b@nullmx.test bounced 5.1.10 yes
expect_reason a@nullmx.test "Domain nullmx.test does not accept mail (nullMX)"
t_pass
