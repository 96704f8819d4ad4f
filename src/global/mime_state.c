/*
 * mime_state - streaming MIME parser with 8-bit to 7-bit downgrade
 *
 * Implements mime_state.h:
 *
 *	struct mime_state *mime_state_create(int flags, int nesting_limit,
 *			int boundary_limit, mime_out_fn out, void *ctx);
 *	int	mime_state_update(struct mime_state *st, int rec_type,
 *			const char *text, size_t len);
 *	int	mime_state_finish(struct mime_state *st);
 *	void	mime_state_free(struct mime_state *st);
 *	int	mime_state_errors(const struct mime_state *st);
 *	int	mime_state_info(const struct mime_state *st);
 *	const char *mime_state_error_text(int errors);
 *	int	mime_state_use_plan(struct mime_state *st,
 *			const struct mime_state *detector);
 *
 * Input is untrusted (it is whatever a client submitted).
 *
 * Lines.  The first bytes of each line are collected until it can be
 * classified: in a body, enough for the longest open boundary plus
 * "--" on both sides; in a header block, a whole header line up to
 * MIME_HEADER_LIMIT.  One byte more than that tells a long line, whose
 * remainder then streams through without being kept.  A line is
 * "complete" when it fits, whatever the chunking, so the output does
 * not depend on how lines are split into chunks.
 *
 * Entities.  Every header block starts an entity, numbered in input
 * order (the plan refers to these numbers).  The header being read is
 * kept (all its physical lines) until the next line shows it has no
 * more continuation lines; then it is interpreted and written, or, for
 * a CTE header that the conversion may replace, held until the end of
 * the header block.  There, the entity becomes a leaf (its body is
 * copied or encoded), an opaque part, a multipart (a level with its
 * boundary is pushed; the body is preamble until the first boundary)
 * or a message/rfc822 (a level is pushed and a new header block
 * starts).  Levels are bounded by nesting_limit, boundaries by
 * boundary_limit, so a line is compared with at most nesting_limit
 * prefixes of at most boundary_limit bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "mime_downgrade.h"
#include "mime_state.h"
#include "msg.h"

/* Content-Transfer-Encoding values. */
#define CTE_NONE	0		/* no header: 7bit */
#define CTE_7BIT	1
#define CTE_8BIT	2
#define CTE_BINARY	3
#define CTE_QP		4
#define CTE_BASE64	5
#define CTE_OTHER	6		/* unknown or unparsable */

/* Content types, as far as the structure goes. */
#define CT_TEXT		0		/* default text/plain */
#define CT_LEAF		1		/* any other leaf */
#define CT_MULTIPART	2
#define CT_RFC822	3		/* message/rfc822: recurse */
#define CT_MSG_OPAQUE	4		/* message/partial, external-body */

/* What an entity turns out to be at the end of its header block. */
#define K_LEAF		0
#define K_OPAQUE	1
#define K_MULTIPART	2
#define K_MESSAGE	3

/* What the current body is; decides what 8-bit bytes mean. */
#define B_PLAIN		0		/* leaf, 7bit or no CTE */
#define B_QP		1		/* leaf being encoded */
#define B_ENCODED	2		/* leaf, other CTE */
#define B_BINARY	3		/* leaf, binary CTE */
#define B_STRUCT	4		/* preamble, epilogue, opaque */

#define MODE_HEAD	0
#define MODE_BODY	1

/* The rest of a long line goes to: */
#define SK_NONE		0
#define SK_BODY		1
#define SK_HEADER	2
#define SK_BOUNDARY	3

/* The current header. */
#define HDR_NONE	0
#define HDR_BUF		1		/* kept in st->hdr */
#define HDR_RAW		2		/* too long, passed through */

/* How a header block ended. */
#define END_NONE	0		/* boundary or end of input */
#define END_BLANK	1		/* empty line */
#define END_OTHER	2		/* a line that is not a header */

#define LEVEL_MULTIPART	0
#define LEVEL_MESSAGE	1

/* Physical lines of a header, kept together. */
struct mime_lines {
    struct buf *data;
    size_t *lens;
    size_t  n, cap;
};

struct mime_level {
    int     kind;			/* LEVEL_* */
    int     closed;			/* closing boundary seen */
    int     digest;			/* multipart/digest */
    char   *bound;			/* multipart boundary, truncated */
    size_t  blen;			/* bytes at bound */
    size_t  olen;			/* length before truncation */
};

