/*
 * test_single - single-server test service for the skeleton and master
 *
 * Usage: as any daemon (master argv); see mail_server.h.
 *
 * Protocol (attribute "0" encoding), one request per connection:
 *   server: {protocol=postern_test_protocol}
 *   client: {request=STR, delay_ms=INT}		(strict)
 *   server: {status=0, pid=PID, count=N}
 * N counts the clients this process has served, this one included.
 * The server sleeps delay_ms (0..60000) before replying; request
 * "crash" makes it abort() instead of replying.
 *
 * Parameters (its own table):
 *   test_crash_at_start (default no): exit(1) in post_init, to test
 *     master's throttling of a service that never starts.
 *   test_log (default empty): append "pid=N service=S count=C\n" per
 *     client served.
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

#define TEST_PROTOCOL	"postern_test_protocol"
#define TEST_MAX_DELAY	60000

static int var_test_crash_at_start;
static char *var_test_log;
static int served;

static const struct param_def test_params[] = {
    {"test_crash_at_start", PARAM_BOOL, "no", &var_test_crash_at_start,
     0, 0, NULL, NULL},
    {"test_log", PARAM_STR, "", &var_test_log, 0, 0, NULL, NULL},
    PARAM_TABLE_END,
};

static const struct param_def *const test_tables[] = {test_params, NULL};

/* sleep_ms - nanosleep through interruptions */

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) < 0)
         /* void */ ;
}

/* log_client - one line in test_log */

static void log_client(const char *service)
{
    struct buf *line;
    int     fd;

    if (var_test_log == NULL || *var_test_log == 0)
        return;
    if ((fd = open(var_test_log, O_WRONLY | O_APPEND | O_CREAT, 0644)) < 0)
        msg_fatal("open %s: %m", var_test_log);
    line = buf_new(100);
    buf_printf(line, "pid=%ld service=%s count=%d\n", (long) getpid(),
               service, served);
    if (write(fd, buf_str(line), buf_len(line)) != (ssize_t) buf_len(line))
        msg_fatal("write %s: %m", var_test_log);
    buf_free(line);
    (void) close(fd);
}

static void test_service(struct stream *client, const char *service,
                         char **argv)
{
    struct buf *request = buf_new(100);
    int     delay = 0;

    (void) argv;
    served++;
    if (attr_announce(client, ATTR_ENC_0, TEST_PROTOCOL) < 0
        || attr_scan(client, ATTR_ENC_0, ATTR_FLAG_STRICT,
                     RECV_STR("request", request),
                     RECV_INT("delay_ms", &delay), ATTR_END) != 2) {
        msg_warn("%s: no valid request", stream_name(client));
        buf_free(request);
        return;
    }
    if (strcmp(buf_str(request), "crash") == 0)
        abort();
    if (delay > 0)
        sleep_ms(delay < TEST_MAX_DELAY ? delay : TEST_MAX_DELAY);
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE, SEND_INT("status", 0),
                   SEND_INT("pid", getpid()), SEND_INT("count", served),
                   ATTR_END) < 0)
        msg_warn("%s: reply failed", stream_name(client));
    log_client(service);
    buf_free(request);
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
    };

    single_server_main(argc, argv, test_service, &hooks);
}
