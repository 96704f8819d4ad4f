#!/bin/sh
# smtp_pipelining.sh - with PIPELINING, MAIL, RCPTs and DATA go out together: a 550 MAIL reply still sees RCPT and DATA
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
mail 550 5.7.1 sender rejected
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com bounced 5.7.1 yes
expect_rcpt b@example.com bounced 5.7.1 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 550 5.7.1 sender rejected (in reply to MAIL FROM command)"
# Pipelined: the RCPTs and DATA were already on the wire.
expect_peer '^1 C: RCPT TO:' 2
expect_peer '^1 C: DATA$' 1
expect_no_peer '^1 D: '
expect_peer '^1 C: QUIT$' 1
t_pass
