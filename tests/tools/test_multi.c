/*
 * test_multi - multi-server test service for the skeleton and master
 *
 * Usage: as any daemon (master argv); see mail_server.h.
 *
 * Protocol (attribute "0" encoding), persistent connections:
 *   server, on accept: {protocol=postern_test_protocol}
 *   then any number of
 *     client: {request=STR, delay_ms=INT}		(strict)
 *     server: {status=0, pid=PID, count=N}
 * N counts the requests this process has served, this one included.
 * The server sleeps delay_ms (0..60000) before replying (holding up
 * its other clients); request "crash" makes it abort().  Client EOF or
 * a malformed request ends the connection.
 *
 * Parameters (its own table):
 *   test_crash_at_start (default no): exit(1) in post_init.
 *   test_log (default empty): append "pid=N service=S count=C\n" per
 *     request served.
 *
 * Trust: a test program; not installed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "mail_server.h"
#include "msg.h"
#include "params.h"

#include "test_service.h"

static void test_service(struct stream *client, const char *service,
                         char **argv)
{
    struct buf *request = buf_new(100);
    int     delay = 0;
    int     n;

    (void) argv;
    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_STR("request", request),
                  RECV_INT("delay_ms", &delay), ATTR_END);
    if (n != 2) {
        if (n != 0)
            msg_warn("%s: no valid request", stream_name(client));
        multi_server_disconnect(client);
        buf_free(request);
        return;
    }
    served++;
    if (strcmp(buf_str(request), "crash") == 0)
        abort();
    if (delay > 0)
        sleep_ms(delay < TEST_MAX_DELAY ? delay : TEST_MAX_DELAY);
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE, SEND_INT("status", 0),
                   SEND_INT("pid", getpid()), SEND_INT("count", served),
                   ATTR_END) < 0) {
        msg_warn("%s: reply failed", stream_name(client));
        multi_server_disconnect(client);
    } else {
        test_log_line(service);
    }
    buf_free(request);
}

static void test_post_accept(struct stream *client, const char *service,
                             char **argv)
{
    (void) service;
    (void) argv;
    if (attr_announce(client, ATTR_ENC_0, TEST_PROTOCOL) < 0)
        multi_server_disconnect(client);
}

static void test_post_init(const char *service, char **argv)
{
    (void) service;
    (void) argv;
    if (var_test_crash_at_start)
        exit(1);
}

int     main(int argc, char **argv)
{
    static const struct server_hooks hooks = {
        .params = test_tables,
        .post_init = test_post_init,
        .post_accept = test_post_accept,
    };

    multi_server_main(argc, argv, test_service, &hooks);
}
