/*
 * cmd_send - "postern send", also run as "sendmail" and "mailq"
 *
 * Synopsis:
 *	postern [-c dir] send [options] [recipient ...]
 *	sendmail [options] [recipient ...]
 *	mailq
 *
 * Reads a message from standard input and posts it to the cleanup
 * service through public/$cleanup_service_name (post_mail.c); nothing
 * is set-uid or set-gid: cleanup learns the submitting user from the
 * socket.  Options (sendmail's):
 *	-bm		post a message (the default)
 *	-bp, mailq	list the queue: not supported yet (exit 64)
 *	-bv, -bs, -bd, -bi, -bh, -bH, -q	not supported yet (exit 64)
 *	-B type		body type: 7BIT or 8BITMIME (A encoding=7bit|8bit)
 *	-C dir		configuration directory (as "postern -c dir")
 *	-f sender, -r sender	envelope sender ("" or "<>": null sender);
 *			default the login name; unqualified names get
 *			@$myorigin in cleanup
 *	-F name		full name (default: the GECOS name)
 *	-i, -oi		a line with a single "." does not end the input
 *	-N list		DSN NOTIFY for every recipient: never, or a comma
 *			list of success, delay, failure
 *	-R full|hdrs	DSN RET
 *	-V envid	DSN ENVID (xtext, at most 100 bytes)
 *	-t		also take recipients from To:, Cc:, Bcc: (done by
 *			cleanup; Bcc: is removed there)
 *	-v		verbose: report the queue ID on standard error
 *	-o X (other than -oi), -m, -n, -U, -G, -x, -c, -e X, -h X, -L X,
 *	-O X, -p X, -A X, -X X	accepted and ignored, as Postfix does
 *
 * Exit status (sysexits): 0 queued; 64 usage; 65 the message was
 * refused (size, hops, no recipients); 75 temporary failure (cleanup
 * unreachable, write error, full disk): nothing was queued.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "argv.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "post_mail.h"
#include "postern.h"
#include "record.h"
#include "recipient.h"
#include "stream.h"

#define SEND_ENVID_MAX	100
#define SEND_ADDR_MAX	1000

struct send_opts {
    char   *sender;			/* NULL = login name */
    char   *fullname;
    char   *envid;
    int     notify;
    int     ret;
    const char *encoding;
    int     dot_ends;
    int     extract;
};

static int send_unsupported(const char *what)
{
    msg_error("%s: not supported yet", what);
    return EX_USAGE;
}

/* parse_notify - -N: a DSN_NOTIFY_* mask, -1 if bad */

static int parse_notify(const char *list)
{
    struct argv *words = argv_split(list, ", ");
    int     mask = 0;
    size_t  i;

    for (i = 0; i < words->argc; i++) {
        if (strcasecmp(words->argv[i], "never") == 0)
            mask |= DSN_NOTIFY_NEVER;
        else if (strcasecmp(words->argv[i], "success") == 0)
            mask |= DSN_NOTIFY_SUCCESS;
        else if (strcasecmp(words->argv[i], "delay") == 0)
            mask |= DSN_NOTIFY_DELAY;
        else if (strcasecmp(words->argv[i], "failure") == 0)
            mask |= DSN_NOTIFY_FAILURE;
        else
            mask = -1;
        if (mask < 0)
            break;
    }
    argv_free(words);
    if (mask == 0 || (mask > 0 && (mask & DSN_NOTIFY_NEVER)
                      && mask != DSN_NOTIFY_NEVER))
        return -1;
    return mask;
}

/* xtext_ok - printable ASCII without '=' or blanks (RFC 3461 xtext) */

static int xtext_ok(const char *s)
{
    if (*s == 0 || strlen(s) > SEND_ENVID_MAX)
        return 0;
    for (; *s; s++)
        if (*s < '!' || *s > '~' || *s == '=')
            return 0;
    return 1;
}

/* strip_angles - "<addr>" -> "addr" */

static char *strip_angles(const char *addr)
{
    size_t  n = strlen(addr);

    if (n >= 2 && addr[0] == '<' && addr[n - 1] == '>')
        return xstrndup(addr + 1, n - 2);
    return xstrdup(addr);
}

