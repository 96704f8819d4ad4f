/*
 * qmgr_driver - play Postfix's qmgr and bounce family against an agent
 *
 * Usage:
 *   qmgr_driver -q QUEUE_DIR -s AGENT_SOCKET [options]
 *   qmgr_driver -q QUEUE_DIR -x [options]	(only write the queue file)
 *
 * It writes a queue file QUEUE_DIR/active/ID in cleanup's layout (mode
 * 0700; when run as root, owned by the owner of QUEUE_DIR/active),
 * listens on QUEUE_DIR/private/{bounce,defer,trace,verify} and
 * QUEUE_DIR/public/flush and answers there as Postfix's bounce, verify
 * and flush daemons do (announcement, lenient request, status reply),
 * connects to the agent's UNIX socket, checks its announcement
 * strictly, sends one delivery request exactly as Postfix 3.7's qmgr
 * does (reference 3.2/3.3), serves the status services while it waits
 * for the final reply, closes, and checks which R records became D.
 * Missing directories are created (mode 0755); the agent must run with
 * queue_directory = QUEUE_DIR (e.g. under tests/tools/fake_master).
 *
 * Options:
 *   -R ADDR[:NOTIFY[:ORCPT]]  a recipient (repeat; none = a request with
 *		no recipients).  NOTIFY: a number or names joined by ','
 *		(never, success, failure, delay); ORCPT e.g. rfc822;ADDR
 *   -S SENDER	envelope sender (default sender@example.org; '' = <>)
 *   -n NEXTHOP	default example.com
 *   -f FLAGS	request flags (default 3 = SUCCESS|BOUNCE; 0x.. allowed)
 *   -i ID	queue ID (default: hex from the clock and pid)
 *   -b FILE	message content from FILE (LF or CRLF lines)
 *   -B SIZE	generated content of about SIZE bytes
 *   -8		encoding=8bit (default 7bit)
 *   -u N	value of attribute 8 (smtputf8/sendopts bits, default 0)
 *   -V NAME	name of attribute 8: smtputf8 (3.7, default) or sendopts (3.10+)
 *   -e ENVID	DSN envelope ID;  -r RET  DSN ret_flags
 *   -L N	queue file line limit (longer lines become L records)
 *   -m MODE	queue file mode, octal (default 0700)
 *   -Z		corrupt the queue file (the X record's type becomes 'Z')
 *   -N		read the announcement and close without a request
 *   -d MS	wait MS milliseconds before sending the request
 *   -F LIST	status services (bounce,defer,trace,verify,flush) that
 *		answer every request with status -1
 *   -o FILE	report file (default standard output)
 *   -t SECONDS	time limit for the whole exchange (default 60)
 *   -x		write the queue file, print its layout, exit
 *   -h		this text
 *
 * Report (one line per event, flushed as it happens; every value is
 * %XX-escaped for bytes <= 0x20, >= 0x7f and '%', so lines split on
 * spaces; recipient/original_recipient are shown as rcpt/orig_rcpt):
 *   queue_file path=active/ID id=ID data_offset=N size=N data_size=N
 *   rcpt rcpt=ADDR offset=N			one per recipient
 *   announce protocol=delivery_request_protocol
 *   norequest					(-N)
 *   report service=bounce|defer|trace nrequest=N flags=N queue_id=ID
 *	orig_rcpt=.. rcpt=.. offset=N dsn_orig_rcpt=.. notify_flags=N
 *	status=.. diag_type=.. diag_text=.. mta_type=.. mta_mname=..
 *	action=.. reason=.. [other attributes, sorted] answer=0|-1
 *   report service=verify request=update address=.. recipient_status=N
 *	reason=.. answer=..
 *   report service=flush request=add site=.. queue_id=.. answer=..
 *   error service=NAME what=TEXT		a malformed status request
 *   reply status=N hop_status=.. hop_diag_type=.. hop_diag_text=..
 *	hop_mta_type=.. hop_mta_mname=.. hop_action=.. hop_reason=..
 *   done rcpt=ADDR offset=N marked=yes|no|bad	after the reply
 *   file mode=0700				queue file mode after the reply
 *   result ok | protocol-error WHAT | timeout
 * Absent attributes are left out of "report" lines.
 *
 * Exit: 0 the exchange completed (whatever the delivery outcome), 1
 * usage or setup error (incl. cannot connect), 2 protocol error (agent
 * or a status client), 3 timeout.
 *
 * Trust: a test program; not installed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "attr.h"
#include "buf.h"
#include "deliver_request.h"
#include "events.h"
#include "htable.h"
#include "mem.h"
#include "msg.h"
#include "msg_stats.h"
#include "queue_file.h"
#include "sock.h"
#include "stream.h"

#define EXIT_SETUP	1
#define EXIT_PROTO	2
#define EXIT_TIMEOUT	3

#define STATUS_PROTO	"delivery_status_protocol"
#define VERIFY_PROTO	"address_verification_prrotocol"
#define FLUSH_PROTO	"queue_flush_protocol"

#define OPTIONS		"8B:b:d:e:F:f:hi:L:m:Nn:o:q:R:r:S:s:t:u:V:xZ"

#define KIND_BOUNCE	0		/* bounce, defer, trace */
#define KIND_VERIFY	1
#define KIND_FLUSH	2

