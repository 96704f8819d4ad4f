#!/bin/sh
# smtp_refused.sh - connection refused at the only server: deferred 4.4.1 with relay=none and a hop status
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
P=$(free_port)
drive -n "[127.0.0.1]:$P" -R a@example.com -R b@example.com
expect_reply nonzero 4.4.1
expect_rcpt a@example.com deferred 4.4.1 no
expect_rcpt b@example.com deferred 4.4.1 no
expect_reason a@example.com "connect to 127.0.0.1[127.0.0.1]:$P: Connection refused"
expect_log "to=<a@example\.com>, relay=none, "
expect_report "^reply .* hop_reason=connect%20to%20127\.0\.0\.1\[127\.0\.0\.1\]:$P:%20Connection%20refused\$"
t_pass
