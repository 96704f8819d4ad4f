# tests/compat/pf_lib.sh - a private Postfix 3.7 instance whose master.cf
# runs postern's smtp and lmtp, or the daemons named in PF_POSTERN (see
# below; helpers for tests/compat/*_postfix_*.sh)
#
# Source after tests/lib.sh.  Bash only.  Layout (reference
# test-harness.md section 2) under PF=$T/pf: etc/ (main.cf, master.cf),
# spool/ (queue_directory), data/ (owned by postfix), log/maillog
# (maillog_file, written by Postfix's postlogd), libexec/ (private
# daemon_directory: copies of /usr/lib/postfix/sbin/*, with smtp a copy
# of postern's libexec/smtp and lmtp a hard link to it, owner root,
# mode 0755, as postfix-files installs them).
#
#	pf_need			skip (77) unless root, Postfix, the postfix
#				user and postdrop group are there; fail if
#				postern's smtp is not built
#	pf_init [main.cf lines...]
#				write the instance; sets PF, CONF, QDIR, LOG
#				(LOG lets t_fail show the maillog tail)
#	pf_start		postfix check + start; MASTER_PID; cleanup
#				hook stops the instance (T_CLEANUP_HOOK)
#	pf_stop			postfix stop; waits for master to go
#	pf_send FROM RCPT...	a message via Postfix's sendmail; extra
#				header lines from PF_HEADERS
#	pf_qid FROM		queue ID qmgr logged for FROM ("" if none)
#	pf_logged ERE		maillog has a matching line
#	pf_wait_log SECS ERE	wait for such a line (1 if it never comes)
#	pf_count ERE		number of matching maillog lines
#	pf_postqueue		postqueue -p
#	pf_queue_count		messages in the queue (postqueue -j lines)
#	pf_postcat QID		postcat -q QID
#	pf_flush_all		postsuper -d ALL (silent)
#	free_port		a free loopback TCP port (kernel's choice)
#	peer_start SCRIPT [args]	smtp_peer on 127.0.0.1:$PEER_PORT (pid
#				PEER_PID), transcript $T/peer.t
#	bg_kill PID		TERM, then KILL after 5 s, for a PID this
#				test started (and its remaining children)
#
# Postfix's master cleans the environment down to import_environment;
# with sanitizer options set, they are added there (tests/lib.sh does
# the same for postern's master).

PF_SBIN=/usr/lib/postfix/sbin
PF_CMD=/usr/sbin

pf_need() {
    [ "$(id -u)" = 0 ] || t_skip "needs root (Postfix's master runs as root)"
    [ -x "$PF_SBIN/master" ] && [ -x "$PF_CMD/postfix" ] &&
        [ -x "$PF_CMD/sendmail" ] && [ -x "$PF_CMD/postqueue" ] &&
        [ -x "$PF_CMD/postcat" ] && [ -x "$PF_CMD/postsuper" ] ||
        t_skip "postfix is not installed"
    id postfix > /dev/null 2>&1 && getent group postdrop > /dev/null ||
        t_skip "no postfix user or postdrop group"
    [ -x "$TOP/libexec/smtp" ] || t_fail "$TOP/libexec/smtp is not built"
}

