#!/bin/sh
# smtp_lmtp_unix.sh - LMTP over a UNIX socket (unix:/path): relay=myhostname[path], all delivered
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start lmtp
cat > "$T/peer.script" < /dev/null
bg_start "$TOOLS/smtp_peer" -L -u "$T/lmtp.sock" -r "$T/peer.port" -T 30 \
    -t "$T/peer.t" "$T/peer.script"
PEER_PID=$BG_PID
wait_for 10 test -s "$T/peer.port" || t_fail "smtp_peer did not start"
drive -n "unix:$T/lmtp.sock" -R a@example.com -R b@example.com
peer_wait
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com sent 2.0.0 yes
expect_log "to=<a@example\.com>, relay=client\.example\.test\[$T/lmtp\.sock\], "
t_pass
