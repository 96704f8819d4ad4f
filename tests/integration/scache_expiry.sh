#!/bin/bash
# scache_expiry - cached connections are closed on time: with
# connection_cache_ttl_limit = 2s, a session saved with ttl 1 is closed
# (its other end sees end of input) between 1 and 2 s after the save,
# one saved with ttl 100 is clamped (closed between 2 and 3 s, not
# later); a session with time left is still handed out and is the same
# connection; a destination binding expires on its own TTL while its
# endpoint's session lives on; a binding saved with a huge TTL is
# clamped too.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "connection_cache_ttl_limit = 2s"
inst_master_cf <<EOF2
scache unix - n n - 1 scache
EOF2
master_start
S=$(sock scache)
wait_for 10 test -S "$S" || t_fail "no scache socket"
probe() { "$TOP/tests/tools/scache_probe" -T 30 -s "$S" "$@"; }

bg_start probe connect pair a save_endp 1 EA pa a eof a 5 > "$T/a.out" 2>&1
pa=$BG_PID
bg_start probe connect tcp b save_endp 100 EB pb b eof b 5 > "$T/b.out" 2>&1
pb=$BG_PID
probe connect pair c pair d pair e \
    save_endp 2 EC pc c save_dest 1 D pd ED save_endp 2 ED pe d \
    save_dest 100 D2 pd2 EE hold 1.3 \
    find_endp EC verify c find_dest D find_endp ED verify d \
    hold 1.3 save_endp 2 EE pe e find_dest D2 find_endp EE verify e \
    > "$T/main.out" 2> "$T/main.err" || t_fail "probe: $(cat "$T/main.err")"
wait "$pa"; wait "$pb"

ms_of() { sed -n "s/^eof $1 ms=\([0-9]*\)$/\1/p" "$T/$1.out"; }
a=$(ms_of a); b=$(ms_of b)
[ -n "$a" ] || t_fail "ttl 1 session: $(cat "$T/a.out")"
[ -n "$b" ] || t_fail "ttl 100 session: $(cat "$T/b.out")"
[ "$a" -ge 950 ] && [ "$a" -le 2000 ] || t_fail "ttl 1 session closed after $a ms"
[ "$b" -ge 1950 ] && [ "$b" -le 3000 ] || t_fail "clamped session closed after $b ms"
echo "ttl 1 closed after $a ms, ttl 100 (limit 2s) after $b ms"

cat > "$T/want" <<EOF2
save_endp status=0
save_dest status=0
save_endp status=0
save_dest status=0
find_endp status=0 property=pc
verify c ok
find_dest status=2 property= property=
find_endp status=0 property=pe
verify d ok
save_endp status=0
find_dest status=2 property= property=
find_endp status=0 property=pe
verify e ok
EOF2
diff "$T/want" "$T/main.out" > "$T/diff" || t_fail "results differ: $(cat "$T/diff")"
[ "$(log_count 'scache.*(warning|fatal|panic)')" = 0 ] || t_fail "scache complained"
master_stop
t_pass
