#!/bin/bash
# master_maxuse - max_use = 10: 50 sequential clients are all served by
# at least 5 processes, none serving more than 10.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "max_use = 10"
inst_master_cf <<EOF2
test_single unix - n n - 5 test_single
EOF2
master_start
tclient -n 50 -t 10 "$(sock test_single)" > "$T/replies" ||
    t_fail "a request failed"
[ "$(grep -c '^pid=[0-9]* count=[0-9]*$' "$T/replies")" -eq 50 ] ||
    t_fail "not 50 valid replies"
pids=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' "$T/replies" | sort -u | wc -l)
maxcount=$(sed -n 's/^pid=[0-9]* count=\([0-9]*\)$/\1/p' "$T/replies" |
    sort -n | tail -n 1)
echo "$pids server pids, highest count $maxcount"
[ "$pids" -ge 5 ] || t_fail "$pids distinct pids, want >= 5"
[ "$maxcount" -le 10 ] || t_fail "a child served $maxcount clients, max_use 10"
[ "$(log_count 'bad command startup|exit status|killed by signal')" -eq 0 ] ||
    t_fail "unexpected child failure logged"
master_stop
t_pass
