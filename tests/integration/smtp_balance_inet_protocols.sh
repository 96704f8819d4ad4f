#!/bin/sh
# smtp_balance_inet_protocols.sh - a host with two refusing A records and an accepting AAAA ::1, smtp_address_preference=ipv4, smtp_mx_address_limit=2: with smtp_balance_inet_protocols=yes (default) one IPv4 address is dropped so ::1 is tried and gets the mail; with =no both IPv4 addresses use up the limit and the mail is deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null ||
    t_skip "no IPv6 loopback (::1)"
smtp_setup smtp_address_preference=ipv4 smtp_mx_address_limit=2
dns_start host-record=dual.test,127.0.0.2,::1 host-record=dual.test,127.0.0.3
agent_start smtp
P=$(free_port)
peer_at "[::1]:$P" p6 -n 0 - < /dev/null
drive -n "[dual.test]:$P" -R a@dual.test
expect_reply 0
expect_rcpt a@dual.test sent 2.0.0 yes
expect_log ']: connect to dual\.test\[127\.0\.0\.[23]\]:'"$P"': Connection refused' 1
expect_log "relay=dual\.test\[::1\]:$P, "
grep -E ']: connect to ' "$LOG" | head -1 | grep -q 'dual\.test\[127\.' ||
    t_fail "IPv4 not first: $(grep -E ']: connect to ' "$LOG")"

echo "smtp_balance_inet_protocols = no" >> "$CONF/main.cf"
kill -USR1 "$FM_PID"; wait_for 5 eval '! pid_alive "$FM_PID"'
agent_start smtp
: > "$LOG"
drive -n "[dual.test]:$P" -R b@dual.test
expect_reply nonzero 4.4.1
expect_rcpt b@dual.test deferred 4.4.1 no
expect_log ']: connect to dual\.test\[127\.0\.0\.2\]:'"$P"': Connection refused' 1
expect_log ']: connect to dual\.test\[127\.0\.0\.3\]:'"$P"': Connection refused' 1
expect_no_log '\[::1\]'
[ "$(grep -c 'connect from' "$T/p6.t")" = 1 ] || t_fail "::1 was tried without balancing"
t_pass
