#!/bin/sh
# qmgr_lib.sh - shared harness of the qmgr_*.sh scenarios: a postern
# instance (master, qmgr, smtp) delivering to Postfix's smtp-sink.
#
# Source it from a scenario (after re-executing under bash):
#	[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
#	. "$TOP/tests/integration/qmgr_lib.sh"
#
# It sources smtp_lib.sh (which sources tests/lib.sh) for sink_start,
# expect_log and the cleanup of everything the test started, and adds:
#
#   qmgr_instance [main.cf lines...]
#	inst_create with relayhost = [127.0.0.1]:$SINK_PORT (start the
#	sink first), and master.cf lines for qmgr (unix n n n 300 1:
#	unprivileged, tests may run as root), smtp (unix - n n - - smtp)
#	and scache (qmgr asks for on-demand caching on a backlog); the
#	queue directories are created by qmgr itself at start-up.
#   drop [qf_drop args...]	queue files into incoming/ (list appended
#				to $T/list: "ID ADDRESS" per recipient)
#   wake [LETTER]		trigger public/qmgr (default A)
#   queue_count QUEUE		files under $QDIR/QUEUE (recursive)
#   all_sent			every recipient of $T/list has exactly one
#				"to=<ADDR>, relay=..., status=sent" line
#   sink_mesg			messages the sink received (-c counters)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "$TOP/tests/integration/smtp_lib.sh"

[ -x "$TOP/libexec/qmgr" ] || t_skip "$TOP/libexec/qmgr is not built"
[ -x "$TOOLS/qf_drop" ] || t_skip "$TOOLS/qf_drop is not built"

qmgr_instance() {
    inst_create "relayhost = [127.0.0.1]:$SINK_PORT" \
        "myhostname = client.example.test" "$@"
    inst_master_cf <<EOF2
qmgr      unix  n       n       n       300     1       qmgr
smtp      unix  -       n       n       -       -       smtp
scache    unix  -       n       n       -       1       scache
EOF2
    : > "$T/list"
}

drop() { "$TOOLS/qf_drop" -q "$QDIR" -o "$T/list" "$@" || t_fail "qf_drop failed"; }

wake() { tclient -w -r "${1:-A}" "$QDIR/public/qmgr" >/dev/null 2>&1; }

queue_count() {
    local n
    n=$(find "$QDIR/$1" -type f 2>/dev/null | wc -l)
    echo "${n:-0}"
}

sent_count() {
    local n
    n=$(grep -c 'status=sent ' "$LOG" 2>/dev/null) || n=0
    echo "${n:-0}"
}

# all_sent - each listed recipient delivered exactly once (or at least
# once with "min": duplicates allowed for messages in flight at a crash)
all_sent() {
    local mode=${1:-exact} id addr n bad=0
    while read -r id addr; do
        n=$(grep -F " to=<$addr>, relay=" "$LOG" | grep -c 'status=sent ')
        if [ "$mode" = exact ] && [ "$n" != 1 ]; then
            echo "recipient $addr ($id): $n status=sent lines"; bad=1
        elif [ "$n" -lt 1 ]; then
            echo "recipient $addr ($id): not sent"; bad=1
        fi
    done < "$T/list"
    return $bad
}

sink_mesg() {
    tail -c 300 "$T/sink.out" | tr '\r' '\n' | grep 'mesg=' | tail -1 |
        sed 's/.*mesg=\([0-9]*\).*/\1/'
}

# Run directly: the harness self-test (one message, two recipients).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    sink_start
    qmgr_instance
    master_start
    drop -n 1 -r 2-2
    [ "$(wc -l < "$T/list")" = 2 ] || t_fail "qf_drop listed $(wc -l < "$T/list") recipients"
    [ "$(queue_count incoming)" = 1 ] || t_fail "no file in incoming/"
    wake A
    wait_for 20 eval '[ "$(sent_count)" = 2 ] && [ "$(log_count ": removed$")" = 1 ]' ||
        t_fail "$(sent_count) of 2 sent"
    all_sent exact || t_fail "not delivered exactly once"
    expect_log "relay=127\.0\.0\.1\[127\.0\.0\.1\]:$SINK_PORT, .*status=sent"
    [ "$(queue_count incoming)$(queue_count active)$(queue_count deferred)" = 000 ] ||
        t_fail "queue not empty"
    master_stop
    t_pass "qmgr_lib: harness self-test (master, qmgr, smtp, smtp-sink)"
fi
