#!/bin/sh
# smtp_lib.sh - shared harness of the smtp_*.sh scenarios; run on its
# own it is the harness self-test (a message to smtp-sink).
#
# Source it from a scenario (after re-executing under bash):
#	[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
#	. "$TOP/tests/integration/smtp_lib.sh"
#
# It sources tests/lib.sh (temporary directory $T, t_pass/t_fail/...,
# cleanup of everything started with MAIL_CONFIG=$CONF) and adds:
#
#   smtp_setup [main.cf lines...]
#	$T/etc/main.cf (queue_directory $T/spool, mail_owner = me,
#	maillog_file $T/maillog, myhostname client.example.test, plus
#	the lines), the queue directories; exports MAIL_CONFIG.
#   agent_start [smtp|lmtp] [daemon args...]
#	the agent under fake_master, listening on $Q/private/NAME
#   peer_start [smtp_peer args...] SCRIPT
#	smtp_peer on 127.0.0.1, port in $PEER_PORT, transcript
#	$T/peer.t, messages $T/msg.S.M; script text from SCRIPT ("-" =
#	stdin)
#   peer_at ADDR:PORT TAG [smtp_peer args...] SCRIPT
#	another smtp_peer on a given address (127.0.0.2:5000); its
#	transcript is $T/TAG.t, its pid in $TAG_PID... (see PEERS)
#   peer_wait	wait (bounded) for smtp_peer to exit
#   sink_start [smtp-sink args...]
#	Postfix's smtp-sink on 127.0.0.1, port in $SINK_PORT
#   free_port	print a TCP port nobody listens on (for refusals)
#   servfail_start
#	a UDP DNS server on 127.0.0.1:$SERVFAIL_PORT that answers every
#	query with SERVFAIL
#   dns_start [dnsmasq lines...]
#	dnsmasq on 127.0.0.1:$DNS_PORT answering for *.test from the
#	given lines (mx-host=, host-record=, ...); names it does not know
#	are NXDOMAIN; "servfail.test" gets SERVFAIL.  Adds
#	dns_nameservers (and inet_interfaces = 192.0.2.1, so loopback
#	addresses are not "mine") to main.cf: call before agent_start.
#   drive [qmgr_driver args...]
#	one delivery request to the agent; report in $T/report, exit
#	status in $DRIVE_RC (the driver's -t is 60 unless given)
#
# Assertions (each fails the test with a message):
#   expect_rcpt ADDR STATUS DSN DONE
#	exactly one log line "to=<ADDR>, ... dsn=DSN, status=STATUS",
#	the matching status report (bounced: to the bounce service,
#	deferred or SOFTBOUNCE: defer, sent: neither), and the queue
#	file mark after the reply: DONE = yes|no
#   expect_reply STATUS [HOP_DSN]
#	final reply: STATUS 0 or "nonzero", and the hop status (default
#	empty)
#   expect_log REGEX [COUNT]	maillog lines matching (default: >= 1)
#   expect_no_log REGEX
#   expect_peer REGEX [COUNT]	transcript lines matching
#   expect_no_peer REGEX
#   expect_report REGEX [COUNT]	driver report lines matching
#   reason_of ADDR		print the text in "status=... (TEXT)"
#   expect_reason ADDR TEXT	the reason is exactly TEXT
#   expect_all_accounted N	N recipients, each logged exactly once
#				and reported final or deferred
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "$TOP/tests/lib.sh"

TOOLS=$TOP/tests/tools
Q=""
AGENT=""
FM_PID=""
PEER_PID=""
PEER_PORT=""
SINK_PID=""
SINK_PORT=""
DRIVE_RC=""
DNS_PID=""
SERVFAIL_PID=""
DNS_PORT=""

for _p in fake_master qmgr_driver smtp_peer; do
    [ -x "$TOOLS/$_p" ] || t_skip "$TOOLS/$_p is not built"
done
[ -x "$TOP/libexec/smtp" ] || t_skip "$TOP/libexec/smtp is not built"

