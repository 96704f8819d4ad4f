#!/bin/sh
# smtp_dns_mx.sh - MX lookup through c-ares (dnsmasq via dns_nameservers): delivered to the MX host, relay=mx.example.test[127.0.0.1]
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=example.test,mx.example.test,10 host-record=mx.example.test,127.0.0.1
agent_start smtp
peer_start - < /dev/null
drive -n "example.test:$PEER_PORT" -R a@example.test
peer_wait
expect_reply 0
expect_rcpt a@example.test sent 2.0.0 yes
expect_log "to=<a@example\.test>, relay=mx\.example\.test\[127\.0\.0\.1\]:$PEER_PORT, "
grep -q 'query\[MX\] example.test' "$T/dnsmasq.log" || t_fail "no MX query"
t_pass
