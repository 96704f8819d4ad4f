#!/bin/bash
# cleanup_unprivileged - a local user posts mail without set-gid help
#
# Root only (the test switches to the user "nobody" with setpriv).  The
# instance's public/ has mode 0711 (search, no listing) and the cleanup
# socket 0666, so "nobody" runs sendmail from the build tree, with no
# set-uid or set-gid bit anywhere, and the message is queued.  The
# Received: header and cleanup's log name nobody's uid, taken from the
# socket (SO_PEERCRED), and the default sender is nobody@$myorigin.
# nobody cannot list public/ nor read incoming/.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/integration/cleanup_lib.sh"
[ "$(id -u)" = 0 ] || t_skip "needs root to switch to another user"
id nobody > /dev/null 2>&1 || t_skip "no user nobody"
command -v setpriv > /dev/null || t_skip "no setpriv"
as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- "$@"; }
as_nobody test -x "$TOP/bin/sendmail" || t_skip "$TOP is not reachable by nobody"
chmod 755 "$T"
cl_start
uid=$(id -u nobody)
[ "$(stat -c %a "$QDIR/public")" = 711 ] || t_fail "public/ mode $(stat -c %a "$QDIR/public")"
find "$TOP/bin" "$TOP/libexec" -perm /6000 | grep -q . && t_fail "set-id programs in the build"

printf 'Subject: from nobody\n\nhi\n' |
    as_nobody "$TOP/bin/sendmail" -C "$CONF" bob@remote.test > "$T/out" 2>&1 ||
    t_fail "sendmail as nobody: $(cat "$T/out")"
[ "$(cl_count)" = 1 ] || t_fail "want one queue file"
cl_dump "$(cl_files)" > "$T/dump"
cl_has "S	nobody@example.test" "$T/dump"
cl_has "N	Received: by mta.example.test (postern, from userid $uid)" "$T/dump"
wait_for 5 eval '[ "$(log_count "cleanup\[[0-9]+\]: [0-9A-F]+: uid=$uid from=<nobody@example.test> nrcpt=1$")" = 1 ]' ||
    t_fail "no log line with uid $uid"
as_nobody ls "$QDIR/public" > /dev/null 2>&1 && t_fail "nobody can list public/"
as_nobody ls "$QDIR/incoming" > /dev/null 2>&1 && t_fail "nobody can list incoming/"
t_pass
