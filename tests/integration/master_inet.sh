#!/bin/bash
# master_inet - inet services answer: 127.0.0.1:PORT, [::1]:PORT when
# IPv6 loopback exists, and a bare PORT on inet_interfaces =
# loopback-only (both families: two listeners, -s 2).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

has_v6=no
grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null &&
    has_v6=yes

# free_port - a TCP port nobody listens on (v4 or v6)
used_ports() {
    awk 'NR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
free_port() {
    local p hex i
    for i in $(seq 1 50); do
        p=$((20000 + RANDOM % 30000))
        hex=$(printf '%04X' "$p")
        used_ports | grep -qx "$hex" || { echo "$p"; return 0; }
    done
    return 1
}

# inet_request HOST PORT - one request in the attribute protocol (0
# encoding) over bash's /dev/tcp; prints the server pid
inet_request() {
    local fd name value pid="" status=""
    exec {fd}<>"/dev/tcp/$1/$2" || return 1
    read -r -d '' -t 5 -u $fd name && read -r -d '' -t 5 -u $fd value &&
        [ "$name" = protocol ] && [ "$value" = postern_test_protocol ] &&
        read -r -d '' -t 5 -u $fd name && [ -z "$name" ] || {
        exec {fd}<&-; return 1; }
    printf '%s\0' request hello delay_ms 0 '' >&$fd
    while read -r -d '' -t 5 -u $fd name && [ -n "$name" ]; do
        read -r -d '' -t 5 -u $fd value || break
        case $name in
        status) status=$value ;;
        pid) pid=$value ;;
        esac
    done
    exec {fd}<&-
    [ "$status" = 0 ] && [ -n "$pid" ] && echo "$pid"
}

P1=$(free_port) && P2=$(free_port) && P3=$(free_port) || t_skip "no free port"
protos=ipv4
[ $has_v6 = yes ] && protos=all
inst_create "inet_interfaces = loopback-only" "inet_protocols = $protos"
{
    echo "127.0.0.1:$P1 inet n n n - 5 test_single"
    [ $has_v6 = yes ] && echo "[::1]:$P2 inet n n n - 5 test_single"
    echo "$P3 inet n n n - 5 test_single"
} | inst_master_cf
master_start

pid=$(inet_request 127.0.0.1 "$P1") || t_fail "no answer on 127.0.0.1:$P1"
argv=$(tr '\0' ' ' < "/proc/$pid/cmdline")
case $argv in
"test_single -n 127.0.0.1:$P1 -t inet "*) ;;
*) t_fail "unexpected child argv: $argv" ;;
esac
inet_request 127.0.0.1 "$P3" > /dev/null || t_fail "no answer on 127.0.0.1:$P3"
if [ $has_v6 = yes ]; then
    inet_request ::1 "$P2" > /dev/null || t_fail "no answer on [::1]:$P2"
    pid=$(inet_request ::1 "$P3") || t_fail "no answer on [::1]:$P3"
    argv=$(tr '\0' ' ' < "/proc/$pid/cmdline")
    case $argv in
    *" -s 2"*) ;;
    *) t_fail "two listeners but no -s 2: $argv" ;;
    esac
    echo "IPv4 and IPv6 loopback tested"
else
    echo "IPv4 only: no IPv6 loopback here"
fi
master_stop
t_pass
