#!/bin/sh
# smtp_peer_selftest.sh - the scriptable SMTP/LMTP test peer itself.
#
# Drives tests/tools/smtp_peer with swaks and with a bash /dev/tcp
# client and checks replies (byte for byte where it matters) and the
# transcript: a pipelined transaction with a 550 on the 2nd RCPT and the
# message file (dot-stuffing, CRLF), ready file with port 0, raw and
# garbage replies, a long line, drops and a TCP reset, a stall, LMTP
# per-recipient replies, a 452 recipient limit, session blocks, an
# over-long command line, a message with a 100 KB line, a UNIX socket,
# the total timeout, a script error, and IPv6 on [::1] when available.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
: "${TOP:?TOP must name the build tree}"
P=$TOP/tests/tools/smtp_peer
[ -x "$P" ] || { echo "SKIP: $P is not built"; exit 77; }
T_KEEP=${T_KEEP:-}
. "$TOP/tests/lib.sh"

CR=$(printf '\r')

# ---- helpers ------------------------------------------------------------
# script NAME: the script text on stdin -> $T/NAME.script
script() { cat > "$T/$1.script"; }

# peer_start NAME [ARGS...]: start the peer on 127.0.0.1:0 (or the -l in
# ARGS) with $T/NAME.script; sets PORT, PEER_PID, TR (transcript)
peer_start() {
    local name=$1 listen=127.0.0.1:0
    shift
    [ "${1:-}" = -l ] && { listen=$2; shift 2; }
    bg_start "$P" -l "$listen" -T 30 -r "$T/$name.ready" -t "$T/$name.tr" \
        -m "$T/$name.msg" "$@" "$T/$name.script" 2> "$T/$name.err"
    PEER_PID=$BG_PID
    TR=$T/$name.tr
    wait_for 10 test -s "$T/$name.ready" ||
        t_fail "$name: peer not ready: $(cat "$T/$name.err")"
    PORT=$(cat "$T/$name.ready")
}

# peer_done NAME: the peer must exit on its own, status 0
peer_done() {
    local rc
    wait_for 15 eval '! pid_alive "$PEER_PID"' ||
        t_fail "$1: peer still running"
    wait "$PEER_PID"; rc=$?
    [ "$rc" = 0 ] || t_fail "$1: peer exit status $rc: $(cat "$T/$1.err")"
}

# crlf LINE...: the arguments as CRLF-terminated lines
crlf() { printf '%s\r\n' "$@"; }

# talk HOST PORT IN OUT: send IN in one write, read until EOF (bounded)
talk() {
    exec 3<> "/dev/tcp/$1/$2" || t_fail "cannot connect to $1 port $2"
    cat "$3" >&3
    timeout 15 cat <&3 > "$4" 2> "$4.err"
    exec 3>&-
}

# expect_tr NAME: the transcript (connect port and listen address
# normalized) must equal stdin
expect_tr() {
    sed -e 's/^\([0-9]* \*: connect from [^ ]*\) port [0-9]*$/\1 port N/' \
        "$TR" > "$T/$1.tr.norm"
    cat > "$T/$1.tr.want"
    diff "$T/$1.tr.want" "$T/$1.tr.norm" > "$T/$1.tr.diff" ||
        t_fail "$1: transcript differs:
$(cat "$T/$1.tr.diff")"
}

# has FILE LINE: FILE has exactly this line
has() {
    grep -qxF -- "$2" "$1" || t_fail "no line '$2' in $1:
$(cut -c 1-200 "$1" | head -n 40)"
}

# ---- 1. pipelined transaction (swaks), 550 on RCPT #2, message file -----
script pipe <<'EOF'
# comments and blank lines are fine

greeting 220 peer.test ESMTP
ehlo 250-peer.test
ehlo 250-PIPELINING
ehlo 250 8BITMIME
rcpt 250 2.1.5 Ok                       # every RCPT...
rcpt #2 550 5.1.1 <b@x>: no such user   # ...but the second
dot 250 2.0.0 Ok: queued as 12345
EOF
peer_start pipe
printf 'Subject: t\r\n\r\nline 1\r\n.dot' > "$T/pipe.body"
swaks --server 127.0.0.1:"$PORT" --pipeline -f a@x -t a@x,b@x,c@x \
    --data "$T/pipe.body" --timeout 10 > "$T/pipe.swaks" 2>&1
