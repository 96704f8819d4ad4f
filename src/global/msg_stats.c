/*
 * msg_stats - per-message delivery time stamps (the request's "time" blob)
 *
 * Implements msg_stats.h.  The blob qmgr sends is its raw in-memory
 * struct; our struct has the same layout on LP64 (five struct timeval,
 * an int, 4 bytes of padding: 88 bytes), which the compiler checks
 * below, so decoding is a size check and a copy.  A 32-bit build has a
 * different size, as Postfix's has; the receiver only has to match the
 * sender on the same host.
 */
#include <string.h>
#include <sys/time.h>

#include "msg.h"
#include "msg_stats.h"

#if defined(__LP64__) || defined(_LP64)
_Static_assert(sizeof(struct msg_stats) == MSG_STATS_WIRE_SIZE,
               "struct msg_stats must be Postfix's 88-byte layout on LP64");
#endif

/* msg_stats_init - all zero */

void    msg_stats_init(struct msg_stats *st)
{
    memset(st, 0, sizeof(*st));
}

/* msg_stats_decode - copy a received blob of exactly our size */

int     msg_stats_decode(struct msg_stats *st, const void *p, size_t n)
{
    if (n != sizeof(*st)) {
        msg_warn("msg_stats_scan: size mis-match: %lu != %lu",
                 (unsigned long) n, (unsigned long) sizeof(*st));
        return (-1);
    }
    memcpy(st, p, sizeof(*st));
    return (0);
}

/* msg_stats_now - set to the current time */

void    msg_stats_now(struct timeval *tv)
{
    if (gettimeofday(tv, NULL) < 0)
        msg_fatal("gettimeofday: %m");
}

/* msg_stats_mark - set to the current time unless already set */

void    msg_stats_mark(struct timeval *tv)
{
    if (tv->tv_sec == 0 && tv->tv_usec == 0)
        msg_stats_now(tv);
}
