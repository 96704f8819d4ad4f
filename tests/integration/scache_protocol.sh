#!/bin/bash
# scache_protocol - postern's scache under postern's master: the
# announcement and a miss reply byte for byte; save/find round trips by
# endpoint and by destination over a socketpair and over TCP, each
# handed-out fd proven to be the saved connection; oldest session
# first; find_dest skips a binding whose endpoint has no session;
# misses (status 2, empty properties), an unknown request and a bad TTL
# (status 1 and their warnings); the connection stays usable after
# them; statistics lines with the right counts.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "connection_cache_ttl_limit = 10s" \
    "connection_cache_status_update_time = 2s"
inst_master_cf <<EOF2
scache unix - n n - 1 scache
EOF2
master_start
S=$(sock scache)
wait_for 10 test -S "$S" || t_fail "no scache socket"
probe() { "$TOP/tests/tools/scache_probe" -T 30 -s "$S" "$@"; }

# Bytes on the wire: the announcement, then a find_endp miss.
python3 - "$S" > "$T/raw" <<'PY' || t_fail "raw exchange failed"
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1])
def read(n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c: break
        b += c
    return b
print(repr(read(36)))
s.sendall(b"request\0find_endp\0label\0nothing\0\0")
print(repr(read(20)))
PY
t_check grep -qxF "b'protocol\\x00connection_cache_protocol\\x00\\x00'" "$T/raw" -- \
    "announcement bytes: $(head -n 1 "$T/raw")"
t_check grep -qxF "b'status\\x002\\x00property\\x00\\x00\\x00'" "$T/raw" -- \
    "miss reply bytes: $(tail -n 1 "$T/raw")"

probe connect pair a tcp b pair c pair d \
    save_endp 10 E1 props-a a save_endp 10 E1 props-b b \
    find_endp E1 verify a find_endp E1 verify b find_endp E1 \
    save_dest 10 D1 to-E2 E2 save_dest 10 D1 to-E3 E3 \
    save_endp 10 E3 props-c c find_dest D1 verify c find_dest D1 \
    find_dest nowhere request bogus save_endp 0 E4 props-d d \
    save_endp 10 E4 props-d d find_endp E4 verify d \
    > "$T/out" 2> "$T/err" || t_fail "probe: $(cat "$T/err")"
cat > "$T/want" <<EOF2
save_endp status=0
save_endp status=0
find_endp status=0 property=props-a
verify a ok
find_endp status=0 property=props-b
verify b ok
find_endp status=2 property=
save_dest status=0
save_dest status=0
save_endp status=0
find_dest status=0 property=to-E3 property=props-c
verify c ok
find_dest status=2 property= property=
find_dest status=2 property= property=
request status=1
save_endp status=1
save_endp status=0
find_endp status=0 property=props-d
verify d ok
EOF2
diff "$T/want" "$T/out" > "$T/diff" || t_fail "probe results differ: $(cat "$T/diff")"

t_check wait_for 5 eval '[ "$(log_count "scache\[[0-9]+\]: warning: unrecognized request: \"bogus\", ignored$")" = 1 ]' -- \
    "no unrecognized request warning"
t_check wait_for 5 eval '[ "$(log_count "scache\[[0-9]+\]: warning: scache_save_endp_service: bad or missing request parameter$")" = 1 ]' -- \
    "no bad parameter warning"

# Statistics: lookups by domain 1 hit 2 misses (the two find_dest
# misses), by address 3 hits and 2 misses (one of them the raw one).
t_check wait_for 6 eval '[ "$(log_count "statistics: max simultaneous")" -ge 1 ]' -- \
    "no statistics lines"
log_has() { grep -Eq -- "$1" "$LOG"; }
t_check log_has 'scache\[[0-9]+\]: statistics: start interval [A-Z][a-z]{2} [ 0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' -- "start interval line"
t_check log_has 'scache\[[0-9]+\]: statistics: domain lookup hits=1 miss=2 success=33%$' -- "domain lookup line"
t_check log_has 'scache\[[0-9]+\]: statistics: address lookup hits=3 miss=2 success=60%$' -- "address lookup line"
t_check log_has 'scache\[[0-9]+\]: statistics: max simultaneous domains=1 addresses=1 connection=2$' -- "max simultaneous line"
[ "$(log_count 'scache.*(fatal|panic)')" = 0 ] || t_fail "scache fatal/panic"
master_stop
t_pass