peer_done pipe
grep -q '^<\*\* 550 5.1.1 <b@x>: no such user' "$T/pipe.swaks" ||
    t_fail "pipe: swaks did not see the 550: $(cat "$T/pipe.swaks")"
grep -q '^<-  250 2.0.0 Ok: queued as 12345' "$T/pipe.swaks" ||
    t_fail "pipe: no queued reply: $(cat "$T/pipe.swaks")"
helo=$(sed -n 's/^1 C: EHLO //p' "$TR")
expect_tr pipe <<EOF
0 *: listening on 127.0.0.1:0
1 *: connect from 127.0.0.1 port N
1 S: 220 peer.test ESMTP
1 C: EHLO $helo
1 S: 250-peer.test
1 S: 250-PIPELINING
1 S: 250 8BITMIME
1 C: MAIL FROM:<a@x>
1 S: 250 2.1.0 Ok
1 C: RCPT TO:<a@x>
1 S: 250 2.1.5 Ok
1 C: RCPT TO:<b@x>
1 S: 550 5.1.1 <b@x>: no such user
1 C: RCPT TO:<c@x>
1 S: 250 2.1.5 Ok
1 C: DATA
1 S: 354 End data with <CR><LF>.<CR><LF>
1 D: Subject: t
1 D: 
1 D: line 1
1 D: ..dot
1 C: .
1 *: message 1: 29 bytes, 4 lines
1 S: 250 2.0.0 Ok: queued as 12345
1 C: QUIT
1 S: 221 2.0.0 Bye
1 *: close
0 *: exit: 1 sessions served
EOF
printf 'Subject: t\r\n\r\nline 1\r\n..dot\r\n' | cmp -s - "$T/pipe.msg.1.1" ||
    t_fail "pipe: message file: $(od -c "$T/pipe.msg.1.1")"
echo "ok: pipelined transaction, 550 on RCPT #2, transcript, message file"

# ---- 2. one write, in-order replies, sequence checks, unknown, NOOP ------
script order <<'EOF'
mail <bad@x> 553 5.1.8 bad sender
EOF
peer_start order
crlf "EHLO c" "RCPT TO:<a@x>" "MAIL FROM:<bad@x>" "MAIL FROM:<a@x>" \
    "MAIL FROM:<a@x>" "DATA" "RCPT TO:<z@x>" "XYZZY" "noop" "RSET" \
    "DATA" "quit" > "$T/order.in"
talk 127.0.0.1 "$PORT" "$T/order.in" "$T/order.out"
peer_done order
crlf "220 peer.test ESMTP smtp_peer" "250-peer.test" "250-PIPELINING" \
    "250-SIZE 52428800" "250-8BITMIME" "250-ENHANCEDSTATUSCODES" "250-DSN" \
    "250 SMTPUTF8" "503 5.5.1 Error: need MAIL command" \
    "553 5.1.8 bad sender" "250 2.1.0 Ok" \
    "503 5.5.1 Error: nested MAIL command" \
    "503 5.5.1 Error: need RCPT command" "250 2.1.5 Ok" \
    "502 5.5.2 Error: command not recognized" "250 2.0.0 Ok" "250 2.0.0 Ok" \
    "503 5.5.1 Error: need MAIL command" "221 2.0.0 Bye" |
    cmp -s - "$T/order.out" || t_fail "order: replies: $(cat -A "$T/order.out")"
echo "ok: one write of 12 commands answered in order; sequence checks"

