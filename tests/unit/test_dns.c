/*
 * test_dns - unit tests for dns.c and dns_lookup.c against real name
 * servers on loopback
 *
 * Two servers, both started once by unchecked fixtures (in the parent
 * of check's forked test processes) and stopped by PID in teardown:
 *
 * - dnsmasq on a free 127.0.0.1 port (UDP and TCP) with the records of
 *   test-harness 5a and more: MX order, equal-preference MX, A/AAAA,
 *   CNAME, SRV, TLSA (dns-rr), a null MX, NXDOMAIN under local=/test/,
 *   a host without addresses, and fail.test forwarded to a dead port.
 *   Without dnsmasq the "dnsmasq" test case is left out with a note.
 *
 * - a fake server: a forked child answering UDP and TCP on another
 *   free port from a table keyed by the first label of the question:
 *   echo (the query bytes come back as the rdata, so a test sees
 *   exactly what was sent, e.g. the AD and DO bits), servfail, refused,
 *   formerr, garbage, ad (AD set in every answer), cname/target (a
 *   CNAME without its data), cnameloop, nullmx, bigmx (120 records,
 *   TCP only by size), tc (truncated by UDP), mid (about 800 bytes;
 *   the address says whether it came by UDP or TCP), slow (no
 *   answer).  Anything else is NXDOMAIN.
 *
 * Traffic goes to 127.0.0.1 only; every wait is bounded.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ares.h>

#include "buf.h"
#include "dns.h"
#include "dns_addr.h"
#include "dns_lookup.h"
#include "dns_rr.h"
#include "dns_str.h"
#include "events.h"

#define TLSA_HASH "293b6125e1e6ee3c9a1b2a4b16b36e0c9a0d5e7f1122334455667788990aabbc"

static char tmpdir[64];
static int dnsmasq_port;
static int dead_port;
static pid_t dnsmasq_pid;
static int fake_port;
static pid_t fake_pid;

/* free_port - a loopback port with nothing bound (UDP, and TCP too) */

static int free_port(int need_tcp)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int     fd;
    int     tfd;
    int     port;
    int     tries;

    for (tries = 0; tries < 50; tries++) {
        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_DGRAM, 0);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(bind(fd, (struct sockaddr *) &sin, sizeof(sin)), 0);
        ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sin, &len), 0);
        port = ntohs(sin.sin_port);
        tfd = socket(AF_INET, SOCK_STREAM, 0);
        if (!need_tcp || bind(tfd, (struct sockaddr *) &sin, sizeof(sin)) == 0) {
            close(tfd);
            close(fd);
            return (port);
        }
        close(tfd);
        close(fd);
    }
    ck_abort_msg("no free port");
    return (-1);
}

/* find_prog - a program in PATH, /usr/sbin or /sbin; NULL if none */

static const char *find_prog(const char *name)
{
    static char path[512];
    const char *env = getenv("PATH");
    char    dirs[1024];
    char   *d;
    char   *save;

    snprintf(dirs, sizeof(dirs), "%s:/usr/sbin:/sbin", env ? env : "/usr/bin");
    for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(path, sizeof(path), "%s/%s", d, name);
        if (access(path, X_OK) == 0)
            return (path);
    }
    return (NULL);
}

/* ------------------------------------------------------------------ */
/* The fake server. */

struct out {
    unsigned char b[4096];
    size_t  n;
};

static void o8(struct out *o, unsigned v)
{
    if (o->n < sizeof(o->b))
        o->b[o->n++] = (unsigned char) v;
}

static void o16(struct out *o, unsigned v)
{
    o8(o, v >> 8);
    o8(o, v & 0xff);
}

static void oname(struct out *o, const char *name)
{
    const char *dot;
    size_t  len;

    while (*name) {
        dot = strchr(name, '.');
        len = dot ? (size_t) (dot - name) : strlen(name);
        o8(o, (unsigned) len);
        while (len-- > 0)
            o8(o, (unsigned char) *name++);
        name += (dot != NULL);
    }
    o8(o, 0);
}

/* orr - a record owned by the question name (pointer to 12) */

static void orr(struct out *o, unsigned type, const void *rdata, size_t len)
{
    o16(o, 0xc00c);
    o16(o, type);
    o16(o, DNS_C_IN);
    o16(o, 0);
    o16(o, 60);
    o16(o, (unsigned) len);
    for (size_t i = 0; i < len; i++)
        o8(o, ((const unsigned char *) rdata)[i]);
}

static void orr_name(struct out *o, unsigned type, int pref, const char *name)
{
    struct out rd = {.n = 0};

    if (pref >= 0)
        o16(&rd, (unsigned) pref);
    oname(&rd, name);
    orr(o, type, rd.b, rd.n);
}

/* fake_answer - the reply to query q (n bytes) in o; 0: no reply */

static int fake_answer(const unsigned char *q, size_t n, int tcp,
                       struct out *o)
{
    char    label[64];
    size_t  end = 12;
    unsigned qtype;
    unsigned an = 0;
    int     ad = 0;
    int     tc = 0;
    int     rcode = 0;
    int     i;

