/*
 * test_service.h - what the test services share: their parameters
 * (test_crash_at_start, test_log), the protocol name, a sleep helper
 * and the test_log writer.  Included by test_single.c and test_multi.c
 * (each a one-file program).  "served" counts what the program served.
 */
#ifndef POSTERN_TEST_SERVICE_H
#define POSTERN_TEST_SERVICE_H

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
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

/* test_log_line - one line in test_log */

static void test_log_line(const char *service)
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

#endif
