#!/bin/bash
# scache_postfix_probe - postern's scache answers exactly as Postfix
# 3.7's own scache does.
#
# The same client session is played against a private Postfix instance
# twice: first with Postfix's scache (PF_POSTERN=none), then with
# postern's (PF_POSTERN=scache).  A raw Python client records the bytes
# of the announcement and of the replies to a find_endp miss, a
# find_dest miss, save_dest, an unknown request and a save_endp with
# ttl 0; scache_probe plays save/find round trips by endpoint and by
# destination with socketpairs and TCP connections (oldest first,
# find_dest skipping an empty endpoint, every handed-out fd proven to
# be the saved connection).  Checked: the raw bytes and the probe
# results are identical for both, and so are the statistics lines
# (without time stamps and pids) and the warnings.  Needs root and the
# postfix package.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"
. "$TOP/tests/compat/pf_lib.sh"
pf_need
[ -x "$TOP/libexec/scache" ] || t_fail "$TOP/libexec/scache is not built"

raw_session() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1])
def reply():
    # one attribute list: read until the end marker (a NUL where a
    # name would start)
    b = b""; names = True; start = True
    while True:
        c = s.recv(1)
        if not c:
            return b + b"<EOF>"
        b += c
        if c == b"\0":
            if start and names:
                return b
            names = not names
            start = names
        else:
            start = False
def lst(*kv):
    return b"".join(k + b"\0" + v + b"\0" for k, v in kv) + b"\0"
print(repr(reply()))
for req in (lst((b"request", b"find_endp"), (b"label", b"nothing")),
            lst((b"request", b"find_dest"), (b"label", b"nowhere")),
            lst((b"request", b"save_dest"), (b"ttl", b"2"), (b"label", b"D0"),
                (b"property", b"dp"), (b"label", b"E0")),
            lst((b"request", b"bogus")),
            lst((b"request", b"save_endp"), (b"ttl", b"0"), (b"label", b"E"),
                (b"property", b"p"))):
    s.sendall(req)
    print(repr(reply()))
PY
}

run_one() {	# run_one postfix|postern
    local impl=$1 S
    if [ "$impl" = postern ]; then PF_POSTERN=scache; else PF_POSTERN=none; fi
    T_OLD=$T
    pf_init "connection_cache_status_update_time = 2s" \
        "connection_cache_ttl_limit = 10s"
    if [ "$impl" = postern ]; then
        cmp -s "$PF/libexec/scache" "$TOP/libexec/scache" || t_fail "postern's scache not installed"
    else
        cmp -s "$PF/libexec/scache" /usr/lib/postfix/sbin/scache || t_fail "Postfix's scache not installed"
    fi
    pf_start
    S=$QDIR/private/scache
    wait_for 10 test -S "$S" || t_fail "$impl: no scache socket"
    raw_session "$S" > "$T/$impl.raw" 2>&1 || t_fail "$impl raw session: $(cat "$T/$impl.raw")"
    "$TOP/tests/tools/scache_probe" -T 30 -s "$S" connect \
        pair a tcp b pair c tcp d \
        save_endp 5 E1 pa a save_endp 5 E1 pb b find_endp E1 verify a \
        save_dest 5 D1 to-E2 E2 save_dest 5 D1 to-E1 E1 save_dest 5 D1 to-E1 E1 \
        find_dest D1 verify b find_dest D1 find_endp E1 \
        save_endp 5 E3 pc c save_endp 5 E4 pd d find_endp E4 verify d \
        find_endp E3 verify c \
        > "$T/$impl.probe" 2>&1 || t_fail "$impl probe: $(cat "$T/$impl.probe")"
    pf_wait_log 10 'scache\[[0-9]+\]: statistics: max simultaneous' ||
        t_fail "$impl: no statistics"
    sed -n 's/.*postfix\/scache\[[0-9]*\]: //p' "$LOG" |
        sed 's/start interval .*/start interval TIME/' > "$T/$impl.log"
    pf_stop
    T_CLEANUP_HOOK=""
    mv "$PF" "$T/pf.$impl"
}

run_one postfix
run_one postern
for k in raw probe log; do
    diff "$T/postfix.$k" "$T/postern.$k" > "$T/$k.diff" ||
        t_fail "$k differs (< Postfix, > postern):
$(cat "$T/$k.diff")"
done
echo "--- raw replies (both):"; cat "$T/postern.raw"
echo "--- probe (both):"; cat "$T/postern.probe"
echo "--- scache log (both):"; cat "$T/postern.log"
grep -q "verify a ok" "$T/postern.probe" || t_fail "no verified round trip"
t_pass
