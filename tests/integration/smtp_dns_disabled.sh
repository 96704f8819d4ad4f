#!/bin/sh
# smtp_dns_disabled.sh - disable_dns_lookups=yes: no DNS query, host names through getaddrinfo (localhost)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup disable_dns_lookups=yes inet_protocols=ipv4
dns_start
agent_start smtp
peer_start - < /dev/null
drive -n "localhost:$PEER_PORT" -R a@localhost
peer_wait
expect_rcpt a@localhost sent 2.0.0 yes
expect_log "relay=localhost\[127\.0\.0\.1\]:$PEER_PORT, "
grep -q 'query\[' "$T/dnsmasq.log" && grep 'query\[' "$T/dnsmasq.log" | grep -vq 'probe\.test' && t_fail "DNS was queried"
t_pass
