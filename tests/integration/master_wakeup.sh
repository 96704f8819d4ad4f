#!/bin/bash
# master_wakeup - wakeup 1 on unix and fifo trigger services: at least
# two "first=W" wake-ups within 4 s; "1?" sends nothing until the
# service was used once, then wakes it too.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create
inst_master_cf <<EOF2
trig_unix unix - n n 1 1 test_trigger -o test_log=$T/unix.log
trig_fifo fifo - n n 1 1 test_trigger -o test_log=$T/fifo.log
trig_cond unix - n n 1? 1 test_trigger -o test_log=$T/cond.log
EOF2
master_start

wakeups() { local n; n=$(grep -c 'first=W' "$1" 2>/dev/null); echo "${n:-0}"; }
wait_for 4 eval '[ "$(wakeups "$T/unix.log")" -ge 2 ] && [ "$(wakeups "$T/fifo.log")" -ge 2 ]' ||
    t_fail "wake-ups: unix $(wakeups "$T/unix.log"), fifo $(wakeups "$T/fifo.log"); want >= 2 each"
[ "$(wakeups "$T/cond.log")" -eq 0 ] || t_fail "conditional wakeup before first use"
tclient -w -r X "$(sock trig_cond)" || t_fail "trigger write failed"
wait_for 5 eval 'grep -q "first=X" "$T/cond.log" 2>/dev/null' ||
    t_fail "conditional service did not get the client's trigger"
wait_for 4 eval '[ "$(wakeups "$T/cond.log")" -ge 1 ]' ||
    t_fail "no wake-up of the conditional service after its first use"
master_stop
t_pass
