#!/bin/sh
# smtp_dot_4xx.sh - end of data refused 452: deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
dot 452 4.3.1 disk full
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero ""
expect_rcpt a@example.com deferred 4.3.1 no
expect_rcpt b@example.com deferred 4.3.1 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 452 4.3.1 disk full (in reply to end of DATA command)"

t_pass
