#!/bin/sh
# smtp_many_rcpts.sh - 1000 recipients pipelined (bounded window, no deadlock): every one delivered and marked once
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
args=()
for i in $(seq 1000); do args+=(-R "user$i@example.com"); done
drive -n "[127.0.0.1]:$PEER_PORT" "${args[@]}"
peer_wait
expect_reply 0
expect_log 'status=sent ' 1000
expect_report '^done rcpt=.* marked=yes$' 1000
expect_peer '^1 C: RCPT TO:' 1000
expect_all_accounted 1000
t_pass
