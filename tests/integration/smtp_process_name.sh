#!/bin/sh
# smtp_process_name.sh - any program name other than smtp or lmtp is fatal: unexpected process name
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
cp "$TOP/libexec/smtp" "$T/relay"
"$T/relay" -S < /dev/null > "$T/out" 2>&1 && t_fail "relay ran"
grep -q 'unexpected process name' "$T/out" || t_fail "no error: $(cat "$T/out")"
t_pass
