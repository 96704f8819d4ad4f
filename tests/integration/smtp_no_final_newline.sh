#!/bin/sh
# smtp_no_final_newline.sh - content without a final newline still ends in CRLF before the dot
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
printf 'Subject: x\n\nlast line without newline' > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body"
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
printf 'Subject: x\r\n\r\nlast line without newline\r\n' > "$T/want"
cmp "$T/want" "$T/msg.1.1" || t_fail "content differs"
t_pass
