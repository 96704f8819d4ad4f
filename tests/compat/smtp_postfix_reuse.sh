#!/bin/bash
# smtp_postfix_reuse - connection caching of postern's smtp under
# Postfix 3.7's qmgr and Postfix 3.7's scache, into smtp-sink.
#
# A private Postfix instance (pf_lib.sh) with relayhost =
# [127.0.0.1]:SINKPORT and smtp_destination_concurrency_limit = 4;
# messages are injected on hold (smtp-source through an smtpd listener)
# and then released at once, so the qmgr sees a backlog and asks for
# on-demand caching (CONN_LOAD|CONN_STORE request flags).
#   1. on-demand caching (the defaults): 500 messages; all 500
#      "status=sent", the sink got 500 messages over at most 8 sessions
#      (smtp-sink -c "sess=" counts a session when it ends: read after
#      the cache TTL), "conn_use=N" appears with N >= 100, at most 8 sent
#      lines without conn_use (fresh connections), no warning.  8 = 2 x
#      the concurrency limit: Postfix's qmgr turns on-demand caching on
#      only once a delivery to the destination has completed, so the
#      first wave of up to 4 requests carries no CONN_STORE flag and
#      those connections are closed, whatever the agent.
#   1b. smtp_connection_cache_destinations = 127.0.0.1 (caching from the
#      first request on): 500 more over at most 4 sessions, at most 4
#      fresh, max conn_use >= 100.
#   2. caching off (smtp_connection_cache_on_demand = no, reload): 500
#      more; exactly 500 more sessions, no conn_use.
#   3. smtp_connection_reuse_count_limit = 3 (caching on): 60 messages;
#      no conn_use above 4 (3 reuses), so at least 15 sessions.
#   4. (connection_cache_protocol_timeout = 1s throughout) scache
#      stopped (SIGSTOP) once 5 of 300 messages are sent, then killed: no mail
#      lost (300 sent, queue empty, sink +300 messages), each smtp
#      process warned "disabling connection caching" at most once, at
#      least one did, no other warning, no fatal or panic.
# PF_POSTERN="smtp scache" (smtp_postern_scache.sh) runs the same
# scenarios with postern's scache in place of Postfix's.
# Needs root, the postfix package and smtp-sink/smtp-source; skips
# otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need
[ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/smtp-source ] ||
    t_skip "smtp-sink or smtp-source is not installed"

SINK_PORT=$(free_port)
bg_start /usr/sbin/smtp-sink -c -u postfix "127.0.0.1:$SINK_PORT" 256 \
    > "$T/sink.out" 2>&1
SINK_PID=$BG_PID
wait_for 10 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "' ||
    t_fail "smtp-sink did not start"

pf_init "relayhost = [127.0.0.1]:$SINK_PORT" \
    "smtp_destination_concurrency_limit = 4" \
    "connection_cache_protocol_timeout = 1s"
pf_hold_listener
pf_start

SENT_RE='postfix/smtp\[[0-9]+\]: [0-9A-F]+: to=<rcpt@dest.test>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:'"$SINK_PORT"', (conn_use=[0-9]+, )?delay=.*, dsn=2\.0\.0, status=sent'
# batch N LABEL: fill, release, drain; the sink and the log must have N more
batch() {
    local n=$1 sent0 mesg0
    sent0=$(pf_count "$SENT_RE")
    mesg0=$(sink_counter mesg)
    pf_fill "$n"
    pf_release
    pf_drained 120 || t_fail "$2: queue not drained: $(pf_qfiles incoming active deferred hold) left"
    wait_for 20 eval '[ "$(pf_count "$SENT_RE")" -ge $(( sent0 + n )) ]' ||
        t_fail "$2: $(( $(pf_count "$SENT_RE") - sent0 )) of $n status=sent lines"
    [ "$(pf_count "$SENT_RE")" -eq $(( sent0 + n )) ] ||
        t_fail "$2: $(( $(pf_count "$SENT_RE") - sent0 )) status=sent lines, want $n"
    wait_for 20 eval '[ "$(sink_counter mesg)" -ge $(( mesg0 + n )) ]' ||
        t_fail "$2: the sink got $(( $(sink_counter mesg) - mesg0 )) of $n"
    # Cached sessions end after the cache TTL (2 s); then sess= is final.
    sleep 4
    [ "$(pf_queue_count)" = 0 ] || t_fail "$2: queue not empty: $(pf_postqueue)"
}
# conn_use values logged since line $1 of the maillog
conn_uses() { tail -n +"$1" "$LOG" | grep -E "$SENT_RE" |
    sed -n 's/.*conn_use=\([0-9]*\),.*/\1/p'; }
