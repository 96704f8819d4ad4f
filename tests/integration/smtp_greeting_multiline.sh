#!/bin/sh
# smtp_greeting_multiline.sh - multi-line 554 greeting: the reason joins the lines with blanks
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 
agent_start smtp
peer_start - <<'S'
greeting 554-5.3.2 first line
greeting 554 5.3.2 second line
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.3.2"
expect_rcpt a@example.com deferred 4.3.2 no
expect_rcpt b@example.com deferred 4.3.2 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 554-5.3.2 first line 554 5.3.2 second line"

t_pass
