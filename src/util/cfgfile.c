/*
 * cfgfile - logical lines of main.cf/master.cf style files, macro expansion
 *
 * Implements cfgfile.h.  Notes:
 * - A physical line that contains a NUL byte is an error (the text
 *   handed to the callback is a C string).  A CR at the very end of the
 *   text is removed as well as one before LF.
 * - The callback's message in err is prefixed with "line N: ";
 *   cfg_parse_file() further prefixes "PATH, ".  When a file cannot be
 *   opened or read, errno is left set for the caller (ENOENT etc.).
 * - Expansion follows Postfix 3.7 (mac_parse/mac_expand): names are
 *   [A-Za-z0-9_]; blanks around a name inside ${...} and around {...}
 *   operands are ignored; "${name?text}" without braces takes the rest
 *   of the expression literally (so "${a?x:y}" yields "x:y");
 *   a relational expression without "?" or ":" yields "true" or "".
 *   The compatibility-level operators "<level" etc. of Postfix 3.6+
 *   compare dotted numbers (major[.minor[.patch]], missing parts 0).
 *   Numeric comparison (both sides all digits) has no overflow: it
 *   compares digit strings.
 * - Besides the nesting limit, one cfg_expand() call is bounded in work
 *   (CFG_EXPAND_STEPS macro references) and in the bytes it produces,
 *   intermediate results included (CFG_EXPAND_OUTPUT), so that
 *   "a=$b$b, b=$c$c, ..." cannot run for ages or eat memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cfgfile.h"
#include "mem.h"

#define CFG_READ_CHUNK		65536
#define CFG_EXPAND_STEPS	100000
#define CFG_EXPAND_OUTPUT	(4 * 1024 * 1024)

static int cfg_isblank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'
        || ch == '\v' || ch == '\f';
}

static int cfg_isname(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
        || (ch >= '0' && ch <= '9') || ch == '_';
}

/* cfg_prefix - insert a prefix before the text in err */

static void cfg_prefix(struct buf *err, const char *prefix)
{
    char   *old = xstrdup(buf_str(err));

    buf_set(err, prefix);
    buf_puts(err, old);
    free(old);
}

 /*
  * Logical lines.
  */
struct cfg_lines {
    cfg_line_fn fn;
    void   *ctx;
    struct buf *err;
    struct buf *line;			/* logical line being collected */
    int     lineno;			/* its first physical line; 0 none */
};

static int cfg_flush(struct cfg_lines *st)
{
    int     lineno = st->lineno;

    if (lineno == 0)
        return 0;
    st->lineno = 0;
    buf_reset(st->err);
    if (st->fn(buf_str(st->line), lineno, st->ctx) < 0) {
        char    prefix[32];

        snprintf(prefix, sizeof(prefix), "line %d: ", lineno);
        cfg_prefix(st->err, prefix);
        return -1;
    }
    return 0;
}

static int cfg_physical(struct cfg_lines *st, const char *p, size_t n,
                        int lineno)
{
    size_t  i;

    if (n > 0 && p[n - 1] == '\r')
        n--;
    if (memchr(p, 0, n) != NULL) {
        buf_reset(st->err);
        buf_printf(st->err, "line %d: null byte in text", lineno);
        return -1;
    }
    for (i = 0; i < n && cfg_isblank((unsigned char) p[i]); i++)
         /* void */ ;
    if (i == n || p[i] == '#')
        return 0;
    if (i > 0) {
        if (st->lineno == 0) {
            buf_reset(st->err);
            buf_printf(st->err, "line %d: logical line must not start "
                       "with whitespace", lineno);
            return -1;
        }
        buf_append(st->line, p, n);
        return 0;
    }
    if (cfg_flush(st) < 0)
        return -1;
    buf_setn(st->line, p, n);
    st->lineno = lineno;
    return 0;
}

