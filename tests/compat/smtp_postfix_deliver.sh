#!/bin/bash
# smtp_postfix_deliver - Postfix 3.7 with postern's smtp as its smtp and
# relay transports delivers to smtp-sink.
#
# A private Postfix instance (tests/compat/pf_lib.sh), relayhost =
# [127.0.0.1]:SINKPORT; two messages injected with Postfix's sendmail
# (one with two recipients).  Checked: our agent logs, through Postfix's
# postlog socket into Postfix's maillog, one "status=sent" line per
# recipient in Postfix's shape (to=, relay=127.0.0.1[127.0.0.1]:PORT,
# delay=, delays=a/b/c/d, dsn=2.0.0, the sink's reply), tagged
# postfix/smtp[PID] with the host of Postfix's own lines; qmgr logs
# "removed" for both; the agent (alive, max_idle) does not hold the
# maillog open; smtp-sink got both messages; the queue is empty;
# the maillog has no panic, fatal or warning line and every line has
# the "Mon DD HH:MM:SS HOST TAG[PID]: " shape (no joined datagrams).
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need
[ -x /usr/sbin/smtp-sink ] || t_skip "smtp-sink is not installed"

SINK_PORT=$(free_port)
bg_start /usr/sbin/smtp-sink -c -u postfix "127.0.0.1:$SINK_PORT" 100 \
    > "$T/sink.out" 2>&1
SINK_PID=$BG_PID
wait_for 10 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "' ||
    t_fail "smtp-sink did not start"

pf_init "relayhost = [127.0.0.1]:$SINK_PORT"
pf_start

pf_send s1@example.test a@remote.example
pf_send s2@example.test b@remote.example c@other.example
wait_for 30 eval '[ -n "$(pf_qid s1@example.test)" ] &&
    [ -n "$(pf_qid s2@example.test)" ]' || t_fail "qmgr did not take the mail"
Q1=$(pf_qid s1@example.test)
Q2=$(pf_qid s2@example.test)

sent() {	# sent QID RCPT
    echo " [a-zA-Z0-9-]+ postfix/smtp\[[0-9]+\]: $1: to=<$2>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$SINK_PORT, delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok\)$"
}
pf_wait_log 30 "$(sent "$Q1" a@remote.example)" ||
    t_fail "no status=sent line for a@remote.example"
pf_wait_log 30 "$(sent "$Q2" b@remote.example)" &&
    pf_wait_log 30 "$(sent "$Q2" c@other.example)" ||
    t_fail "no status=sent lines for $Q2"
for q in "$Q1" "$Q2"; do
    pf_wait_log 30 "postfix/qmgr\[[0-9]+\]: $q: removed" ||
        t_fail "$q was not removed"
done
echo "ok: sent and removed ($Q1, $Q2)"

# The agent's lines carry the host name Postfix's own daemons use.
host_of() { sed -n "s/^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\{8\} \([^ ]*\) $1.*/\1/p" "$LOG" | head -n 1; }
h_qmgr=$(host_of 'postfix\/qmgr\[')
h_smtp=$(host_of 'postfix\/smtp\[')
[ -n "$h_smtp" ] && [ "$h_smtp" = "$h_qmgr" ] ||
    t_fail "host in smtp lines '$h_smtp', in qmgr lines '$h_qmgr'"
[ "$(pf_count 'postfix/smtp\[[0-9]+\]: .*status=sent')" = 3 ] ||
    t_fail "want exactly 3 status=sent lines"
[ "$(pf_queue_count)" = 0 ] || t_fail "queue not empty: $(pf_postqueue)"

# The agent logs through postlog: it does not hold the maillog open.
p=$(children_of "$MASTER_PID" smtp | head -n 1)
[ -n "$p" ] || t_fail "no smtp process under Postfix's master"
for f in /proc/"$p"/fd/*; do
    [ "$(readlink "$f")" = "$LOG" ] && t_fail "smtp $p has $LOG open"
done
echo "ok: smtp $p logs through postlog"

wait_for 10 eval 'tr "\r" "\n" < "$T/sink.out" | grep -q "mesg=2"' ||
    t_fail "smtp-sink counters: $(tr '\r' '\n' < "$T/sink.out" | tail -n 2)"

bad=$(grep -Ev '^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ [^ ]+(\[[0-9]+\])?: ' "$LOG")
[ -z "$bad" ] || t_fail "malformed maillog lines:
$bad"
bad=$(grep -E 'panic|fatal|warning' "$LOG")
[ -z "$bad" ] || t_fail "trouble in the maillog:
$bad"
pf_stop
T_CLEANUP_HOOK=""
bg_kill "$SINK_PID"
t_pass
