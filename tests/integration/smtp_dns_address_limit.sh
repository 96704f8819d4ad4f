#!/bin/sh
# smtp_dns_address_limit.sh - smtp_mx_address_limit=2: of three unreachable MX hosts only two are tried
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_mx_address_limit=2
dns_start mx-host=example.test,mx1.example.test,10 mx-host=example.test,mx2.example.test,20 \
    mx-host=example.test,mx3.example.test,30 host-record=mx1.example.test,127.0.0.2 \
    host-record=mx2.example.test,127.0.0.3 host-record=mx3.example.test,127.0.0.4
agent_start smtp
P=$(free_port)
drive -n "example.test:$P" -R a@example.test
expect_reply nonzero 4.4.1
expect_rcpt a@example.test deferred 4.4.1 no
expect_log "connect to mx1\.example\.test\[127\.0\.0\.2\]:$P: Connection refused" 1
expect_log "connect to mx2\.example\.test\[127\.0\.0\.3\]:$P: Connection refused" 2
expect_no_log "mx3\.example\.test"
t_pass
