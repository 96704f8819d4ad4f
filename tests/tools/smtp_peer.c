/*
 * smtp_peer - scriptable, fault-injecting SMTP/LMTP server for tests
 *
 * Usage: smtp_peer [-L] [-l listen] [-u unix_path] [-n max_sessions]
 *		[-T total_timeout_s] [-t transcript] [-m msg_prefix]
 *		[-p pid_file] [-r ready_file] SCRIPT_FILE
 *
 *	-L	LMTP: LHLO instead of EHLO/HELO (those two get the "unknown"
 *		reply), one end-of-data reply per accepted recipient
 *	-l addr	listen on TCP "127.0.0.1:PORT", "[::1]:PORT" (port 0 = any)
 *	-u path	listen on a UNIX-domain socket (removed at exit)
 *	-n N	serve N sessions, one after another, then exit (default 1;
 *		0 = until the total timeout)
 *	-T S	total time limit in seconds (default 60, max 86400): every
 *		wait (accept, read, write, stall) ends by then
 *	-t file	transcript (default stdout)
 *	-m pfx	save the data of message M of session S in "pfx.S.M",
 *		byte for byte as received (still dot-stuffed, line endings
 *		as sent), without the terminating "." line
 *	-p file	write the pid there
 *	-r file	written (atomically) once listening: the TCP port of -l
 *		and a newline ("0" with -u only)
 *
 * Exit: 0 when N sessions were served (with -n 0: when the time limit
 * passed between sessions); 2 when the time limit ended it otherwise;
 * 1 on usage, script or socket errors.  Sessions are served one at a
 * time; a second client waits in the listen queue.
 *
 * SCRIPT LANGUAGE.  One directive per line.  A line whose first word
 * starts with '#' is a comment; elsewhere a comment is a '#' preceded
 * by white space and followed by white space or the end of the line
 * ("#2" is a selector, not a comment).  Trailing white space is
 * dropped.  STAGE is one of
 *
 *	greeting ehlo helo lhlo mail rcpt data dot rset noop quit starttls
 *	unknown (any other command)  toolong (an input line over 64 KB)
 *
 * optionally followed by a SELECTOR:
 *
 *	#N	the N-th RCPT of the current transaction (rcpt); the N-th
 *		message of the session (dot); the N-th such command of
 *		the session (all other stages)
 *	>N	the same count, when it is greater than N
 *	<addr>	the address of MAIL FROM / RCPT TO (case-insensitive);
 *		for dot in LMTP mode: the per-recipient reply for addr
 *
 * Directives:
 *
 *	STAGE [SEL] TEXT	send TEXT CRLF.  Every line for the same
 *				STAGE+SELECTOR adds a line, so multi-line
 *				replies are written line by line, exactly
 *				as sent ("250-a", "250 b"); nothing is
 *				checked, so bad codes and bad continuation
 *				lines are just text
 *	raw STAGE [SEL] "BYTES"	send BYTES exactly, no CRLF added; C escapes
 *				\r \n \t \a \e \\ \" \xHH \NNN (octal); "" sends
 *				nothing (the command goes unanswered)
 *	longline STAGE [SEL] N [CODE]
 *				one line of exactly N bytes before its CRLF:
 *				CODE (default: the stage's usual code), a
 *				space, then 'X's
 *	stall STAGE [SEL] MS	sleep MS milliseconds before answering
 *				(earlier replies are flushed first)
 *	drop STAGE [SEL] before|after|reset|never
 *				close the connection after reading the
 *				command, before replying (for greeting: at
 *				once), or right after the reply; "reset":
 *				like before, but abort with a TCP RST
 *				(SO_LINGER 0) instead of an orderly close;
 *				"never" cancels an inherited drop
 *	limit rcpt N TEXT	the same as "rcpt >N TEXT": every RCPT after
 *				the N-th of a transaction gets TEXT
 *	session N		the following lines apply to session N only
 *				(sessions count from 1); "session default"
 *				(or "session *") returns to the lines for
 *				every session
 *	hostname NAME		used in the built-in replies (peer.test)
 *	nocheck			no command-sequence checks (see below)
 *
 * raw, longline and text lines of one STAGE+SELECTOR are sent in
 * order, as one reply.  For each of reply, stall and drop separately
 * the most specific definition wins: <addr>, then #N, then >N (the
 * largest N below the count), then no selector; at each level a
 * "session N" block before the default lines.  lhlo takes what it
 * lacks from ehlo.  Without any definition the built-in replies are
 *
 *	greeting 220 HOST ESMTP smtp_peer (LMTP in LMTP mode)
 *	ehlo/lhlo 250-HOST, PIPELINING, SIZE 52428800, 8BITMIME,
 *		  ENHANCEDSTATUSCODES, DSN, SMTPUTF8
 *	helo 250 HOST			mail 250 2.1.0 Ok
 *	rcpt 250 2.1.5 Ok		data 354 End data with <CR><LF>.<CR><LF>
 *	dot  250 2.0.0 Ok: queued as S<session>M<message>
 *	     (LMTP: 250 2.0.0 <addr> Ok: delivered)
 *	rset, noop 250 2.0.0 Ok		quit 221 2.0.0 Bye
 *	starttls 454 4.7.0 TLS not available due to local problem
 *	unknown 502 5.5.2 Error: command not recognized
 *	toolong 500 5.5.0 Error: line too long
 *
 * Protocol.  Commands are read one line at a time from the input
 * buffer, so pipelined commands are answered in order; replies are
 * flushed when the input is exhausted, before a stall and before a
 * close.  The first byte of a reply decides what happens: MAIL and
 * RCPT are accepted on '2', DATA reads a message on '3'.  Unless
 * "nocheck": RCPT without accepted MAIL gets "503 5.5.1 Error: need
 * MAIL command", a second MAIL "503 5.5.1 Error: nested MAIL command",
 * DATA without MAIL/RCPT 503 and without accepted recipients "554
 * 5.5.1 Error: no valid recipients" (no stall or drop applies then).
 * MAIL, RSET, HELO/EHLO/LHLO and the end of a message reset the
 * transaction; QUIT ends the session after its reply.  The message
 * ends with a line "." (CRLF or bare LF).  In LMTP mode each accepted
 * recipient gets its own dot reply (stall and drop per recipient).
 * STARTTLS never starts TLS.  A session ends by QUIT, a drop, end of
 * input or the time limit; the peer then shuts down its sending side
 * and discards input for up to a second, so the client sees the
 * replies and an orderly end of file.
 *
 * TRANSCRIPT.  One record per line, "SESSION KIND: TEXT":
 *	C	a command line received (also the final "." of a message)
 *	D	a message data line received (dot-stuffing kept)
 *	S	a reply line sent: text, longline, built-in replies
 *	R	the bytes of a raw directive
 *	*	an event: "connect from ADDR", "stall N ms", "drop before
 *		reply", "drop after reply", "reset before reply", "eof",
 *		"eof after an unterminated line", "line too long: N bytes",
 *		"message M: B bytes, L lines", "total timeout", "I/O
 *		error", "close"; session 0: "listening ...", "exit: ..."
 * TEXT is the line without its CRLF; other control bytes (a bare LF
 * line end, a lone CR, NUL, ...) and backslash are escaped as \n \r \\
 * \xHH; TAB and bytes >= 0x80 are written as they are.  R records show
 * every byte escaped the same way.
 *
 * Trust: a test program; not installed.  Input lines are bounded
 * (64 KB in memory; longer data lines are streamed), sessions and
 * waits are bounded by -T.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"
#include "stream.h"

#define LINE_LIMIT	65536		/* input line bound, '\n' included */
#define LONGLINE_MAX	(64L * 1024 * 1024)
#define STALL_MAX	86400000L
#define DRAIN_MS	1000

