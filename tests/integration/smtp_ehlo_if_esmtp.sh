#!/bin/sh
# smtp_ehlo_if_esmtp.sh - smtp_always_send_ehlo=no: EHLO only when the greeting says ESMTP
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_always_send_ehlo=no
agent_start smtp
peer_start -n 2 - <<'S'
session 2
greeting 220 peer.test plain old SMTP
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
: > "$LOG"
drive -n "[127.0.0.1]:$PEER_PORT" -R b@example.com
peer_wait
expect_rcpt b@example.com sent 2.0.0 yes
expect_peer '^1 C: EHLO ' 1
expect_peer '^2 C: HELO ' 1
expect_no_peer '^2 C: EHLO'
t_pass
