/*
 * master_sig - signals, delivered through a self-pipe
 *
 * Handlers only set a flag and write one byte to a non-blocking pipe
 * whose read end the event loop watches; the real work (reaping,
 * reloading, stopping) runs in master's main loop between event passes,
 * never inside a handler and never inside another event callback.
 *
 *	volatile int master_sig_hup;	SIGHUP seen: reload
 *	volatile int master_sig_chld;	SIGCHLD seen: reap
 *	volatile int master_sig_term;	signal number that asks us to stop
 *	void	master_sig_init(void);
 *	void	master_sig_child(void);	in a forked child before exec:
 *			default dispositions, empty mask (SIGPIPE stays
 *			ignored, as Postfix children expect)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "msg.h"

#include "master.h"

volatile int master_sig_hup;
volatile int master_sig_chld;
volatile int master_sig_term;

static int sig_pipe[2] = {-1, -1};

static const int sig_list[] = {SIGHUP, SIGCHLD, SIGTERM, SIGINT, SIGQUIT};

/* sig_handler - note the signal, wake the event loop */

static void sig_handler(int sig)
{
    int     saved_errno = errno;

    switch (sig) {
    case SIGHUP:
        master_sig_hup = 1;
        break;
    case SIGCHLD:
        master_sig_chld = 1;
        break;
    default:
        master_sig_term = sig;
        break;
    }
    if (write(sig_pipe[1], "", 1) < 0) {
        /* Pipe full: the loop is awake already. */
    }
    errno = saved_errno;
}

/* sig_drain - self-pipe readable: empty it; the main loop does the rest */

static void sig_drain(int event, void *ctx)
{
    char    buf[64];

    (void) event;
    (void) ctx;
    while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
         /* void */ ;
}

void    master_sig_init(void)
{
    struct sigaction sa;
    size_t  i;

    if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
        msg_fatal("pipe: %m");
    event_enable_read(sig_pipe[0], sig_drain, NULL);
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = sig_handler;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    for (i = 0; i < sizeof(sig_list) / sizeof(sig_list[0]); i++)
        if (sigaction(sig_list[i], &sa, NULL) < 0)
            msg_fatal("sigaction: %m");
}

void    master_sig_child(void)
{
    struct sigaction sa;
    sigset_t none;
    size_t  i;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_DFL;
    for (i = 0; i < sizeof(sig_list) / sizeof(sig_list[0]); i++)
        (void) sigaction(sig_list[i], &sa, NULL);
    sigemptyset(&none);
    (void) sigprocmask(SIG_SETMASK, &none, NULL);
}
