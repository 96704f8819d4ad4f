#!/bin/sh
# smtp_srv_null.sh - the only SRV target is "." (RFC 2782: service not available): 5.1.0 bounce "Service submission is not available for domain example.test (null SRV record ...)", no MX/address fallback
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "use_srv_lookup = submission"
dns_start srv-host=_submission._tcp.example.test \
    mx-host=example.test,mx.example.test,10 host-record=mx.example.test,127.0.0.2 \
    host-record=example.test,127.0.0.3
agent_start smtp
drive -n "example.test:submission" -R a@example.test
expect_reply 0
expect_rcpt a@example.test bounced 5.1.0 yes
expect_reason a@example.test "Service submission is not available for domain example.test (null SRV record _submission._tcp.example.test)"
expect_no_log 'connect to '
expect_no_log 'skipping SRV lookup'
grep -q 'query\[MX\]' "$T/dnsmasq.log" && t_fail "MX was looked up"
t_pass
