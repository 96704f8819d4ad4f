#!/bin/bash
# master_throttle - a command that fails at start-up throttles its
# service for service_throttle_time: "bad command startup --
# throttling", and only about one spawn attempt per throttle period;
# another service of the same master is not affected.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "service_throttle_time = 2s"
inst_master_cf <<EOF2
crasher unix - n n - 5 test_single -o test_crash_at_start=yes
healthy unix - n n - 5 test_single
EOF2
master_start

start=$SECONDS
bg_start tclient -n 1 -t 7 "$(sock crasher)" > /dev/null 2>&1
waiter=$BG_PID
wait_for 5 eval '[ "$(log_count "bad command startup -- throttling")" -ge 1 ]' ||
    t_fail "no 'bad command startup -- throttling'"
grep -q "test_single: bad command startup -- throttling" "$LOG" ||
    t_fail "throttle message does not name the command"
tclient -n 3 -t 10 "$(sock healthy)" > /dev/null ||
    t_fail "other service did not answer during the throttle"
wait "$waiter" && t_fail "a client of the crashing service got a reply"
elapsed=$((SECONDS - start))
attempts=$(log_count 'test_single pid [0-9]+ exit status 1')
echo "$attempts spawn attempts in ${elapsed}s (throttle 2s)"
[ "$attempts" -ge 2 ] || t_fail "only $attempts spawn attempt(s): throttle never ended"
[ "$attempts" -le $((elapsed / 2 + 2)) ] ||
    t_fail "$attempts spawn attempts in ${elapsed}s: not throttled"
master_stop
t_pass
