#!/bin/sh
# smtp_dns_mx_order.sh - two MX hosts: the preferred one (10) is tried first; its 421 greeting sends the mail to the backup (20)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=example.test,mx1.example.test,10 mx-host=example.test,mx2.example.test,20 \
    host-record=mx1.example.test,127.0.0.2 host-record=mx2.example.test,127.0.0.3
agent_start smtp
P=$(free_port)
echo 'greeting 421 4.3.2 busy' | peer_at 127.0.0.2:$P one -
peer_at 127.0.0.3:$P two - < /dev/null
drive -n "example.test:$P" -R a@example.test
expect_reply 0
expect_rcpt a@example.test sent 2.0.0 yes
expect_log "to=<a@example\.test>, relay=mx2\.example\.test\[127\.0\.0\.3\]:$P, "
expect_log ": host mx1\.example\.test\[127\.0\.0\.2\] refused to talk to me: 421 4\.3\.2 busy$" 1
grep -q '^1 \*: connect from' "$T/one.t" || t_fail "mx1 not tried"
t_pass