/* default_identity - login name and GECOS full name */

static void default_identity(struct send_opts *o)
{
    struct passwd *pw = getpwuid(getuid());
    size_t  n;

    if (pw == NULL)
        msg_fatal("no login name for user ID %ld", (long) getuid());
    if (o->sender == NULL)
        o->sender = xstrdup(pw->pw_name);
    if (o->fullname == NULL && pw->pw_gecos && *pw->pw_gecos) {
        n = strcspn(pw->pw_gecos, ",");
        if (n > 0)
            o->fullname = xstrndup(pw->pw_gecos, n);
    }
}

/* send_envelope - everything before 'M' */

static void send_envelope(struct post_mail *pm, const struct send_opts *o,
                          char **rcpt, int nrcpt)
{
    struct timeval tv;
    int     i;

    gettimeofday(&tv, NULL);
    post_mail_recf(pm, REC_TYPE_TIME, "%ld %ld", (long) tv.tv_sec,
                   (long) tv.tv_usec);
    post_mail_recf(pm, REC_TYPE_ATTR, "rewrite_context=local");
    if (o->fullname)
        post_mail_recf(pm, REC_TYPE_FULL, "%s", o->fullname);
    post_mail_recf(pm, REC_TYPE_FROM, "%s", o->sender);
    if (o->envid)
        post_mail_recf(pm, REC_TYPE_ATTR, "envelope_id=%s", o->envid);
    if (o->ret)
        post_mail_recf(pm, REC_TYPE_ATTR, "ret_flags=%d", o->ret);
    if (o->encoding)
        post_mail_recf(pm, REC_TYPE_ATTR, "encoding=%s", o->encoding);
    if (o->extract)
        post_mail_recf(pm, REC_TYPE_FLGS, "%d", CLEANUP_XFLAG_EXTRACT);
    for (i = 0; i < nrcpt; i++) {
        if (o->notify)
            post_mail_recf(pm, REC_TYPE_ATTR, "notify_flags=%d", o->notify);
        post_mail_recf(pm, REC_TYPE_RCPT, "%s", rcpt[i]);
    }
    post_mail_rec(pm, REC_TYPE_MESG, "", 0);
}

/* send_content - standard input as content records */

static int send_content(struct post_mail *pm, const struct send_opts *o)
{
    struct stream *in = stream_open(0);
    struct buf *line = buf_new(1024);
    int     ret = 0;
    int     r;

    stream_set_timeout(in, -1);
    for (;;) {
        r = stream_get_line(in, line, POST_MAIL_LINE_PIECE);
        if (r == STREAM_EOF)
            break;
        if (r == STREAM_ERR) {
            msg_error("read standard input: %m");
            ret = -1;
            break;
        }
        if (r == STREAM_TOOLONG) {
            if (post_mail_rec(pm, REC_TYPE_CONT, buf_str(line),
                              buf_len(line)) < 0)
                break;
            continue;
        }
        if (o->dot_ends && buf_len(line) == 1 && *buf_str(line) == '.')
            break;
        if (r == STREAM_PARTIAL) {
            /* The last line has no newline: it stays an 'L' record. */
            post_mail_rec(pm, REC_TYPE_CONT, buf_str(line), buf_len(line));
            break;
        }
        if (post_mail_text(pm, buf_str(line), buf_len(line)) < 0)
            break;
    }
    post_mail_rec(pm, REC_TYPE_XTRA, "", 0);
    buf_free(line);
    stream_free(in);
    return ret;
}

/* send_options - getopt loop; -1 on a usage error, 1 unsupported mode */

