#!/bin/sh
# smtp_lmtp_lost_midway.sh - LMTP connection lost after the first per-recipient reply: the first is sent, the rest deferred (may be sent twice)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start lmtp
peer_start -L - <<'S'
drop dot <b@example.com> before
S
drive -n "inet:127.0.0.1:$PEER_PORT" -R a@example.com -R b@example.com -R c@example.com
peer_wait
expect_reply nonzero ""
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com deferred 4.4.2 no
expect_rcpt c@example.com deferred 4.4.2 no
expect_reason b@example.com "lost connection with 127.0.0.1[127.0.0.1] while sending end of data -- message may be sent more than once"
t_pass
