#!/bin/sh
# smtp_fallback_relay.sh - primary refuses connections: the smtp_fallback_relay takes the mail; the refusal is logged as info
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
P=$(free_port)
smtp_setup
echo "smtp_fallback_relay = [127.0.0.1]:FALLBACK" >> "$CONF/main.cf"
peer_start - < /dev/null
sed -i "s/FALLBACK/$PEER_PORT/" "$CONF/main.cf"
agent_start smtp
drive -n "[127.0.0.1]:$P" -R a@example.com -R b@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com sent 2.0.0 yes
expect_log "smtp\[[0-9]+\]: connect to 127\.0\.0\.1\[127\.0\.0\.1\]:$P: Connection refused$" 1
expect_log "to=<a@example\.com>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT, "
t_pass
