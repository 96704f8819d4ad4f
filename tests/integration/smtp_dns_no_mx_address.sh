#!/bin/sh
# smtp_dns_no_mx_address.sh - no MX host has an address: bounced 5.4.4 with a warning; smtp_defer_if_no_mx_address_found=yes defers
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=noaddr.test,ghost.noaddr.test,10
agent_start smtp
drive -n "noaddr.test" -R a@noaddr.test
expect_rcpt a@noaddr.test bounced 5.4.4 yes
expect_log 'warning: no MX host for noaddr\.test has a valid address record' 1
echo "smtp_defer_if_no_mx_address_found = yes" >> "$CONF/main.cf"
kill -USR1 "$FM_PID"; wait_for 5 eval '! pid_alive "$FM_PID"'
agent_start smtp
: > "$LOG"
drive -n "noaddr.test" -R b@noaddr.test
expect_rcpt b@noaddr.test deferred 4.4.4 no
t_pass
