#!/bin/sh
# skeleton_standalone.sh - the server skeletons without a master.
#
# tests/tools/fake_master builds master's fd layout (flow pipe 3/4,
# status socketpair 5, listener 6, GENERATION) around test_single,
# test_multi and test_trigger, prints every status record, and closes
# fd 5 on SIGUSR1.  Checked: TAKEN/AVAIL records with the right pid and
# generation; max_use=3 ends a child with status 0 after exactly 3
# clients; max_idle; EOF on fd 5; unknown -o names accepted; crash at
# start and a crashing request; the tty refusal (needs script(1));
# siblings sharing a listener; the watchdog; -u (and -c when root);
# multi-server: 20 concurrent clients in one process and pipelined
# requests (-S); trigger server over a fifo and a UNIX socket; -S for
# single and multi.
set -u
: "${TOP:?TOP must name the build tree}"
B=$TOP/tests/tools
for p in fake_master test_single test_multi test_trigger test_client; do
    [ -x "$B/$p" ] || { echo "skip: $B/$p is not built"; exit 77; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/skel.XXXXXX") || exit 1
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    # children that fake_master started and did not see exit
    for f in "$T"/fm.*.out; do
        [ -f "$f" ] || continue
        for p in $(sed -n 's/^child pid=\([0-9]*\) .*/\1/p' "$f"); do
            grep -q "^exit pid=$p " "$f" || kill "$p" 2>/dev/null
        done
    done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
    echo "FAIL: $*"
    [ -f "$T/maillog" ] && { echo "--- maillog (tail)"; tail -20 "$T/maillog"; }
    exit 1
}

# ---- a private configuration ------------------------------------------
mkdir -p "$T/etc" "$T/spool/private" "$T/spool/public" "$T/spool/pub"
chmod 755 "$T" "$T/spool"		# mail_owner must reach spool/pub
chmod 1777 "$T/spool/pub"
if [ "$(id -u)" = 0 ]; then owner=nobody; else owner=$(id -un); fi
cat > "$T/etc/main.cf" <<EOF
queue_directory = $T/spool
mail_owner = $owner
maillog_file = $T/maillog
EOF
MAIL_CONFIG=$T/etc
export MAIL_CONFIG
unset MAIL_VERBOSE MAIL_DEBUG GENERATION

