/*
 * qmgr_backoff - when a deferred message is tried again
 *
 * Pure arithmetic (tests/unit/test_qmgr_backoff.c compiles it in).
 * Postfix's rule: the backoff is the message's age (time since it
 * arrived) clamped to [min, max], so each retry roughly doubles the
 * wait.  postern's extension (queue_run_jitter): the result is moved by
 * up to jitter_pct percent of itself, up or down, by the caller's random
 * value r in [0, 1); jitter_pct 0 gives Postfix's value exactly.
 *
 *	long	qmgr_backoff(long age, long min, long max, int jitter_pct,
 *			double r);		seconds, >= 1
 */
#ifndef POSTERN_QMGR_BACKOFF_H
#define POSTERN_QMGR_BACKOFF_H

long    qmgr_backoff(long age, long min, long max, int jitter_pct, double r);

#endif
