/*
 * master_proto - the master <-> child contract (Postfix 3.7 compatible)
 *
 * Implements master_proto.h.  master_notify() sends one struct
 * master_status (pid, generation, status: 12 bytes in native layout)
 * on MASTER_STATUS_FD in a single write(2), retried only on EINTR; a
 * short write is a failure, as master would discard it anyway.
 * master_generation() accepts octal digits only (no sign, no blanks,
 * no 8 or 9) that fit an unsigned int.
 */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "master_proto.h"

int     master_notify(int pid, unsigned gen, int status)
{
    struct master_status stat;
    ssize_t n;

    stat.pid = pid;
    stat.gen = gen;
    stat.avail = status;
    do {
        n = write(MASTER_STATUS_FD, &stat, sizeof(stat));
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t) sizeof(stat) ? 0 : -1;
}

int     master_generation(const char *text, unsigned *gen)
{
    unsigned val = 0;

    if (*text == 0)
        return -1;
    for (; *text; text++) {
        if (*text < '0' || *text > '7' || val > UINT_MAX / 8)
            return -1;
        val = val * 8 + (unsigned) (*text - '0');
    }
    *gen = val;
    return 0;
}
