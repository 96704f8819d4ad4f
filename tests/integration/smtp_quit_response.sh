#!/bin/sh
# smtp_quit_response.sh - smtp_skip_quit_response=no waits for the 221; the default does not need it
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_skip_quit_response=no smtp_quit_timeout=1s
agent_start smtp
peer_start - <<'S'
stall quit 3000
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 C: QUIT$' 1
expect_peer '^1 \*: stall 3000 ms$' 1
t_pass
