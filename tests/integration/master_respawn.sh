#!/bin/bash
# master_respawn - a child killed with SIGKILL (idle, then busy) is
# replaced: the next client is served by a new process, master logs
# "killed by signal 9", and no throttling happens (the children had
# completed clients).  maxproc 1, so which child is busy is known.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

inst_create
inst_master_cf <<EOF2
test_single unix - n n - 1 test_single
EOF2
master_start
S=$(sock test_single)

# served_twice - request until one child reports count >= 2 (so its
# AVAIL for the first client was sent); print that child's pid
served_twice() {
    local i line
    for i in 1 2 3 4 5 6 7 8 9 10; do
        line=$(tclient -n 1 -t 10 "$S") || return 1
        case $line in
        pid=*" count="[2-9]*|pid=*" count="[1-9][0-9]*)
            line=${line#pid=}; echo "${line%% *}"; return 0 ;;
        esac
    done
    return 1
}

# Idle child.
a=$(served_twice) || t_fail "no child served two clients"
pid_alive "$a" || t_fail "server pid $a not alive after its reply"
kill -KILL "$a"
wait_for 5 eval '! pid_alive '"$a" || t_fail "pid $a survived SIGKILL"
wait_for 5 eval '[ "$(log_count "pid $a killed by signal 9")" -ge 1 ]' ||
    t_fail "no 'killed by signal 9' for pid $a"

# Busy child: b is the only child, so it takes the slow client.
b=$(served_twice) || t_fail "no new child after SIGKILL"
[ "$b" != "$a" ] || t_fail "pid $a still serves"
bg_start tclient -n 1 -d 5000 -t 20 "$S" > /dev/null 2>&1
slow=$BG_PID
sleep 1
pid_alive "$b" || t_fail "server pid $b gone before the kill"
kill -KILL "$b"
wait "$slow" && t_fail "slow client succeeded although its server was killed"
wait_for 5 eval '[ "$(log_count "pid $b killed by signal 9")" -ge 1 ]' ||
    t_fail "no 'killed by signal 9' for pid $b"
tclient -n 1 -t 10 "$S" > "$T/r3" || t_fail "request after busy SIGKILL failed"
c=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' "$T/r3")
[ -n "$c" ] && [ "$c" != "$b" ] && [ "$c" != "$a" ] ||
    t_fail "no new server process ($b -> $c)"
[ "$(log_count 'bad command startup')" -eq 0 ] ||
    t_fail "throttled although the children had served clients"
master_stop
t_pass
