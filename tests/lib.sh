# tests/lib.sh - shared helpers for integration and compat tests
#
# Bash only.  Source it from a test script run with TOP set to the build
# tree (tests/run starts scripts with sh, so re-exec bash first):
#	[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
#	. "$TOP/tests/lib.sh"
#
# Conventions (doc/HACKING.md): exit 0 pass, 77 skip (reason on stdout),
# anything else fail; one private temporary directory per test; every
# wait bounded in time; only processes this test started are killed,
# by PID; /proc decides whether a process exists (state Z = dead).
#
# Results
#	t_pass [msg]		exit 0
#	t_skip reason		exit 77
#	t_fail reason		print reason (and the instance log tail), exit 1
#	t_check cond-cmd... -- message	fail with message unless cmd succeeds
#
# Waiting and processes
#	wait_for SECONDS cmd...	poll cmd every 50 ms; 0 once it succeeds,
#				1 when time is up
#	pid_alive PID		exists and is not a zombie
#	proc_comm PID		comm of PID; proc_argv0 PID: its argv[0]
#	children_of PID [NAME]	live children of PID (comm or argv[0] NAME)
#	count_children PID [NAME]
#	bg_start cmd...		run in the background; PID in $BG_PID and
#				remembered for cleanup
#
# A postern instance (all under $T)
#	inst_create [main.cf lines...]
#		$T/etc/main.cf: queue_directory=$T/spool, daemon_directory=
#		$T/libexec (symlinks to $TOP/libexec/* and the test tools),
#		mail_owner = the current user, maillog_file = $T/maillog,
#		syslog_name = postern-test, plus the given lines.
#		Sets CONF, QDIR, LOG, DDIR.
#	inst_master_cf		master.cf from stdin
#	master_start [args]	master -c $CONF -w [args]; sets MASTER_PID
#	master_reload		SIGHUP, wait for the "reload --" log line
#	master_stop		SIGTERM, wait for master and every instance
#				process to go (fail otherwise)
#	inst_procs		live processes of this instance: master and
#				everything with MAIL_CONFIG=$CONF
#	log_count PATTERN	lines of $LOG matching (grep -E)
#	tclient args...		$TOP/tests/tools/test_client
#	sock NAME		$QDIR/private/NAME