fresh_lines() { tail -n +"$1" "$LOG" | grep -E "$SENT_RE" | grep -vc 'conn_use='; }

# 1. On-demand caching.
L0=$(( $(wc -l < "$LOG") + 1 ))
S0=$(sink_counter sess)
batch 500 "on-demand caching"
S1=$(sink_counter sess)
sessions=$(( S1 - S0 ))
maxuse=$(conn_uses "$L0" | sort -n | tail -n 1)
fresh=$(fresh_lines "$L0")
echo "on-demand caching: 500 messages over $sessions sessions ($fresh fresh), max conn_use=$maxuse"
[ "$sessions" -ge 1 ] && [ "$sessions" -le 8 ] ||
    t_fail "on-demand caching: $sessions sessions, want 1..8"
[ "$fresh" -le 8 ] || t_fail "on-demand caching: $fresh deliveries on fresh connections, want <= 8"
[ "${maxuse:-0}" -ge 100 ] || t_fail "on-demand caching: max conn_use=${maxuse:-none}, want >= 100"
bad=$(grep -E 'warning|fatal|panic' "$LOG")
[ -z "$bad" ] || t_fail "on-demand caching: trouble in the maillog:
$bad"

# Whose scache served step 1: postern's when PF_POSTERN names it
# (tests/compat/smtp_postern_scache.sh), else Postfix's.
p=$(children_of "$MASTER_PID" scache | head -n 1)
[ -n "$p" ] || t_fail "no scache process under Postfix's master"
case " ${PF_POSTERN:-smtp} " in
*" scache "*) cmp -s "/proc/$p/exe" "$TOP/libexec/scache" ||
    t_fail "scache $p is not postern's" ;;
*) cmp -s "/proc/$p/exe" "$TOP/libexec/scache" &&
    t_fail "scache $p is postern's, want Postfix's" ;;
esac

# 1b. Caching for this destination from the first request on.
echo "smtp_connection_cache_destinations = 127.0.0.1" >> "$CONF/main.cf"
"$PF_CMD/postfix" -c "$CONF" reload > /dev/null 2>&1 || t_fail "reload failed"
sleep 1
L0=$(( $(wc -l < "$LOG") + 1 ))
batch 500 "cache destinations"
S1b=$(sink_counter sess)
sessions=$(( S1b - S1 ))
maxuse=$(conn_uses "$L0" | sort -n | tail -n 1)
fresh=$(fresh_lines "$L0")
echo "cache destinations: 500 messages over $sessions sessions ($fresh fresh), max conn_use=$maxuse"
[ "$sessions" -ge 1 ] && [ "$sessions" -le 4 ] ||
    t_fail "cache destinations: $sessions sessions, want 1..4"
[ "$fresh" -le 4 ] || t_fail "cache destinations: $fresh deliveries on fresh connections, want <= 4"
[ "${maxuse:-0}" -ge 100 ] || t_fail "cache destinations: max conn_use=${maxuse:-none}, want >= 100"
sed -i '/^smtp_connection_cache_destinations/d' "$CONF/main.cf"
S1=$S1b

# 2. Caching off.
echo "smtp_connection_cache_on_demand = no" >> "$CONF/main.cf"
"$PF_CMD/postfix" -c "$CONF" reload > /dev/null 2>&1 || t_fail "reload failed"
sleep 1
L0=$(( $(wc -l < "$LOG") + 1 ))
batch 500 "caching off"
S2=$(sink_counter sess)
echo "caching off: 500 messages over $(( S2 - S1 )) sessions"
[ $(( S2 - S1 )) -eq 500 ] || t_fail "caching off: $(( S2 - S1 )) sessions, want 500"
[ -z "$(conn_uses "$L0")" ] || t_fail "caching off: conn_use logged"

