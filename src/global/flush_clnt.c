/*
 * flush_clnt - client of the fast flush service
 *
 * Implements flush_clnt.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attr.h"
#include "flush_clnt.h"
#include "mail_command_client.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"

#define LIST_SEPARATORS	", \t\r\n"

/* host_match - one domain pattern against a site name */

static int host_match(const char *pattern, const char *site)
{
    const char *dot;

    if (strcasecmp(pattern, site) == 0)
        return 1;
    for (dot = strchr(site + 1, '.'); dot != NULL; dot = strchr(dot + 1, '.')) {
        if (*pattern == '.' ? strcasecmp(dot, pattern) == 0
            : strcasecmp(dot + 1, pattern) == 0)
            return 1;
    }
    return 0;
}

/* pattern_match - 1 match, -1 negated match, 0 no match */

static int pattern_match(const char *pattern, const char *site)
{
    int     negate = 0;

    for (; *pattern == '!'; pattern++)
        negate = !negate;
    if (*pattern == 0)
        return 0;
    if (*pattern == '/' || strchr(pattern, ':') != NULL) {
        msg_warn("fast_flush_domains: lookup table \"%s\" is not supported; "
                 "ignored", pattern);
        return 0;
    }
    if (!host_match(pattern, site))
        return 0;
    return negate ? -1 : 1;
}

int     flush_domain_match(const char *list, const char *site)
{
    char   *copy = xstrdup(list);
    char   *save = NULL;
    char   *pattern;
    int     rc = 0;

    if (*site != 0) {
        for (pattern = strtok_r(copy, LIST_SEPARATORS, &save);
             pattern != NULL && rc == 0;
             pattern = strtok_r(NULL, LIST_SEPARATORS, &save))
            rc = pattern_match(pattern, site);
    }
    free(copy);
    return rc > 0;
}

int     flush_add(const char *site, const char *queue_id)
{
    if (!flush_domain_match(var_fflush_domains, site))
        return FLUSH_STAT_DENY;
    return mail_command_client(MAIL_CLASS_PUBLIC, var_flush_service,
                               MAIL_PROTO_FLUSH,
                               SEND_STR("request", "add"),
                               SEND_STR("site", site),
                               SEND_STR("queue_id", queue_id),
                               ATTR_END);
}
