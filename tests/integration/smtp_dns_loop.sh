#!/bin/sh
# smtp_dns_loop.sh - the only MX host is this host (inet_interfaces): bounced 5.4.6 "mail for X loops back to myself"
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=loop.test,me.loop.test,10 host-record=me.loop.test,127.0.0.9
echo "inet_interfaces = 127.0.0.9" >> "$CONF/main.cf"
agent_start smtp
drive -n "loop.test" -R a@loop.test
expect_reply 0
expect_rcpt a@loop.test bounced 5.4.6 yes
expect_reason a@loop.test "mail for loop.test loops back to myself"
t_pass
