#!/bin/bash
# smtp_drain - benchmark (make bench, not a test): drain N queued
# messages through a private Postfix 3.7 instance whose only variable is
# the smtp delivery agent (Postfix's /usr/lib/postfix/sbin/smtp or
# postern's $TOP/libexec/smtp), into smtp-sink on loopback.
#
# Matrix: agent (postfix, postern) x message size (1 KB, 20 KB) x
# connection cache (on-demand = Postfix's default, off =
# smtp_connection_cache_on_demand = no).
#
# Each run gets a fresh instance (reference test-harness.md section 2)
# with a private daemon_directory holding copies of Postfix's daemons;
# for postern the smtp copy is replaced by postern's.  relayhost =
# [127.0.0.1]:SINKPORT, default destination concurrency (20).
#   1. inject: smtp-source -> a local smtpd listener whose
#      smtpd_data_restrictions put every message on hold, so nothing is
#      delivered while the queue fills; wait until hold has N files.
#   2. drain: postsuper -H ALL (hold -> deferred), start the clock,
#      postqueue -f; the drain ends when incoming, active and deferred
#      are empty (checked every 20 ms); then smtp-sink must have
#      counted N messages.
#   3. CPU of the delivery agent: every 100 ms, and once after the
#      drain while the agents are still alive (max_idle = 100s,
#      max_use = 1000000, so no agent exits during a run; one that does
#      anyway is reported as "exited early", its CPU counted up to its
#      last sample), read every live child of master whose comm is
#      "smtp": /proc/PID/task/*/schedstat (run time in ns, user +
#      system) and /proc/PID/stat utime+stime (10 ms ticks); keep the
#      maximum per PID, sum, divide by N.  The ratios use schedstat:
#      utime+stime is truncated to whole ticks per process, which with
#      ~30 processes undercounts by a large fraction at this scale; it
#      is printed as a cross-check.
#
# Environment: BENCH_N (default 2000) messages per run, BENCH_SIZES
# (default "1024 20480"), BENCH_AGENTS (default "postfix postern"),
# BENCH_CACHE (default "ondemand off"), BENCH_TIMEOUT seconds per drain
# (default 120); T_KEEP=1 keeps the instance directories.
#
# BENCH_MAXPROC (default "-", master.cf's default of 100) limits the
# smtp service's processes; 1 makes one agent do every delivery in
# turn, which makes its CPU per message less sensitive to load.
#
# BENCH_SYSCALLS=1 counts system calls instead (load-independent): the
# smtp service gets maxproc 1 and its program becomes a wrapper that
# runs the agent under `strace -c`, so one agent makes every delivery;
# after the instance stops, the agent's calls per message are printed
# by system call (with failed calls), and the CPU columns mean nothing.  Needs root
# and the postfix package (smtp-sink, smtp-source); prints a SKIP line
# and exits 0 otherwise.  Loopback only; kills only the processes it
# started; always stops the instance.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# make bench uses sh
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/tests/lib.sh"

bench_skip() { echo "SKIP smtp_drain: $*"; exit 0; }

[ "$(id -u)" = 0 ] || bench_skip "needs root (Postfix's master runs as root)"
PF_SBIN=/usr/lib/postfix/sbin
for f in "$PF_SBIN/master" "$PF_SBIN/smtp" /usr/sbin/postfix /usr/sbin/postsuper \
    /usr/sbin/postqueue /usr/sbin/smtp-sink /usr/sbin/smtp-source; do
    [ -x "$f" ] || bench_skip "$f is not installed"
done
id postfix > /dev/null 2>&1 && getent group postdrop > /dev/null ||
    bench_skip "no postfix user or postdrop group"
[ -x "$TOP/libexec/smtp" ] || t_fail "$TOP/libexec/smtp is not built"

