#!/bin/sh
# smtp_cache_no_scache.sh - caching requested but no scache service:
# delivery is unaffected and one warning is logged, once per process
#
# One agent process, three requests to smtp_peer (3 sessions), no
# private/scache socket.  1: default flags (no CONN_LOAD/CONN_STORE,
# nothing cached by destination): delivered, QUIT, no warning.  2 and 3:
# flags SUCCESS|BOUNCE|CONN_LOAD|CONN_STORE: both delivered with 2.0.0
# over fresh connections that end with QUIT (nothing can be cached), and
# exactly one "disabling connection caching" warning for both.  The
# missing socket is not waited for: request 2 takes under 1 s.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start -n 3 - < /dev/null
drive -n "[127.0.0.1]:$PEER_PORT" -S s@example.org -R a@example.com
expect_reply 0
expect_rcpt a@example.com sent 2.0.0 yes
expect_no_log 'warning'
t0=$(date +%s%N)
drive -f 0x1803 -n "[127.0.0.1]:$PEER_PORT" -S s@example.org -R b@example.com
t1=$(date +%s%N)
expect_reply 0
expect_rcpt b@example.com sent 2.0.0 yes
[ $(( (t1 - t0) / 1000000 )) -lt 1000 ] ||
    t_fail "request 2 took $(( (t1 - t0) / 1000000 )) ms"
drive -f 0x1803 -n "[127.0.0.1]:$PEER_PORT" -S s@example.org -R c@example.com
expect_reply 0
expect_rcpt c@example.com sent 2.0.0 yes
peer_wait
expect_log 'warning: connect to private/scache: No such file or directory; disabling connection caching$' 1
expect_log 'warning' 1
expect_no_log 'conn_use='
expect_peer '^[123] C: QUIT$' 3
expect_peer '^[123] C: RSET$' 0
t_pass
