/*
 * master_proto - the master <-> child contract (Postfix 3.7 compatible)
 *
 * Descriptors in a child: 3/4 the flow-control pipe (read/write end),
 * 5 the status channel, 6.. the listening sockets (-s N of them).
 * A child writes a 12-byte native-endian struct master_status with one
 * write(2): TAKEN when it starts serving a client, AVAIL when idle
 * again.  GENERATION is octal text in the environment.  EOF on fd 5
 * tells a child that master has gone (or its service was removed).
 *
 *	int	master_notify(int pid, unsigned gen, int status);  0 / -1
 *	int	master_generation(const char *text, unsigned *gen);
 *			octal digits only; 0 ok, -1 bad
 */
#ifndef POSTERN_MASTER_PROTO_H
#define POSTERN_MASTER_PROTO_H

#define MASTER_FLOW_READ	3
#define MASTER_FLOW_WRITE	4
#define MASTER_STATUS_FD	5
#define MASTER_LISTEN_FD	6

#define MASTER_STAT_TAKEN	0
#define MASTER_STAT_AVAIL	1

struct master_status {
    int     pid;
    unsigned gen;
    int     avail;
};

#define MASTER_GEN_NAME		"GENERATION"

int     master_notify(int pid, unsigned gen, int status);
int     master_generation(const char *text, unsigned *gen);

#endif
