/*
 * dsn - a delivery status: what happened to one recipient (or a hop)
 *
 * The seven fields travel together in the final reply to qmgr and in
 * every bounce/defer/trace request (reference 3.5 and 5.3): status
 * ("4.4.1"), diag_type/diag_text ("smtp", "550 5.1.1 no such user"),
 * mta_type/mta_mname ("dns", "mx.example.com"), action ("failed",
 * "delayed", "delivered", "relayed", "expanded", ...) and reason (the
 * human-readable text logged in "status=... (REASON)").
 *
 * struct dsn points at strings it does not own; struct dsn_buf owns
 * its buffers and is what code fills in before reporting.
 *
 *	struct dsn_buf *dsb_create(void);
 *	void	dsb_free(struct dsn_buf *d);
 *	void	dsb_reset(struct dsn_buf *d);
 *	void	dsb_simple(struct dsn_buf *d, const char *status,
 *			const char *fmt, ...);	status + reason, no diag/mta
 *	void	dsb_update(struct dsn_buf *d, const char *status,
 *			const char *action, const char *mtype,
 *			const char *mname, const char *dtype,
 *			const char *dtext, const char *fmt, ...);
 *	struct dsn dsb_dsn(const struct dsn_buf *d);	view of the fields
 *	int	dsn_valid(const char *status);	"d.ddd.ddd" with d in 2,4,5
 *			for the class: 1 ok, 0 not
 *	int	dsn_parse(const char *text, char *out, size_t len);
 *			leading "X.Y.Z" of a reply text ("5.1.1 no such
 *			user"): copies it to out and returns its length, 0
 *			if none
 */
#ifndef POSTERN_DSN_H
#define POSTERN_DSN_H

#include <stddef.h>

#include "buf.h"

#define DSN_STATUS_LIMIT	sizeof("5.999.999")

struct dsn {
    const char *status;
    const char *action;
    const char *reason;
    const char *dtype;
    const char *dtext;
    const char *mtype;
    const char *mname;
};

struct dsn_buf {
    struct buf *status;
    struct buf *action;
    struct buf *reason;
    struct buf *dtype;
    struct buf *dtext;
    struct buf *mtype;
    struct buf *mname;
};

struct dsn_buf *dsb_create(void);
void    dsb_free(struct dsn_buf *d);
void    dsb_reset(struct dsn_buf *d);
void    dsb_simple(struct dsn_buf *d, const char *status, const char *fmt, ...)
            __attribute__((format(printf, 3, 4)));
void    dsb_update(struct dsn_buf *d, const char *status, const char *action,
                   const char *mtype, const char *mname, const char *dtype,
                   const char *dtext, const char *fmt, ...)
            __attribute__((format(printf, 8, 9)));
struct dsn dsb_dsn(const struct dsn_buf *d);
int     dsn_valid(const char *status);
int     dsn_parse(const char *text, char *out, size_t len);

#endif
