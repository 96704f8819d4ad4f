/*
 * fuzz_smtp_props - libFuzzer target for the cached-session property
 * parsers (src/smtp/smtp_props.c)
 *
 * Input: property text as scache hands it back (any bytes up to a NUL).
 * The first byte selects the parser (even: destination, odd: endpoint).
 * Whatever is accepted must print back to a string that parses to the
 * same values (round trip); numbers must be in their ranges.  Must
 * never crash, overread, hang or leak.  smtp_props.c is pure and
 * compiled in here (with buf from libutil).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/smtp/smtp_props.c"

static void check_dest(const char *text)
{
    struct smtp_dest_props a, b;
    struct buf *out = buf_new(64);

    a.dest = buf_new(8), a.host = buf_new(8), a.addr = buf_new(8);
    b.dest = buf_new(8), b.host = buf_new(8), b.addr = buf_new(8);
    if (smtp_props_dest_scan(text, &a) == 0) {
        if (smtp_props_dest_print(out, &a) != 0
            || smtp_props_dest_scan(buf_str(out), &b) != 0
            || strcmp(buf_str(a.dest), buf_str(b.dest)) != 0
            || strcmp(buf_str(a.host), buf_str(b.host)) != 0
            || strcmp(buf_str(a.addr), buf_str(b.addr)) != 0
            || a.features != b.features)
            abort();
    }
    buf_free(a.dest), buf_free(a.host), buf_free(a.addr);
    buf_free(b.dest), buf_free(b.host), buf_free(b.addr);
    buf_free(out);
}

static void check_endp(const char *text)
{
    struct smtp_endp_props a, b;
    struct buf *out = buf_new(64);

    memset(&a, 0, sizeof(a));			/* padding, for memcmp */
    memset(&b, 0, sizeof(b));
    if (smtp_props_endp_scan(text, &a) == 0) {
        if (a.reuse_count < 0 || a.port > 65535 || a.size_limit < 0
            || a.rcptmax < 0 || a.mailmax < 0 || a.mail_count < 0)
            abort();
        if (smtp_props_endp_print(out, &a) != 0
            || smtp_props_endp_scan(buf_str(out), &b) != 0
            || memcmp(&a, &b, sizeof(a)) != 0)
            abort();
    }
    buf_free(out);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char   *text;

    if (size == 0)
        return 0;
    text = malloc(size);
    if (text == NULL)
        abort();
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    if (data[0] & 1)
        check_endp(text);
    else
        check_dest(text);
    free(text);
    return 0;
}
