#!/bin/sh
# smtp_discard_ehlo.sh - smtp_discard_ehlo_keywords=pipelining,dsn: logged, and neither is used
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "smtp_discard_ehlo_keywords = pipelining, dsn"
agent_start smtp
peer_start - <<'S'
mail 550 5.7.1 no
S
drive -n "[127.0.0.1]:$PEER_PORT" -e envid -R 'a@example.com:success'
peer_wait
expect_log 'discarding EHLO keywords: PIPELINING DSN$' 1
expect_rcpt a@example.com bounced 5.7.1 yes
expect_peer '^1 C: MAIL FROM:<sender@example\.org> SIZE=[0-9]+ BODY=7BIT$' 1
expect_no_peer '^1 C: RCPT'
t_pass