struct service {
    const char *name;
    const char *class;
    const char *proto;
    int     kind;
    int     fail;			/* answer -1 */
    int     fd;			/* listener */
};

static struct service services[] = {
    {"bounce", "private", STATUS_PROTO, KIND_BOUNCE, 0, -1},
    {"defer", "private", STATUS_PROTO, KIND_BOUNCE, 0, -1},
    {"trace", "private", STATUS_PROTO, KIND_BOUNCE, 0, -1},
    {"verify", "private", VERIFY_PROTO, KIND_VERIFY, 0, -1},
    {"flush", "public", FLUSH_PROTO, KIND_FLUSH, 0, -1},
};

#define NSERVICES (sizeof(services) / sizeof(services[0]))

struct conn {
    struct stream *s;
    struct service *svc;
};

struct options {
    const char *qdir;
    const char *agent;
    const char *id;
    const char *sender;
    const char *nexthop;
    const char *body_file;
    long    body_size;			/* -B; < 0 unset */
    const char *encoding;
    const char *name8;
    int     value8;
    int     flags;
    const char *envid;
    int     ret;
    size_t  line_limit;
    int     mode;
    int     corrupt;
    int     no_request;
    int     delay_ms;
    const char *report;
    int     timeout;
    int     only_write;
    struct qf_rcpt *rcpt;
    size_t  nrcpt;
};

static int report_fd = STDOUT_FILENO;
static int proto_errors;
static int timed_out;
static int io_timeout_ms;

/*
 * Reporting.
 */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
    struct buf *b = buf_new(200);
    va_list ap;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    buf_putc(b, '\n');
    if (write(report_fd, buf_str(b), buf_len(b)) != (ssize_t) buf_len(b))
        msg_fatal("write report: %m");
    buf_free(b);
}

/* field - append " key=value" to b, the value %XX-escaped */

static void field(struct buf *b, const char *key, const char *val)
{
    const unsigned char *p;

    buf_printf(b, " %s=", key);
    for (p = (const unsigned char *) val; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '%')
            buf_printf(b, "%%%02X", *p);
        else
            buf_putc(b, *p);
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: qmgr_driver -q QUEUE_DIR (-s AGENT_SOCKET | -x)\n"
            "  [-R addr[:notify[:orcpt]]]... [-S sender] [-n nexthop]\n"
            "  [-f flags] [-i id] [-b file | -B size] [-8] [-u n]\n"
            "  [-V smtputf8|sendopts] [-e envid] [-r ret] [-L limit]\n"
            "  [-m mode] [-Z] [-N] [-d ms] [-F service,...] [-o report]\n"
            "  [-t seconds] [-x] [-h]\n"
            "See the header of tests/tools/qmgr_driver.c for the report "
            "format.\n");
}