# ---- helpers ------------------------------------------------------------
# start_fm NAME FAKE_MASTER_ARGS... : fake_master in the background
start_fm() {
    name=$1; shift
    "$B/fake_master" "$@" > "$T/fm.$name.out" 2> "$T/fm.$name.err" &
    FM=$!
    PIDS="$PIDS $FM"
    wait_line "$T/fm.$name.out" '^child pid=' 10 ||
        fail "$name: no child started"
    CHILD=$(sed -n 's/^child pid=\([0-9]*\) .*/\1/p' "$T/fm.$name.out" |
        head -1)
}
# wait_line FILE REGEX SECONDS: until a line matches
wait_line() {
    i=0
    while [ $i -lt $(($3 * 10)) ]; do
        [ -f "$1" ] && grep -q "$2" "$1" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
# alive PID: running and not a zombie
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    [ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
# wait_gone PID SECONDS: bounded wait for a background job; sets RC
wait_gone() {
    i=0
    while alive "$1"; do
        [ $i -ge $(($2 * 10)) ] && { RC=timeout; return 1; }
        sleep 0.1; i=$((i + 1))
    done
    wait "$1"; RC=$?
    PIDS=$(echo "$PIDS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
    return 0
}
# wait_count FILE REGEX N SECONDS: until N lines match
wait_count() {
    i=0
    while [ $i -lt $(($4 * 10)) ]; do
        [ "$(grep -c "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
# expect NAME: fm.NAME.out must equal the text on stdin (CHILD, GEN
# substituted by the caller)
expect() {
    cat > "$T/expect.$1"
    cmp -s "$T/expect.$1" "$T/fm.$1.out" || fail "$1: status records differ:
$(diff "$T/expect.$1" "$T/fm.$1.out")"
}
records() {	# records PID GEN COUNT: COUNT TAKEN/AVAIL pairs
    k=0
    while [ $k -lt "$3" ]; do
        echo "pid=$1 gen=$2 status=0"
        echo "pid=$1 gen=$2 status=1"
        k=$((k + 1))
    done
}
attr_request() {	# attr_request REQUEST DELAY: one request, 0 encoding
    printf 'request\0%s\0delay_ms\0%s\0\0' "$1" "$2"
}

S=$T/spool/private/test

# ---- 1. single: max_use=3, records, unknown -o, test_log ----------------
start_fm use -g 17 -l "$S" -- "$B/test_single" -t unix -o max_use=3 \
    -o max_idle=30 -o unknown_param=x -o "test_log=$T/single.log"
"$B/test_client" -n 3 -t 10 "$S" > "$T/use.client" 2>&1 ||
    fail "max_use: client failed: $(cat "$T/use.client")"
wait_gone "$FM" 15 || fail "max_use=3: child did not exit"
{ echo "child pid=$CHILD gen=17"; records "$CHILD" 17 3
  echo "exit pid=$CHILD status=0"; } | expect use
printf 'pid=%s count=1\npid=%s count=2\npid=%s count=3\n' \
    "$CHILD" "$CHILD" "$CHILD" | cmp -s - "$T/use.client" ||
    fail "max_use: client output: $(cat "$T/use.client")"
printf 'pid=%s service=test_single count=%s\n' "$CHILD" 1 "$CHILD" 2 \
    "$CHILD" 3 | cmp -s - "$T/single.log" ||
    fail "test_log: $(cat "$T/single.log")"
echo "ok: max_use=3, TAKEN/AVAIL records, -o unknown_param accepted"

# ---- 2. max_idle=1 ends an idle child ------------------------------------
t0=$(date +%s)
start_fm idle -g 5 -l "$S" -- "$B/test_single" -t unix -o max_idle=1
wait_gone "$FM" 10 || fail "max_idle=1: child did not exit"
[ $(($(date +%s) - t0)) -ge 1 ] || fail "max_idle=1: exited too early"
printf 'child pid=%s gen=5\nexit pid=%s status=0\n' "$CHILD" "$CHILD" |
    expect idle
echo "ok: max_idle"

# ---- 3. EOF on fd 5 ends the child, after the client in service --------
start_fm eof -g 777 -l "$S" -- "$B/test_single" -t unix -o max_idle=100
"$B/test_client" -t 10 "$S" > /dev/null || fail "eof: client failed"
wait_line "$T/fm.eof.out" 'status=1$' 5 || fail "eof: no AVAIL"
kill -USR1 "$FM"
wait_gone "$FM" 10 || fail "EOF on fd 5: child did not exit"
{ echo "child pid=$CHILD gen=777"; records "$CHILD" 777 1
  echo "closed status channel"; echo "exit pid=$CHILD status=0"; } | expect eof
# A client in service when master goes away is served first.
start_fm eof2 -l "$S" -- "$B/test_single" -t unix -o max_idle=100
"$B/test_client" -d 1000 -t 10 "$S" > "$T/eof2.client" 2>&1 &
CL=$!; PIDS="$PIDS $CL"
wait_line "$T/fm.eof2.out" 'status=0$' 5 || fail "eof2: no TAKEN"
kill -USR1 "$FM"
wait_gone "$CL" 10 && [ "$RC" = 0 ] || fail "eof2: client not served"
wait_gone "$FM" 10 || fail "eof2: child did not exit"
grep -qx "exit pid=$CHILD status=0" "$T/fm.eof2.out" || fail "eof2: exit status"
echo "ok: EOF on the status channel"

# ---- 4. crashes ----------------------------------------------------------
start_fm crash0 -l "$S" -- "$B/test_single" -t unix -o test_crash_at_start=yes
wait_gone "$FM" 10 || fail "crash at start: child did not exit"
printf 'child pid=%s gen=17\nexit pid=%s status=1\n' "$CHILD" "$CHILD" |
    expect crash0
start_fm crash1 -l "$S" -- "$B/test_single" -t unix
if "$B/test_client" -r crash -t 10 "$S" > /dev/null 2>&1; then
    fail "crash request: client reported success"
fi
wait_gone "$FM" 10 || fail "crash request: child did not exit"
printf 'child pid=%s gen=17\npid=%s gen=17 status=0\nexit pid=%s signal=6\n' \
    "$CHILD" "$CHILD" "$CHILD" | expect crash1
echo "ok: crash at start (exit 1), crash in service (SIGABRT after TAKEN)"

# ---- 5. a tty on stdin is refused in daemon mode -------------------------
if command -v script > /dev/null 2>&1; then
    script -qec "$B/test_single -V -t unix" /dev/null > "$T/tty.out" 2>&1 \
        < /dev/null
    rc=$?
    [ $rc -ne 0 ] || fail "tty: exit status 0"
    grep -q 'fatal: do not run this command by hand' "$T/tty.out" ||
        fail "tty: message: $(cat "$T/tty.out")"
    echo "ok: tty refusal"
else
    echo "note: script(1) not installed, tty refusal not checked"
fi

# ---- 6. siblings share one listener (accept races, EAGAIN) ---------------
start_fm sib -n 3 -g 100 -l "$S" -- "$B/test_single" -t unix -o max_use=3 \
    -o max_idle=30
"$B/test_client" -n 9 -p 3 -t 10 "$S" > "$T/sib.client" 2>&1 ||
    fail "siblings: client failed: $(cat "$T/sib.client")"
wait_gone "$FM" 15 || fail "siblings: children did not exit"
for g in 100 101 102; do
    p=$(sed -n "s/^child pid=\([0-9]*\) gen=$g\$/\1/p" "$T/fm.sib.out")
    [ "$(grep -c "^pid=$p gen=$g status=1\$" "$T/fm.sib.out")" = 3 ] ||
        fail "siblings: child $p did not serve exactly 3"
    grep -qx "exit pid=$p status=0" "$T/fm.sib.out" || fail "siblings: exit $p"
done
echo "ok: 3 siblings, 9 clients, 3 each"

# ---- 7. watchdog ----------------------------------------------------------
start_fm wd -l "$S" -- "$B/test_single" -t unix -o daemon_timeout=3
"$B/test_client" -d 8000 -t 15 "$S" > /dev/null 2>&1 &
CL=$!; PIDS="$PIDS $CL"
wait_gone "$FM" 15 || fail "watchdog: child did not exit"
grep -qx "exit pid=$CHILD status=1" "$T/fm.wd.out" ||
    fail "watchdog: $(cat "$T/fm.wd.out")"
grep -q "test_single\[$CHILD\]: fatal: watchdog timeout" "$T/maillog" ||
    fail "watchdog: no 'fatal: watchdog timeout' logged"
wait_gone "$CL" 15
echo "ok: watchdog"

# ---- 8. -u (privilege drop), -c when root ----------------------------------
start_fm priv -l "$S" -- "$B/test_single" -t unix -u -o max_use=1 \
    -o "test_log=$T/spool/pub/u.log"
"$B/test_client" -t 10 "$S" > /dev/null || fail "-u: client failed"
wait_gone "$FM" 10 || fail "-u: child did not exit"
[ "$(stat -c %U "$T/spool/pub/u.log")" = "$owner" ] ||
    fail "-u: test_log not written as $owner"
if [ "$(id -u)" = 0 ]; then
    # LeakSanitizer needs /proc, which the jail lacks.
    saved_asan=${ASAN_OPTIONS-}
    ASAN_OPTIONS=detect_leaks=0; export ASAN_OPTIONS
    start_fm jail -l "$S" -- "$B/test_single" -t unix -u -c -o max_use=1 \
        -o test_log=/pub/c.log
    ASAN_OPTIONS=$saved_asan
    "$B/test_client" -t 10 "$S" > /dev/null || fail "-c: client failed"
    wait_gone "$FM" 10 || fail "-c: child did not exit"
    grep -qx "exit pid=$CHILD status=0" "$T/fm.jail.out" || fail "-c: exit"
    [ "$(stat -c %U "$T/spool/pub/c.log")" = "$owner" ] ||
        fail "-c: test_log not written in the jail as $owner"
    echo "ok: -u drops to $owner, -c chroots"
else
    other=daemon; [ "$owner" = daemon ] && other=nobody
    start_fm privbad -l "$S" -- "$B/test_single" -t unix -u \
        -o mail_owner=$other
    wait_gone "$FM" 10 || fail "-u as non-root: child did not exit"
    grep -qx "exit pid=$CHILD status=1" "$T/fm.privbad.out" ||
        fail "-u to another user without root: not fatal"
    grep -q "fatal: -u: cannot become mail_owner $other" "$T/maillog" ||
        fail "-u to another user: no fatal message"
    echo "ok: -u as mail_owner; -u to another user refused"
fi

# ---- 9. multi: 20 concurrent clients, one process ----------------------
start_fm multi -g 3 -l "$S" -- "$B/test_multi" -t unix -o max_idle=30
"$B/test_client" -m -p 20 -n 60 -t 10 "$S" > "$T/multi.client" 2>&1 ||
    fail "multi: client failed: $(cat "$T/multi.client")"
[ "$(grep -c "^pid=$CHILD count=" "$T/multi.client")" = 60 ] ||
    fail "multi: replies not all from $CHILD: $(head -3 "$T/multi.client")"
[ "$(sed 's/.*count=//' "$T/multi.client" | sort -n | uniq | wc -l)" = 60 ] ||
    fail "multi: request counts are not 1..60"
# Each client's EOF is one more service call (the service disconnects).
wait_count "$T/fm.multi.out" 'status=1$' 80 10 ||
    fail "multi: $(grep -c 'status=1$' "$T/fm.multi.out") AVAIL records, not 80"
kill -USR1 "$FM"
wait_gone "$FM" 10 || fail "multi: child did not exit on EOF"
{ echo "child pid=$CHILD gen=3"; records "$CHILD" 3 80
  echo "closed status channel"; echo "exit pid=$CHILD status=0"
} | expect multi
# max_use counts requests, but the process stays while clients are connected
start_fm multi2 -l "$S" -- "$B/test_multi" -t unix -o max_use=2 -o max_idle=30
"$B/test_client" -m -p 3 -n 9 -t 10 "$S" > "$T/multi2.client" 2>&1 ||
    fail "multi max_use: client failed: $(cat "$T/multi2.client")"
wait_gone "$FM" 10 || fail "multi max_use=2: child did not exit"
[ "$(grep -c "^pid=$CHILD " "$T/multi2.client")" = 9 ] ||
    fail "multi max_use: $(cat "$T/multi2.client")"
grep -qx "exit pid=$CHILD status=0" "$T/fm.multi2.out" || fail "multi2: exit"
echo "ok: multi-server, 20 concurrent clients, max_use with clients connected"

# ---- 10. -S: stdin/stdout, pipelined requests ------------------------------
{ attr_request a 0; attr_request b 0; attr_request c 0; } > "$T/req3"
# (stdin must be a pipe, socket or tty: the event loop cannot poll a file)
cat "$T/req3" | "$B/test_multi" -S > "$T/multiS.out" 2> "$T/multiS.err" ||
    fail "multi -S: exit status: $(cat "$T/multiS.err")"
tr '\0' '\n' < "$T/multiS.out" | grep -c '^count$' | grep -qx 3 ||
    fail "multi -S: pipelined requests: $(tr '\0' ' ' < "$T/multiS.out")"
tr '\0' '\n' < "$T/multiS.out" | head -2 | tr '\n' ' ' |
    grep -qx 'protocol postern_test_protocol ' || fail "multi -S: announcement"
attr_request one 0 | "$B/test_single" -S > "$T/singleS.out" 2>&1 ||
    fail "single -S: exit status"
tr '\0' '\n' < "$T/singleS.out" | grep -A1 -x count | tail -1 | grep -qx 1 ||
    fail "single -S: reply: $(tr '\0' ' ' < "$T/singleS.out")"
echo "ok: -S (single, multi with three pipelined requests)"

# ---- 11. trigger: fifo and unix --------------------------------------------
F=$T/spool/public/trig
start_fm fifo -g 1 -f -l "$F" -- "$B/test_trigger" -t fifo -o max_idle=30 \
    -o "test_log=$T/trig.log"
printf W > "$F"
wait_line "$T/trig.log" '^trigger len=1 first=W$' 5 || fail "fifo: no wake-up"
printf xyz > "$F"
wait_line "$T/trig.log" '^trigger len=3 first=x$' 5 || fail "fifo: second"
kill -USR1 "$FM"
wait_gone "$FM" 10 || fail "fifo: child did not exit"
{ echo "child pid=$CHILD gen=1"; records "$CHILD" 1 2
  echo "closed status channel"; echo "exit pid=$CHILD status=0"; } | expect fifo
start_fm trigu -l "$S" -- "$B/test_trigger" -t unix -o max_use=2 \
    -o "test_log=$T/trigu.log"
"$B/test_client" -w -r W -n 2 "$S" || fail "unix trigger: client failed"
wait_gone "$FM" 10 || fail "unix trigger: child did not exit after max_use=2"
printf 'trigger len=1 first=W\ntrigger len=1 first=W\n' |
    cmp -s - "$T/trigu.log" || fail "unix trigger: $(cat "$T/trigu.log")"
echo "ok: trigger server (fifo, unix)"

exit 0
