#!/bin/sh
# smtp_corrupt_queue_file.sh - a queue file without its X record: marked corrupt (0400), no end of data sent, deferred 4.3.0
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com -Z
peer_wait
expect_reply nonzero
expect_rcpt a@example.com deferred 4.3.0 no
expect_rcpt b@example.com deferred 4.3.0 no
expect_reason a@example.com "local data error while talking to 127.0.0.1[127.0.0.1]"
expect_report '^file mode=0400$'
expect_log 'warning: corrupted queue file: active/'
expect_no_peer '^1 C: \.$'
expect_no_peer '^1 \*: message 1'
t_pass
