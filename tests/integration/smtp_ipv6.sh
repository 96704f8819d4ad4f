#!/bin/sh
# smtp_ipv6.sh - IPv6 literal next-hop [ipv6:::1]:port; relay=::1[::1]:port
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null ||
    t_skip "no IPv6 loopback"
smtp_setup
agent_start smtp
rm -f "$T/peer.port"
cat > "$T/peer.script" < /dev/null
bg_start "$TOOLS/smtp_peer" -l '[::1]:0' -r "$T/peer.port" -T 30 -t "$T/peer.t" "$T/peer.script"
PEER_PID=$BG_PID
wait_for 10 test -s "$T/peer.port" || t_fail "smtp_peer did not start"
PEER_PORT=$(cat "$T/peer.port")
drive -n "[ipv6:::1]:$PEER_PORT" -R a@example.com
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
expect_log "to=<a@example\.com>, relay=::1\[::1\]:$PEER_PORT, "
t_pass