# Stop what this harness started, gently first (cleanup then kills).
smtp_cleanup() {
    local p
    [ -n "$FM_PID" ] && kill -USR1 "$FM_PID" 2>/dev/null
    for p in $PEER_PID $PEERS $SINK_PID $DNS_PID $SERVFAIL_PID; do kill -TERM "$p" 2>/dev/null; done
    [ -n "$FM_PID" ] && wait_for 5 eval '! pid_alive "$FM_PID"'
    for p in $FM_PID $PEER_PID $PEERS $SINK_PID $DNS_PID $SERVFAIL_PID; do
        wait_for 2 eval '! pid_alive "$p"'
        wait "$p" 2>/dev/null
    done
    return 0
}
T_CLEANUP_HOOK=smtp_cleanup

smtp_setup() {
    local line
    CONF=$T/etc
    Q=$T/spool
    QDIR=$Q
    LOG=$T/maillog
    mkdir -p "$CONF" "$Q/private" "$Q/public" "$Q/active" ||
        t_fail "cannot create $T"
    {
        echo "queue_directory = $Q"
        echo "mail_owner = $(id -un)"
        echo "maillog_file = $LOG"
        echo "myhostname = client.example.test"
        for line in "$@"; do echo "$line"; done
    } > "$CONF/main.cf"
    : > "$LOG"
    MAIL_CONFIG=$CONF
    export MAIL_CONFIG
    unset MAIL_VERBOSE MAIL_DEBUG GENERATION
}