pf_init() {
    local line
    PF=$T/pf
    CONF=$PF/etc
    QDIR=$PF/spool
    LOG=$PF/log/maillog
    mkdir -p "$CONF" "$QDIR" "$PF/data" "$PF/log" "$PF/libexec" ||
        t_fail "cannot create $PF"
    chmod 755 "$T" "$PF"
    chown root:root "$QDIR"
    chown postfix:postfix "$PF/data"
    chmod 700 "$PF/data"
    cp -p "$PF_SBIN"/* "$PF/libexec/" || t_fail "cannot copy Postfix daemons"
    case " ${PF_POSTERN:-smtp} " in
    *" smtp "*)
        rm -f "$PF/libexec/smtp" "$PF/libexec/lmtp"
        cp "$TOP/libexec/smtp" "$PF/libexec/smtp" &&
            ln "$PF/libexec/smtp" "$PF/libexec/lmtp" ||
            t_fail "cannot install postern's smtp"
        chown root:root "$PF/libexec/smtp"
        chmod 755 "$PF/libexec/smtp"
        ;;
    esac
    pf_take_postern
    {
        cat <<EOF
compatibility_level = 3.6
queue_directory = $QDIR
data_directory = $PF/data
meta_directory = /etc/postfix
daemon_directory = $PF/libexec
command_directory = $PF_CMD
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.example.test
mydomain = example.test
myorigin = example.test
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 local delivery disabled
alias_maps =
alias_database =
biff = no
inet_interfaces = loopback-only
inet_protocols = ipv4
maillog_file = $PF/log/maillog
maillog_file_prefixes = $PF
delay_warning_time = 0
max_use = 100
max_idle = 100s
EOF
        if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}${LSAN_OPTIONS:-}" ]; then
            echo "import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG" \
                "TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME" \
                "ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS"
        fi
        for line in "$@"; do echo "$line"; done
    } > "$CONF/main.cf"
    cat > "$CONF/master.cf" <<EOF
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

pf_stop() {
    local pid
    [ -n "${CONF:-}" ] || return 0
    "$PF_CMD/postfix" -c "$CONF" stop > /dev/null 2>&1
    pid=$(tr -d ' \n' < "$QDIR/pid/master.pid" 2>/dev/null)
    [ -n "$pid" ] && wait_for 10 eval '! pid_alive '"$pid"
    return 0
}

pf_start() {
    T_CLEANUP_HOOK=pf_stop
    "$PF_CMD/postfix" -c "$CONF" check > "$T/pf.check" 2>&1 ||
        t_fail "postfix check: $(cat "$T/pf.check")"
    "$PF_CMD/postfix" -c "$CONF" start > "$T/pf.start" 2>&1 ||
        t_fail "postfix start: $(cat "$T/pf.start")"
    wait_for 10 eval '[ -S "$QDIR/public/postlog" ] &&
        [ -S "$QDIR/public/pickup" ] && [ -S "$QDIR/private/smtp" ]' ||
        t_fail "Postfix did not come up"
    MASTER_PID=$(tr -d ' \n' < "$QDIR/pid/master.pid" 2>/dev/null)
    pid_alive "$MASTER_PID" || t_fail "Postfix master is not running"
}

pf_send() {
    local from=$1
    shift
    {
        printf 'From: <%s>\nSubject: compat test from %s\n' "$from" "$from"
        [ -n "${PF_HEADERS:-}" ] && printf '%s\n' "$PF_HEADERS"
        printf '\nline one\n.dot line\nlast line\n'
    } | "$PF_CMD/sendmail" -C "$CONF" -f "$from" "$@" ||
        t_fail "sendmail -f $from $* failed"
}

pf_qid() {
    sed -n "s/.*postfix\/qmgr\[[0-9]*\]: \([0-9A-Z]*\): from=<$1>.*/\1/p" \
        "$LOG" 2>/dev/null | head -n 1
}
pf_logged() { grep -Eq -- "$1" "$LOG" 2>/dev/null; }
pf_wait_log() { wait_for "$1" pf_logged "$2"; }
pf_count() {
    local n
    n=$(grep -Ec -- "$1" "$LOG" 2>/dev/null) || n=0
    echo "${n:-0}"
}
pf_postqueue() { "$PF_CMD/postqueue" -c "$CONF" -p 2>&1; }
pf_queue_count() { "$PF_CMD/postqueue" -c "$CONF" -j 2>/dev/null | wc -l; }
pf_postcat() { "$PF_CMD/postcat" -c "$CONF" -q "$1" 2>&1; }
pf_flush_all() { "$PF_CMD/postsuper" -c "$CONF" -d ALL > /dev/null 2>&1; }

free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bg_kill() {
    local pid=$1 c
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null
    wait_for 5 eval '! pid_alive '"$pid" || {
        for c in $(children_of "$pid"); do kill -KILL "$c" 2>/dev/null; done
        kill -KILL "$pid" 2>/dev/null
    }
    wait "$pid" 2>/dev/null
    return 0
}

