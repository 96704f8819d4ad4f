/*
 * fuzz_maincf - libFuzzer target for main.cf syntax and $name expansion
 *
 * The input is a main.cf file: cfg_parse_text() splits it into logical
 * lines, cfg_split_nameval() into name = value (later entries replace
 * earlier ones, as in main.cf), and then each value (the first
 * FUZZ_EXPAND of them) is expanded with cfg_expand() against the
 * entries themselves.  A value that expands must expand the same way
 * twice.  Must never crash, overread, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cfgfile.h"
#include "htable.h"
#include "mem.h"

#define FUZZ_EXPAND	16

static int collect(const char *text, int lineno, void *ctx)
{
    struct htable *t = ctx;
    char   *copy = xstrdup(text);
    char   *name;
    char   *value;

    (void) lineno;
    if (cfg_split_nameval(copy, &name, &value) == 0)
        free(htable_replace(t, name, xstrdup(value)));
    free(copy);
    return 0;
}

static const char *lookup(const char *name, void *ctx)
{
    return htable_find(ctx, name);
}

static void expand_all(struct htable *t)
{
    const char **names = htable_keys_sorted(t);
    struct buf *out = buf_new(64);
    struct buf *again = buf_new(64);
    struct buf *err = buf_new(64);
    size_t  i;

    for (i = 0; names[i] != NULL && i < FUZZ_EXPAND; i++) {
        buf_reset(out);
        buf_reset(again);
        if (cfg_expand(htable_find(t, names[i]), lookup, t, out, err) != 0)
            continue;
        if (cfg_expand(htable_find(t, names[i]), lookup, t, again, err) != 0
            || buf_len(out) != buf_len(again)
            || memcmp(buf_str(out), buf_str(again), buf_len(out)) != 0)
            abort();
    }
    free(names);
    buf_free(out);
    buf_free(again);
    buf_free(err);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct htable *t = htable_new(16);
    struct buf *err = buf_new(64);

    if (cfg_parse_text((const char *) data, size, collect, t, err) == 0)
        expand_all(t);
    else if (buf_len(err) == 0)
        abort();
    htable_free(t, free);
    buf_free(err);
    return 0;
}