/* Stages: one per command, plus the greeting and two pseudo-commands. */
enum {
    ST_GREETING, ST_EHLO, ST_HELO, ST_LHLO, ST_MAIL, ST_RCPT, ST_DATA,
    ST_DOT, ST_RSET, ST_NOOP, ST_QUIT, ST_STARTTLS, ST_UNKNOWN, ST_TOOLONG,
    ST_COUNT
};

static const char *const stage_names[ST_COUNT] = {
    "greeting", "ehlo", "helo", "lhlo", "mail", "rcpt", "data", "dot",
    "rset", "noop", "quit", "starttls", "unknown", "toolong",
};

static const char *const stage_codes[ST_COUNT] = {
    "220", "250", "250", "250", "250", "250", "354", "250", "250", "250",
    "221", "454", "502", "500",
};

/* Built-in replies of the stages that need no formatting. */
static const char *const builtin_fixed[ST_COUNT] = {
    [ST_MAIL] = "250 2.1.0 Ok",
    [ST_RCPT] = "250 2.1.5 Ok",
    [ST_DATA] = "354 End data with <CR><LF>.<CR><LF>",
    [ST_RSET] = "250 2.0.0 Ok",
    [ST_NOOP] = "250 2.0.0 Ok",
    [ST_QUIT] = "221 2.0.0 Bye",
    [ST_STARTTLS] = "454 4.7.0 TLS not available due to local problem",
    [ST_UNKNOWN] = "502 5.5.2 Error: command not recognized",
    [ST_TOOLONG] = "500 5.5.0 Error: line too long",
};

/* Selectors, most specific first: the lookup order. */
enum { SEL_ADDR, SEL_NUM, SEL_ABOVE, SEL_ANY, SEL_COUNT };

enum { A_REPLY, A_STALL, A_DROP };		/* rule attributes */
enum { DROP_UNSET, DROP_NEVER, DROP_BEFORE, DROP_AFTER, DROP_RESET };
enum { P_LINE, P_RAW };				/* reply pieces */

struct piece {
    int     kind;
    struct buf *bytes;			/* P_LINE: without CRLF */
};

struct key {
    int     stage;
    int     sel;
    long    num;
    char   *addr;			/* SEL_ADDR, without <> */
};

struct rule {
    struct key key;
    struct piece *pieces;
    size_t  npieces;			/* > 0: reply defined */
    long    stall_ms;			/* < 0: unset */
    int     drop;
    struct rule *next;
};

struct block {
    long    session;			/* 0: default block */
    struct rule *rules;
    struct block *next;
};

struct script {
    struct block *blocks;		/* the default block is first */
    struct block *cur;
    char   *hostname;
    int     nocheck;
};

/* What a reply is for. */
struct ctx {
    int     stage;
    long    num;
    const char *addr;
};

struct session {
    long    num;
    struct stream *s;
    const struct block *blk;		/* "session N" block or NULL */
    struct buf *line;			/* current input (chunk) */
    struct buf *addr;			/* address of MAIL/RCPT */
    long    counts[ST_COUNT];
    int     mail_ok;
    long    nrcpt;			/* RCPTs in this transaction */
    struct argv *rcpts;			/* accepted recipients */
    long    msgs;
    struct stream *msg;			/* -m file of this message */
    long long msg_bytes;
    long    msg_lines;
    int     reply_class;		/* first byte of the last reply */
    int     pending_cr;			/* transcript: CR at chunk end */
    int     reset;			/* end with a TCP RST */
    int     over;
};

/* Process-wide state of the tool. */
static struct {
    struct script *script;
    struct stream *tr;			/* transcript */
    const char *msg_prefix;
    int     lmtp;
    long    deadline;			/* monotonic ms */
    int     timed_out;
    struct buf *scratch;
} peer;

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static long time_left(void)
{
    long    left = peer.deadline - now_ms();

    return (left > 0 ? left : 0);
}

/* ---------------------------------------------------------------------
 * Script parsing
 */

struct parser {
    struct script *sc;
    const char *file;
    int     lineno;
};

