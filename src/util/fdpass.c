/*
 * fdpass - pass a descriptor over a UNIX-domain socket
 *
 * See fdpass.h for the interface.  The message is one data byte 0x00
 * plus one SCM_RIGHTS control message holding exactly one int.  The
 * receiver reads into a one-byte buffer so it never consumes protocol
 * data that follows, and asks for MSG_CMSG_CLOEXEC so the new fd is
 * close-on-exec from the start.  Anything but exactly one passed fd
 * (truncated control data, several fds, none at all) is an error:
 * every fd that did arrive is closed and errno is EBADMSG.  End of
 * input before the byte gives errno ECONNRESET.  EINTR is retried;
 * sending uses MSG_NOSIGNAL.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fdpass.h"

union fd_cmsg {
    struct cmsghdr align;
    char    space[CMSG_SPACE(sizeof(int))];
};

int     fd_send(int sock, int fd)
{
    union fd_cmsg control;
    struct msghdr mh;
    struct cmsghdr *cm;
    struct iovec iov;
    char    byte = 0;
    ssize_t n;

    memset(&control, 0, sizeof(control));
    memset(&mh, 0, sizeof(mh));
    iov.iov_base = &byte;
    iov.iov_len = 1;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.space;
    mh.msg_controllen = sizeof(control.space);
    cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof(int));
    while ((n = sendmsg(sock, &mh, MSG_NOSIGNAL)) < 0 && errno == EINTR)
         /* void */ ;
    return (n == 1 ? 0 : -1);
}

/* close_passed - close every fd in the SCM_RIGHTS messages of mh */

static void close_passed(struct msghdr *mh)
{
    struct cmsghdr *cm;
    size_t  i;
    size_t  count;
    int     fd;

    for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
            continue;
        count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (i = 0; i < count; i++) {
            memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
            (void) close(fd);
        }
    }
}

int     fd_recv(int sock)
{
    union fd_cmsg control;
    struct msghdr mh;
    struct cmsghdr *cm;
    struct iovec iov;
    char    byte;
    ssize_t n;
    int     fd;

    memset(&control, 0, sizeof(control));
    memset(&mh, 0, sizeof(mh));
    iov.iov_base = &byte;
    iov.iov_len = 1;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.space;
    mh.msg_controllen = sizeof(control.space);
    while ((n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
         /* void */ ;
    if (n < 0)
        return (-1);
    cm = CMSG_FIRSTHDR(&mh);
    if (n == 0 && cm == NULL) {
        errno = ECONNRESET;
        return (-1);
    }
    if ((mh.msg_flags & MSG_CTRUNC) || cm == NULL
        || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS
        || cm->cmsg_len != CMSG_LEN(sizeof(int))
        || CMSG_NXTHDR(&mh, cm) != NULL) {
        close_passed(&mh);
        errno = EBADMSG;
        return (-1);
    }
    memcpy(&fd, CMSG_DATA(cm), sizeof(int));
    return (fd);
}