N=${BENCH_N:-2000}
SIZES=${BENCH_SIZES:-"1024 20480"}
AGENTS=${BENCH_AGENTS:-"postfix postern"}
CACHES=${BENCH_CACHE:-"ondemand off"}
TIMEOUT=${BENCH_TIMEOUT:-120}
case $N in ''|*[!0-9]*) t_fail "BENCH_N must be a number" ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 100000 ] || t_fail "BENCH_N out of range 1..100000"
HZ=$(getconf CLK_TCK)
SYSCALLS=${BENCH_SYSCALLS:-}
MAXPROC=${BENCH_MAXPROC:--}
case $MAXPROC in -|[1-9]|[1-9][0-9]) ;; *) t_fail "BENCH_MAXPROC must be - or 1..99" ;; esac
STRACE=""
if [ -n "$SYSCALLS" ]; then
    STRACE=$(command -v strace) || t_fail "BENCH_SYSCALLS needs strace"
fi
chmod 755 "$T"

# Ports come from below the ephemeral range (so no client connection
# of another program holds them) and must be unused in any TCP state;
# if one is taken between the check and the bind anyway, the instance
# start is retried with new ports.
port_used() {	# port_used PORT [STATE]: an IPv4 socket with that local port
    local hex st='[0-9A-F]{2}'
    hex=$(printf '%04X' "$1")
    [ -n "$2" ] && st=$2
    grep -q -E "^ *[0-9]+: [0-9A-F]{8}:$hex [0-9A-F]{8}:[0-9A-F]{4} $st" \
        /proc/net/tcp
}
pick_port() {
    local p i lo
    lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
    [ "${lo:-0}" -gt 12000 ] 2>/dev/null || lo=32768
    for i in $(seq 1 50); do
        p=$(( 10000 + RANDOM % (lo - 10000) ))
        [ "$p" != "$1" ] && ! port_used "$p" && { echo "$p"; return 0; }
    done
    return 1
}

SINK_PID=""
pf_stop() {
    local pid
    if [ -n "$CONF" ] && [ -f "$CONF/main.cf" ]; then
        /usr/sbin/postfix -c "$CONF" stop > /dev/null 2>&1
        pid=$(tr -d ' \n' 2>/dev/null < "$QDIR/pid/master.pid")
        [ -n "$pid" ] && wait_for 15 eval '! pid_alive '"$pid"
    fi
    if [ -n "$SINK_PID" ] && pid_alive "$SINK_PID"; then
        kill -TERM "$SINK_PID" 2>/dev/null
        wait_for 5 eval '! pid_alive "$SINK_PID"'
    fi
    SINK_PID=""
}
T_CLEANUP_HOOK=pf_stop