struct mime_entity {
    unsigned long ordinal;		/* order of header blocks */
    int     cte;			/* CTE_* of the last CTE header */
    int     cte_conflict;		/* CTE headers disagree */
    int     ctype;			/* CT_* */
    int     digest;			/* multipart/digest */
    int     saw_ctype;
    int     saw_version;
    int     msg_header;			/* heads a message */
    int     plan_convert;		/* plan: undeclared 8-bit leaf */
    int     recorded;			/* noted for the plan */
    struct buf *bound;			/* boundary parameter, truncated */
    size_t  bound_olen;			/* its length before truncation */
};

/* One line, or the first part of a long one, as it is classified. */
struct line_ref {
    const char *p;
    size_t  n;				/* bytes at p */
    size_t  view;			/* bytes that classification sees */
    int     complete;			/* the line fits: n == whole line */
    int     ends;			/* no more chunks of this line */
};

struct mime_state {
    int     flags;
    int     nesting_limit;
    int     boundary_limit;
    mime_out_fn out;
    void   *ctx;
    int     errors;
    int     info;
    int     failed;			/* out returned non-zero */
    int     started;			/* input has been given */
    int     finished;
    struct buf *line;			/* start of the current line */
    int     streaming;			/* SK_* for the rest of the line */
    int     mode;			/* MODE_* */
    int     body;			/* B_* */
    struct mime_entity ent;
    struct mime_lines hdr;		/* current header */
    int     hdr_kind;			/* HDR_* */
    struct mime_lines held;		/* CTE headers held back */
    struct mime_level *levels;
    int     nlevels, cap_levels;
    size_t  maxb;			/* longest open boundary */
    struct mime_qp qp;
    unsigned long next_ordinal;
    unsigned long *plan;		/* ordinals to convert, ascending */
    size_t  plan_n, plan_pos;
    unsigned long *found;		/* undeclared 8-bit leaves seen */
    size_t  found_n, found_cap;
};

static void dispatch(struct mime_state *st, const struct line_ref *L);

/* ---- output ---- */

static void emit(struct mime_state *st, int type, const char *p, size_t n)
{
    if (st->failed || st->out == 0 || (st->flags & MIME_OPT_DETECT))
        return;
    if (n == 0 && type == MIME_REC_PART)
        return;
    if (st->out(st->ctx, type, p, n) != 0)
        st->failed = 1;
}

static void emit_str(struct mime_state *st, const char *s)
{
    emit(st, MIME_REC_FULL, s, strlen(s));
}

/* emit_line - write a (first part of a) line; route the rest */

static void emit_line(struct mime_state *st, const struct line_ref *L,
                      int sk)
{
    emit(st, L->ends ? MIME_REC_FULL : MIME_REC_PART, L->p, L->n);
    if (!L->ends)
        st->streaming = sk;
}

static int qp_out(void *ctx, const char *text, size_t len)
{
    struct mime_state *st = ctx;

    emit(st, MIME_REC_FULL, text, len);
    return st->failed;
}

/* ---- physical line lists ---- */

static void lines_init(struct mime_lines *l)
{
    l->data = buf_new(0);
    l->lens = 0;
    l->n = l->cap = 0;
}

static void lines_free(struct mime_lines *l)
{
    buf_free(l->data);
    free(l->lens);
}

static void lines_reset(struct mime_lines *l)
{
    buf_reset(l->data);
    l->n = 0;
}

static void lines_add(struct mime_lines *l, const char *p, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->lens = xrealloc(l->lens, l->cap * sizeof(*l->lens));
    }
    l->lens[l->n++] = n;
    if (n > 0)
        buf_append(l->data, p, n);
}

static void lines_move(struct mime_lines *to, struct mime_lines *from)
{
    const char *p = buf_str(from->data);
    size_t  i;

    for (i = 0; i < from->n; p += from->lens[i], i++)
        lines_add(to, p, from->lens[i]);
    lines_reset(from);
}

static void lines_emit(struct mime_state *st, struct mime_lines *l)
{
    const char *p = buf_str(l->data);
    size_t  i;

    for (i = 0; i < l->n; p += l->lens[i], i++)
        emit(st, MIME_REC_FULL, p, l->lens[i]);
    lines_reset(l);
}

/* ---- 8-bit bookkeeping ---- */

static int downgrading(const struct mime_state *st)
{
    return (st->flags & MIME_OPT_DOWNGRADE) != 0;
}

static void header_bytes(struct mime_state *st, const char *p, size_t n)
{
    if (!mime_has_8bit(p, n))
        return;
    st->info |= MIME_INFO_8BIT_HEADER;
    if (downgrading(st))
        st->errors |= MIME_ERR_8BIT_HEADER;
}

