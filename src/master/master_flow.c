/*
 * master_flow - the flow-control pipe shared by every child
 *
 * One pipe for all services; children see its read end as fd 3 and its
 * write end as fd 4, both non-blocking.  Each byte is one token: qmgr
 * refills it and services that use input flow control take one per
 * connection.  master itself only creates the pipe and hands it out.
 *
 *	int	master_flow_pipe[2];
 *	void	master_flow_init(void);
 */
#include <fcntl.h>
#include <unistd.h>

#include "msg.h"

#include "master.h"

int     master_flow_pipe[2] = {-1, -1};

void    master_flow_init(void)
{
    if (pipe2(master_flow_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
        msg_fatal("pipe: %m");
}