static _Noreturn void perr(const struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static _Noreturn void perr(const struct parser *p, const char *fmt, ...)
{
    struct buf *b = buf_new(100);
    va_list ap;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    msg_fatal("%s:%d: %s", p->file, p->lineno, buf_str(b));
}

static int is_blank(int c)
{
    return (c == ' ' || c == '\t');
}

static char *skip_blanks(char *cp)
{
    while (is_blank(*cp))
        cp++;
    return (cp);
}

/* next_word - the next blank-separated word (NUL-terminated), or NULL */

static char *next_word(char **cp)
{
    char   *start = skip_blanks(*cp);
    char   *end = start;

    if (*start == 0)
        return (NULL);
    while (*end && !is_blank(*end))
        end++;
    *cp = *end ? end + 1 : end;
    *end = 0;
    return (start);
}

/* word_len - length of the word at cp (no change) */

static size_t word_len(const char *cp)
{
    size_t  n = 0;

    while (cp[n] && !is_blank(cp[n]))
        n++;
    return (n);
}

/* strip_comment - cut at " # ..." and drop trailing blanks */

static void strip_comment(char *cp)
{
    char   *start = cp;
    size_t  len;

    for (; *cp; cp++) {
        if (*cp == '#' && (cp == start || is_blank(cp[-1]))
            && (cp[1] == 0 || is_blank(cp[1]))) {
            *cp = 0;
            break;
        }
    }
    len = strlen(start);
    while (len > 0 && is_blank(start[len - 1]))
        start[--len] = 0;
}

static long parse_num(const struct parser *p, const char *word, long min,
                      long max, const char *what)
{
    char   *end;
    long    n;

    if (word == NULL)
        perr(p, "missing %s", what);
    errno = 0;
    n = strtol(word, &end, 10);
    if (end == word || *end != 0 || errno != 0 || n < min || n > max)
        perr(p, "bad %s \"%s\" (%ld..%ld)", what, word, min, max);
    return (n);
}

static int parse_stage(const struct parser *p, char **cp)
{
    char   *word = next_word(cp);
    int     st;

    if (word == NULL)
        perr(p, "missing stage");
    for (st = 0; st < ST_COUNT; st++)
        if (strcmp(word, stage_names[st]) == 0)
            return (st);
    perr(p, "unknown stage \"%s\"", word);
}

/* is_count_sel - "#N" or ">N" with N digits only */

static int is_count_sel(const char *w, size_t n)
{
    size_t  i;

    if (n < 2 || (w[0] != '#' && w[0] != '>'))
        return (0);
    for (i = 1; i < n; i++)
        if (w[i] < '0' || w[i] > '9')
            return (0);
    return (1);
}

/* parse_key - STAGE and an optional selector */

static void parse_key(const struct parser *p, char **cp, struct key *k)
{
    char   *w;
    size_t  n;

    k->stage = parse_stage(p, cp);
    k->sel = SEL_ANY;
    k->num = 0;
    k->addr = NULL;
    w = skip_blanks(*cp);
    n = word_len(w);
    if (is_count_sel(w, n)) {
        w = next_word(cp);
        k->sel = (*w == '#') ? SEL_NUM : SEL_ABOVE;
        k->num = parse_num(p, w + 1, *w == '#' ? 1 : 0, 1000000, "count");
    } else if (n >= 2 && w[0] == '<' && w[n - 1] == '>') {
        if (k->stage != ST_MAIL && k->stage != ST_RCPT && k->stage != ST_DOT)
            perr(p, "<address> selects only mail, rcpt or dot");
        w = next_word(cp);
        k->sel = SEL_ADDR;
        k->addr = xstrndup(w + 1, n - 2);
    }
}

static int key_equal(const struct key *a, const struct key *b)
{
    return (a->stage == b->stage && a->sel == b->sel && a->num == b->num
            && (a->sel != SEL_ADDR || strcasecmp(a->addr, b->addr) == 0));
}

/* rule_get - the rule of the current block for this key; created */

static struct rule *rule_get(struct script *sc, struct key *k)
{
    struct rule **rp;
    struct rule *r;

    for (rp = &sc->cur->rules; (r = *rp) != NULL; rp = &r->next) {
        if (key_equal(&r->key, k)) {
            free(k->addr);
            return (r);
        }
    }
    r = xcalloc(1, sizeof(*r));
    r->key = *k;
    r->stall_ms = -1;
    *rp = r;
    return (r);
}

static struct buf *rule_add(struct rule *r, int kind)
{
    struct piece *pc;

    r->pieces = xrealloc(r->pieces, (r->npieces + 1) * sizeof(*r->pieces));
    pc = r->pieces + r->npieces++;
    pc->kind = kind;
    pc->bytes = buf_new(64);
    return (pc->bytes);
}

/* unescape - one escape sequence after a backslash; returns the rest */

static char *unescape(const struct parser *p, char *cp, struct buf *out)
{
    static const char from[] = "nrtae\\\"'?";
    static const char to[] = "\n\r\t\a\033\\\"'?";
    const char *hit;
    int     val = 0;
    int     n;

    if (*cp != 0 && (hit = strchr(from, *cp)) != NULL) {
        buf_putc(out, to[hit - from]);
        return (cp + 1);
    }
    if (*cp == 'x') {
        for (n = 0, cp++; n < 2 && isxdigit((unsigned char) *cp); n++, cp++)
            val = val * 16 + (*cp <= '9' ? *cp - '0' : (*cp | 040) - 'a' + 10);
        if (n == 0)
            perr(p, "\\x without hex digits");
    } else if (*cp >= '0' && *cp <= '7') {
        for (n = 0; n < 3 && *cp >= '0' && *cp <= '7'; n++, cp++)
            val = val * 8 + (*cp - '0');
        if (val > 255)
            perr(p, "octal escape above \\377");
    } else {
        perr(p, "unknown escape \\%c", *cp ? *cp : '0');
    }
    buf_putc(out, val);
    return (cp);
}

/* parse_quoted - "..." with C escapes, appended to out */

static void parse_quoted(const struct parser *p, char **cp, struct buf *out)
{
    char   *s = skip_blanks(*cp);

    if (*s != '"')
        perr(p, "raw needs a \"quoted string\"");
    for (s++; *s && *s != '"';) {
        if (*s == '\\')
            s = unescape(p, s + 1, out);
        else
            buf_putc(out, *s++);
    }
    if (*s != '"')
        perr(p, "unterminated string");
    *cp = s + 1;
}

static void expect_end(const struct parser *p, char *cp)
{
    cp = skip_blanks(cp);
    if (*cp != 0 && *cp != '#')
        perr(p, "unexpected text \"%s\"", cp);
}

static void do_raw(struct parser *p, char *cp)
{
    struct key k;
    struct rule *r;

    parse_key(p, &cp, &k);
    r = rule_get(p->sc, &k);
    parse_quoted(p, &cp, rule_add(r, P_RAW));
    expect_end(p, cp);
}

static void do_longline(struct parser *p, char *cp)
{
    struct key k;
    struct buf *b;
    const char *code;
    long    len;

    parse_key(p, &cp, &k);
    len = parse_num(p, next_word(&cp), 4, LONGLINE_MAX, "line length");
    if ((code = next_word(&cp)) == NULL)
        code = stage_codes[k.stage];
    expect_end(p, cp);
    if ((long) strlen(code) + 1 > len)
        perr(p, "line length %ld is shorter than \"%s \"", len, code);
    b = rule_add(rule_get(p->sc, &k), P_LINE);
    buf_printf(b, "%s ", code);
    while ((long) buf_len(b) < len)
        buf_putc(b, 'X');
}

static void do_stall(struct parser *p, char *cp)
{
    struct key k;

    parse_key(p, &cp, &k);
    rule_get(p->sc, &k)->stall_ms =
        parse_num(p, next_word(&cp), 0, STALL_MAX, "milliseconds");
    expect_end(p, cp);
}

static void do_drop(struct parser *p, char *cp)
{
    static const char *const names[] = {
        "", "never", "before", "after", "reset",
    };
    struct key k;
    const char *w;
    int     d;

    parse_key(p, &cp, &k);
    if ((w = next_word(&cp)) == NULL)
        perr(p, "drop: missing before, after, reset or never");
    for (d = DROP_NEVER; d <= DROP_RESET; d++)
        if (strcmp(w, names[d]) == 0)
            break;
    if (d > DROP_RESET)
        perr(p, "drop: \"%s\" is not before, after, reset or never", w);
    expect_end(p, cp);
    rule_get(p->sc, &k)->drop = d;
}

static void add_text(struct parser *p, struct key *k, char *text)
{
    text = skip_blanks(text);
    if (*text == 0)
        perr(p, "%s: missing reply text", stage_names[k->stage]);
    buf_puts(rule_add(rule_get(p->sc, k), P_LINE), text);
}

static void do_limit(struct parser *p, char *cp)
{
    struct key k = {ST_RCPT, SEL_ABOVE, 0, NULL};
    const char *w = next_word(&cp);

    if (w == NULL || strcmp(w, "rcpt") != 0)
        perr(p, "limit: only \"limit rcpt N TEXT\" is supported");
    k.num = parse_num(p, next_word(&cp), 0, 1000000, "recipient limit");
    add_text(p, &k, cp);
}

static struct block *block_get(struct script *sc, long session)
{
    struct block **bp;
    struct block *b;

    for (bp = &sc->blocks; (b = *bp) != NULL; bp = &b->next)
        if (b->session == session)
            return (b);
    b = xcalloc(1, sizeof(*b));
    b->session = session;
    *bp = b;
    return (b);
}

static void do_session(struct parser *p, char *cp)
{
    const char *w = next_word(&cp);
    long    n;

    expect_end(p, cp);
    if (w != NULL && (strcmp(w, "default") == 0 || strcmp(w, "*") == 0))
        n = 0;
    else
        n = parse_num(p, w, 1, 1000000, "session number");
    p->sc->cur = block_get(p->sc, n);
}

static void do_hostname(struct parser *p, char *cp)
{
    const char *w = next_word(&cp);

    if (w == NULL)
        perr(p, "hostname: missing name");
    expect_end(p, cp);
    free(p->sc->hostname);
    p->sc->hostname = xstrdup(w);
}

static void do_nocheck(struct parser *p, char *cp)
{
    expect_end(p, cp);
    p->sc->nocheck = 1;
}

static void do_reply(struct parser *p, const char *word, char *cp)
{
    struct key k;
    char   *all = xconcat(word, " ", cp, (char *) 0);
    char   *rest = all;

    parse_key(p, &rest, &k);
    add_text(p, &k, rest);
    free(all);
}

/* parse_line - one script line */

static void parse_line(struct parser *p, char *line)
{
    char   *cp = line;
    char   *word;

    if ((word = next_word(&cp)) == NULL || *word == '#')
        return;
    if (strcmp(word, "raw") == 0) {
        do_raw(p, cp);
        return;
    }
    strip_comment(cp);
    if (strcmp(word, "longline") == 0)
        do_longline(p, cp);
    else if (strcmp(word, "stall") == 0)
        do_stall(p, cp);
    else if (strcmp(word, "drop") == 0)
        do_drop(p, cp);
    else if (strcmp(word, "limit") == 0)
        do_limit(p, cp);
    else if (strcmp(word, "session") == 0)
        do_session(p, cp);
    else if (strcmp(word, "hostname") == 0)
        do_hostname(p, cp);
    else if (strcmp(word, "nocheck") == 0)
        do_nocheck(p, cp);
    else
        do_reply(p, word, cp);
}

static struct script *script_load(const char *path)
{
    struct script *sc = xcalloc(1, sizeof(*sc));
    struct parser p = {sc, path, 0};
    struct stream *in;
    struct buf *line = buf_new(256);
    int     fd;
    int     ret;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        msg_fatal("open %s: %m", path);
    in = stream_open(fd);
    sc->cur = block_get(sc, 0);
    sc->hostname = xstrdup("peer.test");
    while ((ret = stream_get_line(in, line, LINE_LIMIT)) == STREAM_OK
           || ret == STREAM_PARTIAL) {
        p.lineno++;
        if (memchr(buf_str(line), 0, buf_len(line)) != NULL)
            perr(&p, "NUL byte in script");
        parse_line(&p, buf_str(line));
    }
    if (ret != STREAM_EOF)
        msg_fatal("%s: read error or line too long", path);
    (void) stream_close(in);
    buf_free(line);
    return (sc);
}

/* ---------------------------------------------------------------------
 * Rule lookup
 */

static int rule_has(const struct rule *r, int attr)
{
    switch (attr) {
    case A_REPLY:
        return (r->npieces > 0);
    case A_STALL:
        return (r->stall_ms >= 0);
    default:
        return (r->drop != DROP_UNSET);
    }
}

static int rule_fits(const struct rule *r, int stage, int sel,
                     const struct ctx *c)
{
    if (r->key.stage != stage || r->key.sel != sel)
        return (0);
    switch (sel) {
    case SEL_ADDR:
        return (c->addr != NULL && strcasecmp(r->key.addr, c->addr) == 0);
    case SEL_NUM:
        return (c->num == r->key.num);
    case SEL_ABOVE:
        return (c->num > r->key.num);
    default:
        return (1);
    }
}

static const struct rule *block_find(const struct block *b, int stage,
                                     int sel, const struct ctx *c, int attr)
{
    const struct rule *best = NULL;
    const struct rule *r;

    for (r = b ? b->rules : NULL; r != NULL; r = r->next)
        if (rule_fits(r, stage, sel, c) && rule_has(r, attr)
            && (best == NULL || r->key.num > best->key.num))
            best = r;
    return (best);
}

static const struct rule *find_stage(const struct session *ss, int stage,
                                     const struct ctx *c, int attr)
{
    const struct rule *r;
    int     sel;

    for (sel = 0; sel < SEL_COUNT; sel++) {
        if ((r = block_find(ss->blk, stage, sel, c, attr)) != NULL
            || (r = block_find(peer.script->blocks, stage, sel, c, attr)))
            return (r);
    }
    return (NULL);
}

static const struct rule *lookup(const struct session *ss,
                                 const struct ctx *c, int attr)
{
    const struct rule *r = find_stage(ss, c->stage, c, attr);

    if (r == NULL && c->stage == ST_LHLO)
        r = find_stage(ss, ST_EHLO, c, attr);
    return (r);
}

/* ---------------------------------------------------------------------
 * Transcript
 */

static void tr_begin(long session, int kind)
{
    stream_printf(peer.tr, "%ld %c: ", session, kind);
}

static void tr_end(void)
{
    stream_putc(peer.tr, '\n');
}

/* tr_escape - text with control bytes and backslash escaped */

static void tr_escape(const char *p, size_t n)
{
    size_t  run = 0;
    size_t  i;
    unsigned char c;

    for (i = 0; i < n; i++) {
        c = p[i];
        if ((c >= 0x20 && c != 0x7f && c != '\\') || c == '\t')
            continue;
        stream_write(peer.tr, p + run, i - run);
        run = i + 1;
        if (c == '\\')
            stream_puts(peer.tr, "\\\\");
        else if (c == '\r')
            stream_puts(peer.tr, "\\r");
        else if (c == '\n')
            stream_puts(peer.tr, "\\n");
        else
            stream_printf(peer.tr, "\\x%02x", c);
    }
    stream_write(peer.tr, p + run, n - run);
}

static void tr_event(long session, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tr_event(long session, const char *fmt, ...)
{
    va_list ap;

    buf_reset(peer.scratch);
    va_start(ap, fmt);
    buf_vprintf(peer.scratch, fmt, ap);
    va_end(ap);
    tr_begin(session, '*');
    stream_write(peer.tr, buf_str(peer.scratch), buf_len(peer.scratch));
    tr_end();
}

static void tr_flush(struct session *ss)
{
    if (stream_flush(peer.tr) < 0)
        msg_fatal("transcript: write error");
    if (ss != NULL && ss->msg != NULL && stream_flush(ss->msg) < 0)
        msg_fatal("message file: write error");
}

/* How a chunk of input ends: more of the line follows, '\n', or EOF. */
enum { END_CHUNK, END_LF, END_NONE };

/* tr_body - record a chunk of an input line (the record is open) */

static void tr_body(struct session *ss, const char *p, size_t n, int how)
{
    if (ss->pending_cr) {
        ss->pending_cr = 0;
        if (how == END_LF && n == 0)
            return;
        tr_escape("\r", 1);
    }
    if (how == END_LF && n > 0 && p[n - 1] == '\r') {
        tr_escape(p, n - 1);
        return;
    }
    if (how == END_CHUNK && n > 0 && p[n - 1] == '\r') {
        ss->pending_cr = 1;
        n--;
    }
    tr_escape(p, n);
    if (how == END_LF)
        tr_escape("\n", 1);
}

static int chunk_end(int ret)
{
    return (ret == STREAM_OK ? END_LF : ret == STREAM_TOOLONG ?
            END_CHUNK : END_NONE);
}

/* tr_line - a complete record of the current input chunk */

static void tr_line(struct session *ss, int kind, int ret)
{
    tr_begin(ss->num, kind);
    tr_body(ss, buf_str(ss->line), buf_len(ss->line), chunk_end(ret));
    tr_end();
}

/* ---------------------------------------------------------------------
 * Session I/O
 */

static int get_chunk(struct session *ss)
{
    if (stream_buffered(ss->s) == 0)
        tr_flush(ss);
    return (stream_get_until(ss->s, '\n', ss->line, LINE_LIMIT));
}

/* msg_copy - the current chunk to the -m file, counted */

static void msg_copy(struct session *ss, int lf)
{
    ss->msg_bytes += buf_len(ss->line) + (lf ? 1 : 0);
    if (ss->msg == NULL)
        return;
    stream_write(ss->msg, buf_str(ss->line), buf_len(ss->line));
    if (lf)
        stream_putc(ss->msg, '\n');
}

/* rest_of_line - the rest of an over-long line, recorded (the record
 * is open), copied and added to *total (if not NULL); returns the
 * status of the last read */

static int rest_of_line(struct session *ss, long long *total)
{
    int     ret;

    do {
        ret = get_chunk(ss);
        if (ret == STREAM_EOF || ret == STREAM_ERR)
            break;
        if (total != NULL)
            *total += buf_len(ss->line) + (ret == STREAM_OK);
        tr_body(ss, buf_str(ss->line), buf_len(ss->line), chunk_end(ret));
        msg_copy(ss, ret == STREAM_OK);
    } while (ret == STREAM_TOOLONG);
    tr_end();
    return (ret);
}

/* input_end - the session ends on EOF, a partial line, error, timeout */

static void input_end(struct session *ss, int ret)
{
    ss->over = 1;
    if (ret == STREAM_PARTIAL) {
        tr_event(ss->num, "eof after an unterminated line");
    } else if (ret == STREAM_EOF) {
        tr_event(ss->num, "eof");
    } else if (stream_timed_out(ss->s) || time_left() == 0) {
        peer.timed_out = 1;
        tr_event(ss->num, "total timeout");
    } else {
        tr_event(ss->num, "I/O error");
    }
}

static void send_line(struct session *ss, const char *p, size_t n)
{
    if (ss->reply_class == 0)
        ss->reply_class = n > 0 ? (unsigned char) *p : 0;
    stream_write(ss->s, p, n);
    stream_write(ss->s, "\r\n", 2);
    tr_begin(ss->num, 'S');
    tr_escape(p, n);
    tr_end();
}

static void send_raw(struct session *ss, const char *p, size_t n)
{
    if (ss->reply_class == 0)
        ss->reply_class = n > 0 ? (unsigned char) *p : 0;
    stream_write(ss->s, p, n);
    tr_begin(ss->num, 'R');
    tr_escape(p, n);
    tr_end();
}

static void send_pieces(struct session *ss, const struct rule *r)
{
    size_t  i;
    struct buf *b;

    for (i = 0; i < r->npieces; i++) {
        b = r->pieces[i].bytes;
        if (r->pieces[i].kind == P_RAW)
            send_raw(ss, buf_str(b), buf_len(b));
        else
            send_line(ss, buf_str(b), buf_len(b));
    }
}

/* builtin_text - the built-in reply, lines separated by '\n' */

static void builtin_text(struct session *ss, const struct ctx *c,
                         struct buf *b)
{
    const char *h = peer.script->hostname;

    switch (c->stage) {
    case ST_GREETING:
        buf_printf(b, "220 %s %s smtp_peer", h, peer.lmtp ? "LMTP" : "ESMTP");
        break;
    case ST_EHLO:
    case ST_LHLO:
        buf_printf(b, "250-%s\n250-PIPELINING\n250-SIZE 52428800\n"
                   "250-8BITMIME\n250-ENHANCEDSTATUSCODES\n250-DSN\n"
                   "250 SMTPUTF8", h);
        break;
    case ST_HELO:
        buf_printf(b, "250 %s", h);
        break;
    case ST_DOT:
        if (peer.lmtp)
            buf_printf(b, "250 2.0.0 <%s> Ok: delivered", c->addr);
        else
            buf_printf(b, "250 2.0.0 Ok: queued as S%ldM%ld", ss->num,
                       ss->msgs);
        break;
    default:
        buf_puts(b, builtin_fixed[c->stage]);
        break;
    }
}

static void send_builtin(struct session *ss, const struct ctx *c)
{
    struct buf *b = buf_new(256);
    char   *cp;
    char   *nl;

    builtin_text(ss, c, b);
    for (cp = buf_str(b); (nl = strchr(cp, '\n')) != NULL; cp = nl + 1)
        send_line(ss, cp, nl - cp);
    send_line(ss, cp, strlen(cp));
    buf_free(b);
}

/* sleep_bounded - sleep ms, at most until the deadline; -1 if hit */

static int sleep_bounded(long ms)
{
    long    end = now_ms() + ms;
    long    left;

    if (ms > time_left())
        end = peer.deadline;
    while ((left = end - now_ms()) > 0)
        (void) poll(NULL, 0, (int) left);
    return (time_left() > 0 ? 0 : -1);
}

static int stall(struct session *ss, long ms)
{
    (void) stream_flush(ss->s);
    tr_event(ss->num, "stall %ld ms", ms);
    tr_flush(ss);
    if (sleep_bounded(ms) == 0)
        return (0);
    peer.timed_out = 1;
    tr_event(ss->num, "total timeout");
    ss->over = 1;
    return (-1);
}

/* respond - stall, drop, reply as the script says; -1: session over */

static int respond(struct session *ss, const struct ctx *c)
{
    const struct rule *r;
    long    stall_ms = (r = lookup(ss, c, A_STALL)) != NULL ? r->stall_ms : 0;
    int     drop = (r = lookup(ss, c, A_DROP)) != NULL ? r->drop : DROP_NEVER;

    ss->reply_class = 0;
    if (stall_ms > 0 && stall(ss, stall_ms) < 0)
        return (-1);
    if (drop == DROP_BEFORE || drop == DROP_RESET) {
        tr_event(ss->num, "%s before reply",
                 drop == DROP_RESET ? "reset" : "drop");
        ss->reset = (drop == DROP_RESET);
        ss->over = 1;
        return (-1);
    }
    if ((r = lookup(ss, c, A_REPLY)) != NULL)
        send_pieces(ss, r);
    else
        send_builtin(ss, c);
    if (drop == DROP_AFTER) {
        tr_event(ss->num, "drop after reply");
        ss->over = 1;
        return (-1);
    }
    return (0);
}

/* ---------------------------------------------------------------------
 * Commands
 */

static void txn_reset(struct session *ss)
{
    ss->mail_ok = 0;
    ss->nrcpt = 0;
    argv_truncate(ss->rcpts, 0);
}

/* cmd_stage - the stage of the command in ss->line */

static int cmd_stage(const struct session *ss)
{
    static const char *const verbs[] = {
        "EHLO", "HELO", "LHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP",
        "QUIT", "STARTTLS",
    };
    static const int stages[] = {
        ST_EHLO, ST_HELO, ST_LHLO, ST_MAIL, ST_RCPT, ST_DATA, ST_RSET,
        ST_NOOP, ST_QUIT, ST_STARTTLS,
    };
    const char *cp = buf_str(ss->line);
    size_t  n = strcspn(cp, " \t\r");
    size_t  i;

    for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
        if (strlen(verbs[i]) == n && strncasecmp(cp, verbs[i], n) == 0) {
            if ((stages[i] == ST_LHLO) != (peer.lmtp != 0)
                && (stages[i] == ST_LHLO || stages[i] == ST_EHLO
                    || stages[i] == ST_HELO))
                return (ST_UNKNOWN);
            return (stages[i]);
        }
    }
    return (ST_UNKNOWN);
}

/* cmd_addr - the address after "FROM:" / "TO:", without <> */

static const char *cmd_addr(struct session *ss)
{
    const char *cp = strchr(buf_str(ss->line), ':');
    size_t  n;

    buf_reset(ss->addr);
    if (cp == NULL)
        return (buf_str(ss->addr));
    while (is_blank(*++cp))
        ;
    if (*cp == '<')
        n = strcspn(++cp, ">\r");
    else
        n = strcspn(cp, " \t\r");
    buf_setn(ss->addr, cp, n);
    return (buf_str(ss->addr));
}

static void seq_error(struct session *ss, const char *text)
{
    ss->reply_class = 0;
    send_line(ss, text, strlen(text));
}

static void do_mail(struct session *ss)
{
    struct ctx c = {ST_MAIL, ss->counts[ST_MAIL], NULL};

    if (!peer.script->nocheck && ss->mail_ok) {
        seq_error(ss, "503 5.5.1 Error: nested MAIL command");
        return;
    }
    txn_reset(ss);
    c.addr = cmd_addr(ss);
    if (respond(ss, &c) == 0 && ss->reply_class == '2')
        ss->mail_ok = 1;
}

static void do_rcpt(struct session *ss)
{
    struct ctx c = {ST_RCPT, 0, NULL};

    if (!peer.script->nocheck && !ss->mail_ok) {
        seq_error(ss, "503 5.5.1 Error: need MAIL command");
        return;
    }
    c.num = ++ss->nrcpt;
    c.addr = cmd_addr(ss);
    if (respond(ss, &c) == 0 && ss->reply_class == '2')
        argv_add(ss->rcpts, c.addr);
}

/* msg_open - the -m file of the next message */

static void msg_open(struct session *ss)
{
    struct buf *path;
    int     fd;

    ss->msg_bytes = 0;
    ss->msg_lines = 0;
    if (peer.msg_prefix == NULL)
        return;
    path = buf_new(100);
    buf_printf(path, "%s.%ld.%ld", peer.msg_prefix, ss->num, ss->msgs);
    fd = open(buf_str(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        msg_fatal("open %s: %m", buf_str(path));
    ss->msg = stream_open(fd);
    buf_free(path);
}

static void msg_close(struct session *ss)
{
    if (ss->msg != NULL && stream_close(ss->msg) < 0)
        msg_fatal("message file: write error");
    ss->msg = NULL;
}

static int is_dot(const struct buf *line)
{
    return (strcmp(line->data, ".") == 0 || strcmp(line->data, ".\r") == 0);
}

/* data_line - one data line, starting in the current chunk */

static int data_line(struct session *ss, int ret)
{
    ss->msg_lines++;
    tr_begin(ss->num, 'D');
    tr_body(ss, buf_str(ss->line), buf_len(ss->line), chunk_end(ret));
    msg_copy(ss, ret == STREAM_OK);
    if (ret == STREAM_TOOLONG)
        return (rest_of_line(ss, NULL));
    tr_end();
    return (ret);
}

/* receive_message - data lines through "."; -1 if the session ended */

static int receive_message(struct session *ss)
{
    int     ret;

    ss->msgs++;
    msg_open(ss);
    for (;;) {
        ret = get_chunk(ss);
        if (ret == STREAM_OK && is_dot(ss->line)) {
            tr_line(ss, 'C', ret);
            break;
        }
        if (ret == STREAM_OK || ret == STREAM_TOOLONG
            || ret == STREAM_PARTIAL)
            ret = data_line(ss, ret);
        if (ret != STREAM_OK && ret != STREAM_TOOLONG) {
            msg_close(ss);
            input_end(ss, ret);
            return (-1);
        }
    }
    msg_close(ss);
    tr_event(ss->num, "message %ld: %lld bytes, %ld lines", ss->msgs,
             ss->msg_bytes, ss->msg_lines);
    return (0);
}

static void dot_replies(struct session *ss)
{
    struct ctx c = {ST_DOT, ss->msgs, NULL};
    size_t  i;

    if (!peer.lmtp) {
        (void) respond(ss, &c);
        return;
    }
    for (i = 0; i < ss->rcpts->argc; i++) {
        c.addr = ss->rcpts->argv[i];
        if (respond(ss, &c) < 0)
            return;
    }
}

static const char *data_check(const struct session *ss)
{
    if (peer.script->nocheck)
        return (NULL);
    if (!ss->mail_ok)
        return ("503 5.5.1 Error: need MAIL command");
    if (ss->nrcpt == 0)
        return ("503 5.5.1 Error: need RCPT command");
    if (ss->rcpts->argc == 0)
        return ("554 5.5.1 Error: no valid recipients");
    return (NULL);
}

static void do_data(struct session *ss)
{
    struct ctx c = {ST_DATA, ss->counts[ST_DATA], NULL};
    const char *err;

    if ((err = data_check(ss)) != NULL) {
        seq_error(ss, err);
        return;
    }
    if (respond(ss, &c) < 0 || ss->reply_class != '3')
        return;
    if (receive_message(ss) == 0)
        dot_replies(ss);
    txn_reset(ss);
}

static void command(struct session *ss)
{
    int     stage = cmd_stage(ss);
    struct ctx c = {stage, ++ss->counts[stage], NULL};

    switch (stage) {
    case ST_MAIL:
        do_mail(ss);
        break;
    case ST_RCPT:
        do_rcpt(ss);
        break;
    case ST_DATA:
        do_data(ss);
        break;
    case ST_EHLO:
    case ST_HELO:
    case ST_LHLO:
    case ST_RSET:
        txn_reset(ss);
        (void) respond(ss, &c);
        break;
    case ST_QUIT:
        if (respond(ss, &c) == 0)
            ss->over = 1;
        break;
    default:
        (void) respond(ss, &c);
        break;
    }
}

static void too_long(struct session *ss)
{
    long long total = buf_len(ss->line);
    struct ctx c = {ST_TOOLONG, ++ss->counts[ST_TOOLONG], NULL};
    int     ret;

    tr_begin(ss->num, 'C');
    tr_body(ss, buf_str(ss->line), buf_len(ss->line), END_CHUNK);
    ret = rest_of_line(ss, &total);
    tr_event(ss->num, "line too long: %lld bytes", total);
    if (ret == STREAM_OK)
        (void) respond(ss, &c);
    else
        input_end(ss, ret);
}

static void session_loop(struct session *ss)
{
    int     ret;

    while (!ss->over) {
        ret = get_chunk(ss);
        if (ret == STREAM_OK) {
            tr_line(ss, 'C', ret);
            command(ss);
        } else if (ret == STREAM_TOOLONG) {
            too_long(ss);
        } else {
            if (ret == STREAM_PARTIAL)
                tr_line(ss, 'C', ret);
            input_end(ss, ret);
        }
    }
}

/* drain - after shutdown(SHUT_WR): discard input until EOF, bounded */

static void drain(int fd)
{
    long    end = now_ms() + DRAIN_MS;
    char    junk[4096];
    struct pollfd pfd;
    long    left;

    if (end > peer.deadline)
        end = peer.deadline;
    pfd.fd = fd;
    pfd.events = POLLIN;
    while ((left = end - now_ms()) > 0) {
        if (poll(&pfd, 1, (int) left) <= 0)
            continue;
        if (read(fd, junk, sizeof(junk)) <= 0)
            break;
    }
}

/* session_close - orderly: FIN and drain; reset: RST (SO_LINGER 0) */

static void session_close(struct session *ss)
{
    struct linger lg = {1, 0};
    int     fd = stream_fd(ss->s);

    if (stream_flush(ss->s) < 0 && !peer.timed_out)
        tr_event(ss->num, "I/O error");
    if (ss->reset) {
        (void) setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    } else {
        (void) shutdown(fd, SHUT_WR);
        drain(fd);
    }
    (void) stream_close(ss->s);
    tr_event(ss->num, "close");
    tr_flush(NULL);
}

static const struct block *session_block(long num)
{
    const struct block *b;

    for (b = peer.script->blocks; b != NULL; b = b->next)
        if (b->session == num)
            return (b);
    return (NULL);
}

static void session_run(int fd, long num, const char *from)
{
    struct session ss;
    struct ctx c = {ST_GREETING, 1, NULL};
    long    left = time_left();

    memset(&ss, 0, sizeof(ss));
    ss.num = num;
    ss.blk = session_block(num);
    ss.line = buf_new(1024);
    ss.addr = buf_new(100);
    ss.rcpts = argv_new(10);
    ss.s = stream_open(fd);
    stream_set_timeout(ss.s, left > 0 ? (int) left : 1);
    stream_set_deadline(ss.s, 1);
    ss.counts[ST_GREETING] = 1;
    tr_event(num, "connect from %s", from);
    if (respond(&ss, &c) == 0)
        session_loop(&ss);
    session_close(&ss);
    buf_free(ss.line);
    buf_free(ss.addr);
    argv_free(ss.rcpts);
}

/* ---------------------------------------------------------------------
 * Listening, main
 */

static void peer_name(const struct sockaddr_storage *sa, struct buf *out)
{
    char    host[100];

    buf_reset(out);
    if (sa->ss_family == AF_UNIX) {
        buf_puts(out, "unix socket");
        return;
    }
    buf_printf(out, "%s port %d",
               sockaddr_str((const struct sockaddr *) sa, host, sizeof(host)),
               sockaddr_port((const struct sockaddr *) sa));
}

/* accept_one - next connection, or -1 when the time is up */

static int accept_one(const int *lfd, int nl, struct buf *from)
{
    struct pollfd pfd[2];
    struct sockaddr_storage sa;
    socklen_t len;
    int     i;
    int     fd;

    for (i = 0; i < nl; i++) {
        pfd[i].fd = lfd[i];
        pfd[i].events = POLLIN;
    }
    while (time_left() > 0) {
        if (poll(pfd, nl, (int) time_left()) <= 0)
            continue;
        for (i = 0; i < nl; i++) {
            if (!(pfd[i].revents & POLLIN))
                continue;
            len = sizeof(sa);
            memset(&sa, 0, sizeof(sa));
            fd = accept4(lfd[i], (struct sockaddr *) &sa, &len, SOCK_CLOEXEC);
            if (fd >= 0) {
                peer_name(&sa, from);
                return (fd);
            }
            if (errno != EAGAIN && errno != ECONNABORTED && errno != EINTR)
                msg_fatal("accept: %m");
        }
    }
    return (-1);
}

static void write_file(const char *path, const char *text)
{
    char   *tmp = xconcat(path, ".tmp", (char *) 0);
    int     fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    struct stream *s;

    if (fd < 0)
        msg_fatal("open %s: %m", tmp);
    s = stream_open(fd);
    stream_puts(s, text);
    if (stream_close(s) < 0 || rename(tmp, path) < 0)
        msg_fatal("write %s: %m", path);
    free(tmp);
}

struct opts {
    const char *listen;
    const char *unix_path;
    long    max_sessions;
    long    timeout_s;
    const char *transcript;
    const char *pid_file;
    const char *ready_file;
};

static _Noreturn void usage(void)
{
    msg_fatal("usage: smtp_peer [-L] [-l listen] [-u unix_path] "
              "[-n max_sessions] [-T total_timeout_s] [-t transcript] "
              "[-m msg_prefix] [-p pid_file] [-r ready_file] SCRIPT_FILE");
}

static long opt_num(const char *arg, long min, long max)
{
    char   *end;
    long    n;

    errno = 0;
    n = strtol(arg, &end, 10);
    if (end == arg || *end != 0 || errno != 0 || n < min || n > max)
        usage();
    return (n);
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
    int     c;

    while ((c = getopt(argc, argv, "Ll:u:n:T:t:m:p:r:")) != -1) {
        if (c == 'L')
            peer.lmtp = 1;
        else if (c == 'l')
            o->listen = optarg;
        else if (c == 'u')
            o->unix_path = optarg;
        else if (c == 'n')
            o->max_sessions = opt_num(optarg, 0, 1000000);
        else if (c == 'T')
            o->timeout_s = opt_num(optarg, 1, 86400);
        else if (c == 't')
            o->transcript = optarg;
        else if (c == 'm')
            peer.msg_prefix = optarg;
        else if (c == 'p')
            o->pid_file = optarg;
        else if (c == 'r')
            o->ready_file = optarg;
        else
            usage();
    }
    if (optind != argc - 1 || (o->listen == NULL && o->unix_path == NULL))
        usage();
}

/* open_listeners - returns the count; *port: the TCP port or 0 */

static int open_listeners(const struct opts *o, int *lfd, int *port)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    int     nl = 0;

    *port = 0;
    if (o->listen != NULL) {
        if ((lfd[nl] = inet_listen(o->listen, 16, 0)) < 0)
            msg_fatal("listen on %s: %m", o->listen);
        if (getsockname(lfd[nl], (struct sockaddr *) &sa, &len) < 0)
            msg_fatal("getsockname: %m");
        *port = sockaddr_port((struct sockaddr *) &sa);
        nl++;
    }
    if (o->unix_path != NULL) {
        if ((lfd[nl] = unix_listen(o->unix_path, 16, 0)) < 0)
            msg_fatal("listen on %s: %m", o->unix_path);
        nl++;
    }
    return (nl);
}

static void open_transcript(const char *path)
{
    int     fd = STDOUT_FILENO;

    if (path != NULL
        && (fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      0644)) < 0)
        msg_fatal("open %s: %m", path);
    peer.tr = stream_open(fd);
}

static void announce(const struct opts *o, int port)
{
    struct buf *b = buf_new(32);

    tr_event(0, "listening%s%s%s%s", o->listen ? " on " : "",
             o->listen ? o->listen : "", o->unix_path ? " on " : "",
             o->unix_path ? o->unix_path : "");
    tr_flush(NULL);
    if (o->pid_file != NULL) {
        buf_printf(b, "%ld\n", (long) getpid());
        write_file(o->pid_file, buf_str(b));
    }
    if (o->ready_file != NULL) {
        buf_reset(b);
        buf_printf(b, "%d\n", port);
        write_file(o->ready_file, buf_str(b));
    }
    buf_free(b);
}

/* serve - sessions until the count or the time is up; exit status */

static int serve(const struct opts *o, const int *lfd, int nl)
{
    struct buf *from = buf_new(100);
    long    served = 0;
    int     fd;

    while (o->max_sessions == 0 || served < o->max_sessions) {
        if ((fd = accept_one(lfd, nl, from)) < 0) {
            tr_event(0, "exit: total timeout after %ld sessions", served);
            buf_free(from);
            return (o->max_sessions == 0 ? 0 : 2);
        }
        session_run(fd, ++served, buf_str(from));
        if (peer.timed_out) {
            tr_event(0, "exit: total timeout in session %ld", served);
            buf_free(from);
            return (2);
        }
    }
    tr_event(0, "exit: %ld sessions served", served);
    buf_free(from);
    return (0);
}

int     main(int argc, char **argv)
{
    struct opts o = {NULL, NULL, 1, 60, NULL, NULL, NULL};
    int     lfd[2];
    int     nl;
    int     port;
    int     status;

    msg_init("smtp_peer");
    msg_stderr(1);
    parse_opts(argc, argv, &o);
    signal(SIGPIPE, SIG_IGN);
    peer.scratch = buf_new(256);
    peer.script = script_load(argv[optind]);
    peer.deadline = now_ms() + o.timeout_s * 1000;
    open_transcript(o.transcript);
    nl = open_listeners(&o, lfd, &port);
    announce(&o, port);
    status = serve(&o, lfd, nl);
    if (o.unix_path != NULL)
        (void) unlink(o.unix_path);
    if (stream_close(peer.tr) < 0)
        msg_fatal("transcript: write error");
    return (status);
}