/* struct_bytes - boundary lines, preamble, epilogue, opaque content */

static void struct_bytes(struct mime_state *st, const char *p, size_t n)
{
    if (!mime_has_8bit(p, n))
        return;
    st->info |= MIME_INFO_8BIT_BODY;
    if (downgrading(st))
        st->errors |= MIME_ERR_8BIT_DOMAIN;
}

/* record_found - note an undeclared 8-bit leaf for a later plan */

static void record_found(struct mime_state *st)
{
    if (st->ent.recorded || st->found_n >= MIME_PLAN_LIMIT)
        return;
    st->ent.recorded = 1;
    if (st->found_n == st->found_cap) {
        st->found_cap = st->found_cap ? 2 * st->found_cap : 16;
        st->found = xrealloc(st->found, st->found_cap * sizeof(*st->found));
    }
    st->found[st->found_n++] = st->ent.ordinal;
}

static void body_bytes(struct mime_state *st, const char *p, size_t n)
{
    if (!mime_has_8bit(p, n))
        return;
    st->info |= MIME_INFO_8BIT_BODY;
    switch (st->body) {
    case B_PLAIN:
        record_found(st);
        if (downgrading(st))
            st->errors |= MIME_ERR_8BIT_IN_7BIT;
        break;
    case B_ENCODED:
    case B_STRUCT:
        if (downgrading(st))
            st->errors |= MIME_ERR_8BIT_DOMAIN;
        break;
    default:				/* B_QP encodes; B_BINARY flagged */
        break;
    }
}

/* ---- header syntax (RFC 2045, RFC 5322) ---- */

struct cursor {
    const char *p;
    const char *end;
};

static int is_wsp(int c)
{
    return c == ' ' || c == '\t';
}

static int is_tspecial(int c)
{
    return c != 0 && strchr("()<>@,;:\\\"/[]?=", c) != 0;
}

/* ascii_eq - n bytes at p equal lower-case s, ignoring ASCII case */

static int ascii_eq(const char *p, size_t n, const char *s)
{
    size_t  i;
    int     c;

    if (n != strlen(s))
        return 0;
    for (i = 0; i < n; i++) {
        c = (unsigned char) p[i];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != s[i])
            return 0;
    }
    return 1;
}

/* header_name_len - length of the field name if the line starts a header */

static size_t header_name_len(const char *p, size_t n)
{
    size_t  i, name;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char) p[i];

        if (c <= 32 || c >= 127 || c == ':')
            break;
    }
    name = i;
    while (i < n && is_wsp(p[i]))
        i++;
    return (name > 0 && i < n && p[i] == ':') ? name : 0;
}

/* skip_comment - at '(': skip a comment, nested and with quoted pairs */

static void skip_comment(struct cursor *c)
{
    size_t  depth = 0;

    for (; c->p < c->end; c->p++) {
        if (*c->p == '\\') {
            if (c->p + 1 < c->end)
                c->p++;
        } else if (*c->p == '(') {
            depth++;
        } else if (*c->p == ')' && --depth == 0) {
            c->p++;
            return;
        }
    }
}

static void skip_cfws(struct cursor *c)
{
    for (;;) {
        while (c->p < c->end && (is_wsp(*c->p) || *c->p == '\r'
                                 || *c->p == '\n'))
            c->p++;
        if (c->p >= c->end || *c->p != '(')
            return;
        skip_comment(c);
    }
}

/* get_token - a run of token bytes (8-bit bytes tolerated) */

static size_t get_token(struct cursor *c, const char **start)
{
    *start = c->p;
    while (c->p < c->end) {
        unsigned char ch = (unsigned char) *c->p;

        if (ch <= 32 || ch == 127 || is_tspecial(ch))
            break;
        c->p++;
    }
    return (size_t) (c->p - *start);
}

/* put_capped - append a byte unless out is NULL or full */

static void put_capped(struct buf *out, int ch, size_t limit, int *trunc)
{
    if (out == 0)
        return;
    if (buf_len(out) < limit)
        buf_putc(out, ch);
    else
        *trunc = 1;
}

/* get_value - a token or quoted string, into out (NULL: skip); length */

