#!/bin/sh
# postconf.sh - "postern conf" / postconf: the parameter listing, defaults,
# -n, -h, -x, editing with -e/-X (comments and other lines kept byte for
# byte, bad values refused), -M, unknown names, the postconf link name and
# MAIL_CONFIG.  Needs only bin/postern; compares -M with Debian's postconf
# when that is installed.
set -u
: "${TOP:?TOP must name the build tree}"
P=$TOP/bin/postern
[ -x "$P" ] || { echo "skip: $P is not built"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/postconf.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# The postconf personality, through a link of our own (and bin/postconf
# when the build made it).
ln -s "$P" "$T/postconf"
PC=$T/postconf
if [ -e "$TOP/bin/postconf" ]; then
    [ "$("$TOP/bin/postconf" -d max_idle)" = "max_idle = 100s" ] ||
        fail "bin/postconf -d max_idle"
fi

# ---- defaults ------------------------------------------------------------
mkdir "$T/empty"
"$PC" -c "$T/empty" -d > "$T/d.out" 2> "$T/d.err" || fail "postconf -d failed"
[ -s "$T/d.err" ] && fail "postconf -d wrote to stderr: $(cat "$T/d.err")"
bad=$(grep -Ecv '^[A-Za-z0-9_]+ =( .*)?$' "$T/d.out")
[ "$bad" = 0 ] || fail "postconf -d: $bad lines are not 'name = value'"
n=$(wc -l < "$T/d.out")
[ "$n" -ge 40 ] || fail "postconf -d lists only $n parameters"
cut -d' ' -f1 "$T/d.out" > "$T/d.names"
LC_ALL=C sort -u "$T/d.names" | cmp -s - "$T/d.names" ||
    fail "postconf -d names are not sorted and unique"
grep -qx 'max_idle = 100s' "$T/d.out" || fail "max_idle default"
grep -q '^myhostname = .' "$T/d.out" || fail "myhostname default"
grep -q '^queue_directory = /' "$T/d.out" || fail "queue_directory default"
# Every parameter in the shared table is listed (and nothing else while it
# is the only table).  Entries look like STR("name", ...) or { "name", PARAM_.
if [ -f "$TOP/src/global/mail_params.c" ]; then
    sed -n '/mail_params_table\[\] = {/,/^};/p' "$TOP/src/global/mail_params.c" |
        grep -Eo '^[[:space:]]*([A-Z_]+\(|\{[[:space:]]*)"[a-z0-9_]+"' |
        grep -Eo '"[a-z0-9_]+"' | tr -d '"' | LC_ALL=C sort -u > "$T/table.names"
    tn=$(wc -l < "$T/table.names")
    [ "$tn" -ge 40 ] || fail "could read only $tn names from mail_params_table"
    missing=$(LC_ALL=C comm -23 "$T/table.names" "$T/d.names")
    [ -z "$missing" ] || fail "postconf -d lacks: $missing"
    if ! ls "$TOP"/src/*/*_params.c | grep -qv /global/mail_params.c; then
        [ "$tn" = "$n" ] ||
            fail "postconf -d lists $n parameters, mail_params_table has $tn"
    fi
fi
# ... and each of the shared table is documented in postconf(5).
if [ -s "$T/table.names" ] && [ -f "$TOP/man/man5/postconf.5" ]; then
    while read -r name; do
        grep -q "^\.BR $name " "$TOP/man/man5/postconf.5" ||
            fail "$name is not documented in man/man5/postconf.5"
    done < "$T/table.names"
fi
if [ -f "$TOP/src/global/build_config.h" ]; then
    q=$(sed -n 's/^#define DEF_QUEUE_DIR "\(.*\)"$/\1/p' \
        "$TOP/src/global/build_config.h")
    [ "$("$PC" -c "$T/empty" -dh queue_directory)" = "$q" ] ||
        fail "queue_directory default is not DEF_QUEUE_DIR ($q)"
fi
# postern conf and postconf agree; no flags = defaults when main.cf is empty
"$P" conf -c "$T/empty" -d | cmp -s - "$T/d.out" || fail "postern conf -d"
# (except the read-only config_directory and process_name)
ro='^config_directory =\|^process_name ='
"$P" -c "$T/empty" conf | grep -v "$ro" > "$T/eff.out"
grep -v "$ro" "$T/d.out" | cmp -s - "$T/eff.out" ||
    fail "no main.cf: effective values are not the defaults"
[ "$("$PC" -c "$T/empty" config_directory)" = "config_directory = $T/empty" ] ||
    fail "config_directory does not follow -c"

# ---- -n on a copy of conf/main.cf -------------------------------------------
mkdir "$T/tmpl"
if [ -f "$TOP/conf/main.cf" ]; then
    cp "$TOP/conf/main.cf" "$T/tmpl/main.cf"
else
    printf '# stand-in for conf/main.cf\nsyslog_name = postern\n' > "$T/tmpl/main.cf"
fi
cat >> "$T/tmpl/main.cf" <<'EOF'
# added by the test
myhostname = host.example
myorigin = $myhostname
some_unknown_name = kept
  and continued
EOF
awk '/^[^ \t#]/ { sub(/[ \t=].*/, ""); print }' "$T/tmpl/main.cf" |
    LC_ALL=C sort -u > "$T/n.expect"
