/*
 * qmgr_resolve - recipient address -> transport and next-hop
 *
 *	void	qmgr_resolve(const char *addr, struct buf *transport,
 *			struct buf *nexthop);
 *
 * postern has no trivial-rewrite yet, so the queue manager resolves
 * with Postfix's rules for the parameters that exist so far:
 *   - no domain, or a domain listed in mydestination (case-insensitive):
 *     local_transport ("transport[:nexthop]"; an empty next-hop is
 *     $myhostname);
 *   - otherwise default_transport ("transport[:nexthop]"); its next-hop
 *     if given, else relayhost if set, else the recipient domain.
 * transport_maps comes with lookup tables.  The "error" transport is an
 * ordinary transport here: without an error agent its deliveries are
 * deferred (transport unavailable), never lost.
 *
 * relayhost is declared in the smtp agent's table (it is the agent's
 * parameter too); it is read here by name, so it stays declared once.
 *
 * Trust: the address comes from a queue file; it is only compared and
 * copied.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "argv.h"
#include "buf.h"
#include "config.h"
#include "mail_params.h"
#include "qmgr.h"
#include "qmgr_params.h"

static int local_domain(const char *domain)
{
    static struct argv *list;
    size_t  i;

    if (list == NULL)
        list = argv_split(var_mydestination, ", \t\r\n");
    for (i = 0; i < list->argc; i++)
        if (strcasecmp(list->argv[i], domain) == 0)
            return (1);
    return (0);
}

/* split - "transport:nexthop" */

static void split(const char *spec, struct buf *transport, struct buf *nexthop)
{
    const char *colon = strchr(spec, ':');

    if (colon == NULL) {
        buf_set(transport, spec);
        buf_reset(nexthop);
    } else {
        buf_setn(transport, spec, (size_t) (colon - spec));
        buf_set(nexthop, colon + 1);
    }
}

static const char *relayhost(void)
{
    static char *value;

    if (value == NULL)
        value = config_get("relayhost");
    return (value);
}

void    qmgr_resolve(const char *addr, struct buf *transport,
                     struct buf *nexthop)
{
    const char *at = strrchr(addr, '@');
    const char *domain = at ? at + 1 : "";

    if (*domain == 0 || local_domain(domain)) {
        split(var_local_transport, transport, nexthop);
        if (buf_len(nexthop) == 0)
            buf_set(nexthop, var_myhostname);
        return;
    }
    split(var_default_transport, transport, nexthop);
    if (buf_len(nexthop) > 0)
        return;
    if (*relayhost())
        buf_set(nexthop, relayhost());
    else
        buf_set(nexthop, domain);
    for (char *p = buf_str(nexthop); *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p += 'a' - 'A';
}