static size_t get_value(struct cursor *c, struct buf *out, size_t limit,
                        int *trunc)
{
    const char *tok;
    size_t  n, i;

    if (c->p < c->end && *c->p == '"') {
        for (n = 0, c->p++; c->p < c->end && *c->p != '"'; c->p++, n++) {
            if (*c->p == '\\' && c->p + 1 < c->end)
                c->p++;
            put_capped(out, *c->p, limit, trunc);
        }
        if (c->p < c->end)
            c->p++;
        return n;
    }
    n = get_token(c, &tok);
    for (i = 0; i < n; i++)
        put_capped(out, tok[i], limit, trunc);
    return n;
}

static int parse_cte(struct cursor *c)
{
    static const struct {
        const char *name;
        int     code;
    } ctes[] = {
        {"7bit", CTE_7BIT}, {"8bit", CTE_8BIT}, {"binary", CTE_BINARY},
        {"quoted-printable", CTE_QP}, {"base64", CTE_BASE64},
    };
    const char *tok;
    size_t  n, i;

    skip_cfws(c);
    n = get_token(c, &tok);
    for (i = 0; i < sizeof(ctes) / sizeof(ctes[0]); i++)
        if (ascii_eq(tok, n, ctes[i].name))
            return ctes[i].code;
    return CTE_OTHER;
}

/* classify_type - CT_* for type/subtype */

static int classify_type(struct mime_entity *e, const char *t, size_t tn,
                         const char *s, size_t sn)
{
    if (ascii_eq(t, tn, "multipart")) {
        e->digest = ascii_eq(s, sn, "digest");
        return CT_MULTIPART;
    }
    if (!ascii_eq(t, tn, "message"))
        return CT_LEAF;
    if (ascii_eq(s, sn, "rfc822"))
        return CT_RFC822;
    if (ascii_eq(s, sn, "partial") || ascii_eq(s, sn, "external-body"))
        return CT_MSG_OPAQUE;
    return CT_LEAF;
}

/* parse_params - find the boundary parameter; tolerate garbage */

static void parse_params(struct mime_state *st, struct cursor *c)
{
    const char *attr;
    size_t  an;
    int     found = 0, trunc = 0;

    for (;;) {
        skip_cfws(c);
        if (c->p >= c->end)
            break;
        if (*c->p++ != ';')		/* garbage: resynchronize */
            continue;
        skip_cfws(c);
        an = get_token(c, &attr);
        skip_cfws(c);
        if (c->p >= c->end || *c->p != '=')
            continue;
        c->p++;
        skip_cfws(c);
        if (!found && ascii_eq(attr, an, "boundary")) {
            found = 1;
            st->ent.bound_olen = get_value(c, st->ent.bound,
                                           (size_t) st->boundary_limit,
                                           &trunc);
        } else {
            (void) get_value(c, 0, 0, &trunc);
        }
    }
    if (trunc)
        st->errors |= MIME_ERR_BOUNDARY_LEN;
}

static void parse_ctype(struct mime_state *st, struct cursor *c)
{
    struct mime_entity *e = &st->ent;
    const char *t, *s;
    size_t  tn, sn;

    e->saw_ctype = 1;
    e->digest = 0;
    buf_reset(e->bound);
    e->bound_olen = 0;
    skip_cfws(c);
    tn = get_token(c, &t);
    skip_cfws(c);
    if (c->p >= c->end || *c->p != '/') {
        e->ctype = CT_LEAF;
        return;
    }
    c->p++;
    skip_cfws(c);
    sn = get_token(c, &s);
    e->ctype = classify_type(e, t, tn, s, sn);
    parse_params(st, c);
}

/* ---- headers ---- */

/* note_cte - record a CTE header; 1 if it is held back */

static int note_cte(struct mime_state *st, struct cursor *c)
{
    struct mime_entity *e = &st->ent;
    int     cte = parse_cte(c);

    if (e->cte != CTE_NONE && e->cte != cte)
        e->cte_conflict = 1;
    e->cte = cte;
    if (cte == CTE_8BIT)
        st->info |= MIME_INFO_8BIT_CTE;
    if (cte == CTE_BINARY)
        st->info |= MIME_INFO_BINARY_CTE;
    if (!downgrading(st) || (cte != CTE_8BIT && !e->plan_convert))
        return 0;
    if (buf_len(st->held.data) + buf_len(st->hdr.data) > MIME_HEADER_LIMIT) {
        e->cte_conflict = 1;		/* written in place: no conversion */
        return 0;
    }
    lines_move(&st->held, &st->hdr);
    return 1;
}

/* interpret_header - note what MIME headers say; 1 if held back */

