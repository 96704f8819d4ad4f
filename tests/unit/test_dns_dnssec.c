/*
 * test_dns_dnssec - the AD bit end to end: dns.c against a validating
 * unbound on loopback (test-harness 5b, "auth-zone" variant)
 *
 * An unchecked fixture signs example.test with ldns (ECDSA P-256 keys
 * made on the spot, signatures valid from yesterday for five years),
 * then breaks one signed record (bogus.example.test), writes an
 * unsigned plain.test, and starts "unbound -d" on a free 127.0.0.1
 * port with both zones as auth-zones, the KSK's DS as trust anchor and
 * the validator on.  Teardown stops unbound by PID and removes the
 * directory.  Without unbound or the ldns tools the test case is left
 * out with a note.  Setup takes well under a second.
 */
#include <arpa/inet.h>
#include <check.h>
#include <ftw.h>
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
#include "dns_lookup.h"
#include "dns_rr.h"

#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char dir[64];
static int port;
static pid_t unbound_pid;

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

static int free_port(void)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int     fd;
    int     tfd;
    int     p;

    for (;;) {
        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_DGRAM, 0);
        ck_assert_int_eq(bind(fd, (struct sockaddr *) &sin, sizeof(sin)), 0);
        ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sin, &len), 0);
        p = ntohs(sin.sin_port);
        tfd = socket(AF_INET, SOCK_STREAM, 0);
        if (bind(tfd, (struct sockaddr *) &sin, sizeof(sin)) == 0) {
            close(tfd);
            close(fd);
            return (p);
        }
        close(tfd);
        close(fd);
    }
}

