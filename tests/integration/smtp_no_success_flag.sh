#!/bin/sh
# smtp_no_success_flag.sh - request without DEL_REQ_FLAG_SUCCESS: delivered but not marked done; bounces are still marked
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt <b@example.com> 550 5.1.1 unknown
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com -f 2
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 no
expect_rcpt b@example.com bounced 5.1.1 yes
t_pass
