/*
 * qmgr_backoff - when a deferred message is tried again
 *
 * See qmgr_backoff.h.  Trust: arithmetic on the caller's values.
 */
#include "qmgr_backoff.h"

long    qmgr_backoff(long age, long min, long max, int jitter_pct, double r)
{
    long    delay = age;
    long    spread;

    if (max < min)
        max = min;
    if (delay > max)
        delay = max;
    if (delay < min)
        delay = min;
    if (jitter_pct > 0 && r >= 0.0 && r < 1.0) {
        spread = delay * jitter_pct / 100;
        delay += (long) ((2.0 * r - 1.0) * (double) spread);
    }
    return (delay < 1 ? 1 : delay);
}
