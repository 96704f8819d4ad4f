#!/bin/sh
# postern_lifecycle.sh - an instance from nothing to stopped:
# "postern init DIR", "check" creates the queue tree with the right modes
# and a second run has nothing to fix, a broken mode is repaired, then
# start, status (running), reload, stop, status (not running), and no
# process of the instance is left.  Skipped until libexec/master exists.
set -u
: "${TOP:?TOP must name the build tree}"
P=$TOP/bin/postern
[ -x "$P" ] || { echo "skip: $P is not built"; exit 77; }
[ -x "$TOP/libexec/master" ] || { echo "skip: $TOP/libexec/master is not built yet"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/lifecycle.XXXXXX") || exit 1
MASTER_PID=
cleanup() {
    # Only the master this test started, by its PID.
    if [ -n "$MASTER_PID" ] && kill -0 "$MASTER_PID" 2> /dev/null; then
        kill -TERM "$MASTER_PID" 2> /dev/null
        i=0
        while kill -0 "$MASTER_PID" 2> /dev/null && [ $i -lt 50 ]; do
            sleep 0.1; i=$((i + 1))
        done
        kill -KILL "$MASTER_PID" 2> /dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
E=$T/etc
Q=$T/queue

# PIDs of processes of this instance: MAIL_CONFIG=$E in the environment or
# the arguments "-c" "$E" on the command line.
instance_pids() {
    for d in /proc/[0-9]*; do
        if tr '\0' '\n' 2> /dev/null < "$d/environ" | grep -qxF "MAIL_CONFIG=$E" ||
           tr '\0' '\n' 2> /dev/null < "$d/cmdline" |
               awk -v e="$E" 'p && $0 == e { f = 1 } { p = ($0 == "-c") }
                              END { exit !f }'; then
            echo "${d#/proc/}"
        fi
    done
}

# ---- init -----------------------------------------------------------------
"$P" init "$T" > "$T/init.out" 2>&1 || fail "postern init: $(cat "$T/init.out")"
grep -qF "postern -c $E start" "$T/init.out" || fail "init: no next command"
[ -f "$E/main.cf" ] && [ -f "$E/master.cf" ] || fail "init: files missing"
[ "$("$P" conf -c "$E" -h queue_directory)" = "$Q" ] || fail "init: queue_directory"
[ "$("$P" conf -c "$E" -h maillog_file)" = "$T/log/maillog" ] || fail "init: maillog_file"
[ "$("$P" conf -c "$E" -h daemon_directory)" = "$(cd "$TOP/libexec" && pwd -P)" ] ||
    fail "init: daemon_directory"
"$P" init "$T" > /dev/null 2>&1 && fail "init overwrote main.cf without -f"
"$P" init -f "$T" > /dev/null 2>&1 || fail "init -f"

if [ "$(id -u)" = 0 ]; then
    # Root keeps the template's mail_owner; use stand-ins if it is missing.
    owner=$("$P" conf -c "$E" -h mail_owner)
    if ! getent passwd "$owner" > /dev/null; then
        owner=nobody
        "$P" conf -c "$E" -e mail_owner=nobody || fail "set mail_owner"
    fi
    group=$("$P" conf -c "$E" -hx setgid_group)
    if ! getent group "$group" > /dev/null; then
        group=daemon
        "$P" conf -c "$E" -e setgid_group=daemon || fail "set setgid_group"
    fi
    qowner=root drop_mode=730
else
    owner=$(id -un) qowner=$owner drop_mode=700
fi

# ---- check ----------------------------------------------------------------
"$P" -c "$E" check > "$T/check1.out" 2>&1 || fail "check: $(cat "$T/check1.out")"
grep -qxF "created directory $Q/active" "$T/check1.out" || fail "check: no report"
mode() { stat -c '%a %U' "$1"; }
[ "$(mode "$Q")" = "755 $qowner" ] || fail "queue: $(mode "$Q")"
for d in active bounce corrupt defer deferred flush hold incoming private saved trace; do
    [ "$(mode "$Q/$d")" = "700 $owner" ] || fail "$d: $(mode "$Q/$d")"
done
[ "$(mode "$Q/maildrop")" = "$drop_mode $owner" ] || fail "maildrop: $(mode "$Q/maildrop")"
# public/ is searchable by all: local users reach cleanup without set-gid
[ "$(mode "$Q/public")" = "711 $owner" ] || fail "public: $(mode "$Q/public")"
[ "$(mode "$Q/pid")" = "755 $qowner" ] || fail "pid: $(mode "$Q/pid")"
[ "$(mode "$T/data")" = "700 $owner" ] || fail "data: $(mode "$T/data")"
[ -d "$T/log" ] || fail "log directory not created"
if [ "$(id -u)" = 0 ]; then
    [ "$(stat -c %G "$Q/maildrop")" = "$group" ] || fail "maildrop group"
    [ "$(stat -c %G "$Q/public")" = "$group" ] || fail "public group"
fi
"$P" -c "$E" check > "$T/check2.out" 2>&1 || fail "second check"
[ "$(cat "$T/check2.out")" = "postern check: nothing to fix" ] ||
    fail "second check: $(cat "$T/check2.out")"
chmod 755 "$Q/active"
"$P" -c "$E" check > "$T/check3.out" 2>&1 || fail "third check"
[ "$(cat "$T/check3.out")" = "fixed mode of $Q/active: 0755 -> 0700" ] ||
    fail "mode repair: $(cat "$T/check3.out")"

# ---- start, status, reload, stop ---------------------------------------------
"$P" -c "$E" status > "$T/st0.out" 2>&1 && fail "status before start says running"
"$P" -c "$E" start > "$T/start.out" 2>&1
rc=$?
# Remember the master even if start failed, so that cleanup stops it.
[ -f "$Q/pid/master.pid" ] && MASTER_PID=$(tr -dc 0-9 < "$Q/pid/master.pid")
[ $rc = 0 ] || fail "start: $(cat "$T/start.out")"
[ -n "$MASTER_PID" ] || fail "no pid file after start"
instance_pids | grep -qx "$MASTER_PID" ||
    fail "the master ($MASTER_PID) is not seen as a process of the instance"
"$P" -c "$E" status > "$T/st1.out" 2>&1 || fail "status: $(cat "$T/st1.out")"
[ "$(cat "$T/st1.out")" = "postern: the mail system is running. PID: $MASTER_PID" ] ||
    fail "status: $(cat "$T/st1.out")"
"$P" -c "$E" start > "$T/start2.out" 2>&1 && fail "second start succeeded"
grep -q "already running" "$T/start2.out" || fail "second start: $(cat "$T/start2.out")"
"$P" -c "$E" reload > "$T/reload.out" 2>&1 || fail "reload: $(cat "$T/reload.out")"
sleep 0.5
"$P" -c "$E" status > /dev/null 2>&1 || fail "not running after reload"
"$P" -c "$E" stop > "$T/stop.out" 2>&1 || fail "stop: $(cat "$T/stop.out")"
grep -qx "postern: stopped" "$T/stop.out" || fail "stop: $(cat "$T/stop.out")"
"$P" -c "$E" status > "$T/st2.out" 2>&1 && fail "status after stop says running"
[ "$(cat "$T/st2.out")" = "postern: the mail system is not running" ] ||
    fail "status after stop: $(cat "$T/st2.out")"
"$P" -c "$E" stop > /dev/null 2>&1 && fail "stop when stopped succeeded"

# Nothing of the instance is left (children may take a moment).
i=0
while [ -n "$(instance_pids)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
left=$(instance_pids)
[ -z "$left" ] || fail "processes left: $left"
MASTER_PID=

echo "postern_lifecycle: ok"
exit 0