static _Noreturn void bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static _Noreturn void bad_usage(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "qmgr_driver: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    usage();
    exit(EXIT_SETUP);
}

/*
 * Option parsing.
 */
static long number(const char *text, int base, const char *what)
{
    char   *end;
    long    v;

    errno = 0;
    v = strtol(text, &end, base);
    if (*text == 0 || *end != 0 || errno != 0)
        bad_usage("bad %s: %s", what, text);
    return (v);
}

static int notify_value(const char *text)
{
    static const char *const names[] = {"never", "success", "failure",
    "delay"};
    struct argv *a;
    size_t  i, j;
    int     v = 0;

    if (*text >= '0' && *text <= '9')
        return ((int) number(text, 0, "notify value"));
    a = argv_split(text, ",");
    for (i = 0; i < a->argc; i++) {
        for (j = 0; j < 4 && strcasecmp(a->argv[i], names[j]) != 0; j++)
             /* void */ ;
        if (j == 4)
            bad_usage("bad notify name: %s", a->argv[i]);
        v |= 1 << j;
    }
    argv_free(a);
    return (v);
}

/* add_rcpt - ADDR[:NOTIFY[:ORCPT]] */

static void add_rcpt(struct options *o, const char *arg)
{
    char   *copy = xstrdup(arg);
    char   *notify = strchr(copy, ':');
    char   *orcpt = NULL;
    struct qf_rcpt *r;

    o->rcpt = xrealloc(o->rcpt, (o->nrcpt + 1) * sizeof(*o->rcpt));
    r = o->rcpt + o->nrcpt++;
    memset(r, 0, sizeof(*r));
    if (notify) {
        *notify++ = 0;
        if ((orcpt = strchr(notify, ':')) != NULL)
            *orcpt++ = 0;
        if (*notify)
            r->notify = notify_value(notify);
    }
    r->address = copy;
    r->orcpt = orcpt && *orcpt ? orcpt : NULL;
}

static void fail_services(const char *list)
{
    struct argv *a = argv_split(list, ", ");
    size_t  i, j;

    for (i = 0; i < a->argc; i++) {
        for (j = 0; j < NSERVICES; j++)
            if (strcmp(services[j].name, a->argv[i]) == 0)
                break;
        if (j == NSERVICES)
            bad_usage("unknown service: %s", a->argv[i]);
        services[j].fail = 1;
    }
    argv_free(a);
}

static void defaults(struct options *o)
{
    memset(o, 0, sizeof(*o));
    o->sender = "sender@example.org";
    o->nexthop = "example.com";
    o->body_size = -1;
    o->encoding = "7bit";
    o->name8 = "smtputf8";
    o->flags = DEL_REQ_FLAG_SUCCESS | DEL_REQ_FLAG_BOUNCE;
    o->mode = 0700;
    o->timeout = 60;
}

/* set_option - one option letter; 0, or -1 for an unknown one */

static int set_option(struct options *o, int c, char *arg)
{
    switch (c) {
    case '8':
        o->encoding = "8bit";
        break;
    case 'B':
        o->body_size = number(arg, 10, "size");
        break;
    case 'b':
        o->body_file = arg;
        break;
    case 'd':
        o->delay_ms = (int) number(arg, 10, "delay");
        break;
    case 'e':
        o->envid = arg;
        break;
    case 'F':
        fail_services(arg);
        break;
    case 'f':
        o->flags = (int) number(arg, 0, "flags");
        break;
    case 'i':
        o->id = arg;
        break;
    case 'L':
        o->line_limit = (size_t) number(arg, 10, "line limit");
        break;
    case 'm':
        o->mode = (int) number(arg, 8, "mode");
        break;
    case 'N':
        o->no_request = 1;
        break;
    case 'n':
        o->nexthop = arg;
        break;
    case 'o':
        o->report = arg;
        break;
    case 'q':
        o->qdir = arg;
        break;
    case 'R':
        add_rcpt(o, arg);
        break;
    case 'r':
        o->ret = (int) number(arg, 0, "ret_flags");
        break;
    case 'S':
        o->sender = arg;
        break;
    case 's':
        o->agent = arg;
        break;
    case 't':
        o->timeout = (int) number(arg, 10, "timeout");
        break;
    case 'u':
        o->value8 = (int) number(arg, 0, "value");
        break;
    case 'V':
        o->name8 = arg;
        break;
    case 'x':
        o->only_write = 1;
        break;
    case 'Z':
        o->corrupt = 1;
        break;
    default:
        return (-1);
    }
    return (0);
}

