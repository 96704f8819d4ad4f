#!/bin/sh
# smtp_helo_rejected.sh - EHLO and HELO both refused with 5XX: bounced
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
ehlo 502 5.5.2 no
helo 550 5.7.1 not you
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply 0 ""
expect_rcpt a@example.com bounced 5.7.1 yes
expect_rcpt b@example.com bounced 5.7.1 yes
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 550 5.7.1 not you"

t_pass
