#!/bin/sh
# smtp_srv_port.sh - use_srv_lookup=submission: "example.test:submission" is looked up as SRV _submission._tcp.example.test (not MX) and delivered to the SRV target on the SRV record's port
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "use_srv_lookup = submission"
sink_start
dns_start "srv-host=_submission._tcp.example.test,mx.example.test,$SINK_PORT,0,1" \
    mx-host=example.test,wrong.example.test,10 \
    host-record=mx.example.test,127.0.0.1 host-record=wrong.example.test,127.0.0.9
agent_start smtp
drive -n "example.test:submission" -R a@example.test
expect_reply 0
expect_rcpt a@example.test sent 2.0.0 yes
expect_log "relay=mx\.example\.test\[127\.0\.0\.1\]:$SINK_PORT, "
grep -q 'query\[SRV\] _submission\._tcp\.example\.test' "$T/dnsmasq.log" ||
    t_fail "no SRV query: $(grep query "$T/dnsmasq.log")"
grep -q 'query\[MX\]' "$T/dnsmasq.log" && t_fail "MX was looked up"
expect_no_log 'wrong\.example\.test'
t_pass
