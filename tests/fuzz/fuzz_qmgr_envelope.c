/*
 * fuzz_qmgr_envelope - libFuzzer target for qmgr's queue file reader
 *
 * The input is a queue file.  It is written to active/FUZZ in a private
 * temporary queue directory and read with qmsg_load() (src/qmgr/
 * qmgr_message.c, compiled in with the parameter table): the envelope,
 * pointer records, the jump over the content to X, the extracted
 * segment.  Must never crash, overread, hang (pointer loops) or leak;
 * a file it refuses must have been moved to corrupt/FUZZ, one it
 * accepts must have a sender, a data offset > 0 and recipient offsets
 * inside the file.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mail_params.h"
#include "../../src/qmgr/qmgr_params.c"
#include "../../src/qmgr/qmgr_message.c"

static char dir[] = "/tmp/fuzz_qmgr_envelope.XXXXXX";

/* remove_dir - the temporary queue directory goes at exit */

static void remove_dir(void)
{
    (void) unlink("active/FUZZ");
    (void) unlink("corrupt/FUZZ");
    (void) rmdir("active");
    (void) rmdir("corrupt");
    if (chdir("/") == 0)
        (void) rmdir(dir);
}

static void setup_once(void)
{
    static int done;

    if (done++)
        return;
    if (mkdtemp(dir) == NULL || chdir(dir) < 0)
        abort();
    (void) mkdir("active", 0700);
    (void) mkdir("corrupt", 0700);
    atexit(remove_dir);
    (void) msg_file_open("/dev/null", "fuzz");
    var_qmgr_rcpt_limit = 1000;
    var_hash_queue_names = "deferred";
    var_hash_queue_depth = 1;
}

int     LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
    struct qmsg *m;
    struct stat st;
    int     fd;
    int     i;

    setup_once();
    (void) unlink("corrupt/FUZZ");
    if ((fd = open("active/FUZZ", O_CREAT | O_TRUNC | O_WRONLY, 0700)) < 0)
        abort();
    if (n > 0 && write(fd, p, n) != (ssize_t) n)
        abort();
    close(fd);
    if ((m = qmsg_load("FUZZ")) == NULL) {
        if (stat("corrupt/FUZZ", &st) < 0)
            abort();
        return 0;
    }
    if (m->sender == NULL || m->data_offset <= 0)
        abort();
    for (i = 0; i < m->nrcpt; i++)
        if (m->rcpt[i].offset < 0 || (size_t) m->rcpt[i].offset >= n)
            abort();
    qmsg_free(m);
    (void) unlink("active/FUZZ");
    return 0;
}