static int interpret_header(struct mime_state *st)
{
    const char *p = buf_str(st->hdr.data);
    size_t  n = buf_len(st->hdr.data);
    size_t  nlen = header_name_len(p, n);
    struct cursor c;

    c.p = (const char *) memchr(p, ':', n) + 1;
    c.end = p + n;
    if (ascii_eq(p, nlen, "content-transfer-encoding"))
        return note_cte(st, &c);
    if (ascii_eq(p, nlen, "content-type"))
        parse_ctype(st, &c);
    else if (ascii_eq(p, nlen, "mime-version"))
        st->ent.saw_version = 1;
    return 0;
}

static void flush_header(struct mime_state *st)
{
    if (st->hdr_kind == HDR_BUF && !interpret_header(st))
        lines_emit(st, &st->hdr);
    lines_reset(&st->hdr);
    st->hdr_kind = HDR_NONE;
}

/* header_line - a header line or continuation line */

static void header_line(struct mime_state *st, const struct line_ref *L)
{
    header_bytes(st, L->p, L->n);
    if (st->hdr_kind != HDR_RAW && L->complete
        && buf_len(st->hdr.data) + L->n <= MIME_HEADER_LIMIT) {
        lines_add(&st->hdr, L->p, L->n);
        st->hdr_kind = HDR_BUF;
        return;
    }
    if (st->hdr_kind != HDR_RAW) {
        st->errors |= MIME_ERR_HEADER_LEN;
        lines_emit(st, &st->hdr);
        st->hdr_kind = HDR_RAW;
    }
    emit_line(st, L, SK_HEADER);
}

/* ---- levels ---- */

static void update_maxb(struct mime_state *st)
{
    int     i;

    st->maxb = 0;
    for (i = 0; i < st->nlevels; i++)
        if (st->levels[i].kind == LEVEL_MULTIPART && !st->levels[i].closed
            && st->levels[i].olen > st->maxb)
            st->maxb = st->levels[i].olen;
}

static void push_level(struct mime_state *st, int kind)
{
    struct mime_level *lv;

    if (st->nlevels == st->cap_levels) {
        st->cap_levels = st->cap_levels ? 2 * st->cap_levels : 4;
        st->levels = xrealloc(st->levels,
                              (size_t) st->cap_levels * sizeof(*lv));
    }
    lv = &st->levels[st->nlevels++];
    lv->kind = kind;
    lv->closed = 0;
    lv->digest = st->ent.digest;
    lv->blen = kind == LEVEL_MULTIPART ? buf_len(st->ent.bound) : 0;
    lv->olen = kind == LEVEL_MULTIPART ? st->ent.bound_olen : 0;
    lv->bound = xmemdup(buf_str(st->ent.bound), lv->blen + 1);
    update_maxb(st);
}

/* pop_levels - drop levels down to keep; unclosed multiparts are errors */

static void pop_levels(struct mime_state *st, int keep)
{
    struct mime_level *lv;

    while (st->nlevels > keep) {
        lv = &st->levels[--st->nlevels];
        if (lv->kind == LEVEL_MULTIPART && !lv->closed)
            st->errors |= MIME_ERR_UNTERMINATED;
        free(lv->bound);
    }
    update_maxb(st);
}

/*
 * match_boundary - innermost open level whose boundary starts the line.
 * A truncated boundary matches by its prefix (as in Postfix); its
 * closing "--" is looked for where the whole boundary would end.
 */

static int match_boundary(struct mime_state *st, const char *p, size_t n,
                          int *closing)
{
    struct mime_level *lv;
    int     i;

    if (n < 2 || p[0] != '-' || p[1] != '-')
        return -1;
    for (i = st->nlevels - 1; i >= 0; i--) {
        lv = &st->levels[i];
        if (lv->kind != LEVEL_MULTIPART || lv->closed || n - 2 < lv->blen
            || memcmp(p + 2, lv->bound, lv->blen) != 0)
            continue;
        *closing = n - 2 >= lv->olen + 2 && p[2 + lv->olen] == '-'
            && p[3 + lv->olen] == '-';
        return i;
    }
    return -1;
}

/* ---- entities ---- */

static int plan_lookup(struct mime_state *st, unsigned long ordinal)
{
    while (st->plan_pos < st->plan_n && st->plan[st->plan_pos] < ordinal)
        st->plan_pos++;
    return st->plan_pos < st->plan_n && st->plan[st->plan_pos] == ordinal;
}

