#!/bin/sh
# smtp_nonfinal_5xx_greeting.sh - first server greets 554 (skip_5xx_greeting): skipped with an info line, the second takes the mail
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start -n 2 - <<'S'
session 1
greeting 554 5.3.2 not now
S
drive -n "[127.0.0.1]:$PEER_PORT,[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_log ": host 127\.0\.0\.1\[127\.0\.0\.1\] refused to talk to me: 554 5\.3\.2 not now$" 1
t_pass
