#!/bin/sh
# smtp_bad_port.sh - a next-hop with an impossible port: deferred 4.3.5, a warning, no crash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
drive -n "[127.0.0.1]:99999" -R a@example.com
expect_reply nonzero 4.3.5
expect_rcpt a@example.com deferred 4.3.5 no
expect_log 'warning: .*bad network port "99999"' 1
drive -n "[127.0.0.1]:nosuchservice" -R b@example.com
expect_rcpt b@example.com deferred 4.3.5 no
t_pass
