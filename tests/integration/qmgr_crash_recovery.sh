#!/bin/sh
# qmgr_crash_recovery.sh - kill -9 of qmgr in the middle of 100
# messages (deliveries in flight: the sink takes 1s per DATA); master
# starts a new qmgr, which moves active/ back to incoming/ ("recovered N
# message(s) from active") and delivers the rest: every recipient
# delivered at least once, duplicates only for messages that were in
# flight (at most the number recovered), the queue ends empty.  master
# starts the new qmgr on the next wake-up, sent by the test.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/qmgr_lib.sh"
sink_start -c -w 1
qmgr_instance "smtp_destination_concurrency_limit = 10" \
    "qmgr_message_active_limit = 30"
master_start
drop -n 100 -r 1-3 -s 11
want=$(wc -l < "$T/list")
wake A
wait_for 60 eval '[ "$(sent_count)" -ge 20 ]' || t_fail "no deliveries"
old=$(children_of "$MASTER_PID" qmgr)
[ -n "$old" ] || t_fail "no qmgr process"
[ "$(queue_count active)" -gt 0 ] || t_fail "nothing in flight to test with"
kill -KILL $old
wait_for 10 eval '! pid_alive "$old"' || t_fail "qmgr $old survived kill -9"
# As in Postfix, master starts the next qmgr on the next wake-up (its
# wakeup timer or cleanup's 'A'); send one instead of waiting 300s.
wake A
wait_for 30 eval '[ -n "$(children_of "$MASTER_PID" qmgr)" ] && [ "$(children_of "$MASTER_PID" qmgr)" != "$old" ]' ||
    t_fail "master did not start a new qmgr"
expect_log 'recovered [0-9]+ message\(s\) from active'
rec=$(grep -E -o 'recovered [0-9]+ message' "$LOG" | tail -1 | grep -o '[0-9]*')
wait_for 120 eval '[ "$(queue_count active)" = 0 ] && [ "$(queue_count incoming)" = 0 ] && [ "$(sent_count)" -ge "$want" ]' ||
    t_fail "after restart: $(sent_count) sent of $want, active $(queue_count active), incoming $(queue_count incoming)"
all_sent min || t_fail "recipients lost"
[ "$(queue_count deferred)" = 0 ] || t_fail "deferred not empty"
dups=$(( $(sent_count) - want ))
[ "$dups" -ge 0 ] || t_fail "fewer sent lines than recipients"
# Duplicates only for recovered messages: each has at most 3 recipients.
[ "$dups" -le $((rec * 3)) ] || t_fail "$dups duplicates, but only $rec messages were in flight"
echo "recovered $rec messages, $dups duplicate deliveries"
master_stop
t_pass