static void write_file(const char *name, const char *text)
{
    char    path[128];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    ck_assert_ptr_nonnull(fp = fopen(path, "w"));
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

static const char signed_zone[] =
    "$ORIGIN example.test.\n$TTL 300\n"
    "@ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300\n"
    "@ IN NS ns.example.test.\n"
    "ns IN A 127.0.0.1\n"
    "@ IN MX 10 mx.example.test.\n"
    "@ IN MX 20 mx2.example.test.\n"
    "mx IN A 127.0.0.2\n"
    "mx IN AAAA ::1\n"
    "mx2 IN A 127.0.0.3\n"
    "_25._tcp.mx IN TLSA 3 1 1 " HASH "\n"
    "alias IN CNAME mx.example.test.\n"
    "bogus IN A 127.0.0.5\n";

static const char plain_zone[] =
    "$ORIGIN plain.test.\n$TTL 300\n"
    "@ IN SOA ns.plain.test. hostmaster.plain.test. 1 3600 600 86400 300\n"
    "@ IN NS ns.plain.test.\n"
    "ns IN A 127.0.0.1\n"
    "@ IN MX 10 mx.plain.test.\n"
    "mx IN A 127.0.0.4\n";

/* sign - keys, signatures, trust anchor, and one broken signature */

static void sign(void)
{
    char    cmd[1024];

    snprintf(cmd, sizeof(cmd),
             "cd %s && exec >sign.log 2>&1 && set -e && "
             "KSK=$(ldns-keygen -a ECDSAP256SHA256 -k example.test) && "
             "ZSK=$(ldns-keygen -a ECDSAP256SHA256 example.test) && "
             "ldns-signzone -i $(date -u -d '-1 day' +%%Y%%m%%d%%H%%M%%S) "
             "-e $(date -u -d '+5 years' +%%Y%%m%%d%%H%%M%%S) "
             "example.test.zone $ZSK $KSK && "
             "cp $KSK.ds example.test.ds && "
             "sed -i 's/^\\(bogus\\.example\\.test\\..*\\)127\\.0\\.0\\.5$/"
             "\\1127.0.0.6/' example.test.zone.signed && "
             "grep -q 127.0.0.6 example.test.zone.signed", dir);
    ck_assert_msg(system(cmd) == 0, "signing failed: see %s/sign.log", dir);
}

static void write_unbound_conf(void)
{
    char    text[2048];

    snprintf(text, sizeof(text),
             "server:\n"
             "    interface: 127.0.0.1@%d\n    port: %d\n"
             "    do-ip6: no\n    do-daemonize: no\n"
             "    username: \"\"\n    chroot: \"\"\n"
             "    directory: \"%s\"\n    pidfile: \"%s/unbound.pid\"\n"
             "    use-syslog: no\n    logfile: \"%s/unbound.log\"\n"
             "    verbosity: 1\n    num-threads: 1\n    so-reuseport: no\n"
             "    access-control: 127.0.0.0/8 allow\n"
             "    module-config: \"validator iterator\"\n"
             "    local-zone: \"test.\" nodefault\n"
             "    trust-anchor-file: \"%s/example.test.ds\"\n"
             "auth-zone:\n    name: \"example.test\"\n"
             "    zonefile: \"%s/example.test.zone.signed\"\n"
             "    for-downstream: no\n    for-upstream: yes\n"
             "    fallback-enabled: no\n"
             "auth-zone:\n    name: \"plain.test\"\n"
             "    zonefile: \"%s/plain.test.zone\"\n"
             "    for-downstream: no\n    for-upstream: yes\n"
             "    fallback-enabled: no\n"
             "remote-control:\n    control-enable: no\n",
             port, port, dir, dir, dir, dir, dir, dir);
    write_file("unbound.conf", text);
}

/* probe - a plain query by hand; 1 if unbound answered */

static int probe(void)
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

static void setup(void)
{
    char    conf[128];
    const char *prog = find_prog("unbound");
    int     i;

    strcpy(dir, "/tmp/test_dns_dnssec.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    port = free_port();
    write_file("example.test.zone", signed_zone);
    write_file("plain.test.zone", plain_zone);
    sign();
    write_unbound_conf();
    snprintf(conf, sizeof(conf), "%s/unbound.conf", dir);
    if ((unbound_pid = fork()) == 0) {
        (void) prctl(PR_SET_PDEATHSIG, SIGTERM);
        execl(prog, "unbound", "-d", "-c", conf, (char *) 0);
        _exit(127);
    }
    ck_assert_int_gt(unbound_pid, 0);
    for (i = 0; i < 50 && !probe(); i++)
        ck_assert_msg(waitpid(unbound_pid, NULL, WNOHANG) == 0,
                      "unbound exited; see %s/unbound.log", dir);
    ck_assert_msg(i < 50, "unbound does not answer on port %d", port);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    (void) remove(path);
    return (0);
}

static void teardown(void)
{
    if (unbound_pid > 0) {
        kill(unbound_pid, SIGTERM);
        (void) waitpid(unbound_pid, NULL, 0);
        unbound_pid = 0;
    }
    if (strncmp(dir, "/tmp/test_dns_dnssec.", 21) == 0)
        (void) nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static struct dns_channel *channel(int dnssec)
{
    struct dns_config cfg = {NULL, 1000, 2, dnssec, 0};
    struct dns_channel *ch;
    char    servers[64];

    snprintf(servers, sizeof(servers), "127.0.0.1:%d", port);
    cfg.servers = servers;
    ck_assert_ptr_nonnull(ch = dns_open(&cfg, NULL));
    return (ch);
}

/* all_valid - 1 if every record has dnssec_valid, 0 if none, else -1 */

static int all_valid(const struct dns_rr *list)
{
    int     yes = 0;
    int     no = 0;

    for (; list != NULL; list = list->next)
        list->dnssec_valid ? yes++ : no++;
    return (no == 0 ? 1 : yes == 0 ? 0 : -1);
}

START_TEST(test_signed_mx_and_addresses)
{
    struct dns_channel *ch = channel(1);
    struct dns_rr *mx;
    struct dns_rr *addrs;

    ck_assert_int_eq(dns_lookup_mx(ch, "example.test", &mx, NULL), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(mx), 2);
    ck_assert_str_eq((char *) mx->data, "mx.example.test");
    ck_assert_int_eq(all_valid(mx), 1);
    ck_assert_int_eq(dns_lookup_hosts(ch, mx, DNS_FAMILY_ALL, &addrs, NULL),
                     DNS_OK);
    ck_assert_uint_eq(dns_rr_count(addrs), 3);
    ck_assert_int_eq(all_valid(addrs), 1);
    dns_rr_free(addrs);
    dns_rr_free(mx);
    dns_close(ch);
}
END_TEST

START_TEST(test_signed_tlsa)
{
    struct dns_channel *ch = channel(1);
    struct dns_rr *list;
    static const char hash[] = HASH;
    unsigned char want[35] = {3, 1, 1};
    int     i;

    for (i = 0; i < 32; i++)
        ck_assert_int_eq(sscanf(hash + 2 * i, "%2hhx", want + 3 + i), 1);
    ck_assert_int_eq(dns_lookup_tlsa(ch, "_25._tcp.mx.example.test", &list,
                                     NULL), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(list), 1);	/* the RRSIG is not kept */
    ck_assert_uint_eq(list->data_len, 35);
    ck_assert_int_eq(memcmp(list->data, want, 35), 0);
    ck_assert_int_eq(list->dnssec_valid, 1);
    dns_rr_free(list);
    dns_close(ch);
}
END_TEST

struct got {
    int     status;
    int     valid;
    int     left;
    char    cname[64];
};

static void got_result(struct dns_result *res, void *ctx)
{
    struct got *g = ctx;

    g->status = res->status;
    g->valid = res->dnssec_valid;
    snprintf(g->cname, sizeof(g->cname), "%s", res->cname);
    g->left--;
}

/* ask - one query; status, validity and canonical name in g */

static void ask(struct dns_channel *ch, const char *name, int type,
                struct got *g)
{
    g->left = 1;
    dns_query(ch, name, type, got_result, g);
    ck_assert_int_eq(dns_wait(ch, &g->left, 5000), 0);
}

START_TEST(test_signed_denial_and_cname)
{
    struct dns_channel *ch = channel(1);
    struct got g;

    ask(ch, "nosuch.example.test", DNS_T_A, &g);
    ck_assert_int_eq(g.status, DNS_NXDOMAIN);
    ck_assert_int_eq(g.valid, 1);
    ask(ch, "mx2.example.test", DNS_T_AAAA, &g);
    ck_assert_int_eq(g.status, DNS_NODATA);
    ck_assert_int_eq(g.valid, 1);
    ask(ch, "alias.example.test", DNS_T_A, &g);
    ck_assert_int_eq(g.status, DNS_OK);
    ck_assert_int_eq(g.valid, 1);
    ck_assert_str_eq(g.cname, "mx.example.test");
    dns_close(ch);
}
END_TEST

START_TEST(test_insecure_and_unasked)
{
    struct dns_channel *sec = channel(1);
    struct dns_channel *plain = channel(0);
    struct dns_rr *list;
    struct got g;

    /* No trust anchor covers plain.test: answers, but no AD. */
    ck_assert_int_eq(dns_lookup_mx(sec, "plain.test", &list, NULL), DNS_OK);
    ck_assert_str_eq((char *) list->data, "mx.plain.test");
    ck_assert_int_eq(all_valid(list), 0);
    dns_rr_free(list);
    ask(sec, "plain.test", DNS_T_MX, &g);
    ck_assert_int_eq(g.valid, 0);

    /* Signed data, but AD not asked for: not valid. */
    ck_assert_int_eq(dns_lookup_mx(plain, "example.test", &list, NULL),
                     DNS_OK);
    ck_assert_int_eq(all_valid(list), 0);
    dns_rr_free(list);
    ask(plain, "example.test", DNS_T_MX, &g);
    ck_assert_int_eq(g.valid, 0);
    dns_close(sec);
    dns_close(plain);
}
END_TEST

START_TEST(test_bogus)
{
    struct dns_channel *ch = channel(1);
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup(ch, "bogus.example.test", DNS_T_A, &list, why),
                     DNS_RETRY);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), "Host or domain name not found. Name "
                     "service error for name=bogus.example.test type=A: "
                     "Host not found, try again");
    buf_free(why);
    dns_close(ch);
}
END_TEST

int     main(void)
{
    static const char *const tools[] = {
        "unbound", "ldns-keygen", "ldns-signzone", NULL,
    };
    Suite  *su = suite_create("dns_dnssec");
    TCase  *tc;
    SRunner *sr;
    int     failed;
    int     i;

    for (i = 0; tools[i] && find_prog(tools[i]); i++)
         /* void */ ;
    if (tools[i] == NULL) {
        tc = tcase_create("unbound");
        tcase_add_unchecked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 10);
        tcase_add_test(tc, test_signed_mx_and_addresses);
        tcase_add_test(tc, test_signed_tlsa);
        tcase_add_test(tc, test_signed_denial_and_cname);
        tcase_add_test(tc, test_insecure_and_unasked);
        tcase_add_test(tc, test_bogus);
        suite_add_tcase(su, tc);
    } else {
        printf("test_dns_dnssec: %s not found (Debian packages unbound, "
               "ldnsutils): the AD tests are skipped\n", tools[i]);
    }
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
