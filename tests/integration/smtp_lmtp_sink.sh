#!/bin/sh
# smtp_lmtp_sink.sh - LMTP to Postfix's smtp-sink -L: delivered
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start lmtp
sink_start -L
drive -n "inet:127.0.0.1:$SINK_PORT" -R a@example.com -R b@example.com
expect_reply 0
expect_rcpt a@example.com sent 2.2.0 yes
expect_rcpt b@example.com sent 2.2.0 yes
t_pass