    while (end < n && q[end] != 0)
        end += q[end] + 1;
    if (end + 5 > n || q[12] == 0 || q[12] > 63)
        return (0);
    memcpy(label, q + 13, q[12]);
    label[q[12]] = 0;
    qtype = (q[end + 1] << 8) | q[end + 2];
    o->n = 0;
    for (i = 0; i < 12; i++)
        o8(o, 0);
    for (i = 12; (size_t) i < end + 5; i++)
        o8(o, q[i]);
    if (strcmp(label, "slow") == 0)
        return (0);
    if (strcmp(label, "echo") == 0) {
        orr(o, qtype, q, n);
        an = 1;
        ad = (q[3] & 0x20) || (n >= 4 && q[11] == 1 && (q[n - 4] & 0x80));
    } else if (strcmp(label, "servfail") == 0) {
        rcode = 2;
    } else if (strcmp(label, "refused") == 0) {
        rcode = 5;
    } else if (strcmp(label, "formerr") == 0) {
        rcode = 1;
    } else if (strcmp(label, "garbage") == 0) {
        an = 1;
        o16(o, 0xc00c);
        o8(o, 0);
    } else if (strcmp(label, "ad") == 0 && qtype == DNS_T_A) {
        orr(o, DNS_T_A, "\177\0\0\11", 4);
        an = 1;
        ad = 1;
    } else if (strcmp(label, "cname") == 0) {
        orr_name(o, DNS_T_CNAME, -1, "target.fake");
        an = 1;
    } else if (strcmp(label, "target") == 0 && qtype == DNS_T_A) {
        orr(o, DNS_T_A, "\177\0\0\7", 4);
        an = 1;
    } else if (strcmp(label, "cnameloop") == 0) {
        orr_name(o, DNS_T_CNAME, -1, "cnameloop2.fake");
        an = 1;
    } else if (strcmp(label, "cnameloop2") == 0) {
        orr_name(o, DNS_T_CNAME, -1, "cnameloop.fake");
        an = 1;
    } else if (strcmp(label, "nullmx") == 0 && qtype == DNS_T_MX) {
        orr_name(o, DNS_T_MX, 0, "");
        an = 1;
    } else if (strcmp(label, "bigmx") == 0 && qtype == DNS_T_MX) {
        for (an = 0; an < 120; an++) {
            char    host[32];

            snprintf(host, sizeof(host), "m%u.fake", an);
            orr_name(o, DNS_T_MX, (int) an, host);
        }
    } else if (strcmp(label, "tc") == 0 && qtype == DNS_T_A && !tcp) {
        tc = 1;
    } else if (strcmp(label, "tc") == 0 && qtype == DNS_T_A) {
        orr(o, DNS_T_A, "\177\0\0\10", 4);
        an = 1;
    } else if (strcmp(label, "mid") == 0 && qtype == DNS_T_A) {
        /* 127.0.0.1 by UDP, 127.0.0.2 by TCP; ~800 bytes in all */
        orr(o, DNS_T_A, tcp ? "\177\0\0\2" : "\177\0\0\1", 4);
        for (an = 1; an < 40; an++)
            orr(o, DNS_T_TXT, "\7padding", 8);
    } else {
        rcode = 3;
    }
    o->b[0] = q[0];
    o->b[1] = q[1];
    o->b[2] = 0x80 | (tc ? 0x02 : 0) | (q[2] & 0x01);
    o->b[3] = 0x80 | (ad ? 0x20 : 0) | rcode;
    o->b[5] = 1;
    o->b[6] = (unsigned char) (an >> 8);
    o->b[7] = (unsigned char) an;
    return (1);
}

/* read_full - n bytes from a stream socket; 0 at EOF or error */

static int read_full(int fd, unsigned char *p, size_t n)
{
    ssize_t got;

    while (n > 0) {
        if ((got = read(fd, p, n)) <= 0)
            return (0);
        p += got;
        n -= (size_t) got;
    }
    return (1);
}

/* fake_tcp - one length-prefixed query on a connection; 0 at EOF */

static int fake_tcp(int fd)
{
    unsigned char len[2];
    unsigned char q[1500];
    unsigned char hdr[2];
    struct out o;
    size_t  n;

    if (!read_full(fd, len, 2) || (n = (len[0] << 8) | len[1]) > sizeof(q)
        || !read_full(fd, q, n))
        return (0);
    if (n >= 12 && fake_answer(q, n, 1, &o)) {
        hdr[0] = (unsigned char) (o.n >> 8);
        hdr[1] = (unsigned char) o.n;
        if (write(fd, hdr, 2) != 2 || write(fd, o.b, o.n) != (ssize_t) o.n)
            return (0);
    }
    return (1);
}

static void fake_udp(int fd)
{
    unsigned char q[1500];
    struct out o;
    struct sockaddr_storage from;
    socklen_t flen = sizeof(from);
    ssize_t n;

    n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *) &from, &flen);
    if (n >= 12 && fake_answer(q, (size_t) n, 0, &o))
        (void) sendto(fd, o.b, o.n, 0, (struct sockaddr *) &from, flen);
}

#define FAKE_FDS 34

/* fake_serve - UDP, the TCP listener and up to 32 connections */

static void fake_serve(int ufd, int lfd)
{
    struct pollfd p[FAKE_FDS];
    int     n = 2;
    int     i;
    int     fd;

    p[0].fd = ufd;
    p[1].fd = lfd;
    for (;;) {
        for (i = 0; i < n; i++)
            p[i].events = POLLIN;
        if (poll(p, (nfds_t) n, -1) < 0)
            continue;
        if (p[0].revents)
            fake_udp(ufd);
        if (p[1].revents && (fd = accept(lfd, NULL, NULL)) >= 0) {
            if (n < FAKE_FDS)
                p[n++].fd = fd;
            else
                close(fd);
        }
        for (i = 2; i < n; i++) {
            if (p[i].revents && !fake_tcp(p[i].fd)) {
                close(p[i].fd);
                p[i--] = p[--n];
            }
        }
    }
}

static int fake_socket(int type)
{
    struct sockaddr_in sin;
    int     one = 1;
    int     fd = socket(AF_INET, type, 0);

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t) fake_port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_ge(fd, 0);
    (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sin, sizeof(sin)), 0);
    if (type == SOCK_STREAM)
        ck_assert_int_eq(listen(fd, 16), 0);
    return (fd);
}

static void fake_start(void)
{
    int     ufd;
    int     lfd;

    fake_port = free_port(1);
    ufd = fake_socket(SOCK_DGRAM);
    lfd = fake_socket(SOCK_STREAM);
    if ((fake_pid = fork()) == 0) {
        /* Not check's handler: it would signal our process group. */
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        (void) prctl(PR_SET_PDEATHSIG, SIGTERM);
        fake_serve(ufd, lfd);
    }
    ck_assert_int_gt(fake_pid, 0);
    close(ufd);
    close(lfd);
}

