#!/bin/sh
# smtp_too_many_first.sh - 452 too many recipients to the first RCPT of a transaction is an ordinary soft failure (no endless loop)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt 452 4.5.3 Error: too many recipients
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@x.test -R b@x.test
peer_wait
expect_reply nonzero
expect_rcpt a@x.test deferred 4.5.3 no
expect_peer '^1 C: MAIL FROM' 2
t_pass
