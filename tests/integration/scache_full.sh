#!/bin/bash
# scache_full - the cache never uses more than half the descriptor
# limit: with master (and so scache) started under "ulimit -n 64",
# scache holds at most 32 connections; saving 40 closes the 8 oldest
# (their other ends see end of input, with the "connection cache full"
# warning) and keeps the 32 newest; another client can still connect
# and is served; nothing is fatal.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "connection_cache_ttl_limit = 20s"
inst_master_cf <<EOF2
scache unix - n n - 1 scache
EOF2
( ulimit -n 64 && master_start ) || t_fail "master did not start"
MASTER_PID=$(tr -d ' \n' < "$QDIR/pid/master.pid" 2>/dev/null)
pid_alive "$MASTER_PID" || t_fail "master is not running"
S=$(sock scache)
wait_for 10 test -S "$S" || t_fail "no scache socket"
probe() { "$TOP/tests/tools/scache_probe" -T 30 -s "$S" "$@"; }

args=(connect)
for i in $(seq 1 40); do args+=(pair "p$i" save_endp 20 E "x$i" "p$i"); done
for i in 1 8 9 40; do args+=(eof "p$i" 0); done
args+=(connect find_endp E)
probe "${args[@]}" > "$T/out" 2> "$T/err" || t_fail "probe: $(cat "$T/err")"
[ "$(grep -c '^save_endp status=0$' "$T/out")" = 40 ] || t_fail "saves: $(sort "$T/out" | uniq -c)"
grep -Eq '^eof p1 ms=[0-9]+$' "$T/out" || t_fail "oldest connection not closed: $(grep '^eof' "$T/out")"
grep -Eq '^eof p8 ms=[0-9]+$' "$T/out" || t_fail "8th connection not closed"
grep -qx 'eof p9 none' "$T/out" || t_fail "9th connection closed"
grep -qx 'eof p40 none' "$T/out" || t_fail "newest connection closed"
grep -qx 'find_endp status=0 property=x9' "$T/out" ||
    t_fail "second client: $(tail -n 1 "$T/out")"
[ "$(log_count 'scache\[[0-9]+\]: warning: connection cache full \(32 connections\): closing the oldest$')" = 8 ] ||
    t_fail "want 8 cache full warnings, have $(log_count 'cache full')"
[ "$(log_count 'scache.*(fatal|panic)')" = 0 ] || t_fail "scache fatal/panic"
master_stop
t_pass
