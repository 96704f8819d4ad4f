#!/bin/bash
# cleanup_send - "postern send" and "sendmail" make one queue file each
#
# A postern instance running cleanup (cleanup_lib.sh).  postern send with
# -f (bare name), -F, -N success,delay, -R hdrs, -V, -B 8BITMIME and two
# recipients (one bare): exactly one file in incoming/, named by the
# queue ID the command reports and cleanup logs, mode 0700; postern's
# reader shows the exact envelope (T, create_time, rewrite_context, F,
# S qualified, envelope_id, ret_flags, per recipient notify_flags=10,
# dsn_orig_rcpt, O, R), the content (our Received: first, Bcc: gone,
# bare header address qualified, Message-Id/Date/From added), 'X',
# encoding=8bit, 'E', and the size record (2 recipients, notify bits
# 10<<1, data offset = after 'M'); Postfix's postcat reads the same
# file without a warning.  Then sendmail (argv[0]) with -t -i: the
# recipients come from To:/Cc:/Bcc: (extracted segment), a "." line is
# kept; without -i a "." line ends the message.  -bp, -bv and mailq
# exit 64 "not supported yet"; no recipient exits 64; nothing else was
# queued by those.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/integration/cleanup_lib.sh"
cl_start

printf 'Subject: first\nTo: bob@remote.test, carol\nBcc: hidden@remote.test\n\nline one\n.. two dots\nlast\n' |
    cl_send -v -f alice -F 'Alice Example' -N success,delay -R hdrs \
        -V ENV-1 -B 8BITMIME bob@remote.test carol > "$T/send.out" 2>&1 ||
    t_fail "postern send failed: $(cat "$T/send.out")"
qid=$(sed -n 's/.*queued as \([0-9A-Za-z]*\)$/\1/p' "$T/send.out")
[ -n "$qid" ] || t_fail "no queue ID reported: $(cat "$T/send.out")"
[ "$(cl_count)" = 1 ] || t_fail "want one queue file: $(cl_files)"
f=$QDIR/incoming/$qid
[ -f "$f" ] || t_fail "no file named $qid: $(cl_files)"
[ "$(stat -c %a "$f")" = 700 ] || t_fail "mode $(stat -c %a "$f"), want 700"
wait_for 5 eval '[ "$(log_count "cleanup\[[0-9]+\]: $qid: uid=$(id -u) from=<alice@example.test> nrcpt=2$")" = 1 ]' ||
    t_fail "no cleanup log line for $qid"

cl_dump "$f" > "$T/dump" || t_fail "qf_dump failed on $f"
sed -n '1,/^M/p' "$T/dump" | cut -f1 | tr -d '\n' > "$T/types"
[ "$(cat "$T/types")" = "CTAAFSAAAAORAAORM" ] ||
    t_fail "envelope record types $(cat "$T/types"):
$(cat "$T/dump")"
for l in 'A	rewrite_context=local' 'F	Alice Example' 'S	alice@example.test' \
    'A	envelope_id=ENV-1' 'A	ret_flags=2' \
    'A	dsn_orig_rcpt=rfc822;bob@remote.test' 'O	bob@remote.test' \
    'R	bob@remote.test' 'A	dsn_orig_rcpt=rfc822;carol' 'O	carol' \
    'R	carol@example.test' 'N	Subject: first' \
    'N	To: bob@remote.test, carol@example.test' \
    'N	From: Alice Example <alice@example.test>' 'N	line one' \
    'N	.. two dots' 'N	last' 'A	encoding=8bit' 'E	'; do
    cl_has "$l" "$T/dump"
done
[ "$(grep -c '^A	notify_flags=10$' "$T/dump")" = 2 ] ||
    t_fail "want notify_flags=10 before each recipient"
grep -q 'hidden' "$T/dump" && t_fail "Bcc: survived: $(cat "$T/dump")"
first=$(sed -n '/^M/{n;p;q}' "$T/dump")
case $first in
"N	Received: by mta.example.test (postern, from userid $(id -u))") ;;
*) t_fail "first content line: $first" ;;
esac
grep -q "^N	Message-Id: <[0-9]\{14\}\.$qid@mta\.example\.test>$" "$T/dump" &&
    grep -q '^N	Date: [A-Z][a-z][a-z], [0-9]' "$T/dump" ||
    t_fail "Message-Id or Date missing: $(cat "$T/dump")"
