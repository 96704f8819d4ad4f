/*
 * cmd_status - "postern status": is the mail system running?
 *
 * Synopsis:
 *	postern [-c config_dir] status
 *
 * "postern: the mail system is running. PID: N" and exit status 0, or
 * "postern: the mail system is not running" and exit status 1 (on
 * stderr, like the other lifecycle commands).  Running means the pid
 * file exists, its lock is held and the process is alive (master_pid.c).
 */
#include "buf.h"
#include "msg.h"
#include "postern.h"

int     cmd_status(int argc, char **argv)
{
    struct buf *pid_file;
    pid_t   pid;
    int     running;

    pst_options(argc, argv, "status");
    pid_file = pst_keep(buf_new(100));
    pst_load_config(0);
    running = master_pid_query(master_pid_file(pid_file), &pid);
    if (running)
        msg_info("the mail system is running. PID: %ld", (long) pid);
    else
        msg_info("the mail system is not running");
    return running ? 0 : 1;
}
