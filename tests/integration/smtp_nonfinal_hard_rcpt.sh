#!/bin/sh
# smtp_nonfinal_hard_rcpt.sh - a 5XX RCPT reply bounces at once even when another server would follow
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start -n 2 - <<'S'
rcpt <b@example.com> 550 5.1.1 unknown
S
P2=$(free_port)
drive -n "[127.0.0.1]:$PEER_PORT,[127.0.0.1]:$P2" -R a@example.com -R b@example.com
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com bounced 5.1.1 yes
expect_no_log "connect to 127\.0\.0\.1\[127\.0\.0\.1\]:$P2"
t_pass
