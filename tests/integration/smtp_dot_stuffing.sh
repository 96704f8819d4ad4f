#!/bin/sh
# smtp_dot_stuffing.sh - lines that start with a dot are doubled; the peer gets the content byte for byte
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$TOP/tests/integration/smtp_lib.sh"
smtp_setup
agent_start smtp
peer_start - < /dev/null
printf 'Subject: dots\n\n.\n..two\n.three\nnot.a.dot\n.\n' > "$T/body"
drive -n "[127.0.0.1]:$PEER_PORT" -R a@example.com -b "$T/body"
peer_wait
expect_rcpt a@example.com sent 2.0.0 yes
printf 'Subject: dots\r\n\r\n..\r\n...two\r\n..three\r\nnot.a.dot\r\n..\r\n' > "$T/want"
cmp "$T/want" "$T/msg.1.1" || t_fail "content differs: $(od -c "$T/msg.1.1" | head)"
t_pass
