#!/bin/sh
# smtp_too_many_rcpts.sh - 452 4.5.3 after two RCPTs: the rest go in further transactions of two on the same connection
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
limit rcpt 2 452 4.5.3 Error: too many recipients
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@x.test -R b@x.test -R c@x.test -R d@x.test -R e@x.test
peer_wait
expect_reply 0
for r in a b c d e; do expect_rcpt $r@x.test sent 2.0.0 yes; done
expect_peer '^1 \*: connect from' 1
expect_peer '^1 C: MAIL FROM' 3
expect_peer '^1 C: RSET$' 2
# 5 in the first, then 2 of the 3 left (the limit learned), then 1.
expect_peer '^1 C: RCPT TO' 8
expect_reason e@x.test "250 2.0.0 Ok: queued as S1M3"
t_pass
