#!/bin/sh
# smtp_helo_name.sh - smtp_helo_name sets the EHLO argument; the default is $myhostname
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup 'smtp_helo_name = mta.$mydomain' 'mydomain = corp.test'
agent_start smtp
peer_start - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com
peer_wait
expect_peer '^1 C: EHLO mta\.corp\.test$' 1
t_pass