static void stop_pid(pid_t *pid)
{
    if (*pid > 0) {
        kill(*pid, SIGTERM);
        (void) waitpid(*pid, NULL, 0);
        *pid = 0;
    }
}

static void fake_stop(void)
{
    stop_pid(&fake_pid);
}

/* ------------------------------------------------------------------ */
/* dnsmasq. */

static void write_dnsmasq_conf(const char *path)
{
    FILE   *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(fp);
    fprintf(fp,
            "port=%d\nlisten-address=127.0.0.1\nbind-interfaces\n"
            "no-resolv\nno-hosts\nno-poll\nlocal=/test/\n"
            "pid-file=%s/dnsmasq.pid\nlog-facility=%s/dnsmasq.log\n"
            "log-queries\nlocal-ttl=300\n"
            "mx-host=example.test,mx.example.test,10\n"
            "mx-host=example.test,mx2.example.test,20\n"
            "host-record=mx.example.test,127.0.0.2,::1\n"
            "host-record=mx2.example.test,127.0.0.3\n"
            "mx-host=equal.test,a.equal.test,10\n"
            "mx-host=equal.test,b.equal.test,10\n"
            "mx-host=equal.test,c.equal.test,10\n"
            "mx-host=equal.test,d.equal.test,20\n"
            "host-record=a.equal.test,127.0.1.1\n"
            "host-record=b.equal.test,127.0.1.2\n"
            "host-record=c.equal.test,127.0.1.3\n"
            "host-record=d.equal.test,127.0.1.4\n"
            "srv-host=_submission._tcp.example.test,mx.example.test,587,0,1\n"
            "srv-host=_x._tcp.example.test,mx2.example.test,26,1,0\n"
            "srv-host=_x._tcp.example.test,mx.example.test,25,0,5\n"
            "cname=alias.example.test,mx.example.test\n"
            "dns-rr=_25._tcp.mx.example.test,52,030101%s\n"
            "mx-host=nullmx.test,.,0\n"
            "mx-host=noaddr.example.test,mx.noaddr.example.test,10\n"
            "mx-host=self.test,mx.example.test,10\n"
            "mx-host=self.test,mx2.example.test,20\n"
            "server=/fail.test/127.0.0.1#%d\n",
            dnsmasq_port, tmpdir, tmpdir, TLSA_HASH, dead_port);
    ck_assert_int_eq(fclose(fp), 0);
}

/* probe - one A query for mx.example.test by hand; 1 if answered */

static int probe(int port)
{
    struct sockaddr_in sin;
    struct pollfd pfd;
    unsigned char *q;
    unsigned char r[512];
    int     qlen;
    int     fd = socket(AF_INET, SOCK_DGRAM, 0);
    int     ok = 0;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t) port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(dns_build_query("mx.example.test", DNS_T_A, 0, &q, &qlen),
                     0);
    if (sendto(fd, q, (size_t) qlen, 0, (struct sockaddr *) &sin,
               sizeof(sin)) == qlen) {
        pfd.fd = fd;
        pfd.events = POLLIN;
        if (poll(&pfd, 1, 100) == 1 && recv(fd, r, sizeof(r), 0) >= 12)
            ok = 1;
    }
    ares_free_string(q);
    close(fd);
    return (ok);
}

static void dnsmasq_start(void)
{
    char    conf[128];
    char    arg[160];
    const char *prog = find_prog("dnsmasq");
    int     i;

    strcpy(tmpdir, "/tmp/test_dns.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    dnsmasq_port = free_port(1);
    dead_port = free_port(1);
    snprintf(conf, sizeof(conf), "%s/dnsmasq.conf", tmpdir);
    write_dnsmasq_conf(conf);
    snprintf(arg, sizeof(arg), "--conf-file=%s", conf);
    if ((dnsmasq_pid = fork()) == 0) {
        (void) prctl(PR_SET_PDEATHSIG, SIGTERM);
        execl(prog, "dnsmasq", arg, "--keep-in-foreground", (char *) 0);
        _exit(127);
    }
    ck_assert_int_gt(dnsmasq_pid, 0);
    for (i = 0; i < 50 && !probe(dnsmasq_port); i++)
        ck_assert_msg(waitpid(dnsmasq_pid, NULL, WNOHANG) == 0,
                      "dnsmasq exited; see %s/dnsmasq.log", tmpdir);
    ck_assert_msg(i < 50, "dnsmasq does not answer on port %d", dnsmasq_port);
}

static void dnsmasq_stop(void)
{
    static const char *const files[] = {
        "dnsmasq.conf", "dnsmasq.pid", "dnsmasq.log", NULL,
    };
    char    path[128];
    int     i;

    stop_pid(&dnsmasq_pid);
    for (i = 0; files[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i]);
        (void) unlink(path);
    }
    (void) rmdir(tmpdir);
}

/* ------------------------------------------------------------------ */
/* Helpers for the tests. */

static struct dns_channel *open_port(int port, int timeout_ms, int tries,
                                     int dnssec)
{
    struct dns_config cfg = {NULL, timeout_ms, tries, dnssec, 0};
    struct buf *why = buf_new(0);
    struct dns_channel *ch;
    char    servers[64];

    snprintf(servers, sizeof(servers), "127.0.0.1:%d", port);
    cfg.servers = servers;
    ch = dns_open(&cfg, why);
    ck_assert_msg(ch != NULL, "dns_open: %s", buf_str(why));
    buf_free(why);
    return (ch);
}

static struct dns_channel *dnsmasq(void)
{
    return (open_port(dnsmasq_port, 500, 2, 0));
}

/* show - one record per line as dns_rr_print() puts it, plus qname */

