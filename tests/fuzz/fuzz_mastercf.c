/*
 * fuzz_mastercf - libFuzzer target for the master.cf parser
 *
 * The input is a master.cf file for master_cf_parse_text().  On
 * success every entry is formatted as postconf -M would show it and
 * checked for sane values; on failure the error must name the file.
 * Must never crash, overread, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "buf.h"
#include "master_cf.h"

static void check_entry(const struct master_ent *e, struct buf *out)
{
    if (e->name == NULL || e->args == NULL || e->args->argc < 1
        || e->maxproc < -1 || e->wakeup < 0 || e->lineno < 1
        || strcmp(master_type_name(e->type), "unknown") == 0
        || (e->type == MASTER_TYPE_INET && e->private_))
        abort();
    buf_reset(out);
    master_ent_format(e, out);
    if (buf_len(out) == 0)
        abort();
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct master_ent **ents = NULL;
    struct buf *err = buf_new(64);
    struct buf *out = buf_new(64);
    size_t  count = 0;
    size_t  i;

    if (master_cf_parse_text((const char *) data, size, "master.cf", &ents,
                             &count, err) == 0) {
        for (i = 0; i < count; i++)
            check_entry(ents[i], out);
        master_cf_free(ents, count);
    } else if (strncmp(buf_str(err), "master.cf, ", 11) != 0 || ents != NULL) {
        abort();
    }
    buf_free(err);
    buf_free(out);
    return 0;
}
