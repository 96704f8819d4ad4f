/*
 * test_qmgr_sched - unit tests for src/qmgr/qmgr_sched.c (scheduler)
 *
 * The scheduler is pure bookkeeping, so it is compiled in directly.
 * Asserts: batches by recipient limit (and never mixing messages), the
 * concurrency window from initial to limit (+1 per success), negative
 * feedback (-1 per hop failure, death at zero with the pending entries
 * handed back, revival after the dead time), the transport process
 * limit, transport throttling, round-robin between destinations and
 * the CONN_LOAD/STORE rule.
 */
#include <check.h>
#include <string.h>

#include "../../src/qmgr/qmgr_sched.c"

static struct qsched *s;
static struct qtrans *t;
static int msg_a, msg_b;			/* distinct message pointers */

static void setup(void)
{
    s = qsched_create();
    t = qsched_transport(s, "smtp", 100);
}

static void teardown(void)
{
    qsched_free(s);
}

/* take - select every ready entry, return how many */

static int take(struct qentry **out, int max, long now)
{
    int     n = 0;
    struct qentry *e;

    while (n < max && (e = qsched_select(s, now)) != NULL)
        out[n++] = e;
    return (n);
}

START_TEST(test_batches)
{
    struct qdest *d = qsched_dest(s, t, "example.com", 5, 20, 3);
    struct qentry *e[10];
    int     i;

    for (i = 0; i < 7; i++)
        qsched_add(d, &msg_a, i);
    for (i = 0; i < 2; i++)
        qsched_add(d, &msg_b, i);
    ck_assert_int_eq(d->npending, 4);		/* 3 + 3 + 1 of a, 2 of b */
    ck_assert_int_eq(take(e, 10, 0), 4);
    ck_assert_int_eq(e[0]->nrcpt, 3);
    ck_assert_int_eq(e[1]->nrcpt, 3);
    ck_assert_int_eq(e[2]->nrcpt, 1);
    ck_assert_int_eq(e[2]->rcpt[0], 6);
    ck_assert_ptr_eq(e[2]->msg, &msg_a);
    ck_assert_int_eq(e[3]->nrcpt, 2);
    ck_assert_ptr_eq(e[3]->msg, &msg_b);
    for (i = 0; i < 4; i++)
        ck_assert_ptr_null(qsched_done(s, e[i], QSCHED_OK, 1, 1000));
}
END_TEST

START_TEST(test_window_growth)
{
    struct qdest *d = qsched_dest(s, t, "example.com", 2, 4, 1);
    struct qentry *e[20];
    int     i;

    for (i = 0; i < 12; i++)
        qsched_add(d, &msg_a, i);
    ck_assert_int_eq(take(e, 20, 0), 2);	/* the initial window */
    ck_assert_ptr_null(qsched_select(s, 0));
    ck_assert_ptr_null(qsched_done(s, e[0], QSCHED_OK, 1, 1000));
    ck_assert_int_eq(d->window, 3);
    ck_assert_int_eq(take(e + 2, 18, 1), 2);	/* 1 active + 2 = 3 */
    ck_assert_int_eq(d->active, 3);
    qsched_done(s, e[1], QSCHED_OK, 2, 1000);
    qsched_done(s, e[2], QSCHED_OK, 2, 1000);
    ck_assert_int_eq(d->window, 4);		/* the limit */
    qsched_done(s, e[3], QSCHED_OK, 2, 1000);
    ck_assert_int_eq(d->window, 4);		/* never above */
    ck_assert_int_eq(take(e, 20, 3), 4);
    ck_assert_int_eq(d->active, 4);
    ck_assert_ptr_null(qsched_select(s, 3));
    for (i = 0; i < 4; i++)
        qsched_done(s, e[i], QSCHED_OK, 4, 1000);
}
END_TEST

