#!/bin/sh
# smtp_8bit_downgrade.sh - 8-bit message to a server without 8BITMIME: converted to quoted-printable
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
ehlo 250-peer.test
ehlo 250 PIPELINING
S
printf 'Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nMIME-Version: 1.0\n\nna\xc3\xafve\n' > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body" -8
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 C: MAIL FROM:<sender@example\.org>$' 1
expect_peer '^1 D: Content-Transfer-Encoding: quoted-printable$' 1
expect_peer '^1 D: na=C3=AFve$' 1
LC_ALL=C grep -q $'[\x80-\xff]' "$T/msg.1.1" && t_fail "8-bit bytes were sent"
t_pass