# 3. Reuse count limit.
sed -i '/^smtp_connection_cache_on_demand/d' "$CONF/main.cf"
echo "smtp_connection_reuse_count_limit = 3" >> "$CONF/main.cf"
"$PF_CMD/postfix" -c "$CONF" reload > /dev/null 2>&1 || t_fail "reload failed"
sleep 1
L0=$(( $(wc -l < "$LOG") + 1 ))
batch 60 "reuse count limit"
S3=$(sink_counter sess)
maxuse=$(conn_uses "$L0" | sort -n | tail -n 1)
echo "reuse count limit 3: 60 messages over $(( S3 - S2 )) sessions, max conn_use=$maxuse"
[ "${maxuse:-0}" -eq 4 ] || t_fail "reuse count limit: max conn_use=${maxuse:-none}, want 4"
[ $(( S3 - S2 )) -ge 15 ] || t_fail "reuse count limit: $(( S3 - S2 )) sessions, want >= 15"

# 4. scache stops answering, then dies.
# (no reload: scache and the agents of step 3 are still running)
L0=$(( $(wc -l < "$LOG") + 1 ))
sent0=$(grep -c "status=sent" "$LOG")
mesg0=$(sink_counter mesg)
pf_fill 300
SC=$(children_of "$MASTER_PID" scache | head -n 1)
[ -n "$SC" ] || t_fail "no scache process under Postfix's master"
pf_release
# Stop scache as soon as a few are delivered (polled every 10 ms).
i=0
while [ "$(grep -c "status=sent" "$LOG")" -lt $(( sent0 + 5 )) ] &&
    [ $i -lt 1000 ]; do
    sleep 0.01
    i=$(( i + 1 ))
done
kill -STOP "$SC"
echo "scache $SC stopped after $(( $(pf_count "$SENT_RE") - sent0 )) deliveries"
wait_for 30 eval '[ "$(pf_count "$SENT_RE")" -ge $(( sent0 + 200 )) ] ||
    [ "$(pf_qfiles incoming active deferred hold)" -eq 0 ]'
kill -KILL "$SC"
kill -CONT "$SC" 2>/dev/null
pf_drained 120 || t_fail "scache down: queue not drained"
wait_for 20 eval '[ "$(pf_count "$SENT_RE")" -ge $(( sent0 + 300 )) ]'
[ "$(pf_count "$SENT_RE")" -eq $(( sent0 + 300 )) ] ||
    t_fail "scache down: $(( $(pf_count "$SENT_RE") - sent0 )) of 300 sent"
wait_for 20 eval '[ "$(sink_counter mesg)" -ge $(( mesg0 + 300 )) ]' ||
    t_fail "scache down: the sink got $(( $(sink_counter mesg) - mesg0 )) of 300"
[ "$(pf_queue_count)" = 0 ] || t_fail "scache down: queue not empty"
warn=$(tail -n +"$L0" "$LOG" | grep -E 'postfix/smtp\[[0-9]+\]: warning: .*disabling connection caching')
nwarn=$(printf '%s\n' "$warn" | grep -c .)
[ "$nwarn" -ge 1 ] || t_fail "scache down: no 'disabling connection caching' warning"
dup=$(printf '%s\n' "$warn" | sed -n 's/.*postfix\/smtp\[\([0-9]*\)\].*/\1/p' | sort | uniq -d)
[ -z "$dup" ] || t_fail "scache down: more than one warning from smtp[$dup]"
other=$(tail -n +"$L0" "$LOG" | grep -E 'postfix/smtp\[[0-9]+\]: (warning|fatal|panic|error)' |
    grep -v 'disabling connection caching')
[ -z "$other" ] || t_fail "scache down: other trouble:
$other"
grep -Eq 'fatal|panic' "$LOG" && t_fail "fatal or panic in the maillog: $(grep -E 'fatal|panic' "$LOG")"
grep -Eq 'status=(deferred|bounced)' "$LOG" && t_fail "a deferral or bounce: $(grep -E 'status=(deferred|bounced)' "$LOG" | head -n 3)"
echo "scache down: 300 sent, $nwarn process(es) warned once:"
printf '%s\n' "$warn" | head -n 2
exit 0