static void parse_args(struct options *o, int argc, char **argv)
{
    int     c;

    defaults(o);
    while ((c = getopt(argc, argv, OPTIONS)) > 0) {
        if (c == 'h') {
            usage();
            exit(0);
        }
        if (set_option(o, c, optarg) < 0) {
            usage();
            exit(EXIT_SETUP);
        }
    }
    if (optind < argc)
        bad_usage("unexpected argument: %s", argv[optind]);
    if (o->qdir == NULL)
        bad_usage("-q is required");
    if (o->agent == NULL && !o->only_write)
        bad_usage("-s or -x is required");
    if (strcmp(o->name8, "smtputf8") != 0 && strcmp(o->name8, "sendopts") != 0)
        bad_usage("-V: smtputf8 or sendopts");
    if (o->timeout <= 0)
        bad_usage("-t must be positive");
}

/*
 * The queue file.
 */
static void make_dir(const char *qdir, const char *sub)
{
    struct buf *path = buf_new(100);

    buf_printf(path, "%s%s%s", qdir, sub ? "/" : "", sub ? sub : "");
    if (mkdir(buf_str(path), 0755) < 0 && errno != EEXIST)
        msg_fatal("mkdir %s: %m", buf_str(path));
    buf_free(path);
}

static void default_body(const struct options *o, struct buf *body)
{
    buf_printf(body, "From: <%s>\nTo: <%s>\nSubject: qmgr_driver test\n"
               "Message-ID: <%s@qmgr-driver.test>\n\n",
               o->sender, o->nrcpt ? o->rcpt[0].address : "", o->id);
    if (o->body_size < 0) {
        buf_puts(body, "This is a test message.\n");
        return;
    }
    while ((long) buf_len(body) < o->body_size)
        buf_printf(body, "%.*s\n", 75, "0123456789abcdefghijklmnopqrstuvwxyz"
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnop");
}

static void file_body(const char *path, struct buf *body)
{
    char    chunk[8192];
    ssize_t n;
    int     fd;

    if ((fd = open(path, O_RDONLY)) < 0)
        msg_fatal("open %s: %m", path);
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(body, chunk, (size_t) n);
    if (n < 0)
        msg_fatal("read %s: %m", path);
    close(fd);
}

/* give_away - as root, the queue file belongs to the queue's owner */

static void give_away(int fd, const char *qdir)
{
    struct buf *path = buf_new(100);
    struct stat st;

    buf_printf(path, "%s/active", qdir);
    if (geteuid() == 0 && stat(buf_str(path), &st) == 0
        && fchown(fd, st.st_uid, st.st_gid) < 0)
        msg_fatal("chown queue file: %m");
    buf_free(path);
}

static void corrupt(int fd, long offset)
{
    if (pwrite(fd, "Z", 1, offset) != 1)
        msg_fatal("corrupt queue file: %m");
}

static void write_queue_file(const struct options *o, struct buf *path,
                             struct qf_layout *l, struct timeval *arrival)
{
    struct qf_message m;
    struct buf *body = buf_new(1000);
    struct stream *s;
    int     fd;

    if (o->body_file)
        file_body(o->body_file, body);
    else
        default_body(o, body);
    memset(&m, 0, sizeof(m));
    msg_stats_now(arrival);
    m.sender = o->sender;
    m.arrival = *arrival;
    m.envelope_id = o->envid;
    m.ret_flags = o->ret;
    m.rcpt = o->rcpt;
    m.nrcpt = o->nrcpt;
    m.body = buf_str(body);
    m.body_len = buf_len(body);
    m.line_limit = o->line_limit;
    m.encoding = o->encoding;
    m.smtputf8 = o->value8;
    buf_printf(path, "%s/active/%s", o->qdir, o->id);
    if ((fd = open(buf_str(path), O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
        msg_fatal("create %s: %m", buf_str(path));
    s = stream_open(fd);
    stream_set_name(s, buf_str(path));
    if (qf_write(s, &m, l) < 0)
        msg_fatal("cannot write %s", buf_str(path));
    if (o->corrupt)
        corrupt(fd, l->xtra_offset);
    give_away(fd, o->qdir);
    if (fchmod(fd, (mode_t) o->mode) < 0)
        msg_fatal("chmod %s: %m", buf_str(path));
    if (stream_close(s) < 0)
        msg_fatal("close %s: %m", buf_str(path));
    buf_free(body);
}

static void report_layout(const struct options *o, const struct qf_layout *l)
{
    struct buf *b = buf_new(200);
    size_t  i;

    buf_printf(b, "queue_file path=active/%s id=%s data_offset=%ld size=%ld "
               "data_size=%ld", o->id, o->id, l->data_offset, l->content_len,
               l->data_size);
    say("%s", buf_str(b));
    for (i = 0; i < o->nrcpt; i++) {
        buf_set(b, "rcpt");
        field(b, "rcpt", o->rcpt[i].address);
        buf_printf(b, " offset=%ld", l->rcpt_offset[i]);
        say("%s", buf_str(b));
    }
    buf_free(b);
}

/*
 * The status services.
 */
static void conn_close(struct conn *c)
{
    event_disable_readwrite(stream_fd(c->s));
    (void) stream_close(c->s);
    free(c);
}

static void proto_error(struct conn *c, const char *what)
{
    struct buf *b = buf_new(100);

    buf_printf(b, "error service=%s", c->svc->name);
    field(b, "what", what);
    say("%s", buf_str(b));
    proto_errors++;
    buf_free(b);
}

/* report_attrs - the known keys in order, then the rest sorted */

static void report_attrs(struct buf *b, struct htable *t)
{
    static const char *const order[][2] = {
        {"nrequest", NULL}, {"request", NULL}, {"flags", NULL},
        {"queue_name", NULL}, {"queue_id", NULL},
        {"original_recipient", "orig_rcpt"}, {"recipient", "rcpt"},
        {"offset", NULL}, {"dsn_orig_rcpt", NULL}, {"notify_flags", NULL},
        {"status", NULL}, {"diag_type", NULL}, {"diag_text", NULL},
        {"mta_type", NULL}, {"mta_mname", NULL}, {"action", NULL},
        {"address", NULL}, {"recipient_status", NULL}, {"site", NULL},
        {"reason", NULL},
    };
    const char **keys;
    const char *v;
    size_t  i;

    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if ((v = htable_find(t, order[i][0])) != NULL) {
            field(b, order[i][1] ? order[i][1] : order[i][0], v);
            free(htable_remove(t, order[i][0]));
        }
    }
    keys = htable_keys_sorted(t);
    for (i = 0; keys[i]; i++)
        field(b, keys[i], htable_find(t, keys[i]));
    free(keys);
}

static void free_value(void *p)
{
    free(p);
}

/* read_request - first attribute strictly, the rest leniently */

static int read_request(struct conn *c, struct htable *t)
{
    struct buf *first = buf_new(20);
    const char *name = c->svc->kind == KIND_BOUNCE ? "nrequest" : "request";
    int     n, num = 0;

    if (c->svc->kind == KIND_BOUNCE)
        n = attr_scan(c->s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_MORE,
                      RECV_INT(name, &num), ATTR_END);
    else
        n = attr_scan(c->s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_MORE,
                      RECV_STR(name, first), ATTR_END);
    if (n == 1) {
        if (c->svc->kind == KIND_BOUNCE)
            buf_printf(first, "%d", num);
        htable_put(t, name, xstrdup(buf_str(first)));
        n = attr_scan(c->s, ATTR_ENC_0, ATTR_FLAG_NONE, RECV_HASH(t),
                      ATTR_END) == 1 ? 1 : -1;
    } else if (n == 0 && !stream_at_eof(c->s)) {
        n = -1;
    }
    buf_free(first);
    return (n);
}

static int answer(struct conn *c, struct htable *t)
{
    int     status = c->svc->fail ? -1 : 0;
    const char *req = htable_find(t, "request");

    if (c->svc->kind == KIND_VERIFY && req && strcmp(req, "query") == 0)
        return (attr_print(c->s, ATTR_ENC_0, ATTR_FLAG_NONE,
                           SEND_INT("status", status),
                           SEND_INT("recipient_status", 0),
                           SEND_STR("reason", ""), ATTR_END));
    return (attr_print(c->s, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_INT("status", status), ATTR_END));
}

/* serve_one - one request; 1 served, 0 client closed, -1 error */

static int serve_one(struct conn *c)
{
    struct htable *t = htable_new(20);
    struct buf *b = buf_new(300);
    int     n;

    if ((n = read_request(c, t)) < 0) {
        proto_error(c, "malformed request");
    } else if (n == 1) {
        buf_printf(b, "report service=%s", c->svc->name);
        report_attrs(b, t);
        buf_printf(b, " answer=%d", c->svc->fail ? -1 : 0);
        say("%s", buf_str(b));
        if (answer(c, t) < 0) {
            proto_error(c, "cannot send reply");
            n = -1;
        }
    }
    htable_free(t, free_value);
    buf_free(b);
    return (n);
}

static void conn_read(int event, void *ctx)
{
    struct conn *c = ctx;
    int     r;

    (void) event;
    do {
        r = serve_one(c);
    } while (r > 0 && stream_buffered(c->s) > 0);
    if (r <= 0)
        conn_close(c);
}

static void accept_client(int event, void *ctx)
{
    struct service *svc = ctx;
    struct conn *c;
    int     fd;

    (void) event;
    while ((fd = accept4(svc->fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
        c = xmalloc(sizeof(*c));
        c->svc = svc;
        c->s = stream_open(fd);
        stream_set_timeout(c->s, io_timeout_ms);
        stream_set_name(c->s, svc->name);
        if (attr_announce(c->s, ATTR_ENC_0, svc->proto) < 0) {
            proto_error(c, "cannot send announcement");
            (void) stream_close(c->s);
            free(c);
            continue;
        }
        event_enable_read(fd, conn_read, c);
    }
}

static void listen_services(const char *qdir)
{
    struct buf *path = buf_new(100);
    size_t  i;

    for (i = 0; i < NSERVICES; i++) {
        buf_reset(path);
        buf_printf(path, "%s/%s/%s", qdir, services[i].class,
                   services[i].name);
        if ((services[i].fd = unix_listen(buf_str(path), 100, 0)) < 0)
            msg_fatal("listen on %s: %m", buf_str(path));
        event_enable_read(services[i].fd, accept_client, services + i);
    }
    buf_free(path);
}

/*
 * The delivery request.
 */
struct exchange {
    const struct options *o;
    const struct qf_layout *l;
    struct stream *agent;
    struct timeval arrival;
    int     replied;			/* final reply read (or failed) */
    int     failed;			/* protocol error with the agent */
};

static int send_common(struct exchange *x)
{
    const struct options *o = x->o;
    struct msg_stats st;

    msg_stats_init(&st);
    st.incoming_arrival = x->arrival;
    msg_stats_now(&st.active_arrival);
    return (attr_print(x->agent, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_INT("flags", o->flags),
                       SEND_STR("queue_name", "active"),
                       SEND_STR("queue_id", o->id),
                       SEND_LONG("offset", x->l->data_offset),
                       SEND_LONG("size", x->l->content_len),
                       SEND_STR("nexthop", o->nexthop),
                       SEND_STR("encoding", o->encoding),
                       SEND_INT(o->name8, o->value8),
                       SEND_STR("sender", o->sender),
                       SEND_STR("envelope_id", o->envid ? o->envid : ""),
                       SEND_INT("ret_flags", o->ret),
                       SEND_DATA("time", sizeof(st), &st),
                       SEND_STR("log_client_name", ""),
                       SEND_STR("log_client_address", ""),
                       SEND_STR("log_client_port", ""),
                       SEND_STR("log_protocol_name", ""),
                       SEND_STR("log_helo_name", ""),
                       SEND_STR("sasl_method", ""),
                       SEND_STR("sasl_username", ""),
                       SEND_STR("sasl_sender", ""),
                       SEND_STR("log_ident", ""),
                       SEND_STR("rewrite_context", "local"),
                       SEND_INT("recipient_count", (int) o->nrcpt),
                       ATTR_END));
}

static int send_request(struct exchange *x)
{
    const struct qf_rcpt *r;
    size_t  i;

    if (send_common(x) < 0)
        return (-1);
    for (i = 0; i < x->o->nrcpt; i++) {
        r = x->o->rcpt + i;
        if (attr_print(x->agent, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_STR("original_recipient", r->address),
                       SEND_STR("recipient", r->address),
                       SEND_LONG("offset", x->l->rcpt_offset[i]),
                       SEND_STR("dsn_orig_rcpt", r->orcpt ? r->orcpt : ""),
                       SEND_INT("notify_flags", r->notify),
                       ATTR_END) < 0)
            return (-1);
    }
    return (0);
}

static void agent_reply(int event, void *ctx)
{
    struct exchange *x = ctx;
    struct dsn_buf *d = dsb_create();
    struct buf *b = buf_new(200);
    int     status = 0;

    (void) event;
    event_disable_readwrite(stream_fd(x->agent));
    x->replied = 1;
    if (attr_scan(x->agent, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_STR("status", d->status),
                  RECV_STR("diag_type", d->dtype),
                  RECV_STR("diag_text", d->dtext),
                  RECV_STR("mta_type", d->mtype),
                  RECV_STR("mta_mname", d->mname),
                  RECV_STR("action", d->action),
                  RECV_STR("reason", d->reason),
                  RECV_INT("status", &status), ATTR_END) != 8) {
        x->failed = 1;
        say("result protocol-error malformed%%20final%%20reply");
    } else {
        buf_printf(b, "reply status=%d", status);
        field(b, "hop_status", buf_str(d->status));
        field(b, "hop_diag_type", buf_str(d->dtype));
        field(b, "hop_diag_text", buf_str(d->dtext));
        field(b, "hop_mta_type", buf_str(d->mtype));
        field(b, "hop_mta_mname", buf_str(d->mname));
        field(b, "hop_action", buf_str(d->action));
        field(b, "hop_reason", buf_str(d->reason));
        say("%s", buf_str(b));
    }
    dsb_free(d);
    buf_free(b);
}

static void on_timeout(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    timed_out = 1;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) < 0)
         /* void */ ;
}

/* start_exchange - connect, check the announcement, send; 0 or exit code */

static int start_exchange(struct exchange *x)
{
    int     fd;

    if ((fd = unix_connect(x->o->agent, 1, io_timeout_ms)) < 0) {
        msg_warn("connect to %s: %m", x->o->agent);
        return (EXIT_SETUP);
    }
    x->agent = stream_open(fd);
    stream_set_timeout(x->agent, io_timeout_ms);
    stream_set_name(x->agent, x->o->agent);
    if (attr_expect_protocol(x->agent, ATTR_ENC_0, DELIVER_PROTOCOL) < 0) {
        say("result protocol-error bad%%20announcement");
        return (EXIT_PROTO);
    }
    say("announce protocol=%s", DELIVER_PROTOCOL);
    if (x->o->no_request) {
        say("norequest");
        return (0);
    }
    if (x->o->delay_ms > 0)
        sleep_ms(x->o->delay_ms);
    if (send_request(x) < 0) {
        say("result protocol-error cannot%%20send%%20request");
        return (EXIT_PROTO);
    }
    event_enable_read(fd, agent_reply, x);
    return (0);
}

/* check_marks - which R records became D; the file mode */

static void check_marks(const struct options *o, const struct qf_layout *l,
                        const char *path)
{
    struct buf *b = buf_new(200);
    struct stat st;
    unsigned char c;
    size_t  i;
    int     fd;

    if ((fd = open(path, O_RDONLY)) < 0)
        msg_fatal("open %s: %m", path);
    for (i = 0; i < o->nrcpt; i++) {
        if (pread(fd, &c, 1, l->rcpt_offset[i]) != 1)
            msg_fatal("read %s: %m", path);
        buf_set(b, "done");
        field(b, "rcpt", o->rcpt[i].address);
        buf_printf(b, " offset=%ld marked=%s", l->rcpt_offset[i],
                   c == 'D' ? "yes" : c == 'R' ? "no" : "bad");
        say("%s", buf_str(b));
    }
    if (fstat(fd, &st) < 0)
        msg_fatal("fstat %s: %m", path);
    say("file mode=%04o", (unsigned) (st.st_mode & 07777));
    close(fd);
    buf_free(b);
}

static int run_exchange(struct exchange *x, const char *path)
{
    int     rc;

    listen_services(x->o->qdir);
    event_request_timer(on_timeout, NULL, (long) x->o->timeout * 1000);
    if ((rc = start_exchange(x)) != 0 || x->o->no_request)
        return (rc);
    while (!x->replied && !timed_out)
        event_loop(1000);
    if (timed_out) {
        say("result timeout");
        return (EXIT_TIMEOUT);
    }
    (void) stream_close(x->agent);
    x->agent = NULL;
    if (x->failed)
        return (EXIT_PROTO);
    check_marks(x->o, x->l, path);
    return (0);
}

/* exchange - the whole exchange and the result line; the exit status */

static int exchange(const struct options *o, const struct qf_layout *l,
                    struct exchange *x, const char *path)
{
    int     rc;

    x->o = o;
    x->l = l;
    rc = run_exchange(x, path);
    if (x->agent)
        (void) stream_close(x->agent);
    x->agent = NULL;
    if (rc == 0 && proto_errors > 0) {
        say("result protocol-error status%%20service%%20request");
        rc = EXIT_PROTO;
    } else if (rc == 0) {
        say("result ok");
    }
    return (rc);
}

static void free_options(struct options *o)
{
    size_t  i;

    for (i = 0; i < o->nrcpt; i++)
        free((void *) o->rcpt[i].address);
    free(o->rcpt);
}

static void default_id(struct options *o)
{
    static char id[32];
    struct timeval tv;

    msg_stats_now(&tv);
    snprintf(id, sizeof(id), "%05X%05X", (unsigned) tv.tv_usec & 0xfffff,
             (unsigned) getpid() & 0xfffff);
    o->id = id;
}

int     main(int argc, char **argv)
{
    struct options o;
    struct qf_layout l;
    struct exchange x;
    struct buf *path = buf_new(100);
    int     rc;

    msg_init("qmgr_driver");
    signal(SIGPIPE, SIG_IGN);
    parse_args(&o, argc, argv);
    if (o.id == NULL)
        default_id(&o);
    if (o.report && (report_fd = open(o.report, O_WRONLY | O_CREAT | O_TRUNC,
                                      0644)) < 0)
        msg_fatal("open %s: %m", o.report);
    io_timeout_ms = o.timeout * 1000;
    make_dir(o.qdir, NULL);
    make_dir(o.qdir, "active");
    make_dir(o.qdir, "private");
    make_dir(o.qdir, "public");
    memset(&x, 0, sizeof(x));
    write_queue_file(&o, path, &l, &x.arrival);
    report_layout(&o, &l);
    rc = o.only_write ? 0 : exchange(&o, &l, &x, buf_str(path));
    qf_layout_free(&l);
    buf_free(path);
    free_options(&o);
    return (rc);
}