static const char *show(const struct dns_rr *list)
{
    static struct buf *b;

    if (b == NULL)
        b = buf_new(0);
    buf_reset(b);
    for (; list != NULL; list = list->next) {
        dns_rr_print(b, list);
        buf_printf(b, " (%s pref=%u port=%u%s)\n", list->qname, list->pref,
                   list->port, list->dnssec_valid ? " ad" : "");
    }
    return (buf_str(b));
}

static long now_ms(void)
{
    return (event_now_ms());
}

/* ------------------------------------------------------------------ */
/* dnsmasq tests. */

START_TEST(test_mx_and_hosts)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *mx;
    struct dns_rr *addrs;

    ck_assert_int_eq(dns_lookup_mx(ch, "example.test", &mx, why), DNS_OK);
    ck_assert_str_eq(buf_str(why), "");
    ck_assert_str_eq(show(mx),
                     "example.test. 300 IN MX 10 mx.example.test. (example.test pref=10 port=0)\n"
                     "example.test. 300 IN MX 20 mx2.example.test. (example.test pref=20 port=0)\n");
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, why),
                     DNS_OK);
    ck_assert_str_eq(show(addrs),
                     "mx.example.test. 300 IN A 127.0.0.2 (mx.example.test pref=10 port=0)\n"
                     "mx.example.test. 300 IN AAAA ::1 (mx.example.test pref=10 port=0)\n"
                     "mx2.example.test. 300 IN A 127.0.0.3 (mx2.example.test pref=20 port=0)\n");
    dns_rr_free(addrs);
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_IPV6, &addrs, why),
                     DNS_OK);
    ck_assert_str_eq(show(addrs),
                     "mx.example.test. 300 IN AAAA ::1 (mx.example.test pref=10 port=0)\n");
    dns_rr_free(addrs);
    dns_rr_free(mx);

    /* Trailing dot and case do not matter. */
    ck_assert_int_eq(dns_lookup_mx(ch, "EXAMPLE.test.", &mx, why), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(mx), 2);
    dns_rr_free(mx);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_addresses)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(ch, "mx.example.test", DNS_T_A, &list, why),
                     DNS_OK);
    ck_assert_str_eq(show(list), "mx.example.test. 300 IN A 127.0.0.2 "
                     "(mx.example.test pref=0 port=0)\n");
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup(ch, "mx.example.test", DNS_T_AAAA, &list, why),
                     DNS_OK);
    ck_assert_str_eq(show(list), "mx.example.test. 300 IN AAAA ::1 "
                     "(mx.example.test pref=0 port=0)\n");
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_addr(ch, "mx.example.test", DNS_FAMILY_ALL,
                                     &list, why), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(list), 2);
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_addr(ch, "mx.example.test", DNS_FAMILY_IPV4,
                                     &list, why), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(list), 1);
    dns_rr_free(list);

    /* mx2 has no AAAA: NODATA alone, OK with both families. */
    ck_assert_int_eq(dns_lookup(ch, "mx2.example.test", DNS_T_AAAA, &list,
                                why), DNS_NODATA);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=mx2.example.test type=AAAA: "
                     "Host found but no data record of requested type");
    ck_assert_int_eq(dns_lookup_addr(ch, "mx2.example.test", DNS_FAMILY_IPV6,
                                     &list, why), DNS_NODATA);
    ck_assert_ptr_null(list);
    ck_assert_int_eq(dns_lookup_addr(ch, "mx2.example.test", DNS_FAMILY_ALL,
                                     &list, why), DNS_OK);
    ck_assert_str_eq(buf_str(why), "");
    ck_assert_uint_eq(dns_rr_count(list), 1);
    dns_rr_free(list);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_nxdomain)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *list = (struct dns_rr *) 1;

    ck_assert_int_eq(dns_lookup(ch, "nosuch.example.test", DNS_T_A, &list,
                                why), DNS_NXDOMAIN);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=nosuch.example.test type=A: "
                     "Host not found");
    ck_assert_int_eq(dns_lookup_mx(ch, "nosuch.example.test", &list, why),
                     DNS_NXDOMAIN);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=nosuch.example.test type=MX: "
                     "Host not found");
    ck_assert_int_eq(dns_lookup_addr(ch, "nosuch.example.test",
                                     DNS_FAMILY_ALL, &list, why),
                     DNS_NXDOMAIN);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=nosuch.example.test type=A: "
                     "Host not found");
    /* A host name with no MX: NODATA. */
    ck_assert_int_eq(dns_lookup_mx(ch, "mx.example.test", &list, why),
                     DNS_NODATA);
    ck_assert_ptr_null(list);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_cname)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(ch, "alias.example.test", DNS_T_A, &list,
                                why), DNS_OK);
    ck_assert_str_eq(show(list), "mx.example.test. 300 IN A 127.0.0.2 "
                     "(alias.example.test pref=0 port=0)\n");
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_addr(ch, "alias.example.test", DNS_FAMILY_ALL,
                                     &list, why), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(list), 2);
    ck_assert_str_eq(list->rname, "mx.example.test");
    ck_assert_str_eq(list->next->rname, "mx.example.test");
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup(ch, "alias.example.test", DNS_T_CNAME, &list,
                                why), DNS_OK);
    ck_assert_str_eq(show(list), "alias.example.test. 300 IN CNAME "
                     "mx.example.test. (alias.example.test pref=0 port=0)\n");
    dns_rr_free(list);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_srv_tlsa)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *list;
    struct dns_rr *addrs;
    struct dns_rand r;

    dns_rand_seed(&r, 1);
    ck_assert_int_eq(dns_lookup_srv(ch, "_submission._tcp.example.test", &r,
                                    &list, why), DNS_OK);
    ck_assert_str_eq(show(list), "_submission._tcp.example.test. 300 IN SRV "
                     "0 1 587 mx.example.test. (_submission._tcp.example.test "
                     "pref=0 port=587)\n");
    ck_assert_int_eq(dns_lookup_hosts(ch, list, DNS_FAMILY_IPV4, &addrs, why),
                     DNS_OK);
    ck_assert_str_eq(show(addrs), "mx.example.test. 300 IN A 127.0.0.2 "
                     "(mx.example.test pref=0 port=587)\n");
    dns_rr_free(addrs);
    dns_rr_free(list);

    /* Priority 0 before priority 1, whatever the weights. */
    ck_assert_int_eq(dns_lookup_srv(ch, "_x._tcp.example.test", &r, &list,
                                    why), DNS_OK);
    ck_assert_str_eq(show(list),
                     "_x._tcp.example.test. 300 IN SRV 0 5 25 mx.example.test. (_x._tcp.example.test pref=0 port=25)\n"
                     "_x._tcp.example.test. 300 IN SRV 1 0 26 mx2.example.test. (_x._tcp.example.test pref=1 port=26)\n");
    dns_rr_free(list);

    ck_assert_int_eq(dns_lookup_tlsa(ch, "_25._tcp.mx.example.test", &list,
                                     why), DNS_OK);
    ck_assert_str_eq(show(list), "_25._tcp.mx.example.test. 300 IN TLSA "
                     "3 1 1 " TLSA_HASH " (_25._tcp.mx.example.test pref=0 "
                     "port=0)\n");
    ck_assert_uint_eq(list->data_len, 35);
    ck_assert_int_eq(list->dnssec_valid, 0);
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_tlsa(ch, "_25._tcp.mx2.example.test", &list,
                                     why), DNS_NXDOMAIN);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_null_mx)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *list;
    struct dns_rr *addrs;

    ck_assert_int_eq(dns_lookup_mx(ch, "nullmx.test", &list, why),
                     DNS_NULLMX);
    ck_assert_str_eq(buf_str(why), "Domain nullmx.test does not accept mail "
                     "(nullMX)");
    ck_assert_str_eq(show(list), "nullmx.test. 300 IN MX 0 . "
                     "(nullmx.test pref=0 port=0)\n");
    /* The root is no host: nothing to look up. */
    ck_assert_int_eq(dns_lookup_hosts(ch, list, DNS_FAMILY_ALL, &addrs, why),
                     DNS_NODATA);
    ck_assert_ptr_null(addrs);
    dns_rr_free(list);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_mx_without_address)
{
    struct dns_channel *ch = dnsmasq();
    struct buf *why = buf_new(0);
    struct dns_rr *mx;
    struct dns_rr *addrs;

    ck_assert_int_eq(dns_lookup_mx(ch, "noaddr.example.test", &mx, why),
                     DNS_OK);
    ck_assert_str_eq((char *) mx->data, "mx.noaddr.example.test");
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, why),
                     DNS_NXDOMAIN);
    ck_assert_ptr_null(addrs);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=mx.noaddr.example.test type=A: "
                     "Host not found");
    dns_rr_free(mx);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_equal_preference)
{
    struct dns_channel *ch = dnsmasq();
    struct dns_rr *mx;
    struct dns_rr *addrs;
    struct dns_rand r;
    int     seen[3] = {0};
    int     i;
    char    a[64];

    ck_assert_int_eq(dns_lookup_mx(ch, "equal.test", &mx, NULL), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(mx), 4);
    ck_assert_uint_eq(mx->next->next->next->pref, 20);
    ck_assert_str_eq((char *) mx->next->next->next->data, "d.equal.test");
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, NULL),
                     DNS_OK);
    ck_assert_uint_eq(dns_rr_count(addrs), 4);
    dns_rand_seed(&r, 3);
    for (i = 0; i < 300; i++) {
        addrs = dns_rr_randomize_pref(addrs, &r, dns_rr_cmp_pref);
        ck_assert_str_eq(dns_rr_addr_str(addrs->next->next->next, a,
                                         sizeof(a)), "127.0.1.4");
        seen[addrs->data[3] - 1]++;
    }
    for (i = 0; i < 3; i++)
        ck_assert_msg(seen[i] > 50, "127.0.1.%d first %d times", i + 1,
                      seen[i]);
    dns_rr_free(addrs);
    dns_rr_free(mx);
    dns_close(ch);
}
END_TEST

