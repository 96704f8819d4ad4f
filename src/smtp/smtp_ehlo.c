/*
 * smtp_ehlo - EHLO/LHLO reply keywords to session features (pure)
 *
 * Implements smtp_ehlo.h.  Uses only libc, buf and mem, so the fuzz
 * target can include this file directly.  Every copy into the fixed
 * arrays of struct smtp_ehlo is bounded; a value that does not fit is
 * cut, never overrun.
 */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "smtp_ehlo.h"

struct ehlo_kw {
    const char *name;			/* upper case, as logged */
    unsigned long bit;			/* discard / seen bit */
    unsigned feature;			/* feature bits it sets */
};

static const struct ehlo_kw ehlo_kw_table[] = {
    {"8BITMIME", SMTP_FEATURE_8BITMIME, SMTP_FEATURE_8BITMIME},
    {"AUTH", SMTP_FEATURE_AUTH, SMTP_FEATURE_AUTH},
    {"CHUNKING", SMTP_EHLO_KW_CHUNKING, 0},
    {"DSN", SMTP_FEATURE_DSN, SMTP_FEATURE_DSN},
    {"ENHANCEDSTATUSCODES", SMTP_EHLO_KW_ENHSTATUS, 0},
    {"ETRN", SMTP_EHLO_KW_ETRN, 0},
    {"LIMITS", SMTP_EHLO_KW_LIMITS, 0},
    {"PIPELINING", SMTP_FEATURE_PIPELINING, SMTP_FEATURE_PIPELINING},
    {"SIZE", SMTP_FEATURE_SIZE, SMTP_FEATURE_SIZE},
    {"SMTPUTF8", SMTP_FEATURE_SMTPUTF8, SMTP_FEATURE_SMTPUTF8},
    {"STARTTLS", SMTP_FEATURE_STARTTLS, SMTP_FEATURE_STARTTLS},
    {"VERB", SMTP_EHLO_KW_VERB, 0},
    {"VRFY", SMTP_EHLO_KW_VRFY, 0},
    {"XCLIENT", SMTP_EHLO_KW_XCLIENT, 0},
    {"XFORWARD", SMTP_FEATURE_XFORWARD_NAME, 0},	/* bits per attribute */
    {"SILENT-DISCARD", SMTP_EHLO_SILENT_DISCARD, 0},	/* discard list only */
    {NULL, 0, 0},
};

static const struct {
    const char *name;
    unsigned feature;
} xforward_attrs[] = {
    {"NAME", SMTP_FEATURE_XFORWARD_NAME},
    {"ADDR", SMTP_FEATURE_XFORWARD_ADDR},
    {"PROTO", SMTP_FEATURE_XFORWARD_PROTO},
    {"HELO", SMTP_FEATURE_XFORWARD_HELO},
    {"SOURCE", SMTP_FEATURE_XFORWARD_DOMAIN},
    {"PORT", SMTP_FEATURE_XFORWARD_PORT},
    {"IDENT", SMTP_FEATURE_XFORWARD_IDENT},
    {NULL, 0},
};

/* A word of a line: start and length; no NUL termination needed. */
struct word {
    const char *p;
    size_t  n;
};

static int word_is(const struct word *w, const char *name)
{
    return strlen(name) == w->n && strncasecmp(w->p, name, w->n) == 0;
}

/* next_word - next blank-separated word in [*cp, end) */

static int next_word(const char **cp, const char *end, struct word *w)
{
    const char *s = *cp;

    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end)
        return 0;
    w->p = s;
    while (s < end && *s != ' ' && *s != '\t')
        s++;
    w->n = (size_t) (s - w->p);
    *cp = s;
    return 1;
}

/* append - bounded "a b c" list in a fixed array */

static void append(char *dst, size_t size, const char *p, size_t n)
{
    size_t  used = strlen(dst);

    if (used > 0 && used + 1 < size)
        dst[used++] = ' ';
    if (used + 1 >= size)
        return;
    if (n > size - used - 1)
        n = size - used - 1;
    memcpy(dst + used, p, n);
    dst[used + n] = 0;
}

/* number - decimal digits only, at most max; -1 otherwise */

static long number(const char *p, size_t n, long max)
{
    long    val = 0;
    size_t  i;

    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        if (val > (max - (p[i] - '0')) / 10)
            return -1;
        val = val * 10 + (p[i] - '0');
    }
    return val;
}

static const struct ehlo_kw *kw_lookup(const char *p, size_t n)
{
    const struct ehlo_kw *kw;

    for (kw = ehlo_kw_table; kw->name; kw++)
        if (strlen(kw->name) == n && strncasecmp(kw->name, p, n) == 0)
            return kw;
    return NULL;
}

/* ehlo_limits - RFC 9422 "LIMITS RCPTMAX=n MAILMAX=n ..." */

