/*
 * name_mask - map between names and bit masks or codes
 *
 * Implements name_mask.h.  Notes:
 *
 * - name_mask_parse() ORs the masks of all names; an empty list gives 0.
 *   *out is only set on success; bad may be NULL.
 * - name_mask_format() appends to out (it does not reset it).  An entry
 *   is shown when all of its bits are set and not yet shown by an
 *   earlier entry, so a composite entry ("all") placed before its parts
 *   replaces them.  Remaining bits appear once, as "0x%lx".  A zero
 *   mask appends nothing.
 */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mem.h"
#include "name_mask.h"

#define NAME_MASK_SEP	" \t\r\n,|"

static const struct name_mask *name_mask_find(const struct name_mask *t,
                                              const char *name, size_t len)
{
    for (; t->name != NULL; t++)
        if (strncasecmp(t->name, name, len) == 0 && t->name[len] == 0)
            return t;
    return NULL;
}

int     name_mask_parse(const struct name_mask *t, const char *list,
                        unsigned long *out, char **bad)
{
    const struct name_mask *np;
    unsigned long mask = 0;
    size_t  len;

    for (;;) {
        list += strspn(list, NAME_MASK_SEP);
        if (*list == 0)
            break;
        len = strcspn(list, NAME_MASK_SEP);
        if ((np = name_mask_find(t, list, len)) == NULL) {
            if (bad != NULL)
                *bad = xstrndup(list, len);
            return -1;
        }
        mask |= np->mask;
        list += len;
    }
    *out = mask;
    return 0;
}

void    name_mask_format(const struct name_mask *t, unsigned long mask,
                         struct buf *out, const char *sep)
{
    int     first = 1;

    for (; t->name != NULL && mask != 0; t++) {
        if (t->mask == 0 || (mask & t->mask) != t->mask)
            continue;
        if (!first)
            buf_puts(out, sep);
        buf_puts(out, t->name);
        mask &= ~t->mask;
        first = 0;
    }
    if (mask != 0) {
        if (!first)
            buf_puts(out, sep);
        buf_printf(out, "0x%lx", mask);
    }
}

int     name_code(const struct name_code *t, const char *name, int dflt)
{
    if (name == NULL)
        return dflt;
    for (; t->name != NULL; t++)
        if (strcasecmp(t->name, name) == 0)
            return t->code;
    return dflt;
}

const char *str_name_code(const struct name_code *t, int code)
{
    for (; t->name != NULL; t++)
        if (t->code == code)
            return t->name;
    return NULL;
}
