/*
 * cmd_stop - "postern stop": stop the mail system
 *
 * Synopsis:
 *	postern [-c config_dir] stop
 *
 * Sends SIGTERM to the master named in the pid file (master_pid.c) and
 * waits, at most STOP_TIMEOUT seconds, until its lock on the pid file is
 * released or the process is gone; then says "postern: stopped".  The
 * master stops its children before it exits.  Not running, or still
 * running after the wait: one line on stderr, exit status 1.
 */
#include <signal.h>
#include <time.h>

#include "buf.h"
#include "msg.h"
#include "postern.h"

#define STOP_TIMEOUT	10		/* seconds */

int     cmd_stop(int argc, char **argv)
{
    struct buf *pid_file;
    struct timespec nap = { 0, 100 * 1000 * 1000 };
    pid_t   pid;
    pid_t   still;
    int     tries;

    pst_options(argc, argv, "stop");
    pid_file = pst_keep(buf_new(100));
    pst_load_config(0);
    master_pid_file(pid_file);
    if (!master_pid_query(buf_str(pid_file), &pid))
        msg_fatal("the mail system is not running");
    msg_info("stopping the mail system");
    if (kill(pid, SIGTERM) < 0)
        msg_fatal("kill -TERM %ld: %m", (long) pid);
    for (tries = 0; tries < STOP_TIMEOUT * 10; tries++) {
        if (!master_pid_query(buf_str(pid_file), &still) || still != pid)
            break;
        nanosleep(&nap, NULL);
    }
    if (tries == STOP_TIMEOUT * 10)
        msg_fatal("the master (PID %ld) did not stop within %d seconds",
                  (long) pid, STOP_TIMEOUT);
    msg_info("stopped");
    return 0;
}
