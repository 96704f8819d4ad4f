#!/bin/sh
# smtp_dns_bracket_host.sh - [host]:port: address records only, no MX query
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=hosty.test,other.test,10 host-record=hosty.test,127.0.0.1
agent_start smtp
peer_start - < /dev/null
drive -n "[hosty.test]:$PEER_PORT" -R a@x.test
peer_wait
expect_rcpt a@x.test sent 2.0.0 yes
grep -q 'query\[MX\] hosty.test' "$T/dnsmasq.log" && t_fail "MX was queried"
expect_log "relay=hosty\.test\[127\.0\.0\.1\]:$PEER_PORT, "
t_pass
