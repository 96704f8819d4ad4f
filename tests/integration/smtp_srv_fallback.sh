#!/bin/sh
# smtp_srv_fallback.sh - use_srv_lookup lists the service but there is no SRV record: "skipping SRV lookup" is logged and the MX host gets the mail (Postfix 3.8 needs allow_srv_fallback = yes for this)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
P=$(free_port)
smtp_setup "use_srv_lookup = submission, $P"
dns_start mx-host=example.test,mx.example.test,10 host-record=mx.example.test,127.0.0.2
agent_start smtp
peer_at 127.0.0.2:$P p2 - < /dev/null
drive -n "example.test:$P" -R a@example.test
expect_reply 0
expect_rcpt a@example.test sent 2.0.0 yes
expect_log "skipping SRV lookup for _$P\._tcp\.example\.test: " 1
expect_log "relay=mx\.example\.test\[127\.0\.0\.2\]:$P, "
grep -q "query\[SRV\] _$P\._tcp\.example\.test" "$T/dnsmasq.log" || t_fail "no SRV query"
grep -q 'query\[MX\] example\.test' "$T/dnsmasq.log" || t_fail "no MX query"
t_pass
