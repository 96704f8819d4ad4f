#!/bin/sh
# smtp_dns_address_preference.sh - a host with A and AAAA: smtp_address_preference=ipv6 tries ::1 first, ipv4 127.0.0.x first; inet_protocols=ipv4 never AAAA
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_address_preference=ipv6 smtp_mx_address_limit=0
dns_start host-record=dual.test,127.0.0.2,::1
agent_start smtp
P=$(free_port)
drive -n "[dual.test]:$P" -R a@dual.test
grep -E '\]: connect to ' "$LOG" | head -1 | grep -q 'dual\.test\[::1\]' || t_fail "IPv6 not first: $(grep -E '\]: connect to ' "$LOG")"
sed -i 's/smtp_address_preference=ipv6/smtp_address_preference=ipv4/' "$CONF/main.cf"
kill -USR1 "$FM_PID"; wait_for 5 eval '! pid_alive "$FM_PID"'
agent_start smtp
: > "$LOG"
drive -n "[dual.test]:$P" -R b@dual.test
grep -E '\]: connect to ' "$LOG" | head -1 | grep -q 'dual\.test\[127\.0\.0\.2\]' || t_fail "IPv4 not first: $(grep -E '\]: connect to ' "$LOG")"
echo "inet_protocols = ipv4" >> "$CONF/main.cf"
kill -USR1 "$FM_PID"; wait_for 5 eval '! pid_alive "$FM_PID"'
agent_start smtp
: > "$LOG"
drive -n "[dual.test]:$P" -R c@dual.test
expect_no_log '\[::1\]'
expect_log ']: connect to dual\.test\[127\.0\.0\.2\]' 1
t_pass
