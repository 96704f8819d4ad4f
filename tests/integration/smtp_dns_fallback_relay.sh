#!/bin/sh
# smtp_dns_fallback_relay.sh - next-hop does not exist (NXDOMAIN): smtp_fallback_relay gets the mail
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start
peer_start - < /dev/null
echo "smtp_fallback_relay = [127.0.0.1]:$PEER_PORT" >> "$CONF/main.cf"
agent_start smtp
drive -n "nosuch.test" -R a@nosuch.test
peer_wait
expect_reply 0
expect_rcpt a@nosuch.test sent 2.0.0 yes
expect_log "relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT, "
t_pass
