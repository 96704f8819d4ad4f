#!/bin/bash
# smtp_postfix_bounce - Postfix 3.7 with postern's smtp: a recipient
# rejected with 550 bounces through Postfix's bounce daemon, the other
# recipient of the same message is delivered.
#
# relayhost = smtp_peer, which answers RCPT TO:<bad@remote.example> with
# "550 5.1.1 <bad@remote.example>: no such user" and everything else
# with 250.  Bounce notifications (to example.test) are discarded.
# Checked: bad@remote.example "status=bounced" with dsn=5.1.1 and the
# peer's reply in the reason ("host 127.0.0.1[127.0.0.1] said: 550
# ... (in reply to RCPT TO command)"); good@remote.example
# "status=sent"; Postfix's bounce daemon logs "QID: sender non-delivery
# notification: QID2"; the notification reaches discard; qmgr removes
# the message; the peer saw exactly one DATA, with only the good
# recipient accepted; no panic/fatal/warning in the maillog.
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need

cat > "$T/peer.script" <<'EOS'
rcpt <bad@remote.example> 550 5.1.1 <bad@remote.example>: no such user
EOS
peer_start "$T/peer.script"
pf_init "relayhost = [127.0.0.1]:$PEER_PORT" \
    "transport_maps = inline:{example.test=discard:}" \
    "smtp_connection_cache_on_demand = no"
pf_start

pf_send s1@example.test good@remote.example bad@remote.example
wait_for 30 eval '[ -n "$(pf_qid s1@example.test)" ]' ||
    t_fail "qmgr did not take the mail"
Q=$(pf_qid s1@example.test)
relay="relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT"
delays="delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+"
pf_wait_log 30 "postfix/smtp\[[0-9]+\]: $Q: to=<bad@remote\.example>, $relay, $delays, dsn=5\.1\.1, status=bounced \(host 127\.0\.0\.1\[127\.0\.0\.1\] said: 550 5\.1\.1 <bad@remote\.example>: no such user \(in reply to RCPT TO command\)\)$" ||
    t_fail "no status=bounced line for bad@remote.example"
pf_wait_log 30 "postfix/smtp\[[0-9]+\]: $Q: to=<good@remote\.example>, $relay, $delays, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok: queued as S[0-9]+M1\)$" ||
    t_fail "no status=sent line for good@remote.example"
echo "ok: bounced and sent"
pf_wait_log 30 "postfix/bounce\[[0-9]+\]: $Q: sender non-delivery notification: [0-9A-Z]+$" ||
    t_fail "no sender non-delivery notification"
N=$(sed -n "s/.*postfix\/bounce\[[0-9]*\]: $Q: sender non-delivery notification: \([0-9A-Z]*\)$/\1/p" "$LOG")
pf_wait_log 30 "postfix/discard\[[0-9]+\]: $N: to=<s1@example\.test>, .*status=sent" ||
    t_fail "the notification $N did not reach the sender's transport"
pf_wait_log 30 "postfix/qmgr\[[0-9]+\]: $Q: removed" || t_fail "$Q not removed"
echo "ok: notification $N by Postfix's bounce daemon"

[ "$(grep -c ' C: DATA$' "$T/peer.t")" = 1 ] &&
    [ "$(grep -c ' C: RCPT TO:<good@remote.example>' "$T/peer.t")" = 1 ] &&
    [ "$(grep -c ' C: RCPT TO:<bad@remote.example>' "$T/peer.t")" = 1 ] ||
    t_fail "peer transcript: $(cat "$T/peer.t")"
[ "$(pf_count "postfix/smtp\[[0-9]+\]: $Q: ")" = 2 ] ||
    t_fail "want exactly 2 agent lines for $Q"
bad=$(grep -E 'panic|fatal|warning' "$LOG")
[ -z "$bad" ] || t_fail "trouble in the maillog:
$bad"
pf_stop
T_CLEANUP_HOOK=""
bg_kill "$PEER_PID"
t_pass
