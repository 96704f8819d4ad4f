#!/bin/bash
# smtp_postfix_lmtp_dovecot - Postfix 3.7 with postern's lmtp delivers
# into a private Dovecot LMTP server, over TCP and over a UNIX socket.
#
# Dovecot (recipe: reference test-harness.md section 7) with users
# alice and bob (Maildirs under $T/dc/mail, owned by nobody), LMTP on
# 127.0.0.1:PORT and on $T/dc/run/lmtp.  Postfix: default_transport =
# lmtp:inet:127.0.0.1:PORT, and transport_maps sends unix.example to
# lmtp:unix:$T/dc/run/lmtp.  Message 1 to alice and bob @example.test
# (TCP), message 2 to alice and bob @unix.example (UNIX socket).
# Checked: all four recipients "status=sent" by postfix/lmtp[PID], with
# dsn=2.0.0 and Dovecot's per-recipient "250 2.0.0 <ADDR> ... Saved"
# reply text; relay=127.0.0.1[127.0.0.1]:PORT over TCP and
# relay=mta.example.test[SOCKET] (myhostname) over the socket; qmgr
# removes both messages; alice and bob each have exactly two messages
# in Maildir/new, one from each path.  Needs root, the postfix package
# and Dovecot's lmtp; skips otherwise.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need
[ -x /usr/sbin/dovecot ] || t_skip "dovecot is not installed"
id dovecot > /dev/null 2>&1 && id dovenull > /dev/null 2>&1 ||
    t_skip "no dovecot or dovenull user"
[ -e /usr/lib/dovecot/lmtp ] || t_skip "dovecot-lmtpd is not installed"

DC=$T/dc
mkdir -p "$DC/log" "$DC/mail" "$DC/state"
chmod 755 "$T" "$DC"
chown nobody:nogroup "$DC/mail"
LPORT=$(free_port)
SOCKET=$DC/run/lmtp
cat > "$DC/users" <<EOC
alice:{PLAIN}secret:65534:65534::$DC/mail/alice::
bob:{PLAIN}secret:65534:65534::$DC/mail/bob::
EOC
cat > "$DC/dovecot.conf" <<EOC
instance_name = dovecot-lmtp-$$
base_dir = $DC/run
state_dir = $DC/state
protocols = lmtp
listen = 127.0.0.1
ssl = no
log_path = $DC/log/dovecot.log
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_location = maildir:~/Maildir
postmaster_address = postmaster@example.test
auth_mechanisms = plain
auth_username_format = %Ln
passdb {
  driver = passwd-file
  args = $DC/users
}
userdb {
  driver = passwd-file
  args = $DC/users
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LPORT
  }
  unix_listener lmtp {
    mode = 0666
  }
}
EOC
DC_PID=""
dc_stop() {
    [ -n "$DC_PID" ] || return 0
    bg_kill "$DC_PID"
    wait_for 10 eval '! ss -ltn 2>/dev/null | grep -q "127.0.0.1:$LPORT "'
    DC_PID=""
}
T_CLEANUP_HOOK=dc_stop
bg_start /usr/sbin/dovecot -F -c "$DC/dovecot.conf"
DC_PID=$BG_PID
wait_for 15 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$LPORT " &&
    [ -S "$SOCKET" ]' ||
    t_fail "dovecot did not start: $(tail -n 5 "$DC/log/dovecot.log" 2>&1)"

pf_init "default_transport = lmtp:inet:127.0.0.1:$LPORT" \
    "transport_maps = inline:{unix.example=lmtp:unix:$SOCKET}"
pf_start
T_CLEANUP_HOOK='pf_stop; dc_stop'

PF_HEADERS="X-Via: tcp" pf_send s1@example.test alice@example.test bob@example.test
PF_HEADERS="X-Via: unix" pf_send s2@example.test alice@unix.example bob@unix.example
wait_for 30 eval '[ -n "$(pf_qid s1@example.test)" ] &&
    [ -n "$(pf_qid s2@example.test)" ]' || t_fail "qmgr did not take the mail"
Q1=$(pf_qid s1@example.test)
Q2=$(pf_qid s2@example.test)
delays="delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+"
saved() {	# saved QID RCPT RELAY-ERE
    echo "postfix/lmtp\[[0-9]+\]: $1: to=<$2>, relay=$3, $delays, dsn=2\.0\.0, status=sent \(250 2\.0\.0 <${2//./\\.}> [^ ]+ Saved\)$"
}
for r in alice@example.test bob@example.test; do
    pf_wait_log 30 "$(saved "$Q1" "$r" "127\.0\.0\.1\[127\.0\.0\.1\]:$LPORT")" ||
        t_fail "no status=sent (... Saved) for $r over TCP"
done
for r in alice@unix.example bob@unix.example; do
    pf_wait_log 30 "$(saved "$Q2" "$r" "mta\.example\.test\[${SOCKET//./\\.}\]")" ||
        t_fail "no status=sent (... Saved) for $r over the UNIX socket"
done
for q in "$Q1" "$Q2"; do
    pf_wait_log 30 "postfix/qmgr\[[0-9]+\]: $q: removed" || t_fail "$q not removed"
done
echo "ok: four recipients saved, both messages removed"
grep -E "postfix/lmtp\[[0-9]+\]: $Q2: " "$LOG" | sed 's/^/    /'

for u in alice bob; do
    wait_for 10 eval '[ "$(ls "$DC/mail/$u/Maildir/new" 2>/dev/null | wc -l)" = 2 ]' ||
        t_fail "$u: $(ls -R "$DC/mail/$u" 2>&1)"
    grep -l '^X-Via: tcp' "$DC/mail/$u/Maildir/new"/* > /dev/null &&
        grep -l '^X-Via: unix' "$DC/mail/$u/Maildir/new"/* > /dev/null ||
        t_fail "$u: messages lack the test headers"
done
echo "ok: two messages in each Maildir"
[ "$(pf_count 'postfix/lmtp\[[0-9]+\]: .*status=')" = 4 ] ||
    t_fail "want exactly 4 lmtp status lines"
bad=$(grep -E 'panic|fatal|warning' "$LOG")
[ -z "$bad" ] || t_fail "trouble in the maillog:
$bad"
pf_stop
dc_stop
T_CLEANUP_HOOK=""
t_pass
