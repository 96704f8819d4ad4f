#!/bin/sh
# smtp_size_exceeded.sh - message larger than the server's SIZE: bounced 5.3.4 before MAIL FROM
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250-PIPELINING
ehlo 250 SIZE 1000
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -B 5000
peer_wait
size=$(sed -n 's/^queue_file .* size=\([0-9]*\) .*/\1/p' "$T/report")
expect_reply 0
expect_rcpt a@example.com bounced 5.3.4 yes
expect_reason a@example.com "message size $size exceeds size limit 1000 of server 127.0.0.1[127.0.0.1]"
expect_no_peer '^1 C: MAIL'
expect_peer '^1 C: QUIT$' 1
t_pass