static void start_entity(struct mime_state *st, int digest_parent,
                         int msg_header)
{
    struct mime_entity *e = &st->ent;

    e->ordinal = st->next_ordinal++;
    e->cte = CTE_NONE;
    e->cte_conflict = 0;
    e->ctype = digest_parent ? CT_RFC822 : CT_TEXT;
    e->digest = 0;
    e->saw_ctype = e->saw_version = 0;
    e->msg_header = msg_header;
    e->recorded = 0;
    e->plan_convert = plan_lookup(st, e->ordinal);
    buf_reset(e->bound);
    e->bound_olen = 0;
    lines_reset(&st->hdr);
    lines_reset(&st->held);
    st->hdr_kind = HDR_NONE;
    st->mode = MODE_HEAD;
}

/* identity_cte - a CTE that a multipart or message/rfc822 may have */

static int identity_cte(const struct mime_entity *e)
{
    return !e->cte_conflict && (e->cte == CTE_NONE || e->cte == CTE_7BIT
                                || e->cte == CTE_8BIT
                                || e->cte == CTE_BINARY);
}

/* container_kind - K_MULTIPART or K_MESSAGE if allowed, else opaque */

static int container_kind(struct mime_state *st, int kind)
{
    if (!identity_cte(&st->ent))
        return K_OPAQUE;
    if (st->nlevels >= st->nesting_limit) {
        st->errors |= MIME_ERR_NESTING;
        return K_OPAQUE;
    }
    return kind;
}

static int entity_kind(struct mime_state *st)
{
    switch (st->ent.ctype) {
    case CT_MULTIPART:
        if (buf_len(st->ent.bound) == 0)
            return K_OPAQUE;
        return container_kind(st, K_MULTIPART);
    case CT_RFC822:
        return container_kind(st, K_MESSAGE);
    case CT_MSG_OPAQUE:
        return K_OPAQUE;
    default:
        return K_LEAF;
    }
}

/* leaf_converts - this leaf gets encoded as quoted-printable */

static int leaf_converts(const struct mime_state *st, int kind)
{
    const struct mime_entity *e = &st->ent;

    if (!downgrading(st) || kind != K_LEAF || e->cte_conflict)
        return 0;
    return e->cte == CTE_8BIT || ((e->cte == CTE_NONE || e->cte == CTE_7BIT)
                                  && e->plan_convert);
}

/* write_cte - the end of a header block; 1 if headers were made up */

static int write_cte(struct mime_state *st, int kind, int conv)
{
    const struct mime_entity *e = &st->ent;

    if (downgrading(st) && e->cte == CTE_BINARY)
        st->errors |= MIME_ERR_BINARY;
    if (conv) {
        if (e->msg_header && !e->saw_version)
            emit_str(st, "MIME-Version: 1.0");
        if (!e->saw_ctype)
            emit_str(st, "Content-Type: text/plain; charset=unknown-8bit");
        emit_str(st, "Content-Transfer-Encoding: quoted-printable");
    } else if (downgrading(st) && (kind == K_MULTIPART || kind == K_MESSAGE)
               && e->cte == CTE_8BIT && !e->cte_conflict) {
        emit_str(st, "Content-Transfer-Encoding: 7bit");
    } else {
        lines_emit(st, &st->held);
        return 0;
    }
    lines_reset(&st->held);
    st->info |= MIME_INFO_CONVERTED;
    return 1;
}

static int leaf_body(const struct mime_entity *e)
{
    if (e->cte_conflict)
        return B_ENCODED;
    if (e->cte == CTE_NONE || e->cte == CTE_7BIT)
        return B_PLAIN;
    return e->cte == CTE_BINARY ? B_BINARY : B_ENCODED;
}

static void enter_body(struct mime_state *st, int kind, int conv)
{
    st->mode = MODE_BODY;
    switch (kind) {
    case K_LEAF:
        st->body = conv ? B_QP : leaf_body(&st->ent);
        break;
    case K_MULTIPART:
        push_level(st, LEVEL_MULTIPART);
        st->body = B_STRUCT;
        break;
    case K_MESSAGE:
        push_level(st, LEVEL_MESSAGE);
        start_entity(st, 0, 1);
        break;
    default:
        st->body = B_STRUCT;
        break;
    }
}

/* end_head - the header block is over (how: END_*) */

static void end_head(struct mime_state *st, int how,
                     const struct line_ref *L)
{
    int     kind, conv, made_up;

    flush_header(st);
    kind = entity_kind(st);
    conv = leaf_converts(st, kind);
    made_up = write_cte(st, kind, conv);
    if (how == END_BLANK)
        emit_line(st, L, SK_BODY);
    else if (how == END_OTHER && made_up)
        emit(st, MIME_REC_FULL, "", 0);
    enter_body(st, kind, conv);
}

/* ---- lines ---- */