START_TEST(test_negative_feedback)
{
    struct qdest *d = qsched_dest(s, t, "down.example", 3, 10, 1);
    struct qentry *e[10];
    struct qentry *chain;
    int     i, n;

    for (i = 0; i < 8; i++)
        qsched_add(d, &msg_a, i);
    ck_assert_int_eq(take(e, 10, 0), 3);
    ck_assert_ptr_null(qsched_done(s, e[0], QSCHED_HOP_FAIL, 10, 5000));
    ck_assert_int_eq(d->window, 2);
    ck_assert_ptr_null(qsched_select(s, 10));	/* 2 active, window 2 */
    ck_assert_ptr_null(qsched_done(s, e[1], QSCHED_HOP_FAIL, 11, 5000));
    ck_assert_int_eq(d->window, 1);
    chain = qsched_done(s, e[2], QSCHED_HOP_FAIL, 12, 5000);
    ck_assert_int_eq(d->dead, 1);
    for (n = 0; chain; n++) {			/* the 5 still pending */
        struct qentry *next = chain->next;

        qsched_entry_free(chain);
        chain = next;
    }
    ck_assert_int_eq(n, 5);
    ck_assert_int_eq(d->npending, 0);
    ck_assert_int_eq(qsched_dest_dead(d, 5011), 1);
    ck_assert_int_eq(qsched_dest_dead(d, 5012), 0);	/* revived */
    ck_assert_int_eq(d->window, 3);
    qsched_add(d, &msg_b, 0);
    ck_assert_int_eq(take(e, 10, 5012), 1);
    qsched_done(s, e[0], QSCHED_OK, 5013, 5000);
}
END_TEST

START_TEST(test_no_feedback)
{
    struct qdest *d = qsched_dest(s, t, "x.example", 2, 10, 1);
    struct qentry *e[4];

    qsched_add(d, &msg_a, 0);
    qsched_add(d, &msg_a, 1);
    ck_assert_int_eq(take(e, 4, 0), 2);
    qsched_done(s, e[0], QSCHED_NO_FEEDBACK, 1, 1000);
    ck_assert_int_eq(d->window, 2);
    ck_assert_int_eq(d->last_done, 0);
    qsched_done(s, e[1], QSCHED_OK, 1, 1000);
}
END_TEST

START_TEST(test_process_limit_and_throttle)
{
    struct qtrans *lt = qsched_transport(s, "lmtp", 3);
    struct qdest *a = qsched_dest(s, lt, "a", 5, 5, 1);
    struct qdest *b = qsched_dest(s, lt, "b", 5, 5, 1);
    struct qentry *e[10];
    int     i;

    for (i = 0; i < 4; i++) {
        qsched_add(a, &msg_a, i);
        qsched_add(b, &msg_b, i);
    }
    ck_assert_int_eq(take(e, 10, 0), 3);	/* the transport's limit */
    ck_assert_int_eq(lt->active, 3);
    /* Round-robin: both destinations got a turn. */
    ck_assert_int_ge(a->active, 1);
    ck_assert_int_ge(b->active, 1);
    for (i = 0; i < 3; i++)
        qsched_done(s, e[i], QSCHED_OK, 1, 1000);
    qsched_throttle(lt, 100);
    ck_assert_ptr_null(qsched_select(s, 99));
    ck_assert_int_eq(take(e, 10, 100), 3);
    for (i = 0; i < 3; i++)
        qsched_done(s, e[i], QSCHED_OK, 101, 1000);
    ck_assert_int_eq(take(e, 10, 101), 2);
    for (i = 0; i < 2; i++)
        qsched_done(s, e[i], QSCHED_OK, 102, 1000);
    ck_assert_int_eq(s->nring, 0);		/* idle queues forgotten */
}
END_TEST

START_TEST(test_conn_flags)
{
    struct qdest *d = qsched_dest(s, t, "c.example", 5, 5, 1);
    struct qentry *e[4];

    qsched_add(d, &msg_a, 0);
    qsched_add(d, &msg_a, 1);
    ck_assert_int_eq(take(e, 1, 0), 1);
    ck_assert_int_eq(qsched_conn_flags(d, 0),
                     QSCHED_CONN_LOAD | QSCHED_CONN_STORE);	/* backlog */
    ck_assert_int_eq(take(e + 1, 1, 0), 1);
    qsched_done(s, e[0], QSCHED_OK, 10, 1000);
    qsched_add(d, &msg_b, 0);
    ck_assert_int_eq(take(e, 1, 500), 1);
    ck_assert_int_eq(qsched_conn_flags(d, 500),
                     QSCHED_CONN_LOAD | QSCHED_CONN_STORE);	/* back to back */
    qsched_done(s, e[1], QSCHED_NO_FEEDBACK, 600, 1000);
    ck_assert_int_eq(qsched_conn_flags(d, 5000), 0);	/* lone, idle */
    qsched_done(s, e[0], QSCHED_OK, 5000, 1000);
}
END_TEST

int     main(void)
{
    Suite  *su = suite_create("qmgr_sched");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_batches);
    tcase_add_test(tc, test_window_growth);
    tcase_add_test(tc, test_negative_feedback);
    tcase_add_test(tc, test_no_feedback);
    tcase_add_test(tc, test_process_limit_and_throttle);
    tcase_add_test(tc, test_conn_flags);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