"$PC" -c "$T/tmpl" -n > "$T/n.out" 2> "$T/n.err" || fail "postconf -n failed"
sed 's/ =.*//' "$T/n.out" | cmp -s - "$T/n.expect" ||
    fail "postconf -n names:
$(sed 's/ =.*//' "$T/n.out" | diff "$T/n.expect" -)"
grep -qx 'some_unknown_name = kept  and continued' "$T/n.out" ||
    fail "postconf -n: continued value"

# ---- -h, -x, unknown names, MAIL_CONFIG ------------------------------------
[ "$("$PC" -c "$T/tmpl" -h myorigin)" = '$myhostname' ] || fail "-h myorigin"
[ "$("$PC" -c "$T/tmpl" -hx myorigin)" = 'host.example' ] || fail "-hx myorigin"
[ "$("$PC" -c "$T/tmpl" -x myorigin)" = 'myorigin = host.example' ] ||
    fail "-x myorigin"
"$PC" -c "$T/tmpl" -nx | grep -qx 'myorigin = host.example' || fail "-nx"
[ "$(MAIL_CONFIG=$T/tmpl "$PC" -h myhostname)" = host.example ] ||
    fail "MAIL_CONFIG is not honoured"
[ "$("$PC" -c "$T/tmpl" max_idle myhostname)" = "max_idle = 100s
myhostname = host.example" ] || fail "names in argument order"
"$PC" -c "$T/tmpl" no_such_param > "$T/u.out" 2> "$T/u.err" ||
    fail "unknown name: exit status"
[ -s "$T/u.out" ] && fail "unknown name: printed something"
[ "$(cat "$T/u.err")" = "postconf: warning: no_such_param: unknown parameter" ] ||
    fail "unknown name warning: $(cat "$T/u.err")"
"$P" conf -c "$T/tmpl" no_such_param 2>&1 |
    grep -qx "postern: warning: no_such_param: unknown parameter" ||
    fail "postern conf: warning tag"

# ---- -e keeps everything else --------------------------------------------
mkdir "$T/edit"
cat > "$T/edit/main.cf" <<'EOF'
# leading comment
myhostname = host.example

mydestination = a.example,
    b.example,
# a comment inside the continued value
    c.example
max_idle = 200s
#max_use = 5
unknown_thing = keep me
   exactly
EOF
printf 'last_line = no newline' >> "$T/edit/main.cf"
cat > "$T/edit/expect" <<'EOF'
# leading comment
myhostname = host.example

mydestination = x.example
# a comment inside the continued value
max_idle = 50s
#max_use = 5
unknown_thing = keep me
   exactly
last_line = no newline
brand_new = yes
EOF
cp "$T/edit/main.cf" "$T/edit/orig"
"$PC" -c "$T/edit" -e 'mydestination = x.example' max_idle=50s brand_new=yes ||
    fail "postconf -e failed"
cmp -s "$T/edit/main.cf" "$T/edit/expect" ||
    fail "postconf -e result:
$(diff "$T/edit/expect" "$T/edit/main.cf")"
ls "$T/edit" | grep -q tmp && fail "postconf -e left a temporary file"
[ "$("$PC" -c "$T/edit" -h max_idle)" = 50s ] || fail "-e value not read back"

# A bad value: one line naming parameter and value; the file is unchanged.
cp "$T/edit/main.cf" "$T/edit/before"
if "$PC" -c "$T/edit" -e max_idle=abc > "$T/e.out" 2> "$T/e.err"; then
    fail "postconf -e max_idle=abc succeeded"
fi
[ "$(wc -l < "$T/e.err")" = 1 ] || fail "bad value: not one line: $(cat "$T/e.err")"
grep 'max_idle' "$T/e.err" | grep -q 'abc' || fail "bad value: $(cat "$T/e.err")"
cmp -s "$T/edit/main.cf" "$T/edit/before" || fail "bad value changed main.cf"
# A bad value among good ones changes nothing either.
"$PC" -c "$T/edit" -e max_idle=10s max_use=many 2> /dev/null &&
    fail "postconf -e max_use=many succeeded"
cmp -s "$T/edit/main.cf" "$T/edit/before" || fail "partial edit written"
# A value checked after expansion.
"$PC" -c "$T/edit" -e 'idle_base = 30s' 'max_idle = $idle_base' ||
    fail "-e with a \$name value"
[ "$("$PC" -c "$T/edit" -hx max_idle)" = 30s ] || fail "-x after -e"
"$PC" -c "$T/edit" -e nonsense 2> /dev/null && fail "-e without '='"

# -X removes an entry with its continuation lines.
"$PC" -c "$T/edit" -X unknown_thing brand_new || fail "postconf -X"
grep -q 'unknown_thing\|exactly\|brand_new' "$T/edit/main.cf" &&
    fail "postconf -X left the entry"
grep -qx '# a comment inside the continued value' "$T/edit/main.cf" ||
    fail "postconf -X lost a comment"

# ---- -M -------------------------------------------------------------------
"$PC" -c "$T/edit" -M > /dev/null 2>&1 && fail "-M without master.cf succeeded"
cat > "$T/edit/master.cf" <<'EOF'
# comment
smtp      inet  n       -       y       -       -       smtpd
  -o smtpd_foo=bar
qmgr      unix  n       -       n       300     1       qmgr
smtp      unix  -       -       n       -       -       smtp
flush     unix  n       -       n       1000?   0       flush
EOF
"$PC" -c "$T/edit" -M > "$T/m.out" || fail "postconf -M"
[ "$(wc -l < "$T/m.out")" = 4 ] || fail "-M: $(cat "$T/m.out")"
[ "$("$PC" -c "$T/edit" -M smtp | wc -l)" = 2 ] || fail "-M smtp"
"$PC" -c "$T/edit" -M smtp/unix > "$T/m1.out" || fail "-M smtp/unix"
[ "$(wc -l < "$T/m1.out")" = 1 ] && tr -s ' ' < "$T/m1.out" |
    grep -qx 'smtp unix - - n - - smtp' || fail "-M smtp/unix: $(cat "$T/m1.out")"
"$PC" -c "$T/edit" -M nosuch 2>&1 >/dev/null |
    grep -qx 'postconf: warning: unmatched request: "nosuch"' ||
    fail "-M unmatched request"
if [ -x /usr/sbin/postconf ]; then
    /usr/sbin/postconf -c "$T/edit" -M 2> /dev/null | tr -s ' ' > "$T/m.pf"
    tr -s ' ' < "$T/m.out" | cmp -s - "$T/m.pf" ||
        fail "-M differs from Postfix's postconf -M:
$(tr -s ' ' < "$T/m.out" | diff "$T/m.pf" -)"
fi

echo "postconf: ok ($n parameters)"
exit 0
