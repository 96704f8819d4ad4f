#!/bin/sh
# smtp_dns_randomize.sh - equal-preference MX hosts are tried in random order (both orders seen in 16 requests)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
dns_start mx-host=rnd.test,a.rnd.test,10 mx-host=rnd.test,b.rnd.test,10 \
    host-record=a.rnd.test,127.0.0.2 host-record=b.rnd.test,127.0.0.3
agent_start smtp
P=$(free_port)
for i in $(seq 16); do drive -n "rnd.test:$P" -R r$i@rnd.test; done
grep -E '\]: connect to ' "$LOG" | awk 'NR % 2 == 1' > "$T/first"
na=$(grep -c 'a\.rnd\.test' "$T/first"); nb=$(grep -c 'b\.rnd\.test' "$T/first")
[ "$((na + nb))" = 16 ] || t_fail "expected 16 first attempts, got $na + $nb"
[ "$na" -gt 0 ] && [ "$nb" -gt 0 ] || t_fail "no randomization: a first $na times, b first $nb times"
t_pass
