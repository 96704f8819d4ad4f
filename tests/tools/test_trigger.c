/*
 * test_trigger - trigger-server test service for the skeleton and master
 *
 * Usage: as any daemon (master argv, -t fifo or -t unix).
 *
 * Each wake-up appends "trigger len=N first=C\n" to the file named by
 * the parameter test_log (N bytes received, C the first of them; a
 * non-printable C is shown as '?').  With test_log empty it logs the
 * same text with msg_info.
 *
 * Trust: a test program; not installed.
 */
#include <ctype.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "mail_server.h"
#include "msg.h"
#include "params.h"

static char *var_test_log;

static const struct param_def test_params[] = {
    {"test_log", PARAM_STR, "", &var_test_log, 0, 0, NULL, NULL},
    PARAM_TABLE_END,
};

static const struct param_def *const test_tables[] = {test_params, NULL};

static void test_service(const char *buf, size_t len, const char *service,
                         char **argv)
{
    struct buf *line = buf_new(100);
    int     first = (unsigned char) buf[0];
    int     fd;

    (void) service;
    (void) argv;
    buf_printf(line, "trigger len=%zu first=%c\n", len,
               isprint(first) ? first : '?');
    if (var_test_log == NULL || *var_test_log == 0) {
        msg_info("%.*s", (int) buf_len(line) - 1, buf_str(line));
    } else {
        if ((fd = open(var_test_log, O_WRONLY | O_APPEND | O_CREAT, 0644)) < 0)
            msg_fatal("open %s: %m", var_test_log);
        if (write(fd, buf_str(line), buf_len(line)) != (ssize_t) buf_len(line))
            msg_fatal("write %s: %m", var_test_log);
        (void) close(fd);
    }
    buf_free(line);
}

int     main(int argc, char **argv)
{
    static const struct server_hooks hooks = {
        .params = test_tables,
    };

    trigger_server_main(argc, argv, test_service, &hooks);
}
