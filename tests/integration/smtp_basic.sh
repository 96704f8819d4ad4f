#!/bin/sh
# smtp_basic.sh - one message to smtp_peer: exact commands, content bytes, log line
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -S s@example.org -R a@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_reason a@example.com "250 2.0.0 Ok: queued as S1M1"
expect_peer '^1 C: EHLO client\.example\.test$' 1
expect_peer '^1 C: MAIL FROM:<s@example\.org> SIZE=[0-9]+ BODY=7BIT$' 1
expect_peer '^1 C: RCPT TO:<a@example\.com> ORCPT=rfc822;a@example\.com$' 1
expect_peer '^1 C: DATA$' 1
expect_peer '^1 C: QUIT$' 1
expect_peer '^1 D: This is a test message\.$' 1
# The message arrives with CRLF line ends, nothing added or lost.
printf 'This is a test message.\r\n' > "$T/tail"
tail -c 25 "$T/msg.1.1" | cmp -s - "$T/tail" || t_fail "message body differs"
grep -q $'\r$' "$T/msg.1.1" || t_fail "no CRLF line ends"
t_pass
