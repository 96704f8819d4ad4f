#!/bin/sh
# smtp_sendopts.sh - a Postfix 3.10 style request (attribute 8 named sendopts) is delivered
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -V sendopts
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
t_pass
