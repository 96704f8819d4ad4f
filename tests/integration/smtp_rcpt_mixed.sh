#!/bin/sh
# smtp_rcpt_mixed.sh - RCPT replies 250/550/450: sent, bounced, deferred; reply non-zero, no hop status
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - <<'S'
rcpt <b@example.com> 550 5.1.1 <b@example.com>: no such user
rcpt <c@example.com> 450 4.2.0 mailbox busy
S
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -R b@example.com -R c@example.com
peer_wait
expect_reply nonzero ""
expect_rcpt a@example.com sent 2.0.0 yes
expect_rcpt b@example.com bounced 5.1.1 yes
expect_rcpt c@example.com deferred 4.2.0 no
expect_reason b@example.com "host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <b@example.com>: no such user (in reply to RCPT TO command)"
expect_reason c@example.com "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 mailbox busy (in reply to RCPT TO command)"
expect_report '^report service=bounce .* diag_type=smtp diag_text=550%205\.1\.1%20<b@example\.com>:%20no%20such%20user mta_type=dns mta_mname=127\.0\.0\.1 action=failed '
expect_all_accounted 3
t_pass
