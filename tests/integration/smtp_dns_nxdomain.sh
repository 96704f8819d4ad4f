#!/bin/sh
# smtp_dns_nxdomain.sh - NXDOMAIN: bounced 5.4.4, relay=none, with Postfix's text
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start
agent_start smtp
drive -n "nosuch.test" -R a@nosuch.test
expect_reply 0
expect_rcpt a@nosuch.test bounced 5.4.4 yes
expect_reason a@nosuch.test "Host or domain name not found. Name service error for name=nosuch.test type=A: Host not found"
expect_log "to=<a@nosuch\.test>, relay=none, "
t_pass
