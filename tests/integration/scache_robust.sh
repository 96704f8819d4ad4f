#!/bin/bash
# scache_robust - misbehaving clients cost only their own connection:
# while one client has two connections cached (endpoint and destination
# label), others send garbage, a wrong first attribute, a label over the
# attribute size limit, die in the middle of a request or between the
# dummy and the descriptor, or sit idle.  The garbage senders are
# disconnected (with a warning), the cached sessions are then still
# handed out and are the same connections, the idle client is still
# served, the same single scache process serves throughout, and nothing
# is fatal.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "connection_cache_ttl_limit = 20s"
inst_master_cf <<EOF2
scache unix - n n - 1 scache
EOF2
master_start
S=$(sock scache)
wait_for 10 test -S "$S" || t_fail "no scache socket"
probe() { "$TOP/tests/tools/scache_probe" -T 30 -s "$S" "$@"; }

bg_start probe connect tcp h1 pair h2 \
    save_endp 20 EH ph1 h1 save_endp 20 EH ph2 h2 save_dest 20 DH pdh EH \
    hold 4 connect find_dest DH verify h1 use 1 find_endp EH verify h2 \
    find_endp EH > "$T/holder.out" 2>&1
holder=$BG_PID
wait_for 10 grep -q '^save_dest status=0$' "$T/holder.out" ||
    t_fail "holder did not save: $(cat "$T/holder.out")"
pid=$(children_of "$MASTER_PID" scache)
[ -n "$pid" ] || t_fail "no scache process"

bg_start probe connect hold 3 request bogus > "$T/idle.out" 2>&1
idle=$BG_PID

probe connect send 'garbage\xff\0\0' closed 5 > "$T/g1.out" 2>&1
probe connect send 'label\0x\0\0' closed 5 > "$T/g2.out" 2>&1
probe connect send 'request\0save_endp\0ttl\0' exit > "$T/g3.out" 2>&1
probe connect save_endp_nofd 20 EX px exit > "$T/g4.out" 2>&1
probe connect send 'request\0find_endp\0label\0EH' exit > "$T/g5.out" 2>&1
python3 - "$S" > "$T/g6.out" 2>&1 <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1])
s.recv(36)
try:
    s.sendall(b"request\0find_endp\0label\0" + b"x" * (1100 * 1024) + b"\0\0")
    print("closed yes" if s.recv(100) == b"" else "closed no")
except (BrokenPipeError, ConnectionResetError):
    print("closed yes")
PY
for g in g1 g2 g6; do
    grep -qx 'closed yes' "$T/$g.out" || t_fail "$g: not disconnected: $(cat "$T/$g.out")"
done
wait "$idle"
wait "$holder"
cat > "$T/want" <<EOF2
save_endp status=0
save_endp status=0
save_dest status=0
find_dest status=0 property=pdh property=ph1
verify h1 ok
find_endp status=0 property=ph2
verify h2 ok
find_endp status=2 property=
EOF2
diff "$T/want" "$T/holder.out" > "$T/diff" || t_fail "holder: $(cat "$T/diff")"
grep -qx 'request status=1' "$T/idle.out" || t_fail "idle client: $(cat "$T/idle.out")"
[ "$(children_of "$MASTER_PID" scache)" = "$pid" ] || t_fail "scache process changed"
pid_alive "$pid" || t_fail "scache died"
t_check wait_for 5 eval '[ "$(log_count "scache\[[0-9]+\]: warning: ")" -ge 5 ]' -- \
    "too few warnings"
log_has() { grep -Eq -- "$1" "$LOG"; }
t_check log_has 'scache\[[0-9]+\]: warning: scache_save_endp_service: unable to receive file descriptor' -- \
    "no warning for the death after the dummy"
t_check log_has 'scache\[[0-9]+\]: warning: .*(too long|limit)' -- \
    "no warning for the over-long label"
[ "$(log_count 'scache.*(fatal|panic)')" = 0 ] || t_fail "scache fatal/panic"
master_stop
t_pass
