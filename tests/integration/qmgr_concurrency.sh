#!/bin/sh
# qmgr_concurrency.sh - one destination, smtp_destination_concurrency_limit
# = 3, initial concurrency 1, a sink that takes 1s per DATA: the
# connections open at the sink (sampled every 50 ms) never exceed 3 and
# do reach more than 1 (the window grows); qmgr_message_active_limit = 4:
# active/ never holds more than 4 files; smtp_destination_recipient_limit
# = 2: no delivery carries more than 2 recipients; all 12 messages x 1-4
# recipients delivered exactly once.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/qmgr_lib.sh"
sink_start -c -w 1
qmgr_instance "smtp_destination_concurrency_limit = 3" \
    "initial_destination_concurrency = 1" "qmgr_message_active_limit = 4" \
    "smtp_destination_recipient_limit = 2"
master_start
drop -n 12 -r 1-4 -s 3
want=$(wc -l < "$T/list")
wake A
maxc=0; maxa=0; i=0
while [ $i -lt 1200 ]; do		# at most 60 s
    c=$(ss -tnH state established "( dport = :$SINK_PORT )" 2>/dev/null | wc -l)
    a=$(queue_count active)
    [ "$c" -gt "$maxc" ] && maxc=$c
    [ "$a" -gt "$maxa" ] && maxa=$a
    [ "$(sent_count)" -ge "$want" ] && [ "$a" = 0 ] && break
    sleep 0.05; i=$((i + 1))
done
[ "$(sent_count)" -ge "$want" ] || t_fail "$(sent_count) of $want sent after 60s"
[ "$maxc" -le 3 ] || t_fail "$maxc connections at once (limit 3)"
[ "$maxc" -ge 2 ] || t_fail "never more than $maxc connection (window did not grow)"
[ "$maxa" -le 4 ] || t_fail "$maxa messages in active/ (limit 4)"
all_sent exact || t_fail "recipients not delivered exactly once"
# Batches: per message and delivery (same smtp pid and second), <= 2.
awk '/status=sent /{ split($0, a, ": to="); key = a[1]; n[key]++ }
     END { for (k in n) if (n[k] > 2) { print k, n[k]; bad = 1 } exit bad }' \
    "$LOG" || t_fail "a delivery carried more than 2 recipients"
expect_log ': removed$' 12
echo "max connections $maxc, max active $maxa"
master_stop
t_pass
