#!/bin/bash
# smtp_postfix_defer - Postfix 3.7 with postern's smtp: a refused
# connection defers the mail, with our reason where Postfix's tools
# show it.
#
# relayhost = [127.0.0.1]:PORT where nobody listens.  Checked: the
# agent logs "status=deferred (connect to 127.0.0.1[127.0.0.1]:PORT:
# Connection refused)" with relay=none and dsn=4.4.1; the message moves
# to the deferred queue; "postqueue -p" shows exactly that reason for
# it and its recipient; postcat finds the recipient not done; nothing
# logs a panic, fatal or "status=sent/bounced".
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need

PORT=$(free_port)
pf_init "relayhost = [127.0.0.1]:$PORT" "minimal_backoff_time = 300s" \
    "maximal_backoff_time = 600s" "queue_run_delay = 300s"
pf_start

pf_send s1@example.test a@remote.example
wait_for 30 eval '[ -n "$(pf_qid s1@example.test)" ]' ||
    t_fail "qmgr did not take the mail"
Q=$(pf_qid s1@example.test)
reason="connect to 127\.0\.0\.1\[127\.0\.0\.1\]:$PORT: Connection refused"
pf_wait_log 30 "postfix/smtp\[[0-9]+\]: $Q: to=<a@remote\.example>, relay=none, delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+, dsn=4\.4\.1, status=deferred \($reason\)$" ||
    t_fail "no status=deferred line with the connect reason"
echo "ok: deferred with our reason"

wait_for 10 eval 'ls "$QDIR"/deferred/*/"$Q" > /dev/null 2>&1' ||
    t_fail "$Q is not in the deferred queue"
pf_postqueue > "$T/pq"
grep -Eq "^$Q[*!]? " "$T/pq" && grep -Eq "^ *\($reason\)$" "$T/pq" &&
    grep -Eq '^ +a@remote\.example$' "$T/pq" ||
    t_fail "postqueue -p: $(cat "$T/pq")"
echo "ok: postqueue -p shows the reason"
pf_postcat "$Q" > "$T/pc"
grep -qx 'recipient: a@remote.example' "$T/pc" &&
    ! grep -q '^done_recipient:' "$T/pc" || t_fail "postcat: $(cat "$T/pc")"

bad=$(grep -E 'panic|fatal|status=sent|status=bounced' "$LOG")
[ -z "$bad" ] || t_fail "unexpected maillog lines:
$bad"
pf_flush_all
pf_stop
T_CLEANUP_HOOK=""
t_pass
