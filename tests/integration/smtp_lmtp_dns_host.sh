#!/bin/sh
# smtp_lmtp_dns_host.sh - LMTP inet:host:port resolves the host's addresses (no MX)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=lmtp.test,other.test,10 host-record=lmtp.test,127.0.0.1
agent_start lmtp
peer_start -L - < /dev/null
drive -n "inet:lmtp.test:$PEER_PORT" -R a@x.test
peer_wait
expect_rcpt a@x.test sent 2.0.0 yes
grep -q 'query\[MX\]' "$T/dnsmasq.log" && t_fail "MX was queried"
t_pass
