#!/bin/sh
# smtp_null_sender.sh - the null sender goes out as MAIL FROM:<>
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -S '' -R a@example.com
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 C: MAIL FROM:<> SIZE=' 1
t_pass