# ---- 3. raw, garbage and long replies, byte-exact -----------------------
script raw <<'EOF'
raw greeting "220-ok\r\n22x garbage\r\n220 ok\r\n"   # bad code inside
ehlo 250-first
raw ehlo "250-\x00\xff\x01\\bin\r\n"
ehlo 250 last
longline helo 5000
mail 2x0 non-digit code
rcpt 250-continuation that never ends
raw rset "250 no line end"
drop rset after
EOF
peer_start raw
crlf "EHLO c" "HELO c" "MAIL FROM:<a@x>" "RCPT TO:<b@x>" "RSET" \
    "NOOP" > "$T/raw.in"
talk 127.0.0.1 "$PORT" "$T/raw.in" "$T/raw.out"
peer_done raw
{
    printf '220-ok\r\n22x garbage\r\n220 ok\r\n'
    printf '250-first\r\n250-\000\377\001\\bin\r\n250 last\r\n'
    printf '250 %s\r\n' "$(head -c 4996 /dev/zero | tr '\0' X)"
    printf '2x0 non-digit code\r\n'
    printf '250-continuation that never ends\r\n'
    printf '250 no line end'
} > "$T/raw.want"
cmp -s "$T/raw.want" "$T/raw.out" ||
    t_fail "raw: bytes differ: $(cmp "$T/raw.want" "$T/raw.out")"
has "$TR" '1 R: 220-ok\r\n22x garbage\r\n220 ok\r\n'
has "$TR" "1 R: 250-\\x00"$'\xff'"\\x01\\\\bin\\r\\n"
has "$TR" '1 R: 250 no line end'
has "$TR" '1 *: drop after reply'
grep -q '^1 C: NOOP' "$TR" && t_fail "raw: NOOP read after the drop"
[ "$(grep '^1 S: 250 XXX' "$TR" | wc -c)" = $((5000 + 6)) ] ||
    t_fail "raw: longline record length"
echo "ok: raw bytes, binary, bad code, bad continuation, 5000-byte line," \
    "reply without CRLF then close"

# ---- 4. drop before DATA reply; drop at greeting ------------------------
script dropdata <<'EOF'
drop data before
EOF
peer_start dropdata
crlf "HELO c" "MAIL FROM:<a@x>" "RCPT TO:<b@x>" "DATA" "Subject: x" "" \
    "body" "." "QUIT" > "$T/dropdata.in"
talk 127.0.0.1 "$PORT" "$T/dropdata.in" "$T/dropdata.out"
peer_done dropdata
crlf "220 peer.test ESMTP smtp_peer" "250 peer.test" "250 2.1.0 Ok" \
    "250 2.1.5 Ok" | cmp -s - "$T/dropdata.out" ||
    t_fail "dropdata: replies: $(cat -A "$T/dropdata.out")"
expect_tr dropdata <<'EOF'
0 *: listening on 127.0.0.1:0
1 *: connect from 127.0.0.1 port N
1 S: 220 peer.test ESMTP smtp_peer
1 C: HELO c
1 S: 250 peer.test
1 C: MAIL FROM:<a@x>
1 S: 250 2.1.0 Ok
1 C: RCPT TO:<b@x>
1 S: 250 2.1.5 Ok
1 C: DATA
1 *: drop before reply
1 *: close
0 *: exit: 1 sessions served
EOF
script dropgreet <<'EOF'
drop greeting before
EOF
peer_start dropgreet
crlf "QUIT" > "$T/dropgreet.in"
talk 127.0.0.1 "$PORT" "$T/dropgreet.in" "$T/dropgreet.out"
peer_done dropgreet
[ -s "$T/dropgreet.out" ] && t_fail "dropgreet: got $(cat "$T/dropgreet.out")"
script reset <<'EOF'
drop rcpt reset
EOF
peer_start reset
crlf "HELO c" "MAIL FROM:<a@x>" "RCPT TO:<b@x>" "QUIT" > "$T/reset.in"
talk 127.0.0.1 "$PORT" "$T/reset.in" "$T/reset.out"
peer_done reset
crlf "220 peer.test ESMTP smtp_peer" "250 peer.test" "250 2.1.0 Ok" |
    cmp -s - "$T/reset.out" || t_fail "reset: replies: $(cat -A "$T/reset.out")"
