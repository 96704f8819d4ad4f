#!/bin/bash
# master_maxproc - maxproc 5: 200 parallel clients are all served, and
# master never runs more than 5 test_single children at once.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create
inst_master_cf <<EOF2
test_single unix - n n - 5 test_single
EOF2
master_start

bg_start tclient -n 200 -p 200 -d 50 -t 60 "$(sock test_single)" \
    > "$T/replies" 2> "$T/client.err"
client=$BG_PID
max=0
samples=0
# Sample /proc while the client runs (bounded: 60 s).
end=$((SECONDS + 60))
while pid_alive "$client" && [ $SECONDS -lt $end ]; do
    n=$(count_children "$MASTER_PID" test_single)
    [ "$n" -gt "$max" ] && max=$n
    samples=$((samples + 1))
done
wait "$client"
rc=$?
[ $rc -eq 0 ] || t_fail "test_client exit $rc: $(head -n 5 "$T/client.err")"
replies=$(grep -c '^pid=[0-9]* count=[0-9]*$' "$T/replies")
[ "$replies" -eq 200 ] || t_fail "$replies valid replies, want 200"
[ "$max" -le 5 ] || t_fail "saw $max test_single children, limit 5"
[ "$max" -ge 2 ] || t_fail "saw at most $max child(ren): no concurrency"
pids=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' "$T/replies" | sort -u | wc -l)
[ "$pids" -le 5 ] || t_fail "$pids distinct server pids, limit 5"
echo "max children $max over $samples samples, $pids server pids"
master_stop
t_pass
