#!/bin/sh
# qmgr_expire.sh - maximal_queue_lifetime = 0, bounce_queue_lifetime =
# 1h, smtp-sink answers 4xx at connect: each of the 3 messages with a
# sender logs "status=expired, returned to sender" once, the 2 null-sender
# messages do not; with no defer/bounce daemon the notice cannot be sent,
# so all 5 stay in deferred/ (nothing is lost).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/qmgr_lib.sh"
sink_start -r connect
qmgr_instance "maximal_queue_lifetime = 0" "bounce_queue_lifetime = 1h"
master_start
drop -n 3 -p s -S sender@example.org
drop -n 2 -p n -S ''
wake A
wait_for 30 eval '[ "$(queue_count deferred)" = 5 ]' ||
    t_fail "deferred: $(queue_count deferred) of 5"
expect_log 'status=expired, returned to sender' 3
expect_log 'from=<sender@example.org>, status=expired, returned to sender' 3
expect_no_log 'from=<>, status=expired'
expect_log 'warning: [0-9A-F]+: defer service failure' 
expect_no_log ': removed$'
[ "$(queue_count active)" = 0 ] || t_fail "files left in active/"
master_stop
t_pass
