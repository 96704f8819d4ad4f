/*
 * smtp_state - per-request state of the smtp/lmtp delivery agent
 *
 *	struct smtp_state *smtp_state_alloc(struct deliver_request *request,
 *			const char *service);
 *			a state for one delivery request: no session yet,
 *			every recipient live and unmarked
 *	void	smtp_state_free(struct smtp_state *state);
 *			the request itself is not freed (smtp.c hands it to
 *			deliver_request_done)
 */
#include <stdlib.h>

#include "buf.h"
#include "dsn.h"
#include "mem.h"
#include "smtp.h"

struct smtp_state *smtp_state_alloc(struct deliver_request *request,
                                    const char *service)
{
    struct smtp_state *state = xcalloc(1, sizeof(*state));

    state->request = request;
    state->service = service;
    state->session = NULL;
    state->iter.dest = buf_new(64);
    state->iter.host = buf_new(64);
    state->iter.addr = buf_new(64);
    state->iter.port = 0;
    state->iter.pref = 0;
    state->why = dsb_create();
    state->scratch = buf_new(256);
    state->scratch2 = buf_new(256);
    state->scache_nexthop = buf_new(64);
    state->cache_used = argv_new(4);
    smtp_rcpt_init(state);
    return state;
}

void    smtp_state_free(struct smtp_state *state)
{
    if (state->session)
        smtp_session_free(state->session);
    buf_free(state->iter.dest);
    buf_free(state->iter.host);
    buf_free(state->iter.addr);
    dsb_free(state->why);
    buf_free(state->scratch);
    buf_free(state->scratch2);
    buf_free(state->scache_nexthop);
    argv_free(state->cache_used);
    free(state);
}
