/*
 * fuzz_attr - libFuzzer target for the attribute protocol scanner
 *
 * The first input byte picks the encoding ("0" or plain), the scan
 * flags (strict, lenient, printable, missing-only) and one of several
 * wish lists (every item type, including HASH, DATA, STREQ and FUNC);
 * the rest is what the peer sent.  It goes into a memfd that a struct
 * stream reads, and the target keeps scanning lists (with
 * attr_scan_more between some of them) until one fails or input ends.
 * Anything that is scanned successfully is printed again and scanned
 * back, which must give the same values.  Must never crash, overread,
 * hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "htable.h"
#include "msg.h"
#include "stream.h"

#define MAX_LISTS 16

struct vals {
    int     i1;
    long    l1, l2;
    struct buf *s1, *s2, *d1;
    struct htable *t;
};

static int mem_fd = -1;

static struct stream *load(const uint8_t *p, size_t n)
{
    if (mem_fd < 0 && (mem_fd = memfd_create("fuzz_attr", 0)) < 0)
        abort();
    if (ftruncate(mem_fd, 0) < 0)
        abort();
    if (n > 0 && pwrite(mem_fd, p, n, 0) != (ssize_t) n)
        abort();
    if (lseek(mem_fd, 0, SEEK_SET) != 0)
        abort();
    return stream_open(mem_fd);
}

/* RECV_FUNC callback: a string and a grouped or trailing HASH. */
static int scan_inner(struct stream *s, int enc, void *ctx)
{
    struct vals *v = ctx;

    return attr_scan(s, enc, ATTR_FLAG_MORE | ATTR_FLAG_MISSING,
                     RECV_STR("inner", v->s2), RECV_HASH(v->t),
                     ATTR_END) >= 0 ? 0 : -1;
}

static void free_value(void *p)
{
    free(p);
}

static void reset(struct vals *v)
{
    v->i1 = 0;
    v->l1 = v->l2 = 0;
    buf_reset(v->s1);
    buf_reset(v->s2);
    buf_reset(v->d1);
    htable_free(v->t, free_value);
    v->t = htable_new(0);
}

/* scan_list - one list per the chosen wish list; the attr_scan result */

static int scan_list(struct stream *s, int enc, int flags, int list,
                     struct vals *v)
{
    switch (list) {
    case 0:
        return attr_scan(s, enc, flags,
                         RECV_STREQ("protocol", "test"),
                         RECV_INT("number", &v->i1),
                         RECV_LONG("long_number", &v->l1),
                         RECV_STR("string", v->s1),
                         RECV_DATA("data", v->d1),
                         RECV_HASH(v->t),
                         RECV_LONG("long_number", &v->l2),
                         ATTR_END);
    case 1:
        return attr_scan(s, enc, flags,
                         RECV_INT("n", &v->i1),
                         RECV_FUNC(scan_inner, v),
                         RECV_STR("s", v->s1),
                         ATTR_END);
    case 2:
        return attr_scan(s, enc, flags, RECV_HASH(v->t), ATTR_END);
    case 3:
        return attr_scan(s, enc, flags | ATTR_FLAG_MORE,
                         RECV_STR("s", v->s1), RECV_DATA("d", v->d1),
                         ATTR_END);
    case 4:
        return attr_scan(s, enc, flags,
                         RECV_INT("status", &v->i1),
                         RECV_STR("status", v->s1),
                         RECV_LONG("offset", &v->l1),
                         ATTR_END);
    default:
        return attr_scan(s, enc, flags,
                         RECV_HASH(v->t),
                         RECV_DATA("time", v->d1),
                         RECV_HASH(v->t),
                         ATTR_END);
    }
}

/* reprint - print what list 0 got and check it scans back the same */

static void reprint(int enc, struct vals *v)
{
    struct stream *s;
    struct vals w;
    int     fd = memfd_create("fuzz_attr_out", 0);

    if (fd < 0)
        abort();
    s = stream_open(fd);
    /* Values that the plain encoding cannot carry are refused: fine. */
    if (attr_print(s, enc, ATTR_FLAG_NONE,
                   SEND_STR("protocol", "test"),
                   SEND_INT("number", v->i1),
                   SEND_LONG("long_number", v->l1),
                   SEND_STR("string", buf_str(v->s1)),
                   SEND_DATA("data", buf_len(v->d1), buf_str(v->d1)),
                   SEND_HASH(v->t),
                   SEND_LONG("long_number", v->l2),
                   ATTR_END) == 0) {
        if (lseek(fd, 0, SEEK_SET) != 0)
            abort();
        w.s1 = buf_new(0);
        w.s2 = buf_new(0);
        w.d1 = buf_new(0);
        w.t = htable_new(0);
        if (scan_list(s, enc, ATTR_FLAG_STRICT, 0, &w) != 6
            || w.i1 != v->i1 || w.l1 != v->l1 || w.l2 != v->l2
            || strcmp(buf_str(w.s1), buf_str(v->s1)) != 0
            || buf_len(w.d1) != buf_len(v->d1)
            || memcmp(buf_str(w.d1), buf_str(v->d1), buf_len(v->d1)) != 0
            || htable_count(w.t) != htable_count(v->t))
            abort();
        buf_free(w.s1);
        buf_free(w.s2);
        buf_free(w.d1);
        htable_free(w.t, free_value);
    }
    stream_close(s);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int flag_sets[4] = {
        ATTR_FLAG_STRICT, ATTR_FLAG_NONE,
        ATTR_FLAG_PRINTABLE | ATTR_FLAG_EXTRA, ATTR_FLAG_MISSING,
    };
    struct stream *s;
    struct vals v;
    int     enc, flags, list, n, i, more;

    if (size < 1)
        return 0;
    enc = (data[0] & 1) ? ATTR_ENC_PLAIN : ATTR_ENC_0;
    flags = flag_sets[(data[0] >> 1) & 3];
    list = (data[0] >> 3) % 6;
    more = (data[0] >> 6) & 1;

    s = load(data + 1, size - 1);
    stream_set_name(s, "fuzz");
    v.s1 = buf_new(0);
    v.s2 = buf_new(0);
    v.d1 = buf_new(0);
    v.t = htable_new(0);

    for (i = 0; i < MAX_LISTS; i++) {
        reset(&v);
        n = scan_list(s, enc, flags, list, &v);
        if (n <= 0)
            break;
        if (list == 0 && n == 6 && !(flags & ATTR_FLAG_PRINTABLE))
            reprint(enc, &v);
        if (more || list == 3) {
            /* A 1 leaves a parked byte that the next scan must take. */
            if (attr_scan_more(s, enc) < 0)
                break;
        }
    }
    /* Take any byte still parked by attr_scan_more. */
    if (i == MAX_LISTS)
        (void) attr_scan(s, enc, ATTR_FLAG_NONE, ATTR_END);

    htable_free(v.t, free_value);
    buf_free(v.s1);
    buf_free(v.s2);
    buf_free(v.d1);
    stream_free(s);
    return 0;
}