agent_start() {
    local name=${1:-smtp}
    [ $# -gt 0 ] && shift
    AGENT=$name
    bg_start "$TOOLS/fake_master" -T 240 -l "$Q/private/$name" -- \
        "$TOP/libexec/$name" -t unix "$@" > "$T/fm.out" 2> "$T/fm.err"
    FM_PID=$BG_PID
    wait_for 10 eval '[ -S "$Q/private/$name" ] && grep -q "^child pid=" "$T/fm.out"' ||
        t_fail "fake_master did not start $name"
}

peer_start() {
    local script=${!#}
    set -- "${@:1:$(($# - 1))}"
    if [ "$script" = "-" ]; then
        cat > "$T/peer.script"
    else
        cp "$script" "$T/peer.script"
    fi
    rm -f "$T/peer.port"
    bg_start "$TOOLS/smtp_peer" -l 127.0.0.1:0 -r "$T/peer.port" -T 60 \
        -t "$T/peer.t" -m "$T/msg" "$@" "$T/peer.script"
    PEER_PID=$BG_PID
    wait_for 10 test -s "$T/peer.port" || t_fail "smtp_peer did not start"
    PEER_PORT=$(cat "$T/peer.port")
}

PEERS=""
peer_at() {
    local listen=$1 tag=$2 script=${!#}
    set -- "${@:3:$(($# - 3))}"
    cp "$script" "$T/$tag.script" 2>/dev/null || cat > "$T/$tag.script"
    rm -f "$T/$tag.port"
    bg_start "$TOOLS/smtp_peer" -l "$listen" -r "$T/$tag.port" -T 60 \
        -t "$T/$tag.t" "$@" "$T/$tag.script"
    PEERS="$PEERS $BG_PID"
    wait_for 10 test -s "$T/$tag.port" || t_fail "smtp_peer $tag did not start"
}

peer_wait() {
    wait_for 20 eval '! pid_alive "$PEER_PID"' ||
        t_fail "smtp_peer still running"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

sink_start() {
    [ -x /usr/sbin/smtp-sink ] || t_skip "/usr/sbin/smtp-sink not installed"
    local i
    for i in 1 2 3 4 5; do
        SINK_PORT=$(free_port)
        bg_start /usr/sbin/smtp-sink -u "$(id -un)" "$@" \
            "127.0.0.1:$SINK_PORT" 100 > "$T/sink.out" 2>&1
        SINK_PID=$BG_PID
        if wait_for 5 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "'; then
            return 0
        fi
        kill "$SINK_PID" 2>/dev/null
    done
    t_fail "smtp-sink did not start: $(tail -3 "$T/sink.out")"
}

dns_start() {
    local line i
    [ -x /usr/sbin/dnsmasq ] || t_skip "dnsmasq not installed"
    for i in 1 2 3 4 5; do
        DNS_PORT=$(free_port)
        {
            echo "port=$DNS_PORT"
            echo "listen-address=127.0.0.1"
            echo "bind-interfaces"
            echo "no-resolv"
            echo "no-hosts"
            echo "no-poll"
            echo "local=/test/"
            echo "server=/servfail.test/127.0.0.1#$(free_port)"
            if [ "$(id -u)" = 0 ]; then echo "user=nobody"; echo "group=nogroup"; fi
            echo "pid-file="
            echo "log-facility=$T/dnsmasq.log"
            echo "log-queries"
            for line in "$@"; do echo "$line"; done
        } > "$T/dnsmasq.conf"
        bg_start /usr/sbin/dnsmasq --conf-file="$T/dnsmasq.conf" --keep-in-foreground
        DNS_PID=$BG_PID
        if wait_for 5 eval 'dig +short +time=1 +tries=1 -p "$DNS_PORT" @127.0.0.1 probe.test >/dev/null 2>&1 && grep -q "query.*probe.test" "$T/dnsmasq.log"'; then
            echo "dns_nameservers = 127.0.0.1:$DNS_PORT" >> "$CONF/main.cf"
            echo "inet_interfaces = 192.0.2.1" >> "$CONF/main.cf"
            return 0
        fi
        kill "$DNS_PID" 2>/dev/null
    done
    t_fail "dnsmasq did not start: $(tail -3 "$T/dnsmasq.log" 2>/dev/null)"
}

servfail_start() {
    SERVFAIL_PORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat > "$T/servfail.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.settimeout(120)
while True:
    try:
        q, peer = s.recvfrom(4096)
    except socket.timeout:
        break
    if len(q) < 12:
        continue
    # Same ID and question; QR=1, RD copied, RA=1, RCODE=2 (SERVFAIL).
    r = q[:2] + bytes([0x80 | (q[2] & 0x01), 0x82]) + q[4:6] + b"\0\0\0\0\0\0" + q[12:]
    s.sendto(r, peer)
PY
    bg_start python3 "$T/servfail.py" "$SERVFAIL_PORT"
    SERVFAIL_PID=$BG_PID
    wait_for 5 eval 'dig +time=1 +tries=1 -p "$SERVFAIL_PORT" @127.0.0.1 x.test 2>/dev/null | grep -q SERVFAIL' ||
        t_fail "SERVFAIL server did not start"
}

drive() {
    "$TOOLS/qmgr_driver" -q "$Q" -s "$Q/private/$AGENT" -t 60 \
        -o "$T/report" "$@"
    DRIVE_RC=$?
    [ "$DRIVE_RC" = 0 ] || t_fail "qmgr_driver exit $DRIVE_RC"
}

# Escape as the driver does (bytes <= 0x20, >= 0x7f and '%' as %XX).
rq() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g'; }

_re() { printf '%s' "$1" | sed -e 's/[]\/$*.^|+?(){}[]/\\&/g'; }

_count() {	# _count FILE REGEX
    local n
    n=$(grep -E -c -- "$2" "$1" 2>/dev/null) || n=0
    echo "${n:-0}"
}

expect_rcpt() {
    local addr=$1 status=$2 dsn=$3 done=$4 a n svc
    a=$(_re "$addr")
    n=$(_count "$LOG" "to=<$a>, .*dsn=$(_re "$dsn"), status=$status( |\$)")
    [ "$n" = 1 ] || t_fail "rcpt <$addr>: $n log lines with dsn=$dsn status=$status (want 1); have: $(grep -F "to=<$addr>" "$LOG")"
    n=$(_count "$LOG" "to=<$a>,")
    [ "$n" = 1 ] || t_fail "rcpt <$addr>: $n log lines in all (want 1)"
    case $status in
    bounced) svc=bounce ;;
    deferred|SOFTBOUNCE) svc=defer ;;
    *) svc="" ;;
    esac
    if [ -n "$svc" ]; then
        n=$(_count "$T/report" "^report service=$svc .* rcpt=$(_re "$(rq "$addr")") .*status=$(_re "$dsn") ")
        [ "$n" = 1 ] || t_fail "rcpt <$addr>: $n $svc reports with status $dsn (want 1)"
    fi
    for svc in bounce defer; do
        case $status in
        bounced) [ $svc = bounce ] && continue ;;
        deferred|SOFTBOUNCE) [ $svc = defer ] && continue ;;
        esac
        n=$(_count "$T/report" "^report service=$svc .* rcpt=$(_re "$(rq "$addr")") ")
        [ "$n" = 0 ] || t_fail "rcpt <$addr>: unexpected $svc report"
    done
    n=$(_count "$T/report" "^done rcpt=$(_re "$(rq "$addr")") offset=[0-9]+ marked=$done\$")
    [ "$n" = 1 ] || t_fail "rcpt <$addr>: not marked=$done: $(grep "^done rcpt=$(rq "$addr") " "$T/report")"
}

