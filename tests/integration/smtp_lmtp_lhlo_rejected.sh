#!/bin/sh
# smtp_lmtp_lhlo_rejected.sh - LHLO refused: no HELO fallback in LMTP; deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start lmtp
peer_start -L - <<'S'
lhlo 451 4.3.0 not today
S
drive -n "inet:127.0.0.1:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com deferred 4.3.0 no
expect_reason a@example.com "host 127.0.0.1[127.0.0.1] refused to talk to me: 451 4.3.0 not today"
expect_no_peer '^1 C: HELO'
t_pass