grep -q 'reset' "$T/reset.out.err" ||
    t_fail "reset: no connection reset: $(cat "$T/reset.out.err")"
has "$TR" '1 *: reset before reply'
echo "ok: drop before the DATA reply, before the greeting, reset at RCPT"

# ---- 5. stall -----------------------------------------------------------
script stall <<'EOF'
stall mail 1000
EOF
peer_start stall
crlf "HELO c" "MAIL FROM:<a@x>" "QUIT" > "$T/stall.in"
t0=$(date +%s%N)
talk 127.0.0.1 "$PORT" "$T/stall.in" "$T/stall.out"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
peer_done stall
[ "$ms" -gt 900 ] && [ "$ms" -lt 10000 ] || t_fail "stall: took $ms ms"
has "$TR" '1 *: stall 1000 ms'
grep -q '^250 2.1.0 Ok' "$T/stall.out" || t_fail "stall: no MAIL reply"
echo "ok: stall 1000 ms (took $ms ms)"

# ---- 6. LMTP: per-recipient end-of-data replies -------------------------
script lmtp <<'EOF'
lhlo 250-peer.test
lhlo 250 PIPELINING
rcpt <c@x> 550 5.1.1 unknown user
dot <b@x> 452 4.2.2 mailbox full
dot <d@x> 250 2.0.0 d delivered
EOF
peer_start lmtp -L
crlf "EHLO c" "LHLO c" "MAIL FROM:<s@x>" "RCPT TO:<a@x>" "RCPT TO:<b@x>" \
    "RCPT TO:<c@x>" "RCPT TO:<D@X>" "DATA" "Subject: l" "" "hi" "." \
    "QUIT" > "$T/lmtp.in"
talk 127.0.0.1 "$PORT" "$T/lmtp.in" "$T/lmtp.out"
peer_done lmtp
crlf "220 peer.test LMTP smtp_peer" \
    "502 5.5.2 Error: command not recognized" "250-peer.test" \
    "250 PIPELINING" "250 2.1.0 Ok" "250 2.1.5 Ok" "250 2.1.5 Ok" \
    "550 5.1.1 unknown user" "250 2.1.5 Ok" \
    "354 End data with <CR><LF>.<CR><LF>" "250 2.0.0 <a@x> Ok: delivered" \
    "452 4.2.2 mailbox full" "250 2.0.0 d delivered" "221 2.0.0 Bye" |
    cmp -s - "$T/lmtp.out" || t_fail "lmtp: replies: $(cat -A "$T/lmtp.out")"
# swaks speaks LMTP too
script lmtp2 <<'EOF'
dot <b@x> 451 4.3.0 temporary failure
EOF
peer_start lmtp2 -L
swaks --server 127.0.0.1:"$PORT" --protocol LMTP -f a@x -t a@x,b@x \
    --timeout 10 > "$T/lmtp2.swaks" 2>&1
peer_done lmtp2
grep -q '^<\*\* 451 4.3.0 temporary failure' "$T/lmtp2.swaks" ||
    t_fail "lmtp2: swaks: $(cat "$T/lmtp2.swaks")"
has "$TR" '1 S: 250 2.0.0 <a@x> Ok: delivered'
echo "ok: LMTP: LHLO, EHLO refused, per-recipient replies by address"

# ---- 7. 452 after N recipients, per transaction -------------------------
script limit <<'EOF'
limit rcpt 2 452 4.5.3 Too many recipients
rcpt #1 250 2.1.5 first
EOF
peer_start limit
crlf "HELO c" "MAIL FROM:<a@x>" "RCPT TO:<1@x>" "RCPT TO:<2@x>" \
    "RCPT TO:<3@x>" "RCPT TO:<4@x>" "RSET" "MAIL FROM:<a@x>" \
    "RCPT TO:<5@x>" "RCPT TO:<6@x>" "RCPT TO:<7@x>" "QUIT" > "$T/limit.in"
