/*
 * fuzz_scache - libFuzzer target for scache's request parser/dispatcher
 *
 * The first input byte picks how the descriptor exchange behaves (bit 0:
 * receiving an fd fails, bit 1: sending one fails), bits 2-3 the TTL
 * limit (1..4 s) and bits 4-5 the store's session limit (0 = none, 1..3);
 * the rest is what a client sent.  It is fed to
 * scache_proto_request() through a struct stream whose transport hands
 * out the input one byte per read (so, as on a real socket where the
 * client waits for the dummy, nothing is read ahead when a descriptor
 * is due) and discards the replies.  "Received" descriptors are dups
 * of /dev/null, so saves and finds really fill and drain the store
 * (scache_cache.c) with every request kind.  Requests are served until
 * one ends the client or 256 were served; then the store is freed,
 * which must close every descriptor it holds.  Must never crash, hang,
 * leak memory or leak descriptors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "stream.h"
#include "../../src/scache/scache_cache.c"
#include "../../src/scache/scache_proto.c"

#define MAX_REQUESTS 256

struct input {
    const uint8_t *data;
    size_t  len;
    size_t  off;
};

static int devnull = -1;
static int fail_recv;
static int fail_send;

static ssize_t mem_read(void *ctx, int fd, void *p, size_t n, int ms)
{
    struct input *in = ctx;

    (void) fd;
    (void) ms;
    if (n == 0 || in->off >= in->len)
        return (0);
    memcpy(p, in->data + in->off++, 1);
    return (1);
}

static ssize_t mem_write(void *ctx, int fd, const void *p, size_t n, int ms)
{
    (void) ctx;
    (void) fd;
    (void) p;
    (void) ms;
    return ((ssize_t) n);
}

static const struct stream_io mem_io = {mem_read, mem_write, NULL, NULL};

static int fake_recv(struct stream *client)
{
    (void) client;
    if (fail_recv) {
        errno = EBADMSG;
        return (-1);
    }
    return (dup(devnull));
}

static int fake_send(struct stream *client, int fd)
{
    (void) client;
    if (fd < 0)
        abort();
    if (fail_send) {
        errno = EPIPE;
        return (-1);
    }
    return (0);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scache_proto p;
    struct stream *s;
    struct input in;
    int     fd, probe, i;

    if (size < 1)
        return (0);
    if (devnull < 0) {
        if ((devnull = open("/dev/null", O_RDWR)) < 0)
            abort();
    }
    fail_recv = data[0] & 1;
    fail_send = (data[0] >> 1) & 1;
    memset(&p, 0, sizeof(p));
    p.cache = scache_cache_create((data[0] >> 4) & 3);
    p.ttl_limit = 1 + ((data[0] >> 2) & 3);
    p.recv_fd = fake_recv;
    p.send_fd = fake_send;

    in.data = data + 1;
    in.len = size - 1;
    in.off = 0;
    if ((fd = dup(devnull)) < 0)
        abort();
    s = stream_open(fd);
    stream_set_io(s, &mem_io, &in);
    stream_set_name(s, "fuzz");
    for (i = 0; i < MAX_REQUESTS; i++)
        if (scache_proto_request(&p, s) < 0)
            break;
    stream_close(s);
    scache_cache_free(p.cache);

    /* Every descriptor went back: the next one is the lowest free one. */
    if ((probe = dup(devnull)) < 0)
        abort();
    if (probe != fd)
        abort();
    close(probe);
    return (0);
}
