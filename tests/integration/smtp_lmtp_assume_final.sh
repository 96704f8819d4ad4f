#!/bin/sh
# smtp_lmtp_assume_final.sh - lmtp_assume_final=yes with a server without DSN: NOTIFY=SUCCESS gets a delivered (not relayed) notice
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup lmtp_assume_final=yes
agent_start lmtp
peer_start -L - <<'S'
lhlo 250-peer.test
lhlo 250 PIPELINING
S
drive -n "inet:127.0.0.1:$PEER_PORT" -R 'a@example.com:success'
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_report '^report service=trace .* rcpt=a@example\.com .* action=delivered ' 1
t_pass