qcount() {	# files in the named queue directories
    local q n=0
    for q in "$@"; do
        n=$(( n + $(find "$QDIR/$q" -type f 2>/dev/null | wc -l) ))
    done
    echo "$n"
}
queue_busy() {	# any file in incoming, active or deferred (hashed)
    local f
    shopt -s nullglob
    f=("$QDIR"/incoming/* "$QDIR"/active/* "$QDIR"/deferred/*/*)
    shopt -u nullglob
    [ ${#f[@]} -gt 0 ]
}
sink_count() {	# smtp-sink -c: "sess=N quit=N mesg=N" records split by \r
    local m
    m=$(tail -c 200 "$D/log/sink.out" 2>/dev/null | tr '\r' '\n' |
        sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1)
    echo "${m:-0}"
}

# CPU sampling of the agent processes: children of $MPID with comm smtp.
declare -A TICKS NS SEEN
sample_agents() {
    local d p line rest f comm ns t tns
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        [ "${SEEN[$p]}" = no ] && continue
        read -r line 2>/dev/null < "$d/stat" || continue
        if [ -z "${SEEN[$p]}" ]; then
            comm=${line#*(}
            comm=${comm%%)*}
            rest=${line##*) }
            read -r -a f <<< "$rest"
            if [ "$comm" = smtp ] && [ "${f[1]}" = "$MPID" ]; then
                SEEN[$p]=yes
            else
                SEEN[$p]=no
                continue
            fi
        fi
        rest=${line##*) }
        read -r -a f <<< "$rest"
        [ "${f[0]}" = Z ] && continue
        # fields 14 and 15 (utime, stime) are f[11] and f[12]
        [ $(( f[11] + f[12] )) -gt "${TICKS[$p]:-0}" ] &&
            TICKS[$p]=$(( f[11] + f[12] ))
        # run time of every thread (both agents are single-threaded)
        ns=0
        for t in "$d"/task/*/schedstat; do
            read -r tns _ 2>/dev/null < "$t" && ns=$(( ns + tns ))
        done
        [ "$ns" -gt "${NS[$p]:-0}" ] && NS[$p]=$ns
    done
}

# syscall_report LABEL: the traced agent's calls per message, from
# strace -c's "calls errors syscall" table (errors may be blank); the
# agent writes it when it exits after master has stopped.
syscall_report() {
    local out=$D/log/strace.out
    wait_for 10 eval '[ -s "$out" ] && grep -q " total$" "$out"' ||
        { echo "warning: $1: no strace summary in $out"; return; }
    echo "  system calls per message ($1, one agent, N=$N):"
    awk -v n="$N" '
        /^-/ || $NF == "syscall" { next }
        { calls = $1; err = NF == 3 ? $2 : 0; name = $NF
          printf "    %-16s %8.2f%s\n", name, calls / n,
              err ? sprintf("  (%.2f failed)", err / n) : "" }' "$out"
    echo "$1 $(awk '$NF == "total" { print $1 }' "$out")" >> "$T/syscalls"
}

RESULTS=$T/results
: > "$RESULTS"

run_one() {	# agent size cache
    local agent=$1 size=$2 cache=$3 inport sinkport t0 tend i p
    local ticks=0 ns=0 procs=0 lost=0 sent attempt started

    D=$T/$agent-$size-$cache
    CONF=$D/etc
    QDIR=$D/spool
    LOG=$D/log/maillog
    mkdir -p "$CONF" "$QDIR" "$D/data" "$D/log" "$D/libexec"
    chmod 755 "$D"
    chown root:root "$QDIR"
    chown postfix:postfix "$D/data"
    chmod 700 "$D/data"
    cp -p "$PF_SBIN"/* "$D/libexec/" || t_fail "cannot copy Postfix daemons"
    if [ "$agent" = postern ]; then
        rm -f "$D/libexec/smtp"
        cp "$TOP/libexec/smtp" "$D/libexec/smtp" || t_fail "cannot copy postern smtp"
        chmod 755 "$D/libexec/smtp"
    fi
    smtp_maxproc=$MAXPROC
    if [ -n "$SYSCALLS" ]; then
        # The agent keeps its name (argv[0] selects smtp or lmtp).
        smtp_maxproc=1
        mkdir -p "$D/libexec/traced"
        mv "$D/libexec/smtp" "$D/libexec/traced/smtp"
        printf '#!/bin/sh\nexec %s -c -U calls,errors,name -o %s -- %s "$@"\n' \
            "$STRACE" "$D/log/strace.out" "$D/libexec/traced/smtp" \
            > "$D/libexec/smtp"
        chmod 755 "$D/libexec/smtp"
    fi
    started=""
    for attempt in 1 2 3; do
        inport=$(pick_port 0) || t_fail "no free port"
        sinkport=$(pick_port "$inport") || t_fail "no free port"

        cat > "$CONF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $QDIR
data_directory = $D/data
meta_directory = /etc/postfix
daemon_directory = $D/libexec
command_directory = /usr/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.example.test
mydomain = example.test
myorigin = \$myhostname
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 local delivery disabled
alias_maps =
alias_database =
biff = no
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_data_restrictions = check_client_access static:HOLD
relayhost = [127.0.0.1]:$sinkport
maillog_file = $LOG
maillog_file_prefixes = $D
max_use = 1000000
max_idle = 100s
message_size_limit = 10240000
EOF
        [ "$cache" = off ] &&
            echo "smtp_connection_cache_on_demand = no" >> "$CONF/main.cf"
        cat > "$CONF/master.cf" <<EOF
127.0.0.1:$inport inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       $smtp_maxproc       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF

        /usr/sbin/smtp-sink -c -u postfix "127.0.0.1:$sinkport" 1024 \
            > "$D/log/sink.out" 2> "$D/log/sink.err" &
        SINK_PID=$!
        if ! wait_for 5 eval 'port_used '"$sinkport"' 0A'; then
            pf_stop
            continue
        fi
        /usr/sbin/postfix -c "$CONF" check > "$D/log/check.out" 2>&1 ||
            t_fail "postfix check: $(cat "$D/log/check.out")"
        if /usr/sbin/postfix -c "$CONF" start > "$D/log/start.out" 2>&1 &&
            wait_for 10 eval 'port_used '"$inport"' 0A'; then
            started=yes
            break
        fi
        echo "note: instance start failed (attempt $attempt), retrying with other ports"
        pf_stop
    done
    [ -n "$started" ] || t_fail "postfix start failed 3 times: $(cat "$D/log/start.out")"
    MPID=$(tr -d ' \n' 2>/dev/null < "$QDIR/pid/master.pid")
    MASTER_PID=$MPID	# tests/lib.sh cleanup stops it if we die
    pid_alive "$MPID" || t_fail "Postfix master is not running"

    # 1. Fill the hold queue.
    /usr/sbin/smtp-source -s 10 -m "$N" -l "$size" -f sender@src.test \
        -t rcpt@dest.test "127.0.0.1:$inport" > "$D/log/source.out" 2>&1 ||
        t_fail "smtp-source failed: $(tail -n 3 "$D/log/source.out")"
    wait_for 60 eval '[ "$(qcount hold)" -ge '"$N"' ] &&
        [ "$(qcount incoming active deferred)" -eq 0 ]' ||
        t_fail "hold has $(qcount hold) of $N messages"

    # 2. Release and drain.
    TICKS=() NS=() SEEN=()
    /usr/sbin/postsuper -c "$CONF" -H ALL > /dev/null 2>&1 ||
        t_fail "postsuper -H ALL failed"
    t0=$EPOCHREALTIME
    /usr/sbin/postqueue -c "$CONF" -f || t_fail "postqueue -f failed"
    # The drain ends when incoming, active and deferred are empty (qmgr
    # removes a queue file once the agent has reported on it); checked
    # every 20 ms with a shell glob, agents sampled every 100 ms.
    tend=""
    i=0
    while [ $i -lt $(( TIMEOUT * 50 )) ]; do
        [ $(( i % 5 )) -eq 0 ] && sample_agents
        queue_busy || { tend=$EPOCHREALTIME; break; }
        sleep 0.02
        i=$(( i + 1 ))
    done
    [ -n "$tend" ] || t_fail "$agent $size $cache: queue not empty after ${TIMEOUT}s: $(qcount incoming active deferred) left, sink got $(sink_count) of $N"
    sample_agents
    wait_for 10 eval '[ "$(sink_count)" -ge '"$N"' ]' ||
        t_fail "$agent $size $cache: queue empty but the sink got $(sink_count) of $N"
    sent=0
    for i in $(seq 1 100); do
        sent=$(grep -c 'status=sent' "$LOG" 2>/dev/null)
        [ "${sent:-0}" -ge "$N" ] && break
        sleep 0.1
    done
    sleep 0.2
    sample_agents
    for p in "${!SEEN[@]}"; do
        [ "${SEEN[$p]}" = yes ] || continue
        procs=$(( procs + 1 ))
        ticks=$(( ticks + ${TICKS[$p]:-0} ))
        ns=$(( ns + ${NS[$p]:-0} ))
        pid_alive "$p" || lost=$(( lost + 1 ))
    done
    pf_stop
    MASTER_PID=""
    [ -n "$SYSCALLS" ] && syscall_report "$agent $size $cache"
    [ "${sent:-0}" -eq "$N" ] ||
        echo "warning: $agent $size $cache: $sent status=sent log lines, want $N"
    echo "$agent $size $cache $N $t0 $tend $ticks $ns $procs $lost" >> "$RESULTS"
    awk -v a="$agent" -v s="$size" -v c="$cache" -v n="$N" -v t0="$t0" \
        -v te="$tend" -v tk="$ticks" -v hz="$HZ" -v ns="$ns" -v pr="$procs" \
        -v lo="$lost" 'BEGIN {
            d = te - t0
            printf "  %-7s %5s %-8s N=%d  %.2fs  %.0f msg/s  CPU %.3f ms/msg (utime+stime %.3f)  %d agent processes%s\n",
                a, s, c, n, d, n / d, ns / 1e6 / n, tk * 1000 / hz / n, pr,
                lo ? sprintf(", %d exited early", lo) : ""
        }'
    [ -n "$T_KEEP" ] || rm -rf "$D"
    CONF="" QDIR="" LOG=""
}

echo "smtp_drain: N=$N per run, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "CPU = run time (/proc/PID/task/*/schedstat, ns; user+system) of every smtp child of master,"
echo "      sampled every 100 ms and at the end of the drain, per-PID maxima summed;"
echo "      utime+stime (/proc/PID/stat, 10 ms ticks, truncated per process) shown for comparison"
for size in $SIZES; do
    for cache in $CACHES; do
        for agent in $AGENTS; do
            run_one "$agent" "$size" "$cache"
        done
    done
done

echo
awk -v hz="$HZ" '
function kb(s) { return s % 1024 ? s " B" : s / 1024 " KB" }
{
    key = $2 " " $3
    d = $6 - $5
    rate[$1, key] = $4 / d
    cpu[$1, key] = $8 / 1e6 / $4
    if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
    printf "| %-7s | %-5s | %-8s | %5d | %7.2f | %6.0f | %10.3f | %18.3f | %5d |\n",
        $1, kb($2), $3, $4, d, $4 / d, cpu[$1, key], $7 * 1000 / hz / $4, $9 \
        > "/dev/stderr"
}
END {
    for (i = 1; i <= nk; i++) {
        k = keys[i]
        if (!(("postfix", k) in rate) || !(("postern", k) in rate)) continue
        split(k, f, " ")
        printf "| %-5s | %-8s | %21.2f | %23.2f |\n", kb(f[1]), f[2],
            rate["postern", k] / rate["postfix", k],
            cpu["postfix", k] ? cpu["postern", k] / cpu["postfix", k] : 0
    }
}' "$RESULTS" > "$T/ratios" 2> "$T/table"
echo "| agent   | size  | cache    |     N | seconds |  msg/s | CPU ms/msg | utime+stime ms/msg | procs |"
echo "|---------|-------|----------|-------|---------|--------|------------|--------------------|-------|"
cat "$T/table"
if [ -s "$T/ratios" ]; then
    echo
    echo "postern/postfix (target: msg/s ratio >= 1.00, CPU/msg ratio <= 0.50)"
    echo "| size  | cache    | msg/s postern/postfix | CPU/msg postern/postfix |"
    echo "|-------|----------|-----------------------|-------------------------|"
    cat "$T/ratios"
fi
if [ -s "$T/syscalls" ]; then
    echo
    echo "system calls per message (one agent under strace -c)"
    echo "| agent   | size  | cache    | calls/msg |"
    echo "|---------|-------|----------|-----------|"
    awk -v n="$N" '{ printf "| %-7s | %-5s | %-8s | %9.1f |\n", $1,
        $2 % 1024 ? $2 " B" : $2 / 1024 " KB", $3, $4 / n }' "$T/syscalls"
fi
exit 0
