/*
 * cleanup_strerror - texts and DSN codes for cleanup status bits
 *
 * Interface in cleanup_user.h.  The first matching row of the table
 * wins, so a write error outranks a size error and so on.
 */
#include <stddef.h>

#include "cleanup_user.h"

static const struct cleanup_stat_text {
    int     bit;
    const char *dsn;
    const char *text;
} cleanup_stat_table[] = {
    { CLEANUP_STAT_DEFER, "4.7.1", "service unavailable" },
    { CLEANUP_STAT_PROXY, "5.7.1", "proxy reject" },
    { CLEANUP_STAT_BAD, "4.3.0", "internal protocol error" },
    { CLEANUP_STAT_RCPT, "5.1.0", "no recipients specified" },
    { CLEANUP_STAT_HOPS, "5.4.0", "too many hops" },
    { CLEANUP_STAT_SIZE, "5.3.4", "message file too big" },
    { CLEANUP_STAT_CONT, "5.7.1", "message content rejected" },
    { CLEANUP_STAT_WRITE, "4.3.0", "error writing message file" },
    { CLEANUP_STAT_NOPERM, "5.7.1", "service denied" },
};

#define N_STAT (sizeof(cleanup_stat_table) / sizeof(cleanup_stat_table[0]))

static const struct cleanup_stat_text *cleanup_stat_find(int status)
{
    size_t  i;

    for (i = 0; i < N_STAT; i++)
        if (status & cleanup_stat_table[i].bit)
            return cleanup_stat_table + i;
    return NULL;
}

const char *cleanup_strerror(int status)
{
    const struct cleanup_stat_text *t;

    if (status == 0)
        return "success";
    t = cleanup_stat_find(status);
    return t ? t->text : "unknown cleanup error";
}

const char *cleanup_dsn_status(int status)
{
    const struct cleanup_stat_text *t;

    if (status == 0)
        return "2.0.0";
    t = cleanup_stat_find(status);
    return t ? t->dsn : "4.3.0";
}
