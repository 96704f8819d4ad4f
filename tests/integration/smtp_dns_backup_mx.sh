#!/bin/sh
# smtp_dns_backup_mx.sh - this host is a backup MX: only better MX hosts are tried and no fallback relay
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "smtp_fallback_relay = [127.0.0.1]:1"
dns_start mx-host=bk.test,primary.bk.test,10 mx-host=bk.test,me.bk.test,20 \
    host-record=primary.bk.test,127.0.0.8 host-record=me.bk.test,127.0.0.9
echo "inet_interfaces = 127.0.0.9" >> "$CONF/main.cf"
agent_start smtp
drive -n "bk.test" -R a@bk.test
expect_reply nonzero 4.4.1
expect_rcpt a@bk.test deferred 4.4.1 no
expect_log 'connect to primary\.bk\.test\[127\.0\.0\.8\]:25: Connection refused' 
expect_no_log 'connect to 127\.0\.0\.1\[127\.0\.0\.1\]:1'
expect_no_log 'me\.bk\.test\['
t_pass
