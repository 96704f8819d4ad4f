#!/bin/sh
# smtp_defer_service_down.sh - the defer service fails: reply still non-zero, nothing marked
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
P=$(free_port)
drive -n "[127.0.0.1]:$P" -R a@example.com -F defer
expect_reply nonzero 4.4.1
expect_log 'warning: .*defer service failure' 1
expect_report '^done rcpt=a@example\.com offset=[0-9]+ marked=no$' 1
t_pass
