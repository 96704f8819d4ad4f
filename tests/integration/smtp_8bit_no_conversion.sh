#!/bin/sh
# smtp_8bit_no_conversion.sh - disable_mime_output_conversion=yes: 8-bit content goes out as it is
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup disable_mime_output_conversion=yes
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250 PIPELINING
S
printf 'Subject: x\nContent-Transfer-Encoding: 8bit\nMIME-Version: 1.0\n\nna\xc3\xafve\n' > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body" -8
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
sed 's/$/\r/' "$T/body" > "$T/want"
cmp "$T/want" "$T/msg.1.1" || t_fail "content changed"
t_pass
