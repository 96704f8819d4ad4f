#!/bin/sh
# qmgr_deliver_many.sh - 300 messages x 1-5 recipients through master,
# qmgr and smtp to smtp-sink: every recipient has exactly one
# status=sent line, every message is removed, the queue ends empty.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/qmgr_lib.sh"
sink_start -c
qmgr_instance
master_start
drop -n 300 -r 1-5 -s 42
wake A
want=$(wc -l < "$T/list")
wait_for 120 eval '[ "$(sent_count)" -ge "$want" ] && [ "$(queue_count active)" = 0 ] && [ "$(queue_count incoming)" = 0 ]' ||
    t_fail "after 120s: $(sent_count) of $want sent, active $(queue_count active), incoming $(queue_count incoming), deferred $(queue_count deferred)"
all_sent exact || t_fail "recipients not delivered exactly once"
expect_log ': removed$' 300
expect_log '\(queue active\)$' 300
expect_no_log 'status=(deferred|bounced)'
expect_no_log 'warning|fatal|panic'
[ "$(queue_count deferred)" = 0 ] || t_fail "deferred queue not empty"
[ "$(queue_count corrupt)" = 0 ] || t_fail "corrupt queue not empty"
master_stop
t_pass