START_TEST(test_own_addresses)
{
    struct dns_channel *ch = dnsmasq();
    struct dns_own *own = dns_own_new();
    struct buf *why = buf_new(0);
    struct dns_rr *mx;
    struct dns_rr *addrs;
    int     found;

    /* mx.example.test (127.0.0.2, ::1) is me: only worse MX remain. */
    ck_assert_int_eq(dns_own_add(own, "127.0.0.2", DNS_FAMILY_ALL, why), 0);
    ck_assert_int_eq(dns_lookup_mx(ch, "self.test", &mx, why), DNS_OK);
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, why),
                     DNS_OK);
    ck_assert_uint_eq(dns_rr_count(addrs), 3);
    addrs = dns_own_truncate(own, addrs, &found);
    ck_assert_int_eq(found, 1);
    ck_assert_uint_eq(dns_rr_count(addrs), 0);
    dns_rr_free(addrs);
    dns_own_free(own);

    /* mx2 (pref 20) is me: keep the better ones. */
    own = dns_own_new();
    ck_assert_int_eq(dns_own_add(own, "127.0.0.3", DNS_FAMILY_ALL, why), 0);
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, why),
                     DNS_OK);
    addrs = dns_own_truncate(own, addrs, &found);
    ck_assert_int_eq(found, 1);
    ck_assert_str_eq(show(addrs),
                     "mx.example.test. 300 IN A 127.0.0.2 (mx.example.test pref=10 port=0)\n"
                     "mx.example.test. 300 IN AAAA ::1 (mx.example.test pref=10 port=0)\n");
    dns_rr_free(addrs);
    dns_own_free(own);

    /* Not me at all. */
    own = dns_own_new();
    ck_assert_int_eq(dns_own_add(own, "127.0.0.9", DNS_FAMILY_ALL, why), 0);
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, why),
                     DNS_OK);
    addrs = dns_own_truncate(own, addrs, &found);
    ck_assert_int_eq(found, 0);
    ck_assert_uint_eq(dns_rr_count(addrs), 3);
    dns_rr_free(addrs);
    dns_own_free(own);
    dns_rr_free(mx);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_forward_to_dead_server)
{
    struct dns_channel *ch = open_port(dnsmasq_port, 300, 1, 0);
    struct buf *why = buf_new(0);
    struct dns_rr *list;
    long    t0 = now_ms();

    ck_assert_int_eq(dns_lookup_mx(ch, "x.fail.test", &list, why), DNS_RETRY);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=x.fail.test type=MX: "
                     "Host not found, try again");
    ck_assert_int_lt(now_ms() - t0, 3000);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_search_domains)
{
    struct dns_config cfg = {NULL, 500, 2, 0, 1};
    struct buf *why = buf_new(0);
    struct dns_channel *ch;
    struct dns_rr *list;
    char    servers[64];

    snprintf(servers, sizeof(servers), "127.0.0.1:%d", dnsmasq_port);
    cfg.servers = servers;
    setenv("LOCALDOMAIN", "nosuch.test example.test", 1);
    ch = dns_open(&cfg, why);
    ck_assert_ptr_nonnull(ch);
    ck_assert_int_eq(dns_lookup(ch, "mx", DNS_T_A, &list, why), DNS_OK);
    ck_assert_str_eq(show(list), "mx.example.test. 300 IN A 127.0.0.2 "
                     "(mx pref=0 port=0)\n");
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup(ch, "mx2.example.test.", DNS_T_A, &list, why),
                     DNS_OK);
    dns_rr_free(list);
    dns_close(ch);
    unsetenv("LOCALDOMAIN");
    buf_free(why);
}
END_TEST