static void ehlo_limits(struct smtp_ehlo *e, const char *cp, const char *end)
{
    struct word w;
    const char *eq;
    long    val;

    while (next_word(&cp, end, &w)) {
        if ((eq = memchr(w.p, '=', w.n)) == NULL)
            continue;
        val = number(eq + 1, w.n - (size_t) (eq + 1 - w.p), SMTP_EHLO_LIMITS_MAX);
        if (val <= 0)
            continue;
        if ((size_t) (eq - w.p) == 7 && strncasecmp(w.p, "RCPTMAX", 7) == 0)
            e->rcptmax = (int) val;
        else if ((size_t) (eq - w.p) == 7 && strncasecmp(w.p, "MAILMAX", 7) == 0)
            e->mailmax = (int) val;
    }
}

static void ehlo_line(struct smtp_ehlo *e, const char *cp, const char *end,
                      unsigned long discard)
{
    struct word kw_word;
    struct word w;
    const struct ehlo_kw *kw;
    const char *eq;
    const char *args;
    long    val;
    int     old_auth = 0;

    if (!next_word(&cp, end, &kw_word))
        return;
    /* "AUTH=LOGIN PLAIN": the pre-RFC 2554 form. */
    if ((eq = memchr(kw_word.p, '=', kw_word.n)) != NULL) {
        if ((size_t) (eq - kw_word.p) != 4
            || strncasecmp(kw_word.p, "AUTH", 4) != 0)
            return;
        old_auth = 1;
        args = eq + 1;
        kw = kw_lookup("AUTH", 4);
    } else {
        args = cp;
        if ((kw = kw_lookup(kw_word.p, kw_word.n)) == NULL)
            return;
    }
    if (kw->bit == SMTP_EHLO_SILENT_DISCARD)
        return;
    if (discard & kw->bit) {
        if (!(discard & SMTP_EHLO_SILENT_DISCARD)
            && !(e->seen & kw->bit))
            append(e->discarded, sizeof(e->discarded), kw->name,
                   strlen(kw->name));
        e->seen |= kw->bit;
        return;
    }
    e->seen |= kw->bit;
    e->features |= kw->feature;

    switch (kw->bit) {
    case SMTP_FEATURE_SIZE:
        if (next_word(&cp, end, &w)
            && (val = number(w.p, w.n, LONG_MAX)) > 0)
            e->size_limit = val;
        break;
    case SMTP_FEATURE_AUTH:
        /* The RFC form wins over the old one when a server sends both. */
        if (old_auth && e->auth_mechs[0])
            break;
        if (!old_auth)
            e->auth_mechs[0] = 0;
        cp = args;
        while (next_word(&cp, end, &w))
            append(e->auth_mechs, sizeof(e->auth_mechs), w.p, w.n);
        break;
    case SMTP_FEATURE_XFORWARD_NAME:
        while (next_word(&cp, end, &w))
            for (int i = 0; xforward_attrs[i].name; i++)
                if (word_is(&w, xforward_attrs[i].name))
                    e->features |= xforward_attrs[i].feature;
        break;
    case SMTP_EHLO_KW_LIMITS:
        ehlo_limits(e, cp, end);
        break;
    default:
        break;
    }
}

void    smtp_ehlo_parse(struct smtp_ehlo *e, const char *text, size_t len,
                        unsigned long discard)
{
    const char *cp = text;
    const char *end = text + len;
    const char *eol;
    const char *body;
    struct word w;
    int     lineno = 0;

    memset(e, 0, sizeof(*e));
    while (cp < end) {
        if ((eol = memchr(cp, '\n', (size_t) (end - cp))) == NULL)
            eol = end;
        /* Skip "250-" or "250 "; a bare code line has no text. */
        body = (eol - cp > 4) ? cp + 4 : eol;
        if (lineno++ == 0) {
            if (next_word(&body, eol, &w))
                append(e->server_name, sizeof(e->server_name), w.p, w.n);
        } else {
            ehlo_line(e, body, eol, discard);
        }
        cp = eol + 1;
    }
}

int     smtp_ehlo_mask(const char *list, unsigned long *mask, char **bad)
{
    const char *cp = list;
    const char *end = list + strlen(list);
    const struct ehlo_kw *kw;
    const char *s;
    size_t  n;
    int     ret = 0;

    *mask = 0;
    while (cp < end) {
        while (cp < end && strchr(", \t\r\n", *cp))
            cp++;
        s = cp;
        while (cp < end && !strchr(", \t\r\n", *cp))
            cp++;
        if ((n = (size_t) (cp - s)) == 0)
            continue;
        if ((kw = kw_lookup(s, n)) != NULL) {
            *mask |= kw->bit;
        } else if (ret == 0) {
            if (bad)
                *bad = xstrndup(s, n);
            ret = -1;
        }
    }
    return ret;
}

const char *smtp_ehlo_name(unsigned long bit)
{
    const struct ehlo_kw *kw;

    for (kw = ehlo_kw_table; kw->name; kw++)
        if (kw->bit == bit)
            return kw->name;
    return NULL;
}
