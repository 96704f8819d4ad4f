#!/bin/sh
# qmgr_defer_retry.sh - smtp-sink answers 4xx at connect: every message
# goes to deferred/ (status=deferred for each recipient, negative
# feedback suspends the destination: "delivery temporarily suspended"),
# with retry times (mtime) between now+minimal and now+maximal backoff
# (+-jitter); after the sink recovers on the same port the messages come
# back (queue_run_delay) and each recipient is delivered exactly once;
# the queue ends empty.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/qmgr_lib.sh"
sink_start -c -r connect
qmgr_instance "minimal_backoff_time = 3s" "maximal_backoff_time = 6s" \
    "queue_run_delay = 1s" "queue_run_jitter = 20" \
    "initial_destination_concurrency = 2"
master_start
drop -n 20 -r 1-3 -s 7
want=$(wc -l < "$T/list")
start=$(date +%s)
wake A
wait_for 30 eval '[ "$(queue_count deferred)" = 20 ]' ||
    t_fail "deferred: $(queue_count deferred) of 20 (active $(queue_count active), incoming $(queue_count incoming))"
n=$(grep -c 'status=deferred ' "$LOG")
[ "$n" -ge "$want" ] || t_fail "$n status=deferred lines for $want recipients"
expect_no_log 'status=sent '
expect_log 'status=deferred \(delivery temporarily suspended: '
# Next-attempt times: now + [3s - 20%, 6s + 20%], i.e. within [2, 8] of
# the deferral, never earlier than the start.
for f in $(find "$QDIR/deferred" -type f); do
    m=$(stat -c %Y "$f")
    [ "$m" -ge $((start + 2)) ] && [ "$m" -le $(($(date +%s) + 8)) ] ||
        t_fail "retry time of $f is $((m - start))s after the start"
done
# The sink recovers on the same port.
kill -TERM "$SINK_PID"; wait "$SINK_PID" 2>/dev/null
wait_for 10 eval '! ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "' ||
    t_fail "old sink still listening"
bg_start /usr/sbin/smtp-sink -u "$(id -un)" -c "127.0.0.1:$SINK_PORT" 100 \
    > "$T/sink2.out" 2>&1
SINK_PID=$BG_PID
wait_for 5 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "' ||
    t_fail "sink did not restart"
wait_for 60 eval '[ "$(sent_count)" -ge "$want" ] && [ "$(queue_count deferred)" = 0 ] && [ "$(queue_count active)" = 0 ]' ||
    t_fail "after recovery: $(sent_count) of $want sent, deferred $(queue_count deferred), active $(queue_count active)"
all_sent exact || t_fail "recipients not delivered exactly once"
expect_log ': removed$' 20
master_stop
t_pass
