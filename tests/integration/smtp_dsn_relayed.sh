#!/bin/sh
# smtp_dsn_relayed.sh - NOTIFY=SUCCESS to a server without DSN: a relayed notice goes to the trace service
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250 PIPELINING
S
drive -n "[127.0.0.1]:$PEER_PORT" -e myenvid -r 1 -R 'a@example.com:success,failure' -R b@example.com
peer_wait
expect_reply 0
expect_peer '^1 C: MAIL FROM:<sender@example\.org>$' 1
expect_peer '^1 C: RCPT TO:<a@example\.com>$' 1
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com sent 2.0.0 yes
expect_report '^report service=trace .* rcpt=a@example\.com .* action=relayed ' 1
expect_report '^report service=trace .* rcpt=b@example\.com ' 0
t_pass
