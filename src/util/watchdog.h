/*
 * watchdog - end a process that is stuck
 *
 * A process has at most one watchdog: it owns SIGALRM and the real-time
 * interval timer (setitimer(ITIMER_REAL), the same timer as alarm(2)).
 * Once started, it counts whole periods since the last
 * watchdog_start(); when WATCHDOG_TRIPS (3) periods have passed without
 * a restart it logs "fatal: watchdog timeout" and exits with status
 * 1.  A restart while the watchdog runs costs no system call.  In
 * case that fatal path itself hangs (a signal arriving inside malloc
 * or syslog), a last timer of `grace` ends the process with _exit(1).  So a process that calls watchdog_start() at least once per
 * 3 * period never trips it.
 *
 * The server skeletons restart it on every event-loop pass and around
 * every service call, with period daemon_timeout / 3.
 *
 *	void	watchdog_create(int timeout_s);
 *			period = timeout_s / 3 (at least 1 ms), grace 5 s;
 *			installs the SIGALRM handler; does not start
 *	void	watchdog_create_ms(long period_ms, long grace_ms);  (tests)
 *	void	watchdog_start(void);	restart the count (arms the timer
 *			if it is not running)
 *	void	watchdog_stop(void);	disarm; the next start re-arms
 *	void	watchdog_destroy(void);	disarm, SIGALRM back to default
 *
 * Nothing else in the process may use alarm(), setitimer(ITIMER_REAL)
 * or SIGALRM while a watchdog exists.
 */
#ifndef POSTERN_WATCHDOG_H
#define POSTERN_WATCHDOG_H

#define WATCHDOG_TRIPS		3	/* expiries in a row that are fatal */
#define WATCHDOG_GRACE_MS	5000	/* then this long for the fatal path */

void    watchdog_create(int timeout_s);
void    watchdog_create_ms(long period_ms, long grace_ms);
void    watchdog_start(void);
void    watchdog_stop(void);
void    watchdog_destroy(void);

#endif
