/*
 * fdpass - pass a descriptor over a UNIX-domain socket
 *
 * The wire form is Postfix's: one sendmsg(2) with one SCM_RIGHTS control
 * message carrying one int, and one data byte 0x00.  The receiver reads
 * with a one-byte buffer.  The caller's stream on that socket must have
 * no unread buffered input when fd_recv() is called.
 *
 *	int	fd_send(int sock, int fd);	0 ok, -1 error (errno)
 *	int	fd_recv(int sock);		new fd (close-on-exec), -1 error
 */
#ifndef POSTERN_FDPASS_H
#define POSTERN_FDPASS_H

int     fd_send(int sock, int fd);
int     fd_recv(int sock);

#endif
