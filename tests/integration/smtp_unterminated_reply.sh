#!/bin/sh
# smtp_unterminated_reply.sh - a reply without its line end, then EOF: lost connection, deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
raw mail "250 2.1.0 Ok"
drop mail after
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com deferred 4.4.2 no
expect_reason a@example.com "lost connection with 127.0.0.1[127.0.0.1] while sending MAIL FROM"
t_pass