# peer_start SCRIPT_FILE [smtp_peer args...]: smtp_peer on 127.0.0.1
# serving sessions one after another until killed (time limit 90 s);
# port in PEER_PORT, pid in PEER_PID, transcript $T/peer.t
peer_start() {
    local script=$1
    shift
    [ -x "$TOP/tests/tools/smtp_peer" ] || t_fail "smtp_peer is not built"
    bg_start "$TOP/tests/tools/smtp_peer" -l 127.0.0.1:0 -n 0 -T 90 \
        -r "$T/peer.port" -t "$T/peer.t" "$@" "$script"
    PEER_PID=$BG_PID
    wait_for 10 test -s "$T/peer.port" || t_fail "smtp_peer did not start"
    PEER_PORT=$(cat "$T/peer.port")
}

# --- helpers for bulk runs (connection caching tests) ---
#	pf_hold_listener	append an smtpd on 127.0.0.1:$PF_IN_PORT whose
#				smtpd_data_restrictions put every message on
#				hold (call after pf_init, before pf_start;
#				sets PF_IN_PORT)
#	pf_fill N		N messages (sender@src.test -> rcpt@dest.test)
#				with smtp-source through that listener; waits
#				until hold has them all (bounded)
#	pf_release		postsuper -H ALL, postqueue -f
#	pf_drained SECS		wait until incoming, active, deferred and hold
#				are empty (1 if not by then)
#	pf_qfiles DIR...	files under the named queue directories
#	sink_counter NAME	smtp-sink -c's last NAME=N (sess, quit, mesg)
#				from $T/sink.out
pf_hold_listener() {
    PF_IN_PORT=$(free_port)
    cat >> "$CONF/main.cf" <<EOF2
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_data_restrictions = check_client_access static:HOLD
EOF2
    echo "127.0.0.1:$PF_IN_PORT inet n - n - - smtpd" >> "$CONF/master.cf"
}
pf_qfiles() {
    local q n=0
    for q in "$@"; do
        n=$(( n + $(find "$QDIR/$q" -type f 2>/dev/null | wc -l) ))
    done
    echo "$n"
}
pf_fill() {
    wait_for 10 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$PF_IN_PORT "' ||
        t_fail "the hold listener is not up"
    /usr/sbin/smtp-source -s 5 -m "$1" -l 512 -f sender@src.test \
        -t rcpt@dest.test "127.0.0.1:$PF_IN_PORT" > "$T/source.out" 2>&1 ||
        t_fail "smtp-source failed: $(tail -n 3 "$T/source.out")"
    wait_for 60 eval '[ "$(pf_qfiles hold)" -ge '"$1"' ] &&
        [ "$(pf_qfiles incoming active deferred)" -eq 0 ]' ||
        t_fail "hold has $(pf_qfiles hold) of $1 messages"
}
pf_release() {
    "$PF_CMD/postsuper" -c "$CONF" -H ALL > /dev/null 2>&1 ||
        t_fail "postsuper -H ALL failed"
    "$PF_CMD/postqueue" -c "$CONF" -f || t_fail "postqueue -f failed"
}
pf_drained() {
    wait_for "$1" eval '[ "$(pf_qfiles incoming active deferred hold)" -eq 0 ]'
}
sink_counter() {
    local v
    v=$(tail -c 300 "$T/sink.out" 2>/dev/null | tr '\r' '\n' |
        sed -n "s/.*$1=\([0-9]*\).*/\1/p" | tail -n 1)
    echo "${v:-0}"
}

# PF_POSTERN - which of postern's daemons pf_init puts into the instance,
# a space-separated list (default "smtp": postern's smtp, with lmtp a
# hard link to it).  "scache" takes postern's scache; PF_POSTERN=scache
# alone runs Postfix's own smtp/lmtp with postern's scache;
# PF_POSTERN=none runs Postfix's daemons only (for comparisons).
# pf_take_postern (called by pf_init) installs the daemons of the list
# other than smtp, owner root, mode 0755, as postfix-files does.
pf_take_postern() {
    local d
    for d in ${PF_POSTERN:-smtp}; do
        [ "$d" = smtp ] || [ "$d" = none ] && continue
        [ -x "$TOP/libexec/$d" ] || t_fail "$TOP/libexec/$d is not built"
        rm -f "$PF/libexec/$d"
        cp "$TOP/libexec/$d" "$PF/libexec/$d" ||
            t_fail "cannot install postern's $d"
        chown root:root "$PF/libexec/$d"
        chmod 755 "$PF/libexec/$d"
    done
}
