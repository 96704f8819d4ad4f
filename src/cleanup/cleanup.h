/*
 * cleanup - the cleanup daemon's shared state and module interfaces
 *
 * Modules (one job each):
 *   cleanup.c           main: the single_server skeleton
 *   cleanup_session.c   one client: announce, flags, records by
 *                       segment, commit or remove, reply
 *   cleanup_envelope.c  envelope records from the client (before 'M')
 *   cleanup_message.c   content records: header block, then body
 *   cleanup_extracted.c records after 'X', -t recipients, 'E'
 *   cleanup_out.c       the queue file: create (queue ID), write
 *                       records, size record, commit or remove, wake qmgr
 *   cleanup_header.c    header processing (pure; see cleanup_header.h)
 *   cleanup_params.c    parameters
 *
 * Errors are sticky: a module that finds a problem sets a CLEANUP_STAT_*
 * bit in state->status (and state->reason) and stops writing; reading
 * goes on to 'E' so the client gets its reply.
 */
#ifndef POSTERN_CLEANUP_H
#define POSTERN_CLEANUP_H

#include <stddef.h>
#include <sys/time.h>
#include <sys/types.h>

#include "argv.h"
#include "buf.h"
#include "cleanup_header.h"
#include "stream.h"

struct cleanup_state {
    /* The session. */
    struct stream *client;
    long    uid;			/* peer's uid (SO_PEERCRED), -1 unknown */
    int     flags;			/* CLEANUP_FLAG_* and CLEANUP_XFLAG_* */
    int     status;			/* CLEANUP_STAT_* */
    struct buf *reason;
    /* The queue file. */
    struct stream *dst;
    char   *queue_id;
    char   *path;			/* incoming/ID */
    struct timeval arrival;
    /* Envelope. */
    char   *sender;			/* qualified; NULL until 'S' */
    char   *fullname;
    char   *orig_rcpt;			/* 'O' for the next 'R' */
    char   *dsn_orcpt;			/* dsn_orig_rcpt for the next 'R' */
    int     dsn_notify;			/* notify_flags for the next 'R' */
    int     notify_any;			/* every recipient's notify_flags */
    int     time_seen;
    struct argv *rcpts;			/* every recipient written */
    struct argv *xrcpts;		/* from the headers (-t) */
    char   *encoding;			/* A encoding=, written after 'X' */
    /* Content. */
    long    data_offset;		/* after 'M' */
    long    xtra_offset;		/* the 'X' record */
    struct hdr_block *hdr;		/* NULL once the body started */
    struct buf *line;			/* 'L' pieces of a header line */
    int     hops;
};

#define CLEANUP_STATE_OK(st)	((st)->status == 0)

void    cleanup_session(struct stream *client);

void    cleanup_fail(struct cleanup_state *st, int status, const char *fmt, ...)
            __attribute__((format(printf, 3, 4)));

/* cleanup_envelope.c: 0 more, 1 the 'M' record ended the envelope */
int     cleanup_envelope(struct cleanup_state *st, int type, struct buf *rec);
void    cleanup_env_free(struct cleanup_state *st);

/* cleanup_message.c: 0 more, 1 the 'X' record ended the content */
int     cleanup_message(struct cleanup_state *st, int type, struct buf *rec);

/* cleanup_extracted.c: 0 more, 1 the 'E' record ended the message */
int     cleanup_extracted(struct cleanup_state *st, int type, struct buf *rec);
void    cleanup_out_recipient(struct cleanup_state *st, const char *orig,
                              const char *addr);

/* cleanup_out.c */
int     cleanup_out_open(struct cleanup_state *st);
void    cleanup_out_rec(struct cleanup_state *st, int type, const void *p,
                        size_t n);
void    cleanup_out_recf(struct cleanup_state *st, int type, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
void    cleanup_out_text(struct cleanup_state *st, int type, const char *p,
                         size_t n);
long    cleanup_out_tell(struct cleanup_state *st);
int     cleanup_out_commit(struct cleanup_state *st);
void    cleanup_out_remove(struct cleanup_state *st);

#endif
