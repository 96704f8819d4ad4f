#!/bin/sh
# smtp_soft_bounce.sh - soft_bounce=yes: a 550 recipient is deferred as SOFTBOUNCE with a 4.X.X status
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup soft_bounce=yes
agent_start smtp
peer_start - <<'S'
rcpt <b@example.com> 550 5.1.1 unknown
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com SOFTBOUNCE 4.1.1 no
t_pass