/* Asynchronous use through the event loop. */

struct async_slot {
    int    *left;
    int     status;
    int     count;
    char    cname[64];
};

static void async_done(struct dns_result *res, void *ctx)
{
    struct async_slot *s = ctx;

    s->status = res->status;
    s->count = (int) dns_rr_count(res->rr);
    snprintf(s->cname, sizeof(s->cname), "%s", res->cname);
    (*s->left)--;
}

START_TEST(test_event_loop)
{
    struct dns_channel *ch = dnsmasq();
    struct async_slot s[3];
    int     left = 3;
    long    deadline = now_ms() + 3000;
    int     i;

    for (i = 0; i < 3; i++)
        s[i].left = &left;
    dns_query(ch, "mx.example.test", DNS_T_A, async_done, s + 0);
    dns_query(ch, "example.test", DNS_T_MX, async_done, s + 1);
    dns_query(ch, "alias.example.test", DNS_T_AAAA, async_done, s + 2);
    ck_assert_int_eq(dns_pending(ch), 3);
    while (left > 0 && now_ms() < deadline)
        event_loop(100);
    ck_assert_int_eq(left, 0);
    ck_assert_int_eq(dns_pending(ch), 0);
    ck_assert_int_eq(s[0].status, DNS_OK);
    ck_assert_int_eq(s[0].count, 1);
    ck_assert_int_eq(s[1].status, DNS_OK);
    ck_assert_int_eq(s[1].count, 2);
    ck_assert_int_eq(s[2].status, DNS_OK);
    ck_assert_int_eq(s[2].count, 1);
    ck_assert_str_eq(s[2].cname, "mx.example.test");
    dns_close(ch);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Fake-server tests. */

static struct dns_channel *fake(int timeout_ms, int tries, int dnssec)
{
    return (open_port(fake_port, timeout_ms, tries, dnssec));
}

/* opt_flags - DO byte of the OPT record in query q, -1 if none */

static int opt_flags(const unsigned char *q, size_t n)
{
    size_t  end = 12;

    if (n < 12 || q[11] != 1)
        return (-1);
    while (end < n && q[end] != 0)
        end += q[end] + 1;
    end += 5;				/* zero byte, type, class */
    if (end + 11 != n || q[end] != 0 || q[end + 2] != DNS_T_OPT)
        return (-1);
    ck_assert_uint_eq((q[end + 3] << 8) | q[end + 4], DNS_EDNS_SIZE);
    return (q[end + 7]);
}

START_TEST(test_query_bits)
{
    struct dns_channel *plain = fake(500, 1, 0);
    struct dns_channel *sec = fake(500, 1, 1);
    struct dns_rr *list;

    ck_assert_int_eq(dns_dnssec(plain), 0);
    ck_assert_int_eq(dns_dnssec(sec), 1);

    /* Without DNSSEC: RD only, no EDNS; the answer has no AD. */
    ck_assert_int_eq(dns_lookup_tlsa(plain, "echo.fake", &list, NULL), DNS_OK);
    ck_assert_uint_eq(list->data[2], 0x01);
    ck_assert_uint_eq(list->data[3], 0x00);
    ck_assert_int_eq(opt_flags(list->data, list->data_len), -1);
    ck_assert_int_eq(list->dnssec_valid, 0);
    dns_rr_free(list);

    /* With DNSSEC: AD=1 in the header, EDNS0 with DO=1; AD trusted. */
    ck_assert_int_eq(dns_lookup_tlsa(sec, "echo.fake", &list, NULL), DNS_OK);
    ck_assert_uint_eq(list->data[2], 0x01);
    ck_assert_uint_eq(list->data[3], 0x20);
    ck_assert_int_eq(opt_flags(list->data, list->data_len), 0x80);
    ck_assert_int_eq(list->dnssec_valid, 1);
    dns_rr_free(list);

    /* Every type is sent the same way. */
    ck_assert_int_eq(dns_lookup(sec, "echo.fake", DNS_T_MX, &list, NULL),
                     DNS_INVALID);		/* query bytes are no MX */
    ck_assert_int_eq(dns_lookup(sec, "echo.fake", 99, &list, NULL), DNS_OK);
    ck_assert_uint_eq(list->data[3], 0x20);
    ck_assert_int_eq(opt_flags(list->data, list->data_len), 0x80);
    dns_rr_free(list);
    dns_close(plain);
    dns_close(sec);
}
END_TEST

START_TEST(test_ad_trust)
{
    struct dns_channel *plain = fake(500, 1, 0);
    struct dns_channel *sec = fake(500, 1, 1);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(plain, "ad.fake", DNS_T_A, &list, NULL),
                     DNS_OK);
    ck_assert_int_eq(list->dnssec_valid, 0);	/* not asked for */
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup(sec, "ad.fake", DNS_T_A, &list, NULL), DNS_OK);
    ck_assert_int_eq(list->dnssec_valid, 1);
    ck_assert_int_eq(memcmp(list->data, "\177\0\0\11", 4), 0);
    dns_rr_free(list);
    /* A CNAME re-query through a reply without AD: not valid. */
    ck_assert_int_eq(dns_lookup(sec, "cname.fake", DNS_T_A, &list, NULL),
                     DNS_OK);
    ck_assert_int_eq(list->dnssec_valid, 0);
    dns_rr_free(list);
    dns_close(plain);
    dns_close(sec);
}
END_TEST

