#!/bin/sh
# smtp_stall_dot.sh - end-of-data reply later than smtp_data_done_timeout
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_data_done_timeout=1s
agent_start smtp
peer_start - <<'S'
stall dot 3000
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com
peer_wait
expect_reply nonzero "4.4.2"
expect_rcpt a@example.com deferred 4.4.2 no
expect_rcpt b@example.com deferred 4.4.2 no
expect_reason a@example.com "conversation with 127.0.0.1[127.0.0.1] timed out while sending end of data -- message may be sent more than once"

t_pass
