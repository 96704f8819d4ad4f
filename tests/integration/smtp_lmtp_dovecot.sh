#!/bin/sh
# smtp_lmtp_dovecot.sh - LMTP to a real Dovecot (TCP and UNIX socket): known users delivered (Saved), an unknown one bounced 5.1.1 at RCPT
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
[ -x /usr/sbin/dovecot ] || t_skip "dovecot not installed"
[ "$(id -u)" = 0 ] || t_skip "the Dovecot recipe needs root (mail owned by nobody)"
id dovecot >/dev/null 2>&1 && id dovenull >/dev/null 2>&1 || t_skip "no dovecot users"
smtp_setup
chmod 755 "$T"
DV=$T/dovecot
DPORT=$(free_port)
mkdir -p "$DV/run" "$DV/state" "$DV/mail"
chmod 755 "$DV"
chown nobody "$DV/mail"
cat > "$DV/users" <<U
alice:{PLAIN}secret:65534:65534::$DV/mail/alice::
bob:{PLAIN}secret:65534:65534::$DV/mail/bob::
U
cat > "$DV/dovecot.conf" <<C
instance_name = dovecot-lmtp-$$
base_dir = $DV/run
state_dir = $DV/state
protocols = lmtp
listen = 127.0.0.1
ssl = no
log_path = $DV/dovecot.log
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_location = maildir:~/Maildir
postmaster_address = postmaster@example.test
auth_mechanisms = plain
auth_username_format = %Ln
passdb {
  driver = passwd-file
  args = $DV/users
}
userdb {
  driver = passwd-file
  args = $DV/users
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $DPORT
  }
  unix_listener lmtp {
    mode = 0666
  }
}
C
bg_start /usr/sbin/dovecot -F -c "$DV/dovecot.conf"
DOVECOT_PID=$BG_PID
T_CLEANUP_HOOK="kill -TERM $DOVECOT_PID 2>/dev/null; smtp_cleanup"
wait_for 15 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$DPORT "' ||
    t_fail "dovecot did not start: $(tail -3 "$DV/dovecot.log" 2>/dev/null)"
agent_start lmtp
drive -n "inet:127.0.0.1:$DPORT" -R alice@example.test -R bob@example.test -R nosuch@example.test
expect_reply 0
expect_rcpt alice@example.test sent 2.0.0 yes
expect_rcpt bob@example.test sent 2.0.0 yes
expect_rcpt nosuch@example.test bounced 5.1.1 yes
expect_log 'to=<alice@example\.test>, .*status=sent \(250 2\.0\.0 <alice@example\.test> .* Saved\)$' 1
: > "$LOG"
wait_for 5 test -S "$DV/run/lmtp" || t_fail "no dovecot lmtp socket"
drive -n "unix:$DV/run/lmtp" -R bob@example.test
expect_rcpt bob@example.test sent 2.0.0 yes
expect_log "relay=client\.example\.test\[$DV/run/lmtp\], " 1
[ "$(find "$DV/mail/bob" -path '*Maildir/new/*' -type f | wc -l)" = 2 ] ||
    t_fail "bob's maildir does not hold 2 messages"
t_pass