expect_reply() {
    local st=$1 hop=${2:-} line
    line=$(grep '^reply ' "$T/report") || t_fail "no final reply"
    case $st in
    0) echo "$line" | grep -q '^reply status=0 ' || t_fail "reply not 0: $line" ;;
    nonzero) echo "$line" | grep -q '^reply status=0 ' && t_fail "reply is 0: $line" ;;
    esac
    echo "$line" | grep -q " hop_status=$(_re "$hop") " ||
        t_fail "hop status not '$hop': $line"
}

expect_log() {
    local n
    n=$(_count "$LOG" "$1")
    if [ -n "${2:-}" ]; then
        [ "$n" = "$2" ] || t_fail "$n log lines match '$1' (want $2)"
    else
        [ "$n" -ge 1 ] || t_fail "no log line matches '$1'"
    fi
}

expect_no_log() {
    [ "$(_count "$LOG" "$1")" = 0 ] || t_fail "log line matches '$1': $(grep -E -- "$1" "$LOG" | head -3)"
}

expect_peer() {
    local n
    n=$(_count "$T/peer.t" "$1")
    if [ -n "${2:-}" ]; then
        [ "$n" = "$2" ] || t_fail "$n transcript lines match '$1' (want $2)"
    else
        [ "$n" -ge 1 ] || t_fail "no transcript line matches '$1'"
    fi
}

expect_no_peer() {
    [ "$(_count "$T/peer.t" "$1")" = 0 ] || t_fail "transcript line matches '$1'"
}

expect_report() {
    local n
    n=$(_count "$T/report" "$1")
    if [ -n "${2:-}" ]; then
        [ "$n" = "$2" ] || t_fail "$n report lines match '$1' (want $2)"
    else
        [ "$n" -ge 1 ] || t_fail "no report line matches '$1'"
    fi
}

reason_of() {
    grep -F "to=<$1>," "$LOG" | sed -n 's/.*, status=[A-Za-z-]* (\(.*\))$/\1/p' | head -1
}

expect_reason() {
    local got
    got=$(reason_of "$1")
    [ "$got" = "$2" ] || t_fail "reason for <$1>: got '$got', want '$2'"
}

expect_all_accounted() {
    local want=$1 n
    n=$(grep -c '^rcpt rcpt=' "$T/report")
    [ "$n" = "$want" ] || t_fail "$n recipients in the request (want $want)"
    for a in $(sed -n 's/^rcpt rcpt=\([^ ]*\) .*/\1/p' "$T/report"); do
        n=$(grep -c -F "to=<$a>," "$LOG")
        [ "$n" = 1 ] || t_fail "<$a> logged $n times"
    done
}

# Run directly: the harness self-test.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    smtp_setup
    agent_start smtp
    sink_start
    drive -n "[127.0.0.1]:$SINK_PORT" -R a@example.com -R b@example.com
    expect_reply 0
    expect_rcpt a@example.com sent 2.0.0 yes
    expect_rcpt b@example.com sent 2.0.0 yes
    expect_all_accounted 2
    expect_log "relay=127\.0\.0\.1\[127\.0\.0\.1\]:$SINK_PORT, "
    t_pass "smtp_lib: harness self-test (smtp-sink)"
fi
