#!/bin/sh
# smtp_mail_4xx.sh - MAIL FROM refused 451: every recipient deferred, no hop status
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
mail 451 4.3.0 local problem
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero ""
expect_rcpt a@example.com deferred 4.3.0 no
expect_rcpt b@example.com deferred 4.3.0 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] said: 451 4.3.0 local problem (in reply to MAIL FROM command)"

t_pass
