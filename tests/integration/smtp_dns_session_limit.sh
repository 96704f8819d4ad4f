#!/bin/sh
# smtp_dns_session_limit.sh - three MX hosts that refuse MAIL with 451: smtp_mx_session_limit=2 stops after two sessions
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_mx_session_limit=2
dns_start mx-host=example.test,mx1.example.test,10 mx-host=example.test,mx2.example.test,20 \
    mx-host=example.test,mx3.example.test,30 host-record=mx1.example.test,127.0.0.2 \
    host-record=mx2.example.test,127.0.0.3 host-record=mx3.example.test,127.0.0.4
agent_start smtp
P=$(free_port)
for i in 2 3 4; do echo 'mail 451 4.3.0 later' | peer_at 127.0.0.$i:$P p$i -; done
drive -n "example.test:$P" -R a@example.test
expect_reply nonzero
expect_rcpt a@example.test deferred 4.3.0 no
expect_reason a@example.test "host mx2.example.test[127.0.0.3] said: 451 4.3.0 later (in reply to MAIL FROM command)"
grep -q 'connect from' "$T/p4.t" && t_fail "third MX host was tried"
t_pass
