/*
 * events - the event loop: fd readiness (epoll) and timers
 *
 * One loop per process, as in every daemon here: callbacks run from
 * event_loop(), never re-entrantly.  Timers are one-shot; a callback
 * may re-arm itself.  A timer is identified by its (callback, context)
 * pair: requesting it again moves its deadline.  c-ares and the server
 * skeletons both drive their fds through this.
 *
 *	typedef void (*event_fn)(int event, void *ctx);
 *	  event: EVENT_READ, EVENT_WRITE, EVENT_XCPT (error/hangup: the
 *	  fd's read or write callback is called with EVENT_XCPT), EVENT_TIME
 *
 *	void	event_enable_read(int fd, event_fn fn, void *ctx);
 *	void	event_enable_read_exclusive(int fd, event_fn fn, void *ctx);
 *			for a listening socket shared by sibling processes:
 *			a connection wakes one waiting sibling, not all
 *			(EPOLLEXCLUSIVE)
 *	void	event_enable_write(int fd, event_fn fn, void *ctx);
 *	void	event_disable_readwrite(int fd);
 *	long	event_request_timer(event_fn fn, void *ctx, long delay_ms);
 *			returns the deadline (ms since event_time epoch)
 *	int	event_cancel_timer(event_fn fn, void *ctx);  1 if one was armed
 *	void	event_loop(long max_wait_ms);	one pass: waits at most
 *			max_wait_ms (< 0: until an event), runs what is ready
 *	long	event_now_ms(void);		monotonic clock, ms
 *	void	event_fork(void);		in a child after fork()
 *	void	event_drain(long max_ms);	run until no fds/timers or time up
 *
 * A fd can have both a read and a write callback (one each).  The loop
 * is level-triggered.
 */
#ifndef POSTERN_EVENTS_H
#define POSTERN_EVENTS_H

#define EVENT_READ	(1<<0)
#define EVENT_WRITE	(1<<1)
#define EVENT_XCPT	(1<<2)
#define EVENT_TIME	(1<<3)

typedef void (*event_fn)(int event, void *ctx);

void    event_enable_read(int fd, event_fn fn, void *ctx);
void    event_enable_read_exclusive(int fd, event_fn fn, void *ctx);
void    event_enable_write(int fd, event_fn fn, void *ctx);
void    event_disable_readwrite(int fd);
long    event_request_timer(event_fn fn, void *ctx, long delay_ms);
int     event_cancel_timer(event_fn fn, void *ctx);
void    event_loop(long max_wait_ms);
long    event_now_ms(void);
void    event_fork(void);
void    event_drain(long max_ms);

#endif
