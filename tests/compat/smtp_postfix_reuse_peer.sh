#!/bin/bash
# smtp_postfix_reuse_peer - a cached connection that the server dropped,
# and smtp_connection_reuse_time_limit, with postern's smtp under
# Postfix 3.7's qmgr and scache, against smtp_peer.
#
# relayhost = smtp_peer (sessions one after another), caching for that
# destination from the first request (smtp_connection_cache_destinations
# = 127.0.0.1), cache TTL 20 s, smtp_connection_reuse_time_limit = 5s.
# Messages are sent one at a time (each after the previous "status=sent").
#   m1: session 1, fresh (no conn_use); the connection is cached, no QUIT.
#   m2: session 1 again, "conn_use=2"; the peer closes the connection
#       right after its reply to the end of data (drop dot #2 after).
#   m3: the cached connection is dead; the RSET probe finds out, and m3
#       goes over a fresh connection (session 2, no conn_use), sent
#       with no deferral and no warning.
#   m4: 6 s later: session 2 is still cached (TTL 20 s) but past its
#       reuse time limit: m4 goes over it ("conn_use=2") and then the
#       agent sends QUIT instead of caching it.
#   m5: a fresh session 3.
# The peer's transcript must show exactly that: messages 1-2 in session
# 1, 3-4 in session 2, 5 in session 3, QUIT only in session 2, and an
# RSET before m4 in session 2 (the probe).
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need

cat > "$T/peer.script" <<'EOS'
session 1
drop dot #2 after
EOS
peer_start "$T/peer.script"

pf_init "relayhost = [127.0.0.1]:$PEER_PORT" \
    "smtp_connection_cache_destinations = 127.0.0.1" \
    "smtp_connection_cache_time_limit = 20s" \
    "connection_cache_ttl_limit = 20s" \
    "smtp_connection_reuse_time_limit = 5s"
pf_start

sent_re() {	# sent_re N: the sent line of message N
    echo "postfix/smtp\[[0-9]+\]: [0-9A-F]+: to=<r$1@remote\.example>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PEER_PORT, (conn_use=[0-9]+, )?delay=.*, dsn=2\.0\.0, status=sent"
}
send_one() {	# send_one N: message N, wait until it is sent
    pf_send "s$1@example.test" "r$1@remote.example"
    pf_wait_log 30 "$(sent_re "$1")" || t_fail "message $1 was not sent"
}
conn_use_of() { grep -E "$(sent_re "$1")" "$LOG" | sed -n 's/.*conn_use=\([0-9]*\),.*/\1/p'; }

send_one 1
send_one 2
send_one 3
sleep 6
send_one 4
send_one 5

[ -z "$(conn_use_of 1)" ] || t_fail "m1 has conn_use=$(conn_use_of 1)"
[ "$(conn_use_of 2)" = 2 ] || t_fail "m2: conn_use='$(conn_use_of 2)', want 2"
[ -z "$(conn_use_of 3)" ] || t_fail "m3 (after the drop) has conn_use=$(conn_use_of 3)"
[ "$(conn_use_of 4)" = 2 ] || t_fail "m4: conn_use='$(conn_use_of 4)', want 2"
[ -z "$(conn_use_of 5)" ] || t_fail "m5 (after the time limit) has conn_use=$(conn_use_of 5)"
echo "ok: conn_use 1:- 2:2 3:- 4:2 5:-"

# Which session carried which message (the peer logs "S C: MAIL FROM:<..>").
sess_of() { sed -n "s/^\([0-9]*\) C: MAIL FROM:<s$1@example\.test>.*/\1/p" "$T/peer.t"; }
got="$(sess_of 1) $(sess_of 2) $(sess_of 3) $(sess_of 4) $(sess_of 5)"
[ "$got" = "1 1 2 2 3" ] || t_fail "sessions of m1..m5: '$got', want '1 1 2 2 3'"
q=$(sed -n 's/^\([0-9]*\) C: QUIT$/\1/p' "$T/peer.t" | tr '\n' ' ')
[ "$q" = "2 " ] || t_fail "QUIT in sessions '$q', want only 2"
# Session 2: the RSET probe comes between m3's end and m4's MAIL FROM.
awk '/^2 C: MAIL FROM:<s3@/ {a = 1} a && /^2 C: RSET$/ {r = 1}
     r && /^2 C: MAIL FROM:<s4@/ {ok = 1} END {exit !ok}' "$T/peer.t" ||
    t_fail "no RSET probe before m4 in session 2"
echo "ok: sessions 1 1 2 2 3, QUIT only in 2, RSET probe before m4"

grep -Eq 'status=(deferred|bounced)' "$LOG" && t_fail "a deferral or bounce: $(grep -E 'status=(deferred|bounced)' "$LOG")"
bad=$(grep -E 'warning|fatal|panic' "$LOG")
[ -z "$bad" ] || t_fail "trouble in the maillog:
$bad"
exit 0