talk 127.0.0.1 "$PORT" "$T/limit.in" "$T/limit.out"
peer_done limit
grep '^[0-9]' "$T/limit.out" | tr -d '\r' | sed -n '4,12p' |
    tr '\n' '|' > "$T/limit.got"
echo -n "250 2.1.5 first|250 2.1.5 Ok|452 4.5.3 Too many recipients|" \
    > "$T/limit.want"
echo -n "452 4.5.3 Too many recipients|250 2.0.0 Ok|250 2.1.0 Ok|" \
    >> "$T/limit.want"
echo -n "250 2.1.5 first|250 2.1.5 Ok|452 4.5.3 Too many recipients|" \
    >> "$T/limit.want"
cmp -s "$T/limit.want" "$T/limit.got" ||
    t_fail "limit: got $(cat "$T/limit.got")"
echo "ok: 452 after 2 recipients, counted per transaction"

# ---- 8. sessions: blocks, inheritance, count selectors, -n ---------------
script sess <<'EOF'
greeting 220 everyone
mail #2 451 4.3.0 second MAIL of a session
session 2
mail 421 4.3.2 session two
drop mail after
session 3
greeting 220 three
session default
quit 221 2.0.0 see you
EOF
peer_start sess -n 3
crlf "HELO c" "MAIL FROM:<a@x>" "RSET" "MAIL FROM:<a@x>" "QUIT" > "$T/sess.in"
for i in 1 2 3; do talk 127.0.0.1 "$PORT" "$T/sess.in" "$T/sess.$i.out"; done
peer_done sess
crlf "220 everyone" "250 peer.test" "250 2.1.0 Ok" "250 2.0.0 Ok" \
    "451 4.3.0 second MAIL of a session" "221 2.0.0 see you" |
    cmp -s - "$T/sess.1.out" || t_fail "sess 1: $(cat -A "$T/sess.1.out")"
crlf "220 everyone" "250 peer.test" "421 4.3.2 session two" |
    cmp -s - "$T/sess.2.out" || t_fail "sess 2: $(cat -A "$T/sess.2.out")"
crlf "220 three" "250 peer.test" "250 2.1.0 Ok" "250 2.0.0 Ok" \
    "451 4.3.0 second MAIL of a session" "221 2.0.0 see you" |
    cmp -s - "$T/sess.3.out" || t_fail "sess 3: $(cat -A "$T/sess.3.out")"
has "$TR" '0 *: exit: 3 sessions served'
echo "ok: session blocks, inheritance, mail #2, -n 3"

# ---- 9. over-long command, long data line, bare LF, message bytes -------
script long <<'EOF'
toolong 500 5.5.0 way too long
EOF
peer_start long
{
    printf 'EHLO '; head -c 70000 /dev/zero | tr '\0' a; printf '\r\n'
    crlf "MAIL FROM:<a@x> BODY=8BITMIME SIZE=123" "RCPT TO:<b@x>" "DATA"
} > "$T/long.in"
{
    printf 'Subject: big\r\n\r\n'
    head -c 100000 /dev/zero | tr '\0' b; printf '\r\n'
    printf 'bare lf\nlone\rcr\r\n..\r\n\303\251t\303\251 \t8bit\r\n'
} > "$T/long.data"
{ cat "$T/long.data"; crlf "." "QUIT"; } >> "$T/long.in"
talk 127.0.0.1 "$PORT" "$T/long.in" "$T/long.out"
peer_done long
head -1 "$T/long.out" | grep -q '^220 ' || t_fail "long: greeting"
sed -n 2p "$T/long.out" | grep -qx "500 5.5.0 way too long$CR" ||
    t_fail "long: no 500 for the long line: $(cat "$T/long.out")"
grep -q "^250 2.0.0 Ok: queued as S1M1$CR\$" "$T/long.out" ||
    t_fail "long: message not accepted: $(cat "$T/long.out")"
cmp -s "$T/long.data" "$T/long.msg.1.1" || t_fail "long: message bytes differ"
has "$TR" '1 *: line too long: 70007 bytes'
[ "$(grep -c '^1 C: EHLO a' "$TR")" = 1 ] || t_fail "long: EHLO record"
[ "$(grep '^1 C: EHLO a' "$TR" | wc -c)" = $((70005 + 6)) ] ||
    t_fail "long: EHLO record length"
