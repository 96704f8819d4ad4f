#!/bin/sh
# smtp_sink_basic.sh - three recipients to Postfix's smtp-sink: all sent, all marked done
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
sink_start -c
drive -n "[127.0.0.1]:$SINK_PORT" -R a@example.com -R b@example.com \
    -R c@example.com -B 20000
expect_reply 0
for r in a b c; do expect_rcpt $r@example.com sent 2.0.0 yes; done
expect_all_accounted 3
expect_log "to=<a@example\.com>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$SINK_PORT, delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok\)$"
t_pass
