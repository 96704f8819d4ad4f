/*
 * recipient - one recipient of a delivery request, and lists of them
 *
 * Implements recipient.h: a growable array of struct recipient whose
 * strings the list owns (copied on add, freed with the list).  NULL
 * strings are stored as "".
 */
#include <stdlib.h>

#include "mem.h"
#include "recipient.h"

#define RCPT_LIST_MIN	4

void    rcpt_list_init(struct rcpt_list *l)
{
    l->info = NULL;
    l->len = 0;
    l->avail = 0;
}

/* rcpt_list_grow - room for one more */

static void rcpt_list_grow(struct rcpt_list *l)
{
    size_t  avail = l->avail ? l->avail * 2 : RCPT_LIST_MIN;

    l->info = xrealloc(l->info, avail * sizeof(*l->info));
    l->avail = avail;
}

void    rcpt_list_add(struct rcpt_list *l, const char *orig, const char *addr,
                      long offset, const char *orcpt, int notify)
{
    struct recipient *r;

    if (l->len >= l->avail)
        rcpt_list_grow(l);
    r = l->info + l->len++;
    r->orig_addr = xstrdup(orig ? orig : "");
    r->address = xstrdup(addr ? addr : "");
    r->offset = offset;
    r->dsn_orcpt = xstrdup(orcpt ? orcpt : "");
    r->dsn_notify = notify;
    r->status = 0;
}

void    rcpt_list_free(struct rcpt_list *l)
{
    size_t  i;

    for (i = 0; i < l->len; i++) {
        free(l->info[i].orig_addr);
        free(l->info[i].address);
        free(l->info[i].dsn_orcpt);
    }
    free(l->info);
    rcpt_list_init(l);
}
