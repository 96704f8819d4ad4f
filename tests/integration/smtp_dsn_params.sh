#!/bin/sh
# smtp_dsn_params.sh - DSN offered: ENVID (xtext), RET, NOTIFY and ORCPT go out; success notice left to the server
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -e 'ENV+ID=1 x' -r 2 \
    -R 'a@example.com:success,delay:rfc822;orig+a@example.com' \
    -R 'b@example.com:never' -R c@example.com
peer_wait
expect_reply 0
expect_peer '^1 C: MAIL FROM:<sender@example\.org> SIZE=[0-9]+ BODY=7BIT ENVID=ENV\+2BID\+3D1\+20x RET=HDRS$' 1
expect_peer '^1 C: RCPT TO:<a@example\.com> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;orig\+2Ba@example\.com$' 1
expect_peer '^1 C: RCPT TO:<b@example\.com> NOTIFY=NEVER ORCPT=rfc822;b@example\.com$' 1
for r in a b c; do expect_rcpt $r@example.com sent 2.0.0 yes; done
# The server does DSN, so no "relayed" success notice from us.
expect_report '^report service=trace' 0
t_pass
