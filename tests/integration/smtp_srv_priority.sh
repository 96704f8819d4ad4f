#!/bin/sh
# smtp_srv_priority.sh - SRV records in RFC 2782 priority order (not answer order): the priority-10 target refuses the connection, the priority-20 target gets the mail; a priority-30 target is not tried
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
# The service is the numeric port so that the SRV port and the
# destination's port agree (this scenario is about the order).
P=$(free_port)
smtp_setup "use_srv_lookup = $P" smtp_mx_address_limit=0
dns_start "srv-host=_$P._tcp.example.test,mx3.example.test,$P,30,1" \
    "srv-host=_$P._tcp.example.test,mx2.example.test,$P,20,1" \
    "srv-host=_$P._tcp.example.test,mx1.example.test,$P,10,1" \
    host-record=mx1.example.test,127.0.0.2 host-record=mx2.example.test,127.0.0.3 \
    host-record=mx3.example.test,127.0.0.4
agent_start smtp
peer_at 127.0.0.3:$P p3 - < /dev/null
peer_at 127.0.0.4:$P p4 - < /dev/null
drive -n "example.test:$P" -R a@example.test
expect_reply 0
expect_rcpt a@example.test sent 2.0.0 yes
expect_log "connect to mx1\.example\.test\[127\.0\.0\.2\]:$P: Connection refused" 1
expect_log "relay=mx2\.example\.test\[127\.0\.0\.3\]:$P, "
grep -q 'connect from' "$T/p4.t" && t_fail "priority-30 target was tried"
grep -E ']: connect to ' "$LOG" | head -1 | grep -q 'mx1\.example\.test' ||
    t_fail "priority 10 not first: $(grep -E ']: connect to ' "$LOG")"
t_pass
