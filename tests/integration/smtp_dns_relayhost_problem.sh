#!/bin/sh
# smtp_dns_relayhost_problem.sh - relayhost that does not resolve: deferred 4.3.5 (configuration problem), not bounced
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "relayhost = [relay.nosuch.test]:2525"
dns_start
agent_start smtp
drive -n "[relay.nosuch.test]:2525" -R a@example.com
expect_reply nonzero 4.3.5
expect_rcpt a@example.com deferred 4.3.5 no
expect_log 'warning: relayhost configuration problem' 1
t_pass
