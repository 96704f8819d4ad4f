#!/bin/bash
# postfix_qmgr_agent - Postfix 3.7's own qmgr hands mail to postern's
# deliver_request code: tests/tools/test_agent (deliver_request_read,
# the queue_file content reader, deliver_completed, deliver_request_done)
# is the default transport of a private Postfix instance.
#
# Mail goes in with Postfix's sendmail; pickup, cleanup and qmgr are
# Postfix's.  Checked: a message whose recipients are all delivered is
# removed by qmgr ("removed"); a message with a "defer*" recipient is
# deferred and its queue file has done_recipient records for exactly the
# other recipients (postcat); a whole-destination failure in the reply
# (next hop hopfail.example) makes qmgr throttle the destination and
# defer the next message for it (through "retry") with "delivery
# temporarily suspended: connect to hopfail.example: Connection
# refused"; qmgr never logs a malformed response, premature disconnect,
# unknown mail transport error or an unavailable transport, and nothing
# logs a warning about test_agent.  Needs root and the postfix package.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
. "$TOP/tests/lib.sh"

[ "$(id -u)" = 0 ] || t_skip "needs root (Postfix's master runs as root)"
PF_SBIN=/usr/lib/postfix/sbin
[ -x "$PF_SBIN/master" ] && [ -x /usr/sbin/postfix ] &&
    [ -x /usr/sbin/sendmail ] && [ -x /usr/sbin/postcat ] ||
    t_skip "postfix is not installed"
id postfix > /dev/null 2>&1 && getent group postdrop > /dev/null ||
    t_skip "no postfix user or postdrop group"
[ -x "$TOP/tests/tools/test_agent" ] || t_fail "test_agent is not built"

D=$T/pf
CONF=$D/etc
QDIR=$D/spool
LOG=$D/log/maillog
mkdir -p "$CONF" "$QDIR" "$D/data" "$D/log" "$D/libexec"
chmod 755 "$T" "$D"
chown root:root "$QDIR"
chown postfix:postfix "$D/data"
chmod 700 "$D/data"
cp -p "$PF_SBIN"/* "$D/libexec/" || t_fail "cannot copy Postfix daemons"
cp "$TOP/tests/tools/test_agent" "$D/libexec/test_agent"
chmod 755 "$D/libexec/test_agent"

cat > "$CONF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $QDIR
data_directory = $D/data
meta_directory = /etc/postfix
daemon_directory = $D/libexec
command_directory = /usr/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.example.test
mydomain = example.test
myorigin = example.test
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
biff = no
inet_interfaces = loopback-only
inet_protocols = ipv4
maillog_file = $LOG
maillog_file_prefixes = $D
default_transport = tagent
relay_transport = tagent
transport_maps = inline:{hop.example=tagent:hopfail.example}
delay_warning_time = 0
# one failed delivery (a hop status in the reply) declares a destination
# dead: window 1, failed cohort limit 1 (the default)
initial_destination_concurrency = 1
EOF
cat > "$CONF/master.cf" <<EOF
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
postlog   unix-dgram n  -       n       -       1       postlogd
tagent    unix  -       -       n       -       -       test_agent
EOF

pf_stop() {
    /usr/sbin/postfix -c "$CONF" stop > /dev/null 2>&1
    local pid
    pid=$(tr -d ' \n' < "$QDIR/pid/master.pid" 2>/dev/null)
    [ -n "$pid" ] && wait_for 10 eval '! pid_alive '"$pid"
}
T_CLEANUP_HOOK=pf_stop

/usr/sbin/postfix -c "$CONF" check > "$T/check.out" 2>&1 ||
    t_fail "postfix check: $(cat "$T/check.out")"
/usr/sbin/postfix -c "$CONF" start > "$T/start.out" 2>&1 ||
    t_fail "postfix start: $(cat "$T/start.out")"
wait_for 10 eval '[ -S "$QDIR/private/tagent" ]' ||
    t_fail "no private/tagent socket"

# send SENDER RCPT...: submit a message with Postfix's sendmail
send() {
    local from=$1
    shift
    printf 'Subject: test from %s\n\nline one\n.dot line\n' "$from" |
        /usr/sbin/sendmail -C "$CONF" -f "$from" "$@" ||
        t_fail "sendmail -f $from failed"
}
# qid SENDER: the queue ID qmgr logged for the message from SENDER
qid() {
    sed -n "s/.*postfix\/qmgr\[[0-9]*\]: \([0-9A-Z]*\): from=<$1>.*/\1/p" \
        "$LOG" | head -n 1
}
logged() { grep -Eq -- "$1" "$LOG"; }

send s1@example.test a@remote.example b@remote.example
send s2@example.test c@remote.example defer1@remote.example d@remote.example
send s3@example.test h@hop.example

wait_for 30 eval '[ -n "$(qid s1@example.test)" ] &&
    [ -n "$(qid s2@example.test)" ] && [ -n "$(qid s3@example.test)" ]' ||
    t_fail "qmgr did not take the messages"
Q1=$(qid s1@example.test)
Q2=$(qid s2@example.test)
Q3=$(qid s3@example.test)

# 1. all delivered: qmgr removes the file
wait_for 30 logged "postfix/qmgr\[[0-9]*\]: $Q1: removed" ||
    t_fail "$Q1 not removed"
echo "ok: $Q1 delivered and removed"

# 2. one deferred: the file is deferred, with D for the others
f=""
wait_for 30 eval 'f=$(ls "$QDIR"/deferred/*/"$Q2" 2>/dev/null); [ -n "$f" ]' ||
    t_fail "$Q2 not deferred"
f=$(ls "$QDIR"/deferred/*/"$Q2")
postcat -c "$CONF" "$f" > "$T/q2.postcat" 2>&1 || t_fail "postcat $f"
grep -qx 'done_recipient: c@remote.example' "$T/q2.postcat" &&
    grep -qx 'done_recipient: d@remote.example' "$T/q2.postcat" &&
    grep -qx 'recipient: defer1@remote.example' "$T/q2.postcat" ||
    t_fail "$Q2 records: $(cat "$T/q2.postcat")"
echo "ok: $Q2 deferred, c and d done, defer1 not"

# 3. hop failure: qmgr throttles the destination with our reason, so the
#    next message for it is deferred with that reason (by qmgr through
#    Postfix's "retry" error agent)
wait_for 30 logged "test_agent\[[0-9]*\]: $Q3: .* status=1" ||
    t_fail "test_agent did not get $Q3"
send s4@example.test h2@hop.example
wait_for 30 logged "postfix/(qmgr|error)\[[0-9]*\]: [0-9A-Z]*: to=<h2@hop.example>, relay=none, .*status=deferred \(delivery temporarily suspended: connect to hopfail.example: Connection refused\)" ||
    t_fail "no 'delivery temporarily suspended' for h2@hop.example"
echo "ok: hop status reached qmgr"

sleep 1
bad=$(grep -E 'malformed response|premature disconnect|unknown mail transport error|mail transport unavailable|panic|fatal' "$LOG")
[ -z "$bad" ] || t_fail "Postfix logged trouble:
$bad"
bad=$(grep -E 'warning' "$LOG" | grep -E 'test_agent|tagent')
[ -z "$bad" ] || t_fail "warnings about test_agent:
$bad"
pf_stop
T_CLEANUP_HOOK=""
t_pass
