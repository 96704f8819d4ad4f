/*
 * cleanup_header - the primary header block (interface in cleanup_header.h)
 *
 * Address lists are split at top-level commas (outside quoted strings,
 * comments and angle brackets); a group "name: a, b;" contributes its
 * members.  Only two forms are rewritten: "<local>" gets "@origin"
 * before the '>', and a lone bare token "local" (comments around it are
 * kept) gets "@origin" after it.  Anything else is passed on unchanged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "argv.h"
#include "buf.h"
#include "cleanup_header.h"
#include "mem.h"

struct hdr_block {
    struct argv *hdrs;			/* logical headers, '\n' between lines */
    size_t  total;			/* bytes kept */
    size_t  limit;
};

struct hdr_block *hdr_block_new(size_t limit)
{
    struct hdr_block *hb = xcalloc(1, sizeof(*hb));

    hb->hdrs = argv_new(16);
    hb->limit = limit;
    return hb;
}

void    hdr_block_free(struct hdr_block *hb)
{
    argv_free(hb->hdrs);
    free(hb);
}

size_t  hdr_is_header(const char *line, size_t len)
{
    size_t  n = 0;
    size_t  i;

    while (n < len && n <= HDR_NAME_MAX && line[n] > ' '
           && line[n] < 127 && line[n] != ':')
        n++;
    if (n == 0 || n > HDR_NAME_MAX)
        return 0;
    for (i = n; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
         /* void */ ;
    return (i < len && line[i] == ':') ? n : 0;
}

int     hdr_block_add(struct hdr_block *hb, const char *line, size_t len)
{
    struct argv *h = hb->hdrs;
    char   *joined;
    char   *last;

    if (len == 0)
        return HDR_END;
    if ((line[0] == ' ' || line[0] == '\t') && h->argc > 0) {
        if (hb->total + len + 1 > hb->limit)
            return HDR_FULL;
        last = h->argv[h->argc - 1];
        joined = xmalloc(strlen(last) + len + 2);
        strcpy(joined, last);
        strcat(joined, "\n");
        strncat(joined, line, len);
        free(last);
        h->argv[h->argc - 1] = joined;
        hb->total += len + 1;
        return HDR_MORE;
    }
    if (hdr_is_header(line, len) == 0)
        return HDR_END;
    if (memchr(line, 0, len) != NULL || hb->total + len + 1 > hb->limit)
        return HDR_FULL;
    argv_addn(h, line, len);
    hb->total += len + 1;
    return HDR_MORE;
}

/* hdr_name_is - the header's name equals name (case-insensitive) */

static int hdr_name_is(const char *hdr, const char *name)
{
    size_t  n = hdr_is_header(hdr, strlen(hdr));

    return n == strlen(name) && strncasecmp(hdr, name, n) == 0;
}

/* hdr_value - the text after the colon */

static const char *hdr_value(const char *hdr)
{
    return strchr(hdr, ':') + 1;
}

void    hdr_qualify(struct buf *out, const char *addr, const char *origin)
{
    buf_set(out, addr);
    if (*addr && strchr(addr, '@') == NULL && origin && *origin) {
        buf_putc(out, '@');
        buf_puts(out, origin);
    }
}

/* scan_top - index of the first byte of stops outside quotes, comments, <> */

static size_t scan_top(const char *p, size_t n, const char *stops)
{
    int     quote = 0, angle = 0;
    long    depth = 0;
    size_t  i;
    unsigned char c;

    for (i = 0; i < n; i++) {
        c = (unsigned char) p[i];
        if (quote || depth) {
            if (c == '\\' && i + 1 < n)
                i++;
            else if (quote && c == '"')
                quote = 0;
            else if (!quote && c == '(')
                depth++;
            else if (!quote && c == ')')
                depth--;
            continue;
        }
        if (c != 0 && strchr(stops, c) != NULL)
            return i;
        if (angle) {
            if (c == '>')
                angle = 0;
            else if (c == '"')
                quote = 1;
            continue;
        }
        if (c == '"')
            quote = 1;
        else if (c == '(')
            depth = 1;
        else if (c == '<')
            angle = 1;
        else if (c == '\\' && i + 1 < n)
            i++;
    }
    return n;
}

/* skip_blank_comments - past blanks and (nested) comments */

static size_t skip_blank_comments(const char *p, size_t i, size_t n)
{
    while (i < n) {
        if (isspace((unsigned char) p[i]))
            i++;
        else if (p[i] == '(')
            i += scan_top(p + i + 1, n - i - 1, ")") + 2;
        else
            break;
    }
    return i < n ? i : n;
}

/* add_addr - remember one address (qualified), trimmed */

static void add_addr(struct argv *addrs, const char *p, size_t n,
                     const char *origin)
{
    struct buf *a;
    struct buf *q;
    size_t  i, quotes = 0;

    while (n > 0 && isspace((unsigned char) *p))
        p++, n--;
    while (n > 0 && isspace((unsigned char) p[n - 1]))
        n--;
    if (addrs == NULL || n == 0)
        return;
    a = buf_new(n + 1);
    q = buf_new(n + 32);
    buf_setn(a, p, n);
    for (i = 0; i < n; i++)
        quotes += p[i] == '"';
    /* An unterminated quoted string is passed on as it is. */
    hdr_qualify(q, buf_str(a), quotes % 2 ? "" : origin);
    argv_add(addrs, buf_str(q));
    buf_free(a);
    buf_free(q);
}

/* addr_range - one mailbox in p[0..n): qualify into out, collect */

static void addr_range(const char *p, size_t n, const char *origin,
                       struct buf *out, struct argv *addrs)
{
    size_t  lt = scan_top(p, n, "<");
    size_t  gt, tok, end, rest;
    int     bare;

    if (lt < n) {
        gt = lt + 1 + scan_top(p + lt + 1, n - lt - 1, ">");
        if (gt > n)
            gt = n;
        bare = gt > lt + 1 && memchr(p + lt + 1, '@', gt - lt - 1) == NULL;
        add_addr(addrs, p + lt + 1, gt - lt - 1, origin);
        if (out == NULL)
            return;
        buf_append(out, p, gt);
        if (bare && origin && *origin) {
            buf_putc(out, '@');
            buf_puts(out, origin);
        }
        buf_append(out, p + gt, n - gt);
        return;
    }
    tok = skip_blank_comments(p, 0, n);
    for (end = tok; end < n && !isspace((unsigned char) p[end])
         && p[end] != '('; end++)
        if (p[end] == '"')
            end += scan_top(p + end + 1, n - end - 1, "\"") + 1;
    if (end > n)
        end = n;
    rest = skip_blank_comments(p, end, n);
    bare = end > tok && rest == n && memchr(p + tok, '@', end - tok) == NULL
        && (p[tok] != '"' || (end - tok >= 2 && p[end - 1] == '"'));
    if (rest == n)
        add_addr(addrs, p + tok, end - tok, origin);
    else
        add_addr(addrs, p, n, origin);
    if (out == NULL)
        return;
    buf_append(out, p, end);
    if (bare && origin && *origin) {
        buf_putc(out, '@');
        buf_puts(out, origin);
    }
    buf_append(out, p + end, n - end);
}

/* addr_element - one comma-separated element, maybe a group */

static void addr_element(const char *p, size_t n, const char *origin,
                         struct buf *out, struct argv *addrs)
{
    size_t  colon = scan_top(p, n, ":<");
    size_t  start = 0, semi;

    if (colon < n && p[colon] == ':')
        start = colon + 1;
    semi = start + scan_top(p + start, n - start, ";");
    if (out)
        buf_append(out, p, start);
    addr_range(p + start, semi - start, origin, out, addrs);
    if (out)
        buf_append(out, p + semi, n - semi);
}

void    hdr_addr_list(const char *value, const char *origin, struct buf *out,
                      struct argv *addrs)
{
    size_t  n = strlen(value);
    size_t  i = 0, len;

    if (out)
        buf_reset(out);
    for (;;) {
        len = scan_top(value + i, n - i, ",");
        addr_element(value + i, len, origin, out, addrs);
        i += len;
        if (i >= n)
            break;
        if (out)
            buf_putc(out, ',');
        i++;
    }
}

static const char *const addr_headers[] = {
    "From", "Sender", "Reply-To", "To", "Cc", "Errors-To",
    "Return-Receipt-To", "Resent-From", "Resent-Sender", "Resent-Reply-To",
    "Resent-To", "Resent-Cc", 0,
};

static int hdr_in_list(const char *hdr, const char *const *list)
{
    for (; *list; list++)
        if (hdr_name_is(hdr, *list))
            return 1;
    return 0;
}

/* add_lines - split a logical header into physical lines */

static void add_lines(struct argv *out, const char *text)
{
    const char *nl;

    while ((nl = strchr(text, '\n')) != NULL) {
        argv_addn(out, text, (size_t) (nl - text));
        text = nl + 1;
    }
    argv_add(out, text);
}

/* add_received - our own trace header */

static void add_received(struct argv *out, const struct hdr_ctx *ctx,
                         const char *date)
{
    struct buf *b = buf_new(200);

    buf_printf(b, "Received: by %s (%s, from userid %ld)", ctx->myhostname,
               ctx->mail_name, ctx->uid);
    argv_add(out, buf_str(b));
    buf_reset(b);
    buf_printf(b, "\tid %s; %s", ctx->queue_id, date);
    argv_add(out, buf_str(b));
    buf_free(b);
}

/* rfc_date - "Sun, 22 Nov 2026 04:15:40 +0000 (UTC)" */

static void rfc_date(char *out, size_t len, time_t when)
{
    struct tm tm;
    char    zone[16];
    long    off;
    size_t  n;

    localtime_r(&when, &tm);
    off = tm.tm_gmtoff / 60;
    n = strftime(out, len, "%a, %d %b %Y %H:%M:%S ", &tm);
    snprintf(out + n, len - n, "%c%02ld%02ld", off < 0 ? '-' : '+',
             labs(off) / 60, labs(off) % 60);
    if (strftime(zone, sizeof(zone), "%Z", &tm) > 0) {
        n = strlen(out);
        snprintf(out + n, len - n, " (%s)", zone);
    }
}

/* add_from - From: for a message without one */

static void add_from(struct argv *out, const struct hdr_ctx *ctx)
{
    struct buf *b = buf_new(200);
    const char *cp;

    buf_puts(b, "From: ");
    if (ctx->fullname && *ctx->fullname) {
        if (strpbrk(ctx->fullname, "()<>@,;:\\\".[]") == NULL) {
            buf_puts(b, ctx->fullname);
        } else {
            buf_putc(b, '"');
            for (cp = ctx->fullname; *cp; cp++) {
                if (*cp == '"' || *cp == '\\')
                    buf_putc(b, '\\');
                buf_putc(b, *cp);
            }
            buf_putc(b, '"');
        }
        buf_printf(b, " <%s>", *ctx->sender ? ctx->sender : "MAILER-DAEMON");
    } else if (*ctx->sender) {
        buf_puts(b, ctx->sender);
    } else {
        buf_printf(b, "MAILER-DAEMON@%s", ctx->myhostname);
    }
    argv_add(out, buf_str(b));
    buf_free(b);
}

/* extract_rcpts - -t: recipients from the address headers, no duplicates */

static void extract_rcpts(struct hdr_block *hb, const char *origin,
                          struct argv *rcpts)
{
    static const char *const plain[] = { "To", "Cc", "Bcc", 0 };
    static const char *const resent[] = {
        "Resent-To", "Resent-Cc", "Resent-Bcc", 0,
    };
    const char *const *which = plain;
    struct argv *found = argv_new(8);
    size_t  i, j, k;

    for (i = 0; i < hb->hdrs->argc; i++)
        if (strncasecmp(hb->hdrs->argv[i], "Resent-", 7) == 0)
            which = resent;
    for (i = 0; i < hb->hdrs->argc; i++)
        if (hdr_in_list(hb->hdrs->argv[i], which))
            hdr_addr_list(hdr_value(hb->hdrs->argv[i]), origin, NULL, found);
    for (j = 0; j < found->argc; j++) {
        for (k = 0; k < rcpts->argc; k++)
            if (strcmp(rcpts->argv[k], found->argv[j]) == 0)
                break;
        if (k == rcpts->argc)
            argv_add(rcpts, found->argv[j]);
    }
    argv_free(found);
}

int     hdr_block_finish(struct hdr_block *hb, const struct hdr_ctx *ctx,
                         struct argv *out, struct argv *rcpts)
{
    struct buf *b = buf_new(256);
    struct buf *v = buf_new(256);
    char    date[80];
    char    stamp[32];
    struct tm tm;
    int     hops = 0, have_mid = 0, have_date = 0, have_from = 0;
    size_t  i;
    const char *h;

    rfc_date(date, sizeof(date), ctx->now);
    if (ctx->received)
        add_received(out, ctx, date);
    for (i = 0; i < hb->hdrs->argc; i++) {
        h = hb->hdrs->argv[i];
        if (hdr_name_is(h, "Received") || hdr_name_is(h, "Delivered-To"))
            hops++;
        have_mid |= hdr_name_is(h, "Message-Id");
        have_date |= hdr_name_is(h, "Date");
        have_from |= hdr_name_is(h, "From");
        if (hdr_name_is(h, "Bcc") || hdr_name_is(h, "Resent-Bcc"))
            continue;
        if (hdr_in_list(h, addr_headers)) {
            hdr_addr_list(hdr_value(h), ctx->origin, v, NULL);
            buf_setn(b, h, (size_t) (hdr_value(h) - h));
            buf_append(b, buf_str(v), buf_len(v));
            add_lines(out, buf_str(b));
        } else {
            add_lines(out, h);
        }
    }
    if (ctx->extract && rcpts)
        extract_rcpts(hb, ctx->origin, rcpts);
    if (!have_mid) {
        gmtime_r(&ctx->now, &tm);
        strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
        buf_reset(b);
        buf_printf(b, "Message-Id: <%s.%s@%s>", stamp, ctx->queue_id,
                   ctx->myhostname);
        argv_add(out, buf_str(b));
    }
    if (!have_date) {
        buf_reset(b);
        buf_printf(b, "Date: %s", date);
        argv_add(out, buf_str(b));
    }
    if (!have_from)
        add_from(out, ctx);
    buf_free(b);
    buf_free(v);
    return hops;
}