int     cfg_parse_text(const char *text, size_t len, cfg_line_fn fn, void *ctx,
                       struct buf *err)
{
    struct cfg_lines st;
    const char *end = text + len;
    const char *nl;
    int     lineno = 0;
    int     rc = 0;

    st.fn = fn;
    st.ctx = ctx;
    st.err = err;
    st.line = buf_new(256);
    st.lineno = 0;
    while (rc == 0 && text < end) {
        nl = memchr(text, '\n', (size_t) (end - text));
        rc = cfg_physical(&st, text, (nl ? nl : end) - text, ++lineno);
        text = nl ? nl + 1 : end;
    }
    if (rc == 0)
        rc = cfg_flush(&st);
    buf_free(st.line);
    return rc;
}

/* cfg_slurp_error - set err and return NULL with errno preserved */

static struct buf *cfg_slurp_error(struct buf *err, const char *path,
                                   const char *what, int saved)
{
    buf_reset(err);
    buf_printf(err, "%s: %s: %s", path, what, strerror(saved));
    errno = saved;
    return NULL;
}

/* cfg_slurp - read a whole file, bounded; NULL with err and errno set */

static struct buf *cfg_slurp(const char *path, struct buf *err)
{
    char    chunk[CFG_READ_CHUNK];
    struct buf *data;
    ssize_t n;
    int     fd;
    int     saved;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return cfg_slurp_error(err, path, "open", errno);
    data = buf_new(sizeof(chunk));
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || buf_len(data) + (size_t) n > CFG_FILE_LIMIT) {
            saved = (n < 0) ? errno : EFBIG;
            close(fd);
            buf_free(data);
            return cfg_slurp_error(err, path, n < 0 ? "read" :
                                   "file too large", saved);
        }
        buf_append(data, chunk, (size_t) n);
    }
    close(fd);
    return data;
}

int     cfg_parse_file(const char *path, cfg_line_fn fn, void *ctx,
                       struct buf *err)
{
    struct buf *data;
    int     rc;

    if ((data = cfg_slurp(path, err)) == NULL)
        return -1;
    errno = 0;
    rc = cfg_parse_text(buf_str(data), buf_len(data), fn, ctx, err);
    if (rc < 0) {
        char   *prefix = xconcat(path, ", ", (char *) 0);

        cfg_prefix(err, prefix);
        free(prefix);
    }
    buf_free(data);
    return rc;
}

int     cfg_split_nameval(char *line, char **name, char **value)
{
    char   *cp = line;
    char   *end;

    while (cfg_isblank((unsigned char) *cp))
        cp++;
    *name = cp;
    while (*cp && *cp != '=' && !cfg_isblank((unsigned char) *cp))
        cp++;
    if (cp == *name)
        return -1;
    end = cp;
    while (cfg_isblank((unsigned char) *cp))
        cp++;
    if (*cp != '=')
        return -1;
    *end = 0;
    cp++;
    while (cfg_isblank((unsigned char) *cp))
        cp++;
    *value = cp;
    end = cp + strlen(cp);
    while (end > cp && cfg_isblank((unsigned char) end[-1]))
        end--;
    *end = 0;
    return 0;
}

 /*
  * Macro expansion.  Text is handled as [s, e) slices of the input.
  */
struct cfg_exp {
    cfg_lookup_fn fn;
    void   *ctx;
    struct buf *err;
    int     depth;			/* macro call nesting */
    long    steps;			/* macro references so far */
    size_t  emitted;			/* bytes output so far */
};

enum cfg_op {
    CFG_OP_EQ, CFG_OP_NE, CFG_OP_LT, CFG_OP_LE, CFG_OP_GE, CFG_OP_GT,
};

static int exp_text(struct cfg_exp *, const char *, const char *,
                    struct buf *);

static int exp_error(struct cfg_exp *x, const char *what, const char *s,
                     const char *e)
{
    buf_reset(x->err);
    buf_printf(x->err, "%s: \"%.*s\"", what, (int) (e - s), s);
    return -1;
}

