#!/bin/bash
# scache_postfix_reuse - Postfix 3.7's own smtp with postern's scache.
#
# A private Postfix instance (tests/compat/pf_lib.sh, PF_POSTERN=scache)
# whose only change is the scache binary; relayhost = smtp-sink on
# loopback, smtp_connection_cache_destinations naming it (in each form
# Postfix might match: [host]:port, [host], host).  200 messages (one
# recipient each) are injected with Postfix's sendmail and held by a
# header check, then released at once: a backlog that Postfix's qmgr
# hands to several smtp processes in parallel.
# Checked: every message has its status=sent line from Postfix's smtp
# and is removed, the queue ends empty and smtp-sink counted 200
# messages; connection reuse shows in Postfix's delivery lines
# (conn_use=N with N >= 2, and some with N >= 10) and in smtp-sink's
# session count (at most 50 connections for 200 messages); the
# running scache is postern's binary; its statistics lines (Postfix's
# shape) show address or domain lookup hits; no warning, fatal or
# panic in the maillog.  Needs root, the postfix package and smtp-sink.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need
[ -x /usr/sbin/smtp-sink ] || t_skip "smtp-sink is not installed"
[ -x "$TOP/libexec/scache" ] || t_fail "$TOP/libexec/scache is not built"
N=200

SINK_PORT=$(free_port)
bg_start /usr/sbin/smtp-sink -c -u postfix "127.0.0.1:$SINK_PORT" 100 \
    > "$T/sink.out" 2>&1
SINK_PID=$BG_PID
wait_for 10 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "' ||
    t_fail "smtp-sink did not start"

PF_POSTERN=scache
echo '/^Subject: compat test/ HOLD' > "$T/hold.regexp"
pf_init "relayhost = [127.0.0.1]:$SINK_PORT" \
    "header_checks = regexp:$T/hold.regexp" \
    "smtp_connection_cache_destinations = [127.0.0.1]:$SINK_PORT [127.0.0.1] 127.0.0.1" \
    "connection_cache_status_update_time = 3s"
cmp -s "$PF/libexec/scache" "$TOP/libexec/scache" || t_fail "scache not installed"
cmp -s "$PF/libexec/smtp" /usr/lib/postfix/sbin/smtp || t_fail "smtp is not Postfix's"
pf_start

i=0
while [ $i -lt $N ]; do
    pf_send "s$i@example.test" "r$i@remote.example"
    i=$((i + 1))
done
# Every message waits on hold; releasing them (to the deferred queue)
# and flushing that queue makes a backlog.
wait_for 60 eval '[ "$(pf_count "postfix/cleanup\[[0-9]+\]: [0-9A-F]+: hold: ")" -ge $N ]' ||
    t_fail "not every message was put on hold"
"$PF_CMD/postsuper" -c "$CONF" -H ALL > /dev/null 2>&1 || t_fail "postsuper -H ALL"
"$PF_CMD/postqueue" -c "$CONF" -f > /dev/null 2>&1 || t_fail "postqueue -f"
sent_re='postfix/smtp\[[0-9]+\]: [0-9A-F]+: to=<r[0-9]+@remote\.example>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:'"$SINK_PORT"'(, conn_use=[0-9]+)?, delay=.*, dsn=2\.0\.0, status=sent'
wait_for 90 eval '[ "$(pf_count "$sent_re")" -ge $N ]' ||
    t_fail "$(pf_count "$sent_re") of $N messages sent"
wait_for 30 eval '[ "$(pf_count "postfix/qmgr\[[0-9]+\]: [0-9A-F]+: removed")" -ge $N ]' ||
    t_fail "not every message was removed"
[ "$(pf_count "$sent_re")" = $N ] || t_fail "more than $N status=sent lines"
[ "$(pf_queue_count)" = 0 ] || t_fail "queue not empty: $(pf_postqueue | tail -n 5)"

# The scache process is ours.
p=$(children_of "$MASTER_PID" scache | head -n 1)
[ -n "$p" ] || t_fail "no scache process under Postfix's master"
cmp -s "/proc/$p/exe" "$TOP/libexec/scache" || t_fail "scache $p is not postern's"

reused=$(pf_count 'postfix/smtp\[[0-9]+\]: .*, conn_use=([2-9]|[1-9][0-9]+), .*status=sent')
much=$(pf_count 'postfix/smtp\[[0-9]+\]: .*, conn_use=([1-9][0-9]+), .*status=sent')
[ "$reused" -ge $((N / 2)) ] || t_fail "only $reused deliveries over a reused connection"
[ "$much" -ge 1 ] || t_fail "no connection used 10 times or more"

# smtp-sink counts a session when it ends: wait until no connection to
# it is left (cached ones are closed by scache after their TTL, without
# QUIT, as Postfix's scache does).
sink_field() { tr '\r' '\n' < "$T/sink.out" | grep -o "$1=[0-9]*" | tail -n 1 | cut -d= -f2; }
sink_conns() { ss -Htn state established "( sport = :$SINK_PORT )" 2>/dev/null | wc -l; }
wait_for 20 eval '[ "$(sink_field mesg)" = $N ] && [ "$(sink_conns)" = 0 ]' ||
    t_fail "smtp-sink counters: $(tr '\r' '\n' < "$T/sink.out" | tail -n 1), $(sink_conns) open"
sleep 1
sess=$(sink_field sess)
[ "$sess" -le 50 ] || t_fail "$sess connections for $N messages"
echo "ok: $N messages over $sess connections; $reused deliveries reused a connection"

pf_wait_log 10 'postfix/scache\[[0-9]+\]: statistics: (address|domain) lookup hits=[1-9][0-9]* ' ||
    t_fail "no scache statistics with hits"
pf_logged 'postfix/scache\[[0-9]+\]: statistics: max simultaneous domains=[0-9]+ addresses=[1-9][0-9]* connection=[1-9][0-9]*$' ||
    t_fail "no max simultaneous statistics"
grep 'postfix/scache' "$LOG" | grep 'statistics' | head -n 4
bad=$(grep -E 'panic|fatal|warning' "$LOG")
[ -z "$bad" ] || t_fail "trouble in the maillog:
$bad"
pf_stop
T_CLEANUP_HOOK=""
bg_kill "$SINK_PID"
t_pass
