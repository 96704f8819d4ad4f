#!/bin/bash
# smtp_postfix_mixed - Postfix 3.7 with postern's smtp: 100 messages x 3
# recipients with mixed per-recipient replies; every recipient is
# accounted for exactly once, nothing lost, nothing duplicated.
#
# relayhost = smtp_peer (one session at a time, connection cache off),
# which answers RCPT TO:<ok@remote.example> with 250, <tmp@...> with
# "450 4.2.0 try again later" and <bad@...> with "550 5.1.1 no such
# user".  Messages from sN@example.test (N = 1..100), each to ok, tmp
# and bad; bounce notifications (to example.test) are discarded;
# retries are far away (backoff 300 s).  Once 300 recipient lines are
# logged (bounded wait) and the queue has settled: each of the 100 queue
# IDs has exactly one postfix/smtp line per recipient - ok status=sent
# dsn=2.0.0, tmp status=deferred dsn=4.2.0, bad status=bounced dsn=5.1.1
# - and no other agent line; Postfix's bounce daemon sent 100
# notifications; exactly the 100 messages remain queued, deferred, and
# postqueue (JSON) lists for each only tmp@remote.example with our
# reason, while postcat shows ok and bad done and tmp not done; the peer
# received exactly 100 messages; no panic/fatal/warning in the maillog.
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need
N=100

cat > "$T/peer.script" <<'EOS'
rcpt <tmp@remote.example> 450 4.2.0 <tmp@remote.example>: try again later
rcpt <bad@remote.example> 550 5.1.1 <bad@remote.example>: no such user
EOS
peer_start "$T/peer.script"
pf_init "relayhost = [127.0.0.1]:$PEER_PORT" \
    "transport_maps = inline:{example.test=discard:}" \
    "smtp_connection_cache_on_demand = no" \
    "minimal_backoff_time = 300s" "maximal_backoff_time = 600s" \
    "queue_run_delay = 300s" "default_destination_concurrency_limit = 10"
pf_start

for i in $(seq 1 $N); do
    pf_send "s$i@example.test" ok@remote.example tmp@remote.example \
        bad@remote.example
done
agent_lines() { pf_count 'postfix/smtp\[[0-9]+\]: [0-9A-Z]+: to=<(ok|tmp|bad)@remote\.example>, '; }
wait_for 50 eval '[ "$(agent_lines)" -ge $((3 * N)) ]' ||
    t_fail "only $(agent_lines) of $((3 * N)) recipient lines"
# settled: every message deferred, and nothing more arriving
qfiles() { find "$@" -type f 2>/dev/null | wc -l; }
wait_for 20 eval '[ "$(qfiles "$QDIR/deferred")" = $N ] &&
    [ "$(qfiles "$QDIR/active" "$QDIR/incoming" "$QDIR/maildrop")" = 0 ]' ||
    t_fail "queue did not settle: $(pf_postqueue | tail -n 5)"
sleep 1
[ "$(agent_lines)" = $((3 * N)) ] ||
    t_fail "$(agent_lines) recipient lines, want $((3 * N))"

# Per message: one line per recipient, with the right outcome.
sed -n 's/.*postfix\/qmgr\[[0-9]*\]: \([0-9A-Z]*\): from=<s[0-9]*@example\.test>.*/\1/p' \
    "$LOG" | sort -u > "$T/qids"
[ "$(wc -l < "$T/qids")" = $N ] || t_fail "$(wc -l < "$T/qids") queue IDs, want $N"
relay="relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT"
delays="delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+"
grep -E 'postfix/smtp\[[0-9]+\]: ' "$LOG" > "$T/agent"
while read -r q; do
    grep -F " $q: " "$T/agent" > "$T/one"
    [ "$(wc -l < "$T/one")" = 3 ] || t_fail "$q: $(cat "$T/one")"
    grep -Eq ": $q: to=<ok@remote\.example>, $relay, $delays, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok: queued as S[0-9]+M1\)$" "$T/one" &&
    grep -Eq ": $q: to=<tmp@remote\.example>, $relay, $delays, dsn=4\.2\.0, status=deferred \(host 127\.0\.0\.1\[127\.0\.0\.1\] said: 450 4\.2\.0 <tmp@remote\.example>: try again later \(in reply to RCPT TO command\)\)$" "$T/one" &&
    grep -Eq ": $q: to=<bad@remote\.example>, $relay, $delays, dsn=5\.1\.1, status=bounced \(host 127\.0\.0\.1\[127\.0\.0\.1\] said: 550 5\.1\.1 <bad@remote\.example>: no such user \(in reply to RCPT TO command\)\)$" "$T/one" ||
        t_fail "$q: $(cat "$T/one")"
done < "$T/qids"
echo "ok: $N x 3 recipients logged exactly once each"
[ "$(grep -c ': to=' "$T/agent")" = $((3 * N)) ] ||
    t_fail "agent lines for other messages: $(grep -vFf "$T/qids" "$T/agent" | head -n 3)"
wait_for 20 eval '[ "$(pf_count "postfix/bounce\[[0-9]+\]: [0-9A-Z]+: sender non-delivery notification: ")" = $N ]' ||
    t_fail "$(pf_count 'sender non-delivery notification') notifications, want $N"
echo "ok: $N bounce notifications"

# The queue: exactly our messages, each waiting for tmp only.
"$PF_CMD/postqueue" -c "$CONF" -j > "$T/pq.json" 2>&1 || t_fail "postqueue -j"
python3 - "$T/pq.json" "$T/qids" "$PEER_PORT" <<'EOP' || t_fail "postqueue -j disagrees"
import json, sys
entries = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
qids = set(open(sys.argv[2]).read().split())
reason = ("host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tmp@remote.example>: "
          "try again later (in reply to RCPT TO command)")
ok = True
if sorted(e["queue_id"] for e in entries) != sorted(qids):
    print("queue IDs differ"); ok = False
for e in entries:
    r = e["recipients"]
    if (e["queue_name"] != "deferred" or len(r) != 1
            or r[0]["address"] != "tmp@remote.example"
            or r[0].get("delay_reason") != reason):
        print("bad entry:", e); ok = False
sys.exit(0 if ok else 1)
EOP
while read -r q; do
    pf_postcat "$q" > "$T/pc"
    grep -qx 'done_recipient: ok@remote.example' "$T/pc" &&
        grep -qx 'done_recipient: bad@remote.example' "$T/pc" &&
        grep -qx 'recipient: tmp@remote.example' "$T/pc" &&
        [ "$(grep -Ec '^(done_)?recipient: ' "$T/pc")" = 3 ] ||
        t_fail "postcat $q: $(grep recipient "$T/pc")"
done < "$T/qids"
echo "ok: postqueue and postcat agree: $N deferred for tmp@remote.example"

[ "$(grep -Ec '^[0-9]+ \*: message [0-9]+: ' "$T/peer.t")" = $N ] ||
    t_fail "peer received $(grep -Ec '^[0-9]+ \*: message [0-9]+: ' "$T/peer.t") messages, want $N"
bad=$(grep -E 'panic|fatal|warning' "$LOG")
[ -z "$bad" ] || t_fail "trouble in the maillog:
$(echo "$bad" | head -n 5)"
pf_flush_all
pf_stop
T_CLEANUP_HOOK=""
bg_kill "$PEER_PID"
t_pass
