#!/bin/sh
# smtp_line_limit_off.sh - smtp_line_length_limit=0: a long line goes out whole
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_line_length_limit=0
agent_start smtp
peer_start - < /dev/null
long=$(head -c 2500 /dev/zero | tr '\0' y)
printf 'Subject: long\n\n%s\n' "$long" > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body" -L 1000
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
printf 'Subject: long\r\n\r\n%s\r\n' "$long" > "$T/want"
cmp "$T/want" "$T/msg.1.1" || t_fail "content differs"
t_pass
