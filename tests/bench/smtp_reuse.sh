#!/bin/bash
# smtp_reuse - benchmark (make bench, not a test): connection reuse over
# a link with a 20 ms round trip, postern's smtp vs Postfix 3.7's, with
# the connection cache on (Postfix's default: on demand) and off
# (smtp_connection_cache_on_demand = no).
#
# Each run is a fresh private Postfix 3.7 instance (tests/compat/pf_lib.sh)
# whose only variable is the smtp binary (postern's $TOP/libexec/smtp or
# a copy of Postfix's /usr/lib/postfix/sbin/smtp), with Postfix's qmgr
# and scache, initial_destination_concurrency = 10 and
# smtp_destination_concurrency_limit = 10.  relayhost points at
# tests/tools/delay_proxy, which delays every chunk 10 ms each way in
# front of smtp-sink and, with -H, charges each new connection the
# round trip of a TCP handshake (this container has no netem; see
# delay_proxy.c).
#   1. N messages (512 bytes) go on hold through an smtpd listener;
#   2. postsuper -H ALL, clock starts, postqueue -f; the drain ends when
#      incoming, active, deferred and hold are empty (polled every 20 ms);
#   3. the maillog must have N "status=sent" lines; the sink's session
#      count (smtp-sink -c sess=, read after the 2 s cache TTL) is shown.
# Output: one line per run and a table; ratios cache on/off per agent
# and postern/postfix per cache setting.
#
# Environment: BENCH_REUSE_N (default 500), BENCH_AGENTS (default
# "postfix postern"), BENCH_TIMEOUT seconds per drain (default 120).
# Needs root, the postfix package (smtp-sink, smtp-source); prints a
# SKIP line and exits 0 otherwise.  Loopback only; kills only what it
# started; always stops the instance.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# make bench uses sh
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"

bench_skip() { echo "SKIP smtp_reuse: $*"; exit 0; }
[ "$(id -u)" = 0 ] || bench_skip "needs root (Postfix's master runs as root)"
for f in "$PF_SBIN/master" "$PF_SBIN/smtp" "$PF_CMD/postfix" \
    /usr/sbin/smtp-sink /usr/sbin/smtp-source; do
    [ -x "$f" ] || bench_skip "$f is not installed"
done
id postfix > /dev/null 2>&1 && getent group postdrop > /dev/null ||
    bench_skip "no postfix user or postdrop group"
[ -x "$TOP/libexec/smtp" ] || t_fail "$TOP/libexec/smtp is not built"
[ -x "$TOP/tests/tools/delay_proxy" ] || t_fail "delay_proxy is not built"

N=${BENCH_REUSE_N:-500}
AGENTS=${BENCH_AGENTS:-"postfix postern"}
TIMEOUT=${BENCH_TIMEOUT:-120}
case $N in ''|*[!0-9]*) t_fail "BENCH_REUSE_N must be a number" ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 20000 ] || t_fail "BENCH_REUSE_N out of range 1..20000"
chmod 755 "$T"
RESULTS=$T/results
: > "$RESULTS"
SINK_PID="" PROXY_PID=""

stop_all() {
    pf_stop
    [ -n "$PROXY_PID" ] && bg_kill "$PROXY_PID"
    [ -n "$SINK_PID" ] && bg_kill "$SINK_PID"
    PROXY_PID="" SINK_PID=""
}

run_one() {	# run_one AGENT CACHE
    local agent=$1 cache=$2 sink_port t0 tend sent sess i
    rm -rf "$T/pf" "$T/sink.out" "$T/proxy.port"
    sink_port=$(free_port)
    bg_start /usr/sbin/smtp-sink -c -u postfix "127.0.0.1:$sink_port" 1024 \
        > "$T/sink.out" 2>&1
    SINK_PID=$BG_PID
    wait_for 10 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$sink_port "' ||
        t_fail "smtp-sink did not start"
    bg_start "$TOP/tests/tools/delay_proxy" -l 127.0.0.1:0 \
        -c "127.0.0.1:$sink_port" -d 10 -H -T $(( TIMEOUT + 120 )) \
        -r "$T/proxy.port"
    PROXY_PID=$BG_PID
    wait_for 10 test -s "$T/proxy.port" || t_fail "delay_proxy did not start"

    pf_init "relayhost = [127.0.0.1]:$(cat "$T/proxy.port")" \
        "initial_destination_concurrency = 10" \
        "smtp_destination_concurrency_limit = 10"
    [ "$cache" = off ] &&
        echo "smtp_connection_cache_on_demand = no" >> "$CONF/main.cf"
    if [ "$agent" = postfix ]; then
        rm -f "$PF/libexec/smtp" "$PF/libexec/lmtp"
        cp -p "$PF_SBIN/smtp" "$PF/libexec/smtp" &&
            ln "$PF/libexec/smtp" "$PF/libexec/lmtp" ||
            t_fail "cannot install Postfix's smtp"
    fi
    pf_hold_listener
    pf_start
    pf_fill "$N"
    t0=$EPOCHREALTIME
    pf_release
    tend=""
    for i in $(seq 1 $(( TIMEOUT * 50 ))); do
        [ "$(pf_qfiles incoming active deferred hold)" -eq 0 ] &&
            { tend=$EPOCHREALTIME; break; }
        sleep 0.02
    done
    [ -n "$tend" ] || t_fail "$agent $cache: not drained after ${TIMEOUT}s"
    wait_for 20 eval '[ "$(pf_count status=sent)" -ge '"$N"' ]'
    sent=$(pf_count status=sent)
    sleep 3			# cached sessions end after the 2 s TTL
    sess=$(sink_counter sess)
    stop_all
    echo "$agent $cache $N $t0 $tend $sent $sess" >> "$RESULTS"
    awk -v a="$agent" -v c="$cache" -v n="$N" -v t0="$t0" -v te="$tend" \
        -v s="$sent" -v ss="$sess" 'BEGIN {
        printf "  %-7s %-8s N=%d  %.2fs  %.0f msg/s  %d sent  %d sessions\n",
            a, c, n, te - t0, n / (te - t0), s, ss }'
    [ "$sent" -eq "$N" ] || echo "warning: $agent $cache: $sent status=sent lines, want $N"
}

T_CLEANUP_HOOK=stop_all
echo "smtp_reuse: N=$N per run, 20 ms round trip (delay_proxy -H), concurrency 10, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
for cache in ondemand off; do
    for agent in $AGENTS; do
        run_one "$agent" "$cache"
    done
done
echo
echo "| agent   | cache    |     N | seconds | msg/s | sessions |"
echo "|---------|----------|-------|---------|-------|----------|"
awk '{ d = $5 - $4; printf "| %-7s | %-8s | %5d | %7.2f | %5.0f | %8d |\n", $1, $2, $3, d, $3 / d, $7 }' "$RESULTS"
echo
awk '{ r[$1, $2] = $3 / ($5 - $4); a[$1] = 1 }
END {
    print "| ratio | value |"
    print "|-------|-------|"
    for (x in a) if (((x, "ondemand") in r) && ((x, "off") in r))
        printf "| %s cache on / off | %.2f |\n", x, r[x, "ondemand"] / r[x, "off"]
    split("ondemand off", cs, " ")
    for (i = 1; i <= 2; i++) if ((("postern", cs[i]) in r) && (("postfix", cs[i]) in r))
        printf "| postern / postfix, cache %s | %.2f |\n", cs[i], r["postern", cs[i]] / r["postfix", cs[i]]
}' "$RESULTS"
exit 0
