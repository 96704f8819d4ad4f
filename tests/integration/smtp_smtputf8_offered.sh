#!/bin/sh
# smtp_smtputf8_offered.sh - SMTPUTF8 requested and offered: MAIL FROM carries SMTPUTF8; requested but not needed to a server without it: delivered
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtputf8_enable=yes
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R 'j@example.com' -u 9
peer_wait
expect_rcpt j@example.com sent 2.0.0 yes
expect_peer '^1 C: MAIL FROM:<sender@example\.org> SIZE=[0-9]+ BODY=7BIT SMTPUTF8$' 1
kill "$PEER_PID" 2>/dev/null
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250 PIPELINING
S
: > "$LOG"
drive -n "[127.0.0.1]:$PEER_PORT" -R 'k@example.com' -u 1
peer_wait
expect_rcpt k@example.com sent 2.0.0 yes
expect_peer '^1 C: MAIL FROM:<sender@example\.org>$' 1
t_pass