static void body_chunk(struct mime_state *st, const char *p, size_t n,
                       int ends)
{
    body_bytes(st, p, n);
    if (st->body != B_QP) {
        emit(st, ends ? MIME_REC_FULL : MIME_REC_PART, p, n);
        return;
    }
    (void) mime_qp_put(&st->qp, p, n);
    if (ends)
        (void) mime_qp_end(&st->qp);
}

static void body_line(struct mime_state *st, const struct line_ref *L)
{
    body_chunk(st, L->p, L->n, L->ends);
    if (!L->ends)
        st->streaming = SK_BODY;
}

static void boundary_line(struct mime_state *st, const struct line_ref *L,
                          int level, int closing)
{
    pop_levels(st, level + 1);
    struct_bytes(st, L->p, L->n);
    emit_line(st, L, SK_BOUNDARY);
    if (closing) {
        st->levels[level].closed = 1;
        update_maxb(st);
        st->mode = MODE_BODY;
        st->body = B_STRUCT;
    } else {
        start_entity(st, st->levels[level].digest, 0);
    }
}

/* head_line - a line in a header block; 0 if it ended the block unused */

static int head_line(struct mime_state *st, const struct line_ref *L)
{
    if (L->complete && (L->n == 0 || (L->n == 1 && L->p[0] == '\r'))) {
        end_head(st, END_BLANK, L);
        return 1;
    }
    if (is_wsp(L->p[0]) && st->hdr_kind != HDR_NONE) {
        header_line(st, L);
        return 1;
    }
    if (!is_wsp(L->p[0]) && header_name_len(L->p, L->view) > 0) {
        flush_header(st);
        header_line(st, L);
        return 1;
    }
    end_head(st, END_OTHER, L);
    return 0;
}

/*
 * dispatch - classify a line (or the start of a long one).  A line that
 * ends a header block is looked at again in the new state: it may be
 * the first boundary of the multipart that the block declared.  Each
 * round ends one header block, and a new one only starts below a
 * message/rfc822 level, so the loop is bounded by nesting_limit.
 */
static void dispatch(struct mime_state *st, const struct line_ref *L)
{
    int     level, closing = 0;

    for (;;) {
        level = match_boundary(st, L->p, L->view, &closing);
        if (level >= 0 && st->mode == MODE_HEAD) {
            end_head(st, END_NONE, L);
            continue;
        }
        if (level >= 0) {
            boundary_line(st, L, level, closing);
            return;
        }
        if (st->mode == MODE_BODY) {
            body_line(st, L);
            return;
        }
        if (head_line(st, L))
            return;
    }
}

/* stream_chunk - more of a long line that has been classified */

static void stream_chunk(struct mime_state *st, const char *p, size_t n,
                         int ends)
{
    int     type = ends ? MIME_REC_FULL : MIME_REC_PART;

    switch (st->streaming) {
    case SK_BODY:
        body_chunk(st, p, n, ends);
        break;
    case SK_HEADER:
        header_bytes(st, p, n);
        emit(st, type, p, n);
        break;
    default:
        struct_bytes(st, p, n);
        emit(st, type, p, n);
        break;
    }
    if (ends)
        st->streaming = SK_NONE;
}

/* line_need - bytes that classify a line in the current state */

static size_t line_need(const struct mime_state *st)
{
    size_t  b = 4 + (size_t) st->boundary_limit;

    /* A boundary parameter is never longer than its header. */
    if (st->mode == MODE_HEAD)
        return b > 4 + MIME_HEADER_LIMIT ? b : 4 + MIME_HEADER_LIMIT;
    return st->maxb ? 4 + st->maxb : 0;
}

static void set_line(struct line_ref *L, const char *p, size_t n,
                     size_t need, int ends)
{
    L->p = p;
    L->n = n;
    L->complete = n <= need;
    L->view = L->complete ? n : need + 1;
    L->ends = ends;
}

/* feed - a chunk at the start of, or inside, an unclassified line */

static void feed(struct mime_state *st, const char *text, size_t len,
                 int ends)
{
    size_t  need = line_need(st), have = buf_len(st->line), take;
    struct line_ref L;

    if (have == 0 && ends) {		/* a whole line at once */
        set_line(&L, text, len, need, 1);
        dispatch(st, &L);
        return;
    }
    take = need + 1 - have;
    if (take > len)
        take = len;
    if (take > 0)
        buf_append(st->line, text, take);
    if (ends && take == len) {
        set_line(&L, buf_str(st->line), buf_len(st->line), need, 1);
    } else if (buf_len(st->line) > need) {
        set_line(&L, buf_str(st->line), buf_len(st->line), need, 0);
    } else {
        return;				/* wait for more */
    }
    dispatch(st, &L);
    buf_reset(st->line);
    if (!L.ends)
        stream_chunk(st, text + take, len - take, ends);
}

