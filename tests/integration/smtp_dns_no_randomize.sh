#!/bin/sh
# smtp_dns_no_randomize.sh - smtp_randomize_addresses=no: equal-preference hosts keep the DNS order every time
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup smtp_randomize_addresses=no
dns_start mx-host=rnd.test,a.rnd.test,10 mx-host=rnd.test,b.rnd.test,10 \
    host-record=a.rnd.test,127.0.0.2 host-record=b.rnd.test,127.0.0.3
agent_start smtp
P=$(free_port)
for i in $(seq 6); do drive -n "rnd.test:$P" -R r$i@rnd.test; done
grep -E '\]: connect to ' "$LOG" | awk 'NR % 2 == 1' | sed 's/.*connect to \([a-z.]*\)\[.*/\1/' | sort -u > "$T/first"
[ "$(wc -l < "$T/first")" = 1 ] || t_fail "order changed: $(cat "$T/first")"
t_pass
