#!/bin/sh
# smtp_dns_handshake_not_counted.sh - a failed handshake (421 greeting) does not count towards smtp_mx_session_limit=1
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_mx_session_limit=1
dns_start mx-host=example.test,mx1.example.test,10 mx-host=example.test,mx2.example.test,20 \
    host-record=mx1.example.test,127.0.0.2 host-record=mx2.example.test,127.0.0.3
agent_start smtp
P=$(free_port)
echo 'greeting 421 4.3.2 busy' | peer_at 127.0.0.2:$P one -
peer_at 127.0.0.3:$P two - < /dev/null
drive -n "example.test:$P" -R a@example.test
expect_reply 0
expect_rcpt a@example.test sent 2.0.0 yes
t_pass