: "${TOP:?TOP must name the build tree}"
case $TOP in /*) ;; *) TOP=$(cd "$TOP" && pwd) ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/pt.XXXXXX") || { echo "mktemp failed"; exit 1; }
BG_PIDS=""
MASTER_PID=""
CONF=""
QDIR=""
LOG=""
DDIR=""
T_CLEANUP_HOOK=""

t_cleanup() {
    local p n
    [ -n "$T_CLEANUP_HOOK" ] && eval "$T_CLEANUP_HOOK"
    if [ -n "$MASTER_PID" ] && pid_alive "$MASTER_PID"; then
        kill -TERM "$MASTER_PID" 2>/dev/null
        wait_for 10 eval '! pid_alive "$MASTER_PID"' ||
            kill -KILL "$MASTER_PID" 2>/dev/null
    fi
    # Anything of this instance still around was started by this test.
    if [ -n "$CONF" ]; then
        for p in $(inst_procs); do kill -KILL "$p" 2>/dev/null; done
    fi
    for p in $BG_PIDS; do
        pid_alive "$p" && kill -KILL "$p" 2>/dev/null
    done
    for p in $BG_PIDS; do wait "$p" 2>/dev/null; done
    if [ -n "$T_KEEP" ]; then
        echo "kept $T"
    else
        rm -rf "$T"
    fi
}
trap t_cleanup EXIT
trap 'exit 2' INT TERM

t_pass() { echo "PASS: ${1:-$(basename "$0")}"; exit 0; }
t_skip() { echo "SKIP: $*"; exit 77; }
t_fail() {
    echo "FAIL: $*"
    if [ -n "$LOG" ] && [ -f "$LOG" ]; then
        echo "--- last lines of $LOG"
        tail -n 30 "$LOG"
    fi
    exit 1
}
t_check() {
    local cmd=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmd+=("$1"); shift; done
    shift
    "${cmd[@]}" || t_fail "$*"
}

# wait_for SECONDS cmd... - bounded polling
wait_for() {
    local limit=$(( $1 * 20 )) i=0
    shift
    while [ $i -lt $limit ]; do
        "$@" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    "$@"
}

# proc_stat_field PID N - field N (3 = state, 4 = ppid) of /proc/PID/stat
proc_stat_field() {
    local stat rest fields
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    rest=${stat##*) }		# after the "(comm) " part: field 3 on
    read -r -a fields <<< "$rest"
    echo "${fields[$(( $2 - 3 ))]}"
}

pid_alive() {
    local st
    [ -n "$1" ] || return 1
    st=$(proc_stat_field "$1" 3) || return 1
    [ "$st" != Z ] && [ "$st" != X ]
}

proc_comm() { cat "/proc/$1/comm" 2>/dev/null; }
proc_argv0() { tr '\0' '\n' 2>/dev/null < "/proc/$1/cmdline" | head -n 1; }

# children_of PID [NAME] - live children, optionally by comm or argv[0]
children_of() {
    local parent=$1 name=$2 d p stat rest state ppid
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        stat=$(cat "$d/stat" 2>/dev/null) || continue
        rest=${stat##*) }
        state=${rest%% *}
        rest=${rest#* }
        ppid=${rest%% *}
        [ "$state" = Z ] && continue
        [ "$ppid" = "$parent" ] || continue
        if [ -n "$name" ]; then
            [ "$(proc_comm "$p")" = "$name" ] ||
                [ "$(proc_argv0 "$p")" = "$name" ] || continue
        fi
        echo "$p"
    done
}
count_children() { children_of "$@" | wc -l; }

bg_start() {
    "$@" &
    BG_PID=$!
    BG_PIDS="$BG_PIDS $BG_PID"
}

inst_create() {
    local f line
    CONF=$T/etc
    QDIR=$T/spool
    DDIR=$T/libexec
    LOG=$T/maillog
    mkdir -p "$CONF" "$QDIR" "$DDIR" || t_fail "cannot create $T"
    [ -x "$TOP/libexec/master" ] || t_fail "$TOP/libexec/master is not built"
    for f in "$TOP"/libexec/* "$TOP"/tests/tools/*; do
        case $f in *.c|*.o|*.d|*.h) continue ;; esac
        [ -f "$f" ] && [ -x "$f" ] && ln -s "$f" "$DDIR/${f##*/}"
    done
    {
        echo "queue_directory = $QDIR"
        echo "daemon_directory = $DDIR"
        echo "mail_owner = $(id -un)"
        echo "maillog_file = $LOG"
        echo "syslog_name = postern-test"
        # Sanitizer builds: let the options (log_path) reach children.
        if [ -n "$ASAN_OPTIONS$UBSAN_OPTIONS$LSAN_OPTIONS" ]; then
            echo "import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG" \
                "TZ LANG=C ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS"
        fi
        for line in "$@"; do echo "$line"; done
    } > "$CONF/main.cf"
    : > "$CONF/master.cf"
}

inst_master_cf() { cat > "$CONF/master.cf"; }

master_start() {
    "$TOP/libexec/master" -c "$CONF" -w "$@" ||
        t_fail "master -c $CONF -w $* failed"
    MASTER_PID=$(tr -d ' \n' < "$QDIR/pid/master.pid" 2>/dev/null)
    pid_alive "$MASTER_PID" || t_fail "master is not running (pid '$MASTER_PID')"
}

log_count() {
    local n
    n=$(grep -E -c -- "$1" "$LOG" 2>/dev/null) || n=0
    echo "${n:-0}"
}

master_reload() {
    local before
    before=$(log_count 'reload -- version')
    kill -HUP "$MASTER_PID" || t_fail "cannot signal master $MASTER_PID"
    wait_for 10 eval '[ "$(log_count "reload -- version")" -gt '"$before"' ]' ||
        t_fail "no reload log line"
}

# inst_procs - live processes of this instance
inst_procs() {
    local d p
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        [ "$p" = "$$" ] && continue
        pid_alive "$p" || continue
        if [ "$p" = "$MASTER_PID" ] ||
            tr '\0' '\n' 2>/dev/null < "$d/environ" |
                grep -qxF "MAIL_CONFIG=$CONF"; then
            echo "$p"
        fi
    done
}

master_stop() {
    kill -TERM "$MASTER_PID" || t_fail "cannot signal master $MASTER_PID"
    wait_for 10 eval '! pid_alive "$MASTER_PID"' ||
        t_fail "master $MASTER_PID still running 10s after SIGTERM"
    wait_for 5 eval '[ -z "$(inst_procs)" ]' ||
        t_fail "processes left after stop: $(inst_procs)"
}

tclient() { "$TOP/tests/tools/test_client" "$@"; }
sock() { echo "$QDIR/private/$1"; }