static const char *exp_skip(const char *s, const char *e)
{
    while (s < e && cfg_isblank((unsigned char) *s))
        s++;
    return s;
}

static int exp_emit(struct cfg_exp *x, struct buf *out, const char *s,
                    size_t n)
{
    if (n > CFG_EXPAND_OUTPUT - x->emitted)
        return exp_error(x, "expansion result too long", "", "");
    x->emitted += n;
    buf_append(out, s, n);
    return 0;
}

/* exp_close - matching close bracket for the open bracket at s, or NULL */

static const char *exp_close(const char *s, const char *e)
{
    char    open = *s;
    char    close = (open == '{') ? '}' : ')';
    int     level = 0;

    for (; s < e; s++) {
        if (*s == open)
            level++;
        else if (*s == close && --level == 0)
            return s;
    }
    return NULL;
}

/* exp_payload - {text} at *sp: its inside, then skip blanks after it */

static int exp_payload(struct cfg_exp *x, const char **sp, const char *e,
                       const char **ps, const char **pe)
{
    const char *close;

    if ((close = exp_close(*sp, e)) == NULL)
        return exp_error(x, "unbalanced {} in expression", *sp, e);
    *ps = *sp + 1;
    *pe = close;
    *sp = exp_skip(close + 1, e);
    return 0;
}

/* exp_else - the operand after ':': {text} alone, or the literal rest */

static int exp_else(struct cfg_exp *x, const char *s, const char *e,
                    const char **ts, const char **te)
{
    const char *p = exp_skip(s, e);

    if (p < e && *p == '{') {
        if (exp_payload(x, &p, e, ts, te) < 0)
            return -1;
        if (p != e)
            return exp_error(x, "unexpected input at", p, e);
        return 0;
    }
    *ts = s;
    *te = e;
    return 0;
}

/* exp_cond - "?..." or ":..." at s, chosen by truth */

static int exp_cond(struct cfg_exp *x, const char *s, const char *e,
                    int truth, struct buf *out)
{
    const char *ts = 0, *te = 0, *fs = 0, *fe = 0;
    const char *p;

    if (*s == ':') {
        if (exp_else(x, s + 1, e, &fs, &fe) < 0)
            return -1;
        return truth ? 0 : exp_text(x, fs, fe, out);
    }
    s++;
    p = exp_skip(s, e);
    if (p == e || *p != '{')
        return truth ? exp_text(x, s, e, out) : 0;
    if (exp_payload(x, &p, e, &ts, &te) < 0)
        return -1;
    if (p < e) {
        if (*p != ':')
            return exp_error(x, "\":\" expected at", p, e);
        if (exp_else(x, p + 1, e, &fs, &fe) < 0)
            return -1;
    }
    if (truth)
        return exp_text(x, ts, te, out);
    return fs ? exp_text(x, fs, fe, out) : 0;
}

/* exp_operator - relational operator at *sp, optional "level" suffix */

static int exp_operator(struct cfg_exp *x, const char **sp, const char *e,
                        enum cfg_op *op, int *level)
{
    static const struct {
        const char *name;
        enum cfg_op op;
    } ops[] = {
        {"==", CFG_OP_EQ}, {"!=", CFG_OP_NE}, {"<", CFG_OP_LT},
        {"<=", CFG_OP_LE}, {">=", CFG_OP_GE}, {">", CFG_OP_GT},
    };
    const char *s = *sp;
    const char *p = s;
    const char *q;
    size_t  i;

    while (p < e && *p != 0 && strchr("<>!=?+-*/~&|%", *p) != NULL)
        p++;
    for (q = p; q < e && cfg_isname((unsigned char) *q); q++)
         /* void */ ;
    for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (strlen(ops[i].name) == (size_t) (p - s)
            && memcmp(ops[i].name, s, (size_t) (p - s)) == 0)
            break;
    if (i == sizeof(ops) / sizeof(ops[0]))
        return exp_error(x, "\"==\" or \"!=\" or \"<\" or \"<=\" or \">=\" "
                         "or \">\" expected at", s, e);
    if (q > p && (q - p != 5 || memcmp(p, "level", 5) != 0))
        return exp_error(x, "bad operator suffix at", p, e);
    *op = ops[i].op;
    *level = (q > p);
    *sp = exp_skip(q, e);
    return 0;
}

