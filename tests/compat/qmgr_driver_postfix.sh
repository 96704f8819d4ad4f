#!/bin/bash
# qmgr_driver_postfix - Postfix 3.7's own delivery agents against
# qmgr_driver: proof that the driver's delivery requests are what a
# strict 3.7 agent accepts and that its bounce/defer/trace services
# answer what Postfix's clients expect.
#
# Postfix's discard(8) and error(8) run under tests/tools/fake_master
# (as root, started in the queue directory as master would).  Checked:
# discard marks every recipient done and, with flags RECORD (0x400) and
# NOTIFY=SUCCESS, reports to trace (twice for the SUCCESS recipient);
# error bounces with the next hop's text and marks done; with the bounce
# service failing (-F bounce) error falls back to defer and replies -1
# without marking; a 3.10 "sendopts" request is refused by the 3.7 agent
# (defer reply, nothing marked); EOF without a request is accepted.
# Needs root and the postfix package; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

[ "$(id -u)" = 0 ] || t_skip "needs root (Postfix's daemons)"
PF_SBIN=/usr/lib/postfix/sbin
[ -x "$PF_SBIN/discard" ] && [ -x "$PF_SBIN/error" ] ||
    t_skip "postfix is not installed"
id postfix > /dev/null 2>&1 || t_skip "no postfix user"
B=$TOP/tests/tools
for p in fake_master qmgr_driver; do
    [ -x "$B/$p" ] || t_fail "$B/$p is not built"
done

Q=$T/spool
mkdir -p "$T/etc" "$Q/active" "$Q/private" "$Q/public" "$Q/pid"
cat > "$T/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $Q
mail_owner = postfix
myhostname = mta.example.test
mydomain = example.test
EOF
export MAIL_CONFIG=$T/etc
unset MAIL_VERBOSE MAIL_DEBUG GENERATION

# agent NAME: Postfix's NAME daemon under fake_master on private/NAME
agent() {
    (cd "$Q" && exec "$B/fake_master" -T 60 -l "$Q/private/$1" -- \
        "$PF_SBIN/$1" -t unix) > "$T/fm.$1" 2>&1 &
    BG_PIDS="$BG_PIDS $!"
    eval "FM_$1=$!"
    wait_for 10 grep -q '^child pid=' "$T/fm.$1" ||
        t_fail "fake_master did not start $1"
}
drive() {	# drive AGENT ARGS...: report in $T/report, exit status in RC
    local a=$1
    shift
    "$B/qmgr_driver" -q "$Q" -s "$Q/private/$a" -t 20 -o "$T/report" "$@"
    RC=$?
}
has() {
    grep -Eq -- "$1" "$T/report" || t_fail "no line '$1' in:
$(cat "$T/report")"
}
count() { grep -Ec -- "$1" "$T/report"; }

agent discard
agent error

# ---- discard: trace reports, all done ----------------------------------
drive discard -n "discarded for test" -f 0x403 -R a@example.com \
    -R b@example.com:success
[ $RC = 0 ] || t_fail "discard: exit $RC: $(cat "$T/report")"
has '^reply status=0 hop_status= '
has '^done rcpt=a@example.com offset=[0-9]+ marked=yes$'
has '^done rcpt=b@example.com offset=[0-9]+ marked=yes$'
[ "$(count '^report service=trace nrequest=0 flags=1024 .* rcpt=b@example.com .* status=2\.0\.0 .* action=delivered reason=discarded%20for%20test answer=0$')" = 2 ] ||
    t_fail "discard: trace reports for b: $(cat "$T/report")"
[ "$(count '^report service=trace .* rcpt=a@example.com ')" = 1 ] ||
    t_fail "discard: trace reports for a: $(cat "$T/report")"
echo "ok: discard"

# ---- error: bounce reports, done marks at the reported offsets -----------
drive error -n "5.1.1 no such user" -R a@example.com -R c@example.com
[ $RC = 0 ] || t_fail "error: exit $RC: $(cat "$T/report")"
has '^reply status=0 '
for r in a@example.com c@example.com; do
    off=$(sed -n "s/^rcpt rcpt=$r offset=\([0-9]*\)\$/\1/p" "$T/report")
    has "^report service=bounce nrequest=0 flags=0 queue_id=[0-9A-F]+ orig_rcpt=$r rcpt=$r offset=$off dsn_orig_rcpt= notify_flags=0 status=5\.1\.1 diag_type= diag_text= mta_type= mta_mname= action=failed reason=no%20such%20user answer=0\$"
    has "^done rcpt=$r offset=$off marked=yes\$"
done
echo "ok: error -> bounce"

# ---- bounce service failing: defer, status -1, nothing marked ----------
drive error -n "5.1.1 no such user" -F bounce -R d@example.com
[ $RC = 0 ] || t_fail "error -F bounce: exit $RC"
has '^report service=bounce .* rcpt=d@example.com .* answer=-1$'
has '^report service=defer .* rcpt=d@example.com .* status=4\.3\.0 .* action=delayed reason=bounce%20or%20trace%20service%20failure answer=0$'
has '^reply status=-1 '
has '^done rcpt=d@example.com offset=[0-9]+ marked=no$'
echo "ok: failing bounce service"

# ---- 3.10 sendopts is refused by a 3.7 agent; EOF without request ------
drive error -V sendopts -R e@example.com
[ $RC = 0 ] || t_fail "sendopts: exit $RC"
has '^reply status=-1 '
[ "$(count '^report ')" = 0 ] || t_fail "sendopts: unexpected reports"
drive error -N
[ $RC = 0 ] && has '^norequest$'
echo "ok: sendopts refused, no request"

# ---- both agents are still the first children --------------------------
for a in discard error; do
    [ "$(grep -c '^child pid=' "$T/fm.$a")" = 1 ] &&
        ! grep -q '^exit pid=' "$T/fm.$a" ||
        t_fail "$a: $(cat "$T/fm.$a")"
done
t_pass
