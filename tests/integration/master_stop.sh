#!/bin/bash
# master_stop - a second master on the same queue is refused; SIGTERM
# with busy and idle children of all three skeleton kinds leaves no
# process of the instance and removes the pid file.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create
inst_master_cf <<EOF2
single unix - n n - 5 test_single
multi unix - n n - 2 test_multi
trigger unix - n n - 1 test_trigger -o test_log=$T/trigger.log
EOF2
master_start
M=$TOP/libexec/master

"$M" -c "$CONF" -t && t_fail "master -t says nothing runs"
"$M" -c "$CONF" -w > "$T/second.out" 2>&1 && t_fail "a second master started"
grep -q "already running" "$T/second.out" ||
    t_fail "second master: no clear message: $(cat "$T/second.out")"
grep -q "$MASTER_PID" "$T/second.out" ||
    t_fail "second master: message does not name pid $MASTER_PID"
pid_alive "$MASTER_PID" || t_fail "first master died"

# Busy children first (each takes the only child there is) ...
bg_start tclient -n 1 -d 30000 -t 60 "$(sock single)" 2> /dev/null
bg_start tclient -m -p 1 -n 1 -d 30000 -t 60 "$(sock multi)" 2> /dev/null
wait_for 5 eval '[ "$(count_children "$MASTER_PID" test_single)" -ge 1 ] &&
    [ "$(count_children "$MASTER_PID" test_multi)" -ge 1 ]' ||
    t_fail "no busy children"
sleep 0.5
# ... then idle ones: master forks new children for these clients.
tclient -n 1 "$(sock single)" > /dev/null || t_fail "single does not answer"
tclient -m -p 1 -n 1 "$(sock multi)" > /dev/null || t_fail "multi does not answer"
tclient -w -r X "$(sock trigger)" || t_fail "trigger write failed"
wait_for 5 eval 'grep -q "first=X" "$T/trigger.log" 2>/dev/null' ||
    t_fail "trigger service did not run"
[ "$(count_children "$MASTER_PID" test_single)" -ge 2 ] &&
    [ "$(count_children "$MASTER_PID" test_multi)" -ge 2 ] ||
    t_fail "expected a busy and an idle child of test_single and test_multi"
sleep 0.5
n=$(count_children "$MASTER_PID")
echo "children before stop: $n"
[ "$n" -ge 4 ] || t_fail "only $n children before stop"

start=$SECONDS
master_stop
echo "stopped in $((SECONDS - start))s"
[ ! -e "$QDIR/pid/master.pid" ] || t_fail "pid file left behind"
"$M" -c "$CONF" -t || t_fail "master -t says a master still runs"
t_pass
