#!/bin/bash
# cleanup_postfix_qmgr - Postfix 3.7 delivers a queue file postern wrote
#
# postern's cleanup (a postern instance, cleanup_lib.sh) queues one
# message from "postern send": two recipients (one bare), a Bcc:, a
# 3000-byte body line (stored as 'L' records), a ".." line and a last
# line without a newline.  The file is copied, under the same name, mode
# 0700, owner postfix, into the incoming/ of a private Postfix 3.7
# instance (pf_lib.sh) whose smtp is Postfix's own again, relayhost =
# smtp-sink; qmgr is kicked.  Checked: Postfix's qmgr logs the message
# (from=<alice@example.test>, nrcpt=2), Postfix's smtp logs status=sent
# for both recipients, qmgr removes it, the maillog has no warning, and
# smtp-sink's dump holds postern's Received: and Message-Id: headers,
# no Bcc:, the long line whole, the ".." line and the last line.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
. "$TOP/tests/integration/cleanup_lib.sh"
pf_need
[ -x /usr/sbin/smtp-sink ] || t_skip "smtp-sink is not installed"
[ -x "$TOP/libexec/cleanup" ] || t_fail "cleanup is not built"

# 1. postern writes the queue file.
cl_start
long=$(head -c 3000 /dev/zero | tr '\0' 'x')
{ printf 'Subject: compat\nTo: bob@remote.test\nBcc: hidden@remote.test\n\n'
  printf 'line one\n.. two dots\n%s\nno newline at the end' "$long"; } |
    cl_send -v -i -f alice -F Alice bob@remote.test carol > "$T/send.out" 2>&1 ||
    t_fail "postern send: $(cat "$T/send.out")"
qid=$(sed -n 's/.*queued as \([0-9A-Za-z]*\)$/\1/p' "$T/send.out")
[ -f "$QDIR/incoming/$qid" ] || t_fail "no queue file $qid"
grep -c '^L' < <(cl_dump "$QDIR/incoming/$qid") > "$T/nl"
[ "$(cat "$T/nl")" -ge 2 ] || t_fail "expected 'L' records in the file"
cp "$QDIR/incoming/$qid" "$T/$qid" || t_fail "copy"
master_stop
MASTER_PID=""

# 2. Postfix delivers it.
SINK_PORT=$(free_port)
mkdir "$T/sink" && chown postfix "$T/sink" && chmod 755 "$T" ||
    t_fail "cannot make the sink's directory"
bg_start /usr/sbin/smtp-sink -u postfix -D "$T/sink/dump" \
    "127.0.0.1:$SINK_PORT" 100 > "$T/sink.out" 2>&1
wait_for 10 eval 'ss -ltn 2>/dev/null | grep -q "127.0.0.1:$SINK_PORT "' ||
    t_fail "smtp-sink did not start"
# smtp_line_length_limit = 0: the long line goes out unbroken.
pf_init "relayhost = [127.0.0.1]:$SINK_PORT" "smtp_line_length_limit = 0"
rm -f "$PF/libexec/smtp" "$PF/libexec/lmtp"
cp -p "$PF_SBIN/smtp" "$PF/libexec/smtp" && ln "$PF/libexec/smtp" "$PF/libexec/lmtp" ||
    t_fail "cannot restore Postfix's smtp"
pf_start
install -o postfix -m 0700 "$T/$qid" "$QDIR/incoming/$qid" ||
    t_fail "cannot place the file"
/usr/sbin/postkick -c "$CONF" public qmgr I || t_fail "postkick"
pf_wait_log 30 "postfix/qmgr\[[0-9]+\]: $qid: from=<alice@example\.test>, size=[0-9]+, nrcpt=2 \(queue active\)" ||
    t_fail "Postfix's qmgr did not take $qid"
for r in bob@remote.test carol@example.test; do
    pf_wait_log 30 "postfix/smtp\[[0-9]+\]: $qid: to=<$r>, (orig_to=<[^>]*>, )?relay=127\.0\.0\.1\[127\.0\.0\.1\]:$SINK_PORT, .*status=sent" ||
        t_fail "no status=sent for $r"
done
pf_wait_log 30 "postfix/qmgr\[[0-9]+\]: $qid: removed" || t_fail "$qid not removed"
bad=$(grep -E 'warning|fatal|panic' "$LOG" | grep -v 'dict_nis')
[ -z "$bad" ] || t_fail "trouble in the maillog:
$bad"
echo "ok: Postfix delivered $qid"

wait_for 10 test -s "$T/sink/dump" || t_fail "no smtp-sink dump"
tr -d '\r' < "$T/sink/dump" > "$T/dump"
grep -q "^Received: by mta\.example\.test (postern, from userid $(id -u))$" "$T/dump" &&
    grep -q "^Message-Id: <[0-9]*\.$qid@mta\.example\.test>$" "$T/dump" &&
    grep -qx 'From: Alice <alice@example.test>' "$T/dump" &&
    grep -qx 'line one' "$T/dump" && grep -qx '.. two dots' "$T/dump" &&
    grep -qx "$long" "$T/dump" && grep -qx 'no newline at the end' "$T/dump" ||
    t_fail "content not intact:
$(cut -c1-100 "$T/dump")"
grep -qi '^Bcc:' "$T/dump" && t_fail "Bcc: reached the wire"
t_pass
