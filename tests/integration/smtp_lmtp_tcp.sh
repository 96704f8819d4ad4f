#!/bin/sh
# smtp_lmtp_tcp.sh - LMTP over TCP (inet:host:port): LHLO, one reply per accepted recipient, mixed results
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start lmtp
peer_start -L - <<'S'
rcpt <c@example.com> 550 5.1.1 <c@example.com> User doesn't exist
dot <b@example.com> 452 4.2.2 <b@example.com> Mailbox full
dot <d@example.com> 552 5.2.2 <d@example.com> Quota exceeded
S
drive -n "inet:127.0.0.1:$PEER_PORT" -R a@example.com -R b@example.com -R c@example.com -R d@example.com
peer_wait
expect_reply nonzero
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com deferred 4.2.2 no
expect_rcpt c@example.com bounced 5.1.1 yes
expect_rcpt d@example.com bounced 5.2.2 yes
expect_reason a@example.com "250 2.0.0 <a@example.com> Ok: delivered"
expect_reason d@example.com "host 127.0.0.1[127.0.0.1] said: 552 5.2.2 <d@example.com> Quota exceeded (in reply to end of DATA command)"
expect_peer '^1 C: LHLO client\.example\.test$' 1
expect_log "postfix/lmtp\[[0-9]+\]: .*to=<a@example\.com>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT, "
# lmtp_skip_quit_response=no: the client waits for the QUIT reply.
expect_peer '^1 S: 221 ' 1
t_pass
