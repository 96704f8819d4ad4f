#!/bin/sh
# smtp_8bitmime.sh - 8-bit message to a server with 8BITMIME: BODY=8BITMIME, content unchanged
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
printf 'Subject: caf\xc3\xa9\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nMIME-Version: 1.0\n\nna\xc3\xafve\n' > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body" -8
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 C: MAIL FROM:<sender@example\.org> SIZE=[0-9]+ BODY=8BITMIME$' 1
sed 's/$/\r/' "$T/body" > "$T/want"
cmp "$T/want" "$T/msg.1.1" || t_fail "content changed"
t_pass
