#!/bin/sh
# smtp_lmtp_default_port.sh - LMTP inet:host without port uses lmtp_tcp_port; lmtp_lhlo_name names us
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
peer_start -L - < /dev/null
echo "lmtp_tcp_port = $PEER_PORT" >> "$CONF/main.cf"
echo "lmtp_lhlo_name = lhlo.example.test" >> "$CONF/main.cf"
agent_start lmtp
drive -n "inet:127.0.0.1" -R a@example.com
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 C: LHLO lhlo\.example\.test$' 1
t_pass
