#!/bin/bash
# cleanup_disconnect - a client that goes away mid-message leaves nothing
#
# Two clients break off: (1) a raw client (python) reads the
# announcement, sends the flags, an envelope and half the content, then
# closes; (2) a real "postern send" is killed (SIGKILL) while its
# standard input is still open, after cleanup has created the file
# (seen in incoming/ with mode 0600: not yet visible to qmgr).  After
# each: incoming/ is empty (no queue file, no temporary file) and
# cleanup logged "lost connection ... before the end of the message".
# A last complete message is then queued normally (cleanup survived).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/integration/cleanup_lib.sh"
cl_start

python3 - "$QDIR/public/cleanup" > "$T/raw.out" 2>&1 <<'PY' || t_fail "raw client: $(cat "$T/raw.out")"
import socket, sys
def rec(t, p=b''):
    return bytes([ord(t), len(p)]) + p      # payloads < 128 bytes here
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
got = b''
while not got.endswith(b'\0\0'):
    c = s.recv(4096)
    if not c: break
    got += c
assert got.startswith(b'protocol\0cleanup_protocol\0queue_id\0'), got
s.sendall(b'flags\0' + b'0\0\0' + rec('T', b'1700000000 0') + rec('S', b'a@x.test')
          + rec('R', b'b@x.test') + rec('M') + rec('N', b'Subject: cut') + rec('N', b''))
s.sendall(bytes([ord('N'), 40]) + b'only part')      # a truncated record
s.close()
print(got.split(b'\0')[3].decode())
PY
qid=$(cat "$T/raw.out")
wait_for 10 eval '[ "$(log_count "$qid: bad record or read error .* before the end of the message|$qid: lost connection")" -ge 1 ]' ||
    t_fail "cleanup did not log the broken session $qid"
[ "$(cl_count)" = 0 ] && [ -z "$(ls -A "$QDIR/incoming")" ] ||
    t_fail "left behind: $(ls -la "$QDIR/incoming")"
echo "ok: raw client $qid left nothing"

mkfifo "$T/in" || t_fail "mkfifo"
# The fifo is opened by the child (bash, then exec'ed into postern).
bg_start bash -c 'exec "$@" < "$0"' "$T/in" "$TOP/bin/postern" -c "$CONF" \
    send bob@remote.test
SEND_PID=$BG_PID
exec 3> "$T/in"
printf 'Subject: cut\n\nfirst half\n' >&3
wait_for 10 eval '[ "$(cl_count)" = 1 ]' || t_fail "no file while sending"
f=$(cl_files)
[ "$(stat -c %a "$f")" = 600 ] || t_fail "file mode $(stat -c %a "$f") while sending"
kill -KILL "$SEND_PID"
wait "$SEND_PID" 2>/dev/null
exec 3>&-
wait_for 10 eval '[ -z "$(ls -A "$QDIR/incoming")" ]' ||
    t_fail "left behind after the sender died: $(ls -la "$QDIR/incoming")"
wait_for 10 eval '[ "$(log_count "${f##*/}: lost connection from .* before the end of the message")" = 1 ]' ||
    t_fail "no lost-connection line for ${f##*/}"
echo "ok: killed sender left nothing"

printf 'Subject: ok\n\nfine\n' | cl_send bob@remote.test || t_fail "send after the breaks failed"
[ "$(cl_count)" = 1 ] || t_fail "want one queue file now"
t_pass
