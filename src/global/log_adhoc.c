/*
 * log_adhoc - the per-recipient delivery log line
 *
 * Implements log_adhoc.h.  Time differences are computed on normalized
 * (sec, usec) pairs with saturating arithmetic, so stamps from the wire
 * cannot overflow; a negative difference becomes 0 and a huge one is
 * capped at DELAY_SEC_MAX seconds.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "buf.h"
#include "log_adhoc.h"
#include "mail_params.h"
#include "msg.h"
#include "quote_822_local.h"

#define MILLION		1000000L
#define DELAY_SEC_MAX	(LONG_MAX / 4)

struct delay {
    long    sec;
    long    usec;
};

static const long pow10_tab[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* tv_step - resolution (microseconds) for this value, before rounding */

static long tv_step(long sec, long usec, int max_dig)
{
    long    step = MILLION / pow10_tab[max_dig];
    long    width = pow10_tab[LOG_ADHOC_SIG_DIGITS];
    int     int_digits = 1;
    int     decimals;

    if (max_dig == 0)
        return step;
    if (sec > 0) {
        for (; sec >= 10 && int_digits < LOG_ADHOC_SIG_DIGITS; sec /= 10)
            int_digits++;
        decimals = LOG_ADHOC_SIG_DIGITS - int_digits;
        return MILLION / pow10_tab[decimals < max_dig ? decimals : max_dig];
    }
    while (usec >= width * step)
        step *= 10;
    return step;
}

void    log_adhoc_format_tv(struct buf *out, long sec, long usec, int max_dig)
{
    long    step;
    long    div;

    if (max_dig < 0 || max_dig > 6)
        msg_panic("log_adhoc_format_tv: bad maximum decimal count %d", max_dig);
    if (sec < 0 || sec > DELAY_SEC_MAX || usec < 0 || usec > MILLION)
        msg_panic("log_adhoc_format_tv: bad time %lds %ldus", sec, usec);
    step = tv_step(sec, usec, max_dig);
    usec += step / 2;
    if (usec >= MILLION) {
        sec += 1;
        usec -= MILLION;
    }
    buf_printf(out, "%ld", sec);
    if (usec < step)
        return;
    buf_putc(out, '.');
    for (div = MILLION / 10; usec >= step && div > 0; div /= 10) {
        buf_putc(out, '0' + (int) (usec / div));
        usec %= div;
    }
}

/* sat_add - a + b, saturated to [-DELAY_SEC_MAX, DELAY_SEC_MAX] */

static long sat_add(long a, long b)
{
    long    r;

    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? DELAY_SEC_MAX : -DELAY_SEC_MAX;
    if (r > DELAY_SEC_MAX)
        return DELAY_SEC_MAX;
    return r < -DELAY_SEC_MAX ? -DELAY_SEC_MAX : r;
}

/* tv_norm - (sec, usec) with 0 <= usec < MILLION */

static struct delay tv_norm(const struct timeval *tv)
{
    struct delay d;

    d.sec = sat_add(tv->tv_sec, tv->tv_usec / MILLION);
    d.usec = tv->tv_usec % MILLION;
    if (d.usec < 0) {
        d.usec += MILLION;
        d.sec = sat_add(d.sec, -1);
    }
    return d;
}

/* delta - later - earlier, 0 if negative */

static struct delay delta(const struct timeval *later,
                          const struct timeval *earlier)
{
    struct delay y = tv_norm(later);
    struct delay z = tv_norm(earlier);
    struct delay d;

    d.sec = sat_add(y.sec, -z.sec);
    d.usec = y.usec - z.usec;
    if (d.usec < 0) {
        d.usec += MILLION;
        d.sec = sat_add(d.sec, -1);
    }
    if (d.sec < 0)
        d.sec = d.usec = 0;
    return d;
}

/* compute_delays - total and a/b/c/d as reference 7.2 defines them */

static void compute_delays(const struct msg_stats *st,
                           const struct timeval *now, struct delay d[5])
{
    memset(d, 0, 5 * sizeof(*d));
    d[0] = delta(now, &st->incoming_arrival);
    if (st->active_arrival.tv_sec == 0) {
        d[1] = delta(now, &st->incoming_arrival);
        return;
    }
    d[1] = delta(&st->active_arrival, &st->incoming_arrival);
    if (st->agent_handoff.tv_sec == 0) {
        d[2] = delta(now, &st->active_arrival);
        return;
    }
    d[2] = delta(&st->agent_handoff, &st->active_arrival);
    if (st->conn_setup_done.tv_sec == 0) {
        d[4] = delta(now, &st->agent_handoff);
        return;
    }
    d[3] = delta(&st->conn_setup_done, &st->agent_handoff);
    d[4] = delta(now, &st->conn_setup_done);
}

void    log_addr_form(struct buf *out, const char *addr)
{
    if (strcasecmp(var_info_log_addr_form, "external") == 0)
        quote_822_local(out, addr);
    else if (strcasecmp(var_info_log_addr_form, "internal") == 0)
        buf_puts(out, addr);
    else
        msg_fatal("invalid parameter setting \"info_log_address_format = %s\"",
                  var_info_log_addr_form);
}

/* format_delays - ", delay=T, delays=a/b/c/d" */

static void format_delays(struct buf *out, const struct msg_stats *st,
                          const struct timeval *now)
{
    int     max_dig = var_delay_max_res;
    struct delay d[5];
    int     i;

    if (max_dig < 0 || max_dig > 6)
        max_dig = max_dig < 0 ? 0 : 6;
    compute_delays(st, now, d);
    for (i = 0; i < 5; i++) {
        buf_puts(out, i == 0 ? ", delay=" : i == 1 ? ", delays=" : "/");
        log_adhoc_format_tv(out, d[i].sec, d[i].usec, max_dig);
    }
}

void    log_adhoc_format(struct buf *out, const char *id,
                         const struct msg_stats *stats,
                         const struct recipient *rcpt, const char *relay,
                         const struct dsn *dsn, const char *status,
                         const struct timeval *now)
{
    const char *orig = rcpt->orig_addr;

    if (stats->deliver_done.tv_sec != 0)
        now = &stats->deliver_done;
    buf_printf(out, "%s: to=<", id);
    log_addr_form(out, rcpt->address);
    buf_putc(out, '>');
    if (orig != NULL && *orig != 0 && strcasecmp(rcpt->address, orig) != 0) {
        buf_puts(out, ", orig_to=<");
        log_addr_form(out, orig);
        buf_putc(out, '>');
    }
    buf_printf(out, ", relay=%s", relay);
    if (stats->reuse_count > 0)
        buf_printf(out, ", conn_use=%ld", (long) stats->reuse_count + 1);
    format_delays(out, stats, now);
    buf_printf(out, ", dsn=%s, status=%s (%s)", dsn->status, status,
               dsn->reason);
}

void    log_adhoc(const char *id, const struct msg_stats *stats,
                  const struct recipient *rcpt, const char *relay,
                  const struct dsn *dsn, const char *status)
{
    struct buf *line = buf_new(256);
    struct timeval now;

    gettimeofday(&now, NULL);
    log_adhoc_format(line, id, stats, rcpt, relay, dsn, status, &now);
    msg_info("%s", buf_str(line));
    buf_free(line);
}
