#!/bin/bash
# master_reload - SIGHUP with a changed master.cf: a request in flight
# completes, a new service answers, a removed service's socket is gone,
# and a changed -o reaches the service's new children.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create
inst_master_cf <<EOF2
svc_a unix - n n - 5 test_single -o test_log=$T/a1.log
svc_old unix - n n - 5 test_single
EOF2
master_start
grep -q 'daemon started -- version' "$LOG" || t_fail "no start-up log line"
tclient -n 1 "$(sock svc_a)" > /dev/null || t_fail "svc_a does not answer"
tclient -n 1 "$(sock svc_old)" > /dev/null || t_fail "svc_old does not answer"

bg_start tclient -n 1 -d 2000 -t 20 "$(sock svc_a)" > "$T/slow.out"
slow=$BG_PID
sleep 0.5
inst_master_cf <<EOF2
svc_a unix - n n - 5 test_single -o test_log=$T/a2.log
svc_new unix - n n - 5 test_single
EOF2
master_reload
grep -q "reload -- version .*, configuration $CONF" "$LOG" ||
    t_fail "reload line does not name the configuration"

wait_for 5 eval '[ ! -e "$(sock svc_old)" ]' || t_fail "svc_old socket still there"
tclient -n 2 -t 10 "$(sock svc_new)" > /dev/null || t_fail "svc_new does not answer"
tclient -n 1 -t 10 "$(sock svc_a)" > /dev/null || t_fail "svc_a does not answer after reload"
wait_for 5 eval '[ -s "$T/a2.log" ]' || t_fail "changed -o test_log not in effect"
wait "$slow" || t_fail "the request in flight during the reload failed"
grep -q '^pid=[0-9]* count=[0-9]*$' "$T/slow.out" ||
    t_fail "no valid reply for the request in flight"
[ "$(log_count 'bad command startup|exit status|killed by signal')" -eq 0 ] ||
    t_fail "unexpected child failure logged"
master_stop
t_pass
