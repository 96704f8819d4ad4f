#!/bin/sh
# smtp_lmtp_unix_refused.sh - LMTP to a UNIX socket nobody listens on: deferred 4.4.1, the fallback relay setting is ignored
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup "lmtp_fallback_relay = [127.0.0.1]:1"
agent_start lmtp
drive -n "unix:$T/nosuch.sock" -R a@example.com
expect_reply nonzero 4.4.1
expect_rcpt a@example.com deferred 4.4.1 no
expect_reason a@example.com "connect to client.example.test[$T/nosuch.sock]: No such file or directory"
expect_log 'warning: ignoring "lmtp_fallback_relay = \[127\.0\.0\.1\]:1" setting for non-TCP connections' 1
t_pass