/* ---- interface ---- */

struct mime_state *mime_state_create(int flags, int nesting_limit,
                                     int boundary_limit, mime_out_fn out,
                                     void *ctx)
{
    struct mime_state *st;

    if (nesting_limit < 0 || boundary_limit < 1)
        msg_panic("mime_state_create: bad limits %d, %d",
                  nesting_limit, boundary_limit);
    st = xcalloc(1, sizeof(*st));
    st->flags = flags;
    st->nesting_limit = nesting_limit;
    st->boundary_limit = boundary_limit;
    st->out = out;
    st->ctx = ctx;
    st->line = buf_new(0);
    st->ent.bound = buf_new(0);
    lines_init(&st->hdr);
    lines_init(&st->held);
    mime_qp_init(&st->qp, qp_out, st);
    start_entity(st, 0, 1);
    return st;
}

int     mime_state_update(struct mime_state *st, int rec_type,
                          const char *text, size_t len)
{
    int     ends = (rec_type == MIME_REC_FULL);

    if (rec_type != MIME_REC_FULL && rec_type != MIME_REC_PART)
        msg_panic("mime_state_update: bad record type %d", rec_type);
    if (st->finished)
        msg_panic("mime_state_update: update after finish");
    if (st->failed)
        return -1;
    st->started = 1;
    if (text == 0)
        text = "";
    if (st->streaming)
        stream_chunk(st, text, len, ends);
    else
        feed(st, text, len, ends);
    return st->failed ? -1 : 0;
}

int     mime_state_finish(struct mime_state *st)
{
    struct line_ref L;

    if (st->finished)
        return st->failed ? -1 : 0;
    if (st->streaming) {
        stream_chunk(st, "", 0, 1);
    } else if (buf_len(st->line) > 0) {
        set_line(&L, buf_str(st->line), buf_len(st->line), line_need(st), 1);
        dispatch(st, &L);
        buf_reset(st->line);
    }
    while (st->mode == MODE_HEAD)
        end_head(st, END_NONE, 0);
    pop_levels(st, 0);
    st->finished = 1;
    return st->failed ? -1 : 0;
}

void    mime_state_free(struct mime_state *st)
{
    if (st == 0)
        return;
    pop_levels(st, 0);
    free(st->levels);
    buf_free(st->line);
    buf_free(st->ent.bound);
    lines_free(&st->hdr);
    lines_free(&st->held);
    free(st->plan);
    free(st->found);
    free(st);
}

int     mime_state_errors(const struct mime_state *st)
{
    return st->errors;
}

int     mime_state_info(const struct mime_state *st)
{
    return st->info;
}

int     mime_state_use_plan(struct mime_state *st,
                            const struct mime_state *det)
{
    if (st->started || det->nesting_limit != st->nesting_limit
        || det->boundary_limit != st->boundary_limit)
        return -1;
    free(st->plan);
    st->plan = 0;
    st->plan_n = st->plan_pos = 0;
    if (det->found_n > 0) {
        st->plan = xmemdup(det->found, det->found_n * sizeof(*det->found));
        st->plan_n = det->found_n;
    }
    st->ent.plan_convert = plan_lookup(st, st->ent.ordinal);
    return 0;
}

const char *mime_state_error_text(int errors)
{
    static const struct {
        int     bit;
        const char *text;
    } texts[] = {
        {MIME_ERR_BINARY, "binary content cannot be converted to 7-bit"},
        {MIME_ERR_8BIT_DOMAIN,
         "8-bit data in encoded, multipart or message content"},
        {MIME_ERR_8BIT_IN_7BIT, "8-bit data in a part declared as 7-bit"},
        {MIME_ERR_NESTING, "MIME nesting exceeds mime_nesting_limit"},
        {MIME_ERR_8BIT_HEADER, "8-bit data in a message header"},
        {MIME_ERR_BOUNDARY_LEN,
         "MIME boundary exceeds mime_boundary_length_limit"},
        {MIME_ERR_HEADER_LEN, "message header exceeds the length limit"},
        {MIME_ERR_UNTERMINATED, "multipart content without closing boundary"},
    };
    size_t  i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (errors & texts[i].bit)
            return texts[i].text;
    return "no MIME error";
}
