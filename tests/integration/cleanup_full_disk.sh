#!/bin/bash
# cleanup_full_disk - a full queue file system fails loudly, loses nothing
#
# incoming/ is a 64 KiB tmpfs (root only; skipped otherwise or when
# mount is refused).  A small message is queued; then a 300 KB message
# cannot be written: postern send exits 75 (EX_TEMPFAIL) with "message
# not queued: write queue file: No space left on device" (or the fsync
# error), cleanup logs the rejection, no partial or temporary file is
# left, and the first queue file is still there, mode 0700,
# byte-for-byte unchanged.  Once space is back (the big message was
# removed, not kept) another small message is queued.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/integration/cleanup_lib.sh"
[ "$(id -u)" = 0 ] || t_skip "needs root to mount a tmpfs"
cl_start
mkdir -p "$QDIR/incoming"
chmod 700 "$QDIR/incoming"
mount -t tmpfs -o size=64k,mode=0700 tmpfs "$QDIR/incoming" 2>"$T/mount.err" ||
    t_skip "cannot mount a tmpfs: $(cat "$T/mount.err")"
T_CLEANUP_HOOK='umount "$QDIR/incoming" 2>/dev/null'

printf 'Subject: small\n\nkeep me\n' | cl_send bob@remote.test ||
    t_fail "small message refused"
[ "$(cl_count)" = 1 ] || t_fail "want one queue file"
first=$(cl_files)
sum=$(md5sum < "$first")

{ printf 'Subject: big\n\n'; for i in $(seq 1 4000); do printf '%079d\n' "$i"; done; } |
    cl_send bob@remote.test > "$T/big.out" 2>&1
rc=$?
[ "$rc" = 75 ] || t_fail "full disk: exit $rc: $(cat "$T/big.out")"
grep -Eq 'message not queued: (write|fsync|close) queue file: No space left on device$' "$T/big.out" ||
    t_fail "full disk message: $(cat "$T/big.out")"
wait_for 5 eval '[ "$(log_count "warning: [0-9A-F]+: message rejected: .*No space left on device")" = 1 ]' ||
    t_fail "no rejection logged"
[ "$(ls -A "$QDIR/incoming")" = "${first##*/}" ] ||
    t_fail "incoming/ now holds: $(ls -la "$QDIR/incoming")"
[ "$(md5sum < "$first")" = "$sum" ] && [ "$(stat -c %a "$first")" = 700 ] ||
    t_fail "the queued message changed"
echo "ok: full disk refused loudly, nothing lost or left"

printf 'Subject: after\n\nagain\n' | cl_send bob@remote.test ||
    t_fail "no space after the failed message was removed"
[ "$(cl_count)" = 2 ] || t_fail "want two queue files"
t_pass
