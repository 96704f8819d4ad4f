#!/bin/sh
# smtp_rcptmax.sh - LIMITS RCPTMAX=2 and 5 recipients: three transactions on one connection, RSET between
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250-PIPELINING
ehlo 250-ENHANCEDSTATUSCODES
ehlo 250 LIMITS RCPTMAX=2
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@x.test -R b@x.test -R c@x.test -R d@x.test -R e@x.test
peer_wait
expect_reply 0
for r in a b c d e; do expect_rcpt $r@x.test sent 2.0.0 yes; done
expect_peer '^1 \*: connect from' 1
expect_peer '^1 C: MAIL FROM' 3
expect_peer '^1 C: RSET$' 2
expect_peer '^1 C: RCPT TO' 5
expect_peer '^1 \*: message [0-9]+:' 3
expect_reason a@x.test "250 2.0.0 Ok: queued as S1M1"
expect_reason c@x.test "250 2.0.0 Ok: queued as S1M2"
expect_reason e@x.test "250 2.0.0 Ok: queued as S1M3"
t_pass
