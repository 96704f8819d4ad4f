#!/bin/sh
# smtp_sink_many_messages.sh - 50 requests in a row to smtp-sink through one agent process: all sent
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
sink_start
for i in $(seq 50); do
    drive -n "[127.0.0.1]:$SINK_PORT" -R a$i@example.com -R b$i@example.com
    expect_reply 0
done
expect_log 'status=sent ' 100
expect_no_log 'status=(deferred|bounced)'
[ "$(grep -c '^child pid=' "$T/fm.out")" = 1 ] || t_fail "agent restarted"
t_pass