has "$TR" '1 C: MAIL FROM:<a@x> BODY=8BITMIME SIZE=123'
has "$TR" '1 D: bare lf\n'
has "$TR" '1 D: lone\rcr'
has "$TR" '1 D: ..'
has "$TR" "$(printf '1 D: \303\251t\303\251 \t8bit')"
has "$TR" "1 *: message 1: $(wc -c < "$T/long.data") bytes, 7 lines"
[ "$(grep '^1 D: bbb' "$TR" | wc -c)" = $((100000 + 6)) ] ||
    t_fail "long: 100000-byte data line record"
echo "ok: 70 KB command answered 500, 100 KB data line, bare LF, CR," \
    "8-bit bytes, message file byte-exact"

# ---- 10. UNIX socket, total timeout, script errors ----------------------
script unix <<'EOF'
EOF
bg_start "$P" -u "$T/unix.sock" -T 30 -r "$T/unix.ready" -t "$T/unix.tr" \
    "$T/unix.script"
PEER_PID=$BG_PID
wait_for 10 test -s "$T/unix.ready" || t_fail "unix: not ready"
[ "$(cat "$T/unix.ready")" = 0 ] || t_fail "unix: ready file"
swaks --socket "$T/unix.sock" -f a@x -t b@x --timeout 10 > "$T/unix.swaks" 2>&1
peer_done unix
grep -q '^<-  250 2.0.0 Ok: queued as S1M1' "$T/unix.swaks" ||
    t_fail "unix: swaks: $(cat "$T/unix.swaks")"
[ -e "$T/unix.sock" ] && t_fail "unix: socket not removed"

script idle <<'EOF'
EOF
t0=$(date +%s)
"$P" -l 127.0.0.1:0 -T 1 -t "$T/idle.tr" "$T/idle.script"
rc=$?
[ "$rc" = 2 ] || t_fail "total timeout: exit status $rc, not 2"
[ $(( $(date +%s) - t0 )) -le 5 ] || t_fail "total timeout: took too long"
has "$T/idle.tr" '0 *: exit: total timeout after 0 sessions'

printf 'rcpt 250 ok\nstall rcpt soon\n' > "$T/bad.script"
"$P" -l 127.0.0.1:0 -T 1 "$T/bad.script" > /dev/null 2> "$T/bad.err" &&
    t_fail "bad script accepted"
grep -q "bad.script:2: bad milliseconds \"soon\"" "$T/bad.err" ||
    t_fail "bad script: message: $(cat "$T/bad.err")"
for bad in 'frobnicate 250 x' 'raw mail "abc' 'helo <a@x> 250 x' \
    'drop mail later' 'longline ehlo 2' 'session 0' 'raw ehlo "\q"'; do
    echo "$bad" > "$T/bad.script"
    "$P" -l 127.0.0.1:0 -T 1 "$T/bad.script" > /dev/null 2>&1 &&
        t_fail "bad script line accepted: $bad"
done
echo "ok: UNIX socket, total timeout (exit 2), script errors"

# ---- 11. IPv6 ----------------------------------------------------------
script v6 <<'EOF'
EOF
if "$P" -l '[::1]:0' -T 1 -n 0 -t /dev/null "$T/v6.script" 2> /dev/null; then
    peer_start v6 -l '[::1]:0'
    crlf "HELO c" "QUIT" > "$T/v6.in"
    talk ::1 "$PORT" "$T/v6.in" "$T/v6.out"
    peer_done v6
    grep -q '^1 \*: connect from ::1 port [0-9]*$' "$TR" ||
        t_fail "v6: transcript: $(cat "$TR")"
    grep -q '^221 ' "$T/v6.out" || t_fail "v6: no QUIT reply"
    echo "ok: IPv6 [::1]"
else
    echo "note: no IPv6 loopback, [::1] not tested"
fi

t_pass "smtp_peer selftest"
