#!/bin/sh
# smtp_dns_fallback_problem.sh - unreachable next-hop, fallback relay that does not resolve: 4.3.5 with an smtp_fallback_relay warning
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "smtp_fallback_relay = [fallback.nosuch.test]"
dns_start
agent_start smtp
P=$(free_port)
drive -n "[127.0.0.1]:$P" -R a@example.com
expect_reply nonzero 4.3.5
expect_rcpt a@example.com deferred 4.3.5 no
expect_log 'warning: smtp_fallback_relay configuration problem' 1
t_pass
