#!/bin/bash
# scache_idle - scache stays while a client is connected, even past
# max_idle, and exits max_idle after the last client left (cleanly:
# no warning from master); at exit it logs the statistics of the
# interval (here one address lookup miss, one domain lookup hit).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create "max_idle = 2s" "connection_cache_status_update_time = 600s"
inst_master_cf <<EOF2
scache unix - n n - 1 scache
EOF2
master_start
S=$(sock scache)
wait_for 10 test -S "$S" || t_fail "no scache socket"
probe() { "$TOP/tests/tools/scache_probe" -T 30 -s "$S" "$@"; }

bg_start probe connect pair a find_endp nothing save_endp 2 E pa a \
    save_dest 2 D pd E find_dest D hold 4 > "$T/out" 2>&1
client=$BG_PID
wait_for 10 grep -q '^find_dest status=0' "$T/out" || t_fail "probe: $(cat "$T/out")"
pid=$(children_of "$MASTER_PID" scache)
[ -n "$pid" ] || t_fail "no scache process"
sleep 3
pid_alive "$pid" || t_fail "scache exited while a client was connected"
[ "$(log_count 'statistics:')" = 0 ] || t_fail "statistics before exit"
wait "$client"
left=$SECONDS
wait_for 6 eval '! pid_alive '"$pid" || t_fail "scache still running 6 s after the last client left"
gone=$((SECONDS - left))
[ $gone -ge 1 ] || t_fail "scache exited $gone s after the last client (max_idle 2s)"
log_has() { grep -Eq -- "$1" "$LOG"; }
t_check wait_for 3 log_has "scache\[$pid\]: statistics: address lookup hits=0 miss=1 success=0%\$" -- \
    "no address statistics at exit"
t_check log_has "scache\[$pid\]: statistics: domain lookup hits=1 miss=0 success=100%\$" -- \
    "no domain statistics at exit"
t_check log_has "scache\[$pid\]: statistics: max simultaneous domains=1 addresses=1 connection=1\$" -- \
    "no size statistics at exit"
[ "$(log_count 'warning|fatal|panic')" = 0 ] || t_fail "warnings logged"
master_stop
t_pass
