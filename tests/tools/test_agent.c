/*
 * test_agent - a minimal delivery agent on the single-server skeleton
 *
 * Usage: as any daemon (master argv; -S for stdin/stdout); see
 * mail_server.h.  Run it under a master or tests/tools/fake_master
 * with queue_directory set to the queue that qmgr_driver (or a real
 * qmgr) uses.
 *
 * For each delivery request (deliver_request_read):
 *   - it reads the whole message content through queue_file's line
 *     iterator; if the file is corrupt it marks it (mode 0400), marks
 *     no recipient and replies status 1;
 *   - if the next hop starts with "hopfail" it marks no recipient and
 *     replies status 1 with the hop DSN 4.4.1 "delayed" "connect to
 *     NEXTHOP: Connection refused";
 *   - otherwise every recipient whose address starts with "defer" is
 *     left alone (reply status 1), every other one is marked done with
 *     deliver_completed (reply status 0 if none was deferred).
 * It logs "QUEUEID: lines=N bytes=N status=S" (the content's lines, the
 * bytes of their text) with msg_info.  It reports to no status service.
 *
 * Trust: a test program; not installed.
 */
#include <string.h>

#include "buf.h"
#include "deliver_request.h"
#include "mail_server.h"
#include "msg.h"
#include "queue_file.h"

/* read_content - count lines and bytes; -1 if the file is corrupt */

static int read_content(struct deliver_request *req, long *lines, long *bytes)
{
    struct qf_reader *r = qf_reader_open(req->fp, req->data_offset);
    struct buf *line = buf_new(QF_LINE_LIMIT);
    int     ret;

    *lines = *bytes = 0;
    if (r == NULL)
        return (-1);
    while ((ret = qf_next_line(r, line, 0)) == QF_LINE || ret == QF_LAST) {
        *lines += 1;
        *bytes += (long) buf_len(line);
    }
    qf_reader_free(r);
    buf_free(line);
    return (ret == QF_END ? 0 : -1);
}

/* deliver - mark what can be marked; the reply status */

static int deliver(struct deliver_request *req)
{
    struct recipient *rcpt;
    size_t  i;
    int     status = 0;

    if (strncmp(req->nexthop, "hopfail", 7) == 0) {
        req->hop_status = dsb_create();
        dsb_update(req->hop_status, "4.4.1", "delayed", "", "", "", "",
                   "connect to %s: Connection refused", req->nexthop);
        return (1);
    }
    for (i = 0; i < req->rcpt_list.len; i++) {
        rcpt = req->rcpt_list.info + i;
        if (strncmp(rcpt->address, "defer", 5) == 0)
            status = 1;
        else
            deliver_completed(req, rcpt->offset);
    }
    return (status);
}

static void agent_service(struct stream *client, const char *service,
                          char **argv)
{
    struct deliver_request *req;
    long    lines, bytes;
    int     status;

    (void) service;
    (void) argv;
    if ((req = deliver_request_read(client)) == NULL)
        return;
    if (read_content(req, &lines, &bytes) < 0) {
        deliver_request_mark_corrupt(req);
        status = 1;
    } else {
        status = deliver(req);
    }
    msg_info("%s: lines=%ld bytes=%ld status=%d", req->queue_id, lines,
             bytes, status);
    (void) deliver_request_done(client, req, status);
}

int     main(int argc, char **argv)
{
    static const struct server_hooks hooks = {0};

    single_server_main(argc, argv, agent_service, &hooks);
}
