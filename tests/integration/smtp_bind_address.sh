#!/bin/sh
# smtp_bind_address.sh - smtp_bind_address=127.0.0.2: the server sees the connection come from 127.0.0.2; an address that cannot be bound is a warning, or 4.4.0 with smtp_bind_address_enforce
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_bind_address=127.0.0.2
agent_start smtp
peer_start -n 2 - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
expect_rcpt a@example.com sent 2.0.0 yes
expect_peer '^1 \*: connect from 127\.0\.0\.2 ' 1
# 192.0.2.1 is not ours: warning, then a connection from any address.
sed -i 's/smtp_bind_address=127.0.0.2/smtp_bind_address=192.0.2.1/' "$CONF/main.cf"
kill -USR1 "$FM_PID"; wait_for 5 eval '! pid_alive "$FM_PID"'
agent_start smtp
: > "$LOG"
drive -n "[127.0.0.1]:$PEER_PORT" -R b@example.com
peer_wait
expect_rcpt b@example.com sent 2.0.0 yes
expect_log 'warning: .*: bind 192\.0\.2\.1: ' 1
echo "smtp_bind_address_enforce = yes" >> "$CONF/main.cf"
kill -USR1 "$FM_PID"; wait_for 5 eval '! pid_alive "$FM_PID"'
agent_start smtp
: > "$LOG"
drive -n "[127.0.0.1]:$PEER_PORT" -R c@example.com
expect_rcpt c@example.com deferred 4.4.0 no
expect_reason c@example.com "server configuration error"
t_pass
