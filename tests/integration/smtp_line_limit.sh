#!/bin/sh
# smtp_line_limit.sh - a 2500-byte line (L+N records) is broken after 998 bytes by CRLF SPACE (smtp_line_length_limit)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
long=$(head -c 2500 /dev/zero | tr '\0' x)
printf 'Subject: long\n\n%s\nend\n' "$long" > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body" -L 1000
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
{ printf 'Subject: long\r\n\r\n'; printf '%s\r\n %s\r\n %s\r\nend\r\n' \
    "${long:0:998}" "${long:998:997}" "${long:1995}"; } > "$T/want"
cmp "$T/want" "$T/msg.1.1" || t_fail "content differs"
t_pass