START_TEST(test_server_errors)
{
    struct dns_channel *ch = fake(300, 1, 0);
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(ch, "servfail.fake", DNS_T_A, &list, why),
                     DNS_RETRY);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=servfail.fake type=A: Host not "
                     "found, try again");
    ck_assert_int_eq(dns_lookup(ch, "refused.fake", DNS_T_MX, &list, why),
                     DNS_RETRY);
    ck_assert_int_eq(dns_lookup(ch, "formerr.fake", DNS_T_MX, &list, why),
                     DNS_FAIL);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=formerr.fake type=MX: "
                     "Non-recoverable error");
    ck_assert_int_eq(dns_lookup(ch, "garbage.fake", DNS_T_A, &list, why),
                     DNS_INVALID);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), "Name service error for name=garbage.fake "
                     "type=A: Malformed or unexpected name server reply");
    ck_assert_int_eq(dns_lookup(ch, "other.fake", DNS_T_A, &list, why),
                     DNS_NXDOMAIN);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_cname_requery)
{
    struct dns_channel *ch = fake(300, 1, 0);
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(ch, "cname.fake", DNS_T_A, &list, why),
                     DNS_OK);
    ck_assert_str_eq(show(list), "target.fake. 60 IN A 127.0.0.7 "
                     "(cname.fake pref=0 port=0)\n");
    dns_rr_free(list);
    /* The target has no MX (NXDOMAIN): the text names what was asked. */
    ck_assert_int_eq(dns_lookup(ch, "cname.fake", DNS_T_MX, &list, why),
                     DNS_NXDOMAIN);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=cname.fake type=MX: "
                     "Host not found");
    ck_assert_int_eq(dns_lookup(ch, "cnameloop.fake", DNS_T_A, &list, why),
                     DNS_INVALID);
    ck_assert_ptr_null(list);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_bounded_answers)
{
    struct dns_channel *ch = fake(500, 1, 0);
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup_mx(ch, "bigmx.fake", &list, why), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(list), DNS_MAX_RR);
    ck_assert_uint_eq(list->pref, 0);
    ck_assert_str_eq((char *) list->data, "m0.fake");
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_mx(ch, "nullmx.fake", &list, why), DNS_NULLMX);
    dns_rr_free(list);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_tcp_fallback)
{
    struct dns_channel *plain = fake(500, 1, 0);
    struct dns_channel *sec = fake(500, 1, 1);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(plain, "tc.fake", DNS_T_A, &list, NULL),
                     DNS_OK);
    ck_assert_int_eq(memcmp(list->data, "\177\0\0\10", 4), 0);
    dns_rr_free(list);
    /* Over 512 bytes: TCP without EDNS, UDP with our EDNS size. */
    ck_assert_int_eq(dns_lookup(plain, "mid.fake", DNS_T_A, &list, NULL),
                     DNS_OK);
    ck_assert_int_eq(memcmp(list->data, "\177\0\0\2", 4), 0);
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup(sec, "mid.fake", DNS_T_A, &list, NULL),
                     DNS_OK);
    ck_assert_int_eq(memcmp(list->data, "\177\0\0\1", 4), 0);
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_mx(sec, "bigmx.fake", &list, NULL), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(list), DNS_MAX_RR);
    dns_rr_free(list);
    dns_close(plain);
    dns_close(sec);
}
END_TEST

START_TEST(test_bad_names)
{
    struct dns_channel *ch = fake(300, 1, 0);
    struct buf *why = buf_new(0);
    struct dns_rr *list;
    char    big[300];

    ck_assert_int_eq(dns_lookup(ch, "a..b", DNS_T_A, &list, why), DNS_INVALID);
    ck_assert_str_eq(buf_str(why), "Name service error for name=a..b type=A: "
                     "Malformed domain name");
    ck_assert_int_eq(dns_lookup_mx(ch, "bad name", &list, why), DNS_INVALID);
    ck_assert_int_eq(dns_lookup(ch, "", DNS_T_A, &list, why), DNS_INVALID);
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    ck_assert_int_eq(dns_lookup_addr(ch, big, DNS_FAMILY_ALL, &list, why),
                     DNS_INVALID);
    ck_assert_ptr_null(list);
    ck_assert_int_eq(dns_pending(ch), 0);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_dead_server)
{
    struct dns_channel *ch = open_port(free_port(0), 300, 2, 0);
    struct buf *why = buf_new(0);
    struct dns_rr *list;
    long    t0 = now_ms();

    ck_assert_int_eq(dns_lookup_addr(ch, "mx.example.test", DNS_FAMILY_ALL,
                                     &list, why), DNS_RETRY);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=mx.example.test type=A: Host "
                     "not found, try again");
    ck_assert_int_lt(now_ms() - t0, 3000);
    dns_close(ch);
    buf_free(why);
}
END_TEST

