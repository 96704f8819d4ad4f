/*
 * verify_clnt - client of the address verification service
 *
 * Reference 5.5.  One connection to private/$address_verify_service_name
 * is kept open between requests; the server announces
 * "protocol=address_verification_prrotocol" (sic) once per connection.
 * The connection is reopened when it has been idle longer than
 * ipc_idle, is older than ipc_ttl, or the server has closed it or sent
 * anything unasked.  Connecting is retried every 10 s with the warning
 * "connect #N to subsystem private/verify: REASON"; the 11th failure is
 * fatal.  A failed request is logged ("problem talking to service
 * verify: REASON"), and retried on a new connection after 1 s, without
 * limit (as Postfix; the caller's watchdog bounds it).
 *
 * verify_clnt_update() sends
 *	request=update, address=ADDR, recipient_status=N, reason=TEXT
 * and returns the reply's status: VRFY_STAT_OK, _FAIL or _BAD.
 * verify_clnt_close() drops the connection (also for tests).
 *
 *	int	verify_clnt_update(const char *addr, int addr_status,
 *			const char *reason);
 *	void	verify_clnt_close(void);
 */
#ifndef POSTERN_VERIFY_CLNT_H
#define POSTERN_VERIFY_CLNT_H

#define VERIFY_PROTO	"address_verification_prrotocol"

/* recipient_status values (Postfix's DEL_RCPT_STAT_*). */
#define DEL_RCPT_STAT_OK	0
#define DEL_RCPT_STAT_DEFER	1
#define DEL_RCPT_STAT_BOUNCE	2
#define DEL_RCPT_STAT_TODO	3

/* Request status. */
#define VRFY_STAT_OK		0
#define VRFY_STAT_FAIL		(-1)
#define VRFY_STAT_BAD		(-2)

int     verify_clnt_update(const char *addr, int addr_status,
                           const char *reason);
void    verify_clnt_close(void);

#endif