static int send_options(int argc, char **argv, struct send_opts *o,
                        const char **mode)
{
    int     c;

    while ((c = getopt(argc, argv,
                       "+:A:B:C:F:GL:N:O:R:UV:X:b:ce:f:h:imno:p:q:r:tvx"))
           != -1) {
        switch (c) {
        case 'B':
            if (strcasecmp(optarg, "8BITMIME") == 0)
                o->encoding = "8bit";
            else if (strcasecmp(optarg, "7BIT") == 0)
                o->encoding = "7bit";
            else
                return msg_error("-B: bad body type \"%s\"", optarg), -1;
            break;
        case 'C':
            pst_set_config_dir(optarg);
            break;
        case 'F':
            free(o->fullname);
            o->fullname = xstrdup(optarg);
            break;
        case 'N':
            if ((o->notify = parse_notify(optarg)) < 0)
                return msg_error("-N: bad notify list \"%s\"", optarg), -1;
            break;
        case 'R':
            if (strcasecmp(optarg, "full") == 0)
                o->ret = DSN_RET_FULL;
            else if (strcasecmp(optarg, "hdrs") == 0)
                o->ret = DSN_RET_HDRS;
            else
                return msg_error("-R: bad value \"%s\"", optarg), -1;
            break;
        case 'V':
            if (!xtext_ok(optarg))
                return msg_error("-V: bad envelope ID \"%s\"", optarg), -1;
            free(o->envid);
            o->envid = xstrdup(optarg);
            break;
        case 'b':
            if (strcmp(optarg, "m") != 0)
                return *mode = optarg, 1;
            break;
        case 'q':
            return *mode = "-q", 1;
        case 'f':
        case 'r':
            if (strlen(optarg) > SEND_ADDR_MAX)
                return msg_error("-%c: address too long", c), -1;
            free(o->sender);
            o->sender = strip_angles(optarg);
            break;
        case 'i':
            o->dot_ends = 0;
            break;
        case 'o':
            if (strcmp(optarg, "i") == 0)
                o->dot_ends = 0;
            break;
        case 't':
            o->extract = 1;
            break;
        case 'v':
            msg_verbose++;
            break;
        case ':':
        case '?':
            pst_bad_option(c);
            return -1;
        default:			/* accepted and ignored */
            break;
        }
    }
    return 0;
}

/* send_post - one session with cleanup */

static int send_post(const struct send_opts *o, char **rcpt, int nrcpt)
{
    struct buf *path = pst_keep(buf_new(100));
    struct buf *reason = pst_keep(buf_new(100));
    struct post_mail *pm;
    char   *qid;
    int     status;

    post_mail_path(path);
    if ((pm = post_mail_open(buf_str(path), CLEANUP_FLAG_MASK_EXTERNAL,
                             var_ipc_timeout * 1000)) == NULL) {
        msg_error("cannot reach the cleanup service at %s: message not"
                  " queued", buf_str(path));
        return EX_TEMPFAIL;
    }
    qid = pst_keep(xstrdup(post_mail_queue_id(pm)));
    send_envelope(pm, o, rcpt, nrcpt);
    if (send_content(pm, o) < 0) {
        post_mail_abort(pm);
        return EX_TEMPFAIL;
    }
    status = post_mail_finish(pm, reason);
    if (status == 0) {
        if (msg_verbose)
            msg_info("queued as %s", qid);
        return 0;
    }
    msg_error("%s: message not queued: %s", qid, buf_str(reason));
    return (status & CLEANUP_STAT_MASK_CANT_BOUNCE) ? EX_TEMPFAIL : EX_DATAERR;
}

int     cmd_send(int argc, char **argv)
{
    struct send_opts o = { .dot_ends = 1 };
    const char *mode = NULL;
    int     r;
    int     i;

    r = send_options(argc, argv, &o, &mode);
    if (r < 0)
        return EX_USAGE;
    if (r > 0)
        return send_unsupported(strcmp(mode, "p") == 0 ? "mailq (-bp)"
                                : strcmp(mode, "v") == 0 ? "address"
                                " verification (-bv)" : "this mode");
    if (optind >= argc && !o.extract) {
        msg_error("no recipients: give them as arguments or use -t");
        return EX_USAGE;
    }
    for (i = optind; i < argc; i++) {
        if (strlen(argv[i]) > SEND_ADDR_MAX || *argv[i] == 0) {
            msg_error("bad recipient address \"%.100s\"", argv[i]);
            return EX_USAGE;
        }
        argv[i] = pst_keep(strip_angles(argv[i]));
    }
    pst_load_config(1);
    default_identity(&o);
    r = send_post(&o, argv + optind, argc - optind);
    free(o.sender);
    free(o.fullname);
    free(o.envid);
    return r;
}

int     cmd_mailq(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    return send_unsupported("mailq (-bp)");
}
