/*
 * cmd_reload - "postern reload": make the master re-read its configuration
 *
 * Synopsis:
 *	postern [-c config_dir] reload
 *
 * Sends SIGHUP to the running master (master_pid.c), which re-reads
 * main.cf and master.cf and restarts its children as they finish.  Not
 * running: one line on stderr, exit status 1.
 */
#include <signal.h>

#include "buf.h"
#include "msg.h"
#include "postern.h"

int     cmd_reload(int argc, char **argv)
{
    struct buf *pid_file;
    pid_t   pid;

    pst_options(argc, argv, "reload");
    pid_file = pst_keep(buf_new(100));
    pst_load_config(0);
    if (!master_pid_query(master_pid_file(pid_file), &pid))
        msg_fatal("the mail system is not running");
    if (kill(pid, SIGHUP) < 0)
        msg_fatal("kill -HUP %ld: %m", (long) pid);
    msg_info("refreshing the mail system");
    return 0;
}