# Size record: data offset is the byte after 'M' (type + 1 length byte).
moff=$(python3 - "$f" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read(); i = 0
while i < len(d):
    t = d[i]; i += 1; n = 0; s = 0
    while True:
        b = d[i]; i += 1; n |= (b & 0x7f) << s; s += 7
        if not b & 0x80: break
    if t == ord('M'): print(i); break
    i += n
PY
)
read -r _ f1 f2 f3 f4 f5 f6 < <(grep '^size:' "$T/dump")
[ "$f2" = "$moff" ] && [ "$f3" = 2 ] && [ "$f4" = 20 ] && [ "$f5" = "$f1" ] &&
    [ "$f6" = 0 ] || t_fail "size record $f1 $f2 $f3 $f4 $f5 $f6 (M ends at $moff)"
echo "ok: postern send -> $qid, records as expected"

cl_postcat "$f" > "$T/postcat"
grep -qi 'warning\|fatal\|error' "$T/postcat" && t_fail "postcat: $(cat "$T/postcat")"
for l in "sender: alice@example.test" "recipient: carol@example.test" \
    "named_attribute: envelope_id=ENV-1" "original_recipient: carol" \
    "regular_text: From: Alice Example <alice@example.test>" \
    "named_attribute: encoding=8bit" "*** MESSAGE FILE END $f ***"; do
    cl_has "$l" "$T/postcat"
done
grep -q "^message_size: *$f1 *$f2 *2 *20 *$f1 *0$" "$T/postcat" ||
    t_fail "postcat size line: $(grep message_size "$T/postcat")"
echo "ok: postcat reads it"

# sendmail personality, -t -i.
printf 'To: dave@remote.test\nCc: Erin <erin>\nBcc: frank@remote.test\nSubject: t\n\nbefore\n.\nafter\n' |
    "$TOP/bin/sendmail" -C "$CONF" -t -i -f bob@remote.test > "$T/sm.out" 2>&1 ||
    t_fail "sendmail -t -i failed: $(cat "$T/sm.out")"
[ "$(cl_count)" = 2 ] || t_fail "want two queue files: $(cl_files)"
g=$(cl_files | grep -v "/$qid\$")
cl_dump "$g" > "$T/dump2" || t_fail "qf_dump failed on $g"
sed -n '/^X/,$p' "$T/dump2" | grep '^R' > "$T/xr"
[ "$(cat "$T/xr")" = "$(printf 'R\tdave@remote.test\nR\terin@example.test\nR\tfrank@remote.test')" ] ||
    t_fail "extracted recipients: $(cat "$T/xr")"
grep -q '^R' < <(sed -n '1,/^M/p' "$T/dump2") && t_fail "envelope recipients with -t alone"
cl_has 'N	.' "$T/dump2"
cl_has 'N	after' "$T/dump2"
grep -q '^N	Bcc' "$T/dump2" && t_fail "Bcc: kept with -t"
echo "ok: sendmail -t -i"

# Without -i, a lone "." ends the message.
printf 'Subject: dot\n\nbefore\n.\nafter\n' | "$TOP/bin/sendmail" -C "$CONF" gina@remote.test ||
    t_fail "sendmail without -i failed"
[ "$(cl_count)" = 3 ] || t_fail "want three queue files"
h=$(ls -t $(cl_files) | head -n 1)
cl_dump "$h" > "$T/dump3"
cl_has 'N	before' "$T/dump3"
grep -q '^N	after$' "$T/dump3" && t_fail "text after '.' was queued"
echo "ok: '.' ends the input without -i"

# Modes not supported yet, usage errors.
for args in "-bp" "-bv x@y.test" "-bs"; do
    "$TOP/bin/sendmail" -C "$CONF" $args < /dev/null > "$T/u.out" 2>&1
    rc=$?
    [ "$rc" = 64 ] && grep -q 'not supported yet' "$T/u.out" ||
        t_fail "sendmail $args: exit $rc, $(cat "$T/u.out")"
done
"$TOP/bin/mailq" > "$T/u.out" 2>&1
[ $? = 64 ] && grep -q 'mailq (-bp): not supported yet' "$T/u.out" ||
    t_fail "mailq: $(cat "$T/u.out")"
echo x | cl_send > "$T/u.out" 2>&1
[ $? = 64 ] && grep -q 'no recipients' "$T/u.out" || t_fail "no recipients: $(cat "$T/u.out")"
echo x | cl_send -N sometimes x@y.test > "$T/u.out" 2>&1
[ $? = 64 ] || t_fail "-N sometimes accepted"
[ "$(cl_count)" = 3 ] || t_fail "usage errors queued something: $(cl_files)"
t_pass