/* exp_level - parse major[.minor[.patch]] */

static int exp_level(const char *s, unsigned long v[3])
{
    int     i;
    int     n;

    for (i = 0; i < 3; i++)
        v[i] = 0;
    for (i = 0; i < 3; i++) {
        for (n = 0; s[n] >= '0' && s[n] <= '9'; n++) {
            if (n >= 9)
                return -1;
            v[i] = v[i] * 10 + (unsigned long) (s[n] - '0');
        }
        if (n == 0)
            return -1;
        s += n;
        if (*s == 0)
            return 0;
        if (*s++ != '.')
            return -1;
    }
    return -1;
}

static int exp_alldig(const char *s)
{
    if (*s == 0)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* exp_compare - <0, 0, >0; numeric, lexical or compatibility level */

static int exp_compare(struct cfg_exp *x, const char *l, const char *r,
                       int level, int *cmp)
{
    unsigned long lv[3], rv[3];
    size_t  ln, rn;
    int     i;

    if (level) {
        if (exp_level(l, lv) < 0)
            return exp_error(x, "malformed compatibility level syntax", l,
                             l + strlen(l));
        if (exp_level(r, rv) < 0)
            return exp_error(x, "malformed compatibility level syntax", r,
                             r + strlen(r));
        for (*cmp = 0, i = 0; i < 3 && *cmp == 0; i++)
            *cmp = (lv[i] > rv[i]) - (lv[i] < rv[i]);
        return 0;
    }
    if (exp_alldig(l) && exp_alldig(r)) {
        l += strspn(l, "0");
        r += strspn(r, "0");
        ln = strlen(l);
        rn = strlen(r);
        *cmp = (ln != rn) ? ((ln > rn) ? 1 : -1) : strcmp(l, r);
        return 0;
    }
    *cmp = strcmp(l, r);
    return 0;
}

static int exp_apply(enum cfg_op op, int cmp)
{
    switch (op) {
    case CFG_OP_EQ:
        return cmp == 0;
    case CFG_OP_NE:
        return cmp != 0;
    case CFG_OP_LT:
        return cmp < 0;
    case CFG_OP_LE:
        return cmp <= 0;
    case CFG_OP_GE:
        return cmp >= 0;
    default:
        return cmp > 0;
    }
}

/* exp_relational - {a} OP {b} at *sp (which points at '{') */

static int exp_relational(struct cfg_exp *x, const char **sp, const char *e,
                          int *truth)
{
    const char *ls, *le, *rs, *re;
    struct buf *lb, *rb;
    enum cfg_op op;
    int     level;
    int     cmp = 0;
    int     rc;

    if (exp_payload(x, sp, e, &ls, &le) < 0
        || exp_operator(x, sp, e, &op, &level) < 0)
        return -1;
    if (*sp == e || **sp != '{')
        return exp_error(x, "\"{expression}\" expected at", *sp, e);
    if (exp_payload(x, sp, e, &rs, &re) < 0)
        return -1;
    lb = buf_new(64);
    rb = buf_new(64);
    rc = exp_text(x, ls, le, lb);
    if (rc == 0)
        rc = exp_text(x, rs, re, rb);
    if (rc == 0)
        rc = exp_compare(x, buf_str(lb), buf_str(rb), level, &cmp);
    buf_free(lb);
    buf_free(rb);
    *truth = exp_apply(op, cmp);
    return rc;
}

/* exp_named - look up a name and expand its value, or test it */

static int exp_named(struct cfg_exp *x, const char *s, const char *e,
                     size_t n, struct buf *out)
{
    char   *name = xstrndup(s, n);
    const char *val = x->fn(name, x->ctx);
    const char *p = exp_skip(s + n, e);
    int     rc;

    free(name);
    if (p == e)
        rc = val ? exp_text(x, val, val + strlen(val), out) : 0;
    else if (*p == '?' || *p == ':')
        rc = exp_cond(x, p, e, val != 0 && *val != 0, out);
    else
        rc = exp_error(x, "attribute name syntax error at", p, e);
    return rc;
}

/* exp_body - the inside of ${...} or $(...) */

static int exp_body(struct cfg_exp *x, const char *s, const char *e,
                    const char *ref, struct buf *out)
{
    const char *p = exp_skip(s, e);
    const char *q;
    int     truth;

    if (p < e && *p == '{') {
        if (exp_relational(x, &p, e, &truth) < 0)
            return -1;
        if (p == e)
            return truth ? exp_emit(x, out, "true", 4) : 0;
        if (*p != '?' && *p != ':')
            return exp_error(x, "\"?\" or \":\" expected at", p, e);
        return exp_cond(x, p, e, truth, out);
    }
    for (q = p; q < e && cfg_isname((unsigned char) *q); q++)
         /* void */ ;
    if (q == p && q == e)
        return exp_error(x, "empty macro name", ref, e + 1);
    if (q == p)
        return exp_error(x, "attribute name syntax error at", p, e);
    return exp_named(x, p, e, (size_t) (q - p), out);
}

/* exp_enter - account for one macro call; -1 when over a limit */

static int exp_enter(struct cfg_exp *x, const char *s, const char *e)
{
    x->depth++;
    if (++x->steps > CFG_EXPAND_STEPS)
        return exp_error(x, "too many macro expansions", s, e);
    if (x->depth > CFG_EXPAND_DEPTH)
        return exp_error(x, "unreasonable macro call nesting", s, e);
    return 0;
}

/* exp_macro - $ at s[-1]; *sp is advanced past the reference */

static int exp_macro(struct cfg_exp *x, const char *s0, const char **sp,
                     const char *e, struct buf *out)
{
    const char *s = *sp;
    const char *close;
    const char *q;
    int     rc;

    if (s < e && (*s == '{' || *s == '(')) {
        if ((close = exp_close(s, e)) == NULL)
            return exp_error(x, "truncated macro reference", s0, e);
        *sp = close + 1;
        rc = exp_enter(x, s - 1, close + 1);
        if (rc == 0)
            rc = exp_body(x, s + 1, close, s - 1, out);
        x->depth--;
        return rc;
    }
    for (q = s; q < e && cfg_isname((unsigned char) *q); q++)
         /* void */ ;
    if (q == s)
        return exp_error(x, "empty macro name", s0, e);
    *sp = q;
    rc = exp_enter(x, s - 1, q);
    if (rc == 0)
        rc = exp_named(x, s, q, (size_t) (q - s), out);
    x->depth--;
    return rc;
}

static int exp_text(struct cfg_exp *x, const char *s, const char *e,
                    struct buf *out)
{
    const char *s0 = s;
    const char *p;

    while (s < e) {
        if ((p = memchr(s, '$', (size_t) (e - s))) == NULL)
            return exp_emit(x, out, s, (size_t) (e - s));
        if (exp_emit(x, out, s, (size_t) (p - s)) < 0)
            return -1;
        s = p + 1;
        if (s < e && *s == '$') {
            if (exp_emit(x, out, "$", 1) < 0)
                return -1;
            s++;
            continue;
        }
        if (exp_macro(x, s0, &s, e, out) < 0)
            return -1;
    }
    return 0;
}

int     cfg_expand(const char *in, cfg_lookup_fn fn, void *ctx,
                   struct buf *out, struct buf *err)
{
    struct cfg_exp x;

    x.fn = fn;
    x.ctx = ctx;
    x.err = err;
    x.depth = 0;
    x.steps = 0;
    x.emitted = 0;
    return exp_text(&x, in, in + strlen(in), out);
}