START_TEST(test_timeout_via_events)
{
    struct dns_channel *ch = fake(200, 1, 0);
    struct async_slot s;
    int     left = 1;
    long    t0 = now_ms();

    s.left = &left;
    dns_query(ch, "slow.fake", DNS_T_A, async_done, &s);
    while (left > 0 && now_ms() - t0 < 3000)
        event_loop(1000);		/* only the c-ares timer wakes us */
    ck_assert_int_eq(left, 0);
    ck_assert_int_eq(s.status, DNS_RETRY);
    ck_assert_int_ge(now_ms() - t0, 150);
    ck_assert_int_lt(now_ms() - t0, 1500);
    dns_close(ch);
}
END_TEST

START_TEST(test_wait_deadline_and_close)
{
    struct dns_channel *ch = fake(5000, 1, 0);
    struct async_slot s[2];
    int     left = 2;
    long    t0 = now_ms();

    s[0].left = s[1].left = &left;
    dns_query(ch, "slow.fake", DNS_T_A, async_done, s + 0);
    dns_query(ch, "other.fake", DNS_T_A, async_done, s + 1);
    ck_assert_int_eq(dns_wait(ch, &left, 300), -1);
    ck_assert_int_ge(now_ms() - t0, 250);
    ck_assert_int_lt(now_ms() - t0, 2000);
    ck_assert_int_eq(left, 0);			/* cancelled */
    ck_assert_int_eq(s[0].status, DNS_RETRY);
    ck_assert_int_eq(s[1].status, DNS_NXDOMAIN);
    ck_assert_int_eq(dns_pending(ch), 0);

    /* dns_wait(NULL) waits for the whole channel. */
    left = 1;
    dns_query(ch, "other.fake", DNS_T_A, async_done, s + 1);
    ck_assert_int_eq(dns_wait(ch, NULL, 2000), 0);
    ck_assert_int_eq(left, 0);
    ck_assert_int_eq(dns_wait(ch, NULL, 0), 0);

    /* Closing runs what is pending with DNS_RETRY. */
    left = 1;
    s[0].status = -1;
    dns_query(ch, "slow.fake", DNS_T_A, async_done, s + 0);
    dns_close(ch);
    ck_assert_int_eq(left, 0);
    ck_assert_int_eq(s[0].status, DNS_RETRY);
}
END_TEST

/* A lookup that waits, run from an event callback (as in a service). */

struct inside {
    struct dns_channel *ch;
    int     status;
    int     done;
};

static void inside_timer(int event, void *ctx)
{
    struct inside *in = ctx;
    struct dns_rr *list;

    (void) event;
    in->status = dns_lookup(in->ch, "ad.fake", DNS_T_A, &list, NULL);
    dns_rr_free(list);
    in->done = 1;
}

START_TEST(test_lookup_inside_event_callback)
{
    struct inside in = {fake(500, 1, 0), -1, 0};
    long    t0 = now_ms();

    event_request_timer(inside_timer, &in, 0);
    while (!in.done && now_ms() - t0 < 3000)
        event_loop(100);
    ck_assert_int_eq(in.done, 1);
    ck_assert_int_eq(in.status, DNS_OK);
    dns_close(in.ch);
}
END_TEST

START_TEST(test_open_errors)
{
    struct dns_config cfg = {"not an address", 100, 1, 0, 0};
    struct buf *why = buf_new(0);
    struct dns_channel *ch;

    ck_assert_ptr_null(dns_open(&cfg, why));
    {
        static const char want[] = "bad name server list \"not an address\": ";

        ck_assert_msg(strncmp(buf_str(why), want, sizeof(want) - 1) == 0,
                      "%s", buf_str(why));
    }
    /* Defaults from resolv.conf: opens, no traffic needed. */
    cfg.servers = "";
    buf_reset(why);
    ch = dns_open(&cfg, why);
    ck_assert_ptr_nonnull(ch);
    dns_close(ch);
    buf_free(why);
}
END_TEST

static Suite *dns_suite(int have_dnsmasq)
{
    Suite  *su = suite_create("dns");
    TCase  *tc;

    tc = tcase_create("fake");
    tcase_add_unchecked_fixture(tc, fake_start, fake_stop);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_query_bits);
    tcase_add_test(tc, test_ad_trust);
    tcase_add_test(tc, test_server_errors);
    tcase_add_test(tc, test_cname_requery);
    tcase_add_test(tc, test_bounded_answers);
    tcase_add_test(tc, test_tcp_fallback);
    tcase_add_test(tc, test_bad_names);
    tcase_add_test(tc, test_dead_server);
    tcase_add_test(tc, test_timeout_via_events);
    tcase_add_test(tc, test_wait_deadline_and_close);
    tcase_add_test(tc, test_lookup_inside_event_callback);
    tcase_add_test(tc, test_open_errors);
    suite_add_tcase(su, tc);

    if (!have_dnsmasq)
        return (su);
    tc = tcase_create("dnsmasq");
    tcase_add_unchecked_fixture(tc, dnsmasq_start, dnsmasq_stop);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_mx_and_hosts);
    tcase_add_test(tc, test_addresses);
    tcase_add_test(tc, test_nxdomain);
    tcase_add_test(tc, test_cname);
    tcase_add_test(tc, test_srv_tlsa);
    tcase_add_test(tc, test_null_mx);
    tcase_add_test(tc, test_mx_without_address);
    tcase_add_test(tc, test_equal_preference);
    tcase_add_test(tc, test_own_addresses);
    tcase_add_test(tc, test_forward_to_dead_server);
    tcase_add_test(tc, test_search_domains);
    tcase_add_test(tc, test_event_loop);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    int     have_dnsmasq = find_prog("dnsmasq") != NULL;
    SRunner *sr;
    int     failed;

    if (!have_dnsmasq)
        printf("test_dns: dnsmasq not found (Debian package dnsmasq-base): "
               "the dnsmasq test case is skipped\n");
    sr = srunner_create(dns_suite(have_dnsmasq));
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
