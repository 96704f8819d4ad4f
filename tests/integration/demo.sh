#!/bin/sh
# demo.sh - the README's first command without its install and build
# steps (DEMO_NO_BUILD=1): tools/demo creates an instance, starts
# dnsmasq and smtp-sink on loopback, sends a message to user@demo.test
# (MX lookup through dnsmasq, delivery to the sink) and prints its
# delivery line, which must say status=sent over mail.demo.test; then
# "tools/demo stop" ends the instance's master, the DNS server and the
# sink (each PID gone) and removes the demo directory.
set -u
: "${TOP:?TOP must name the build tree}"
[ -x "$TOP/bin/postern" ] || { echo "skip: postern is not built"; exit 77; }
[ -x /usr/sbin/dnsmasq ] && [ -x /usr/sbin/smtp-sink ] ||
    { echo "skip: dnsmasq or smtp-sink is not installed"; exit 77; }
command -v python3 > /dev/null || { echo "skip: no python3"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/demo.XXXXXX") || exit 1
D=$T/demo
cleanup() {
    [ -d "$D" ] && DEMO_DIR=$D "$TOP/tools/demo" stop > /dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

out=$(DEMO_NO_BUILD=1 DEMO_DIR=$D "$TOP/tools/demo" 2>&1) ||
    fail "tools/demo failed: $out"
echo "$out" | grep -Eq 'postern/smtp\[[0-9]+\]: [0-9A-F]+: to=<user@demo\.test>, relay=mail\.demo\.test\[127\.0\.0\.1\]:[0-9]+, .*dsn=2\.0\.0, status=sent' ||
    fail "no status=sent line for user@demo.test: $out"
echo "$out" | grep -q 'stop it with: tools/demo stop' || fail "no stop hint: $out"

qdir=$("$TOP/bin/postern" -c "$D/etc" conf -h queue_directory)
pids="$(cat "$qdir/pid/master.pid" 2>/dev/null | tr -d ' ') $(cat "$D/smtp-sink.pid") $(cat "$D/dnsmasq.pid")"
[ "$(echo $pids | wc -w)" = 3 ] || fail "missing PID files: $pids"
DEMO_DIR=$D "$TOP/tools/demo" stop > /dev/null 2>&1 || fail "tools/demo stop failed"
i=0
for p in $pids; do
    while kill -0 "$p" 2> /dev/null && [ $i -lt 50 ]; do
        sleep 0.1; i=$((i + 1))
    done
    kill -0 "$p" 2> /dev/null && fail "process $p still runs after stop"
done
[ ! -d "$D" ] || fail "$D is still there"
echo "demo: $(echo "$out" | grep 'status=sent' | sed 's/.*: to=/to=/')"
exit 0
