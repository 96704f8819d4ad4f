/*
 * flush_clnt - client of the fast flush service
 *
 * Reference 5.4.  flush_add() tells the flush service (public/
 * $flush_service_name, announcement "protocol=queue_flush_protocol")
 * that queue file ID holds mail deferred for SITE, when SITE matches
 * fast_flush_domains: request=add, site=SITE, queue_id=ID; reply status.
 * A site that does not match gives FLUSH_STAT_DENY without a request;
 * a failed request FLUSH_STAT_FAIL (logged by mail_command_client).
 *
 * flush_domain_match() is the matching rule (Postfix's domain lists
 * with parent_domain_matches_subdomains including fast_flush_domains):
 * LIST holds patterns separated by commas and/or white space; the first
 * pattern that matches decides.  "example.com" matches example.com and
 * its subdomains, ".example.com" only its subdomains, "!pattern"
 * negates (a match means "no").  Case is ignored.  Lookup tables
 * ("type:name") and file names ("/path") are not supported yet: they
 * are skipped with a warning.  Returns 1 match, 0 no match.
 *
 *	int	flush_add(const char *site, const char *queue_id);
 *	int	flush_domain_match(const char *list, const char *site);
 */
#ifndef POSTERN_FLUSH_CLNT_H
#define POSTERN_FLUSH_CLNT_H

#define FLUSH_STAT_FAIL		(-1)	/* request failed */
#define FLUSH_STAT_OK		0	/* request executed */
#define FLUSH_STAT_UNKNOWN	2	/* unknown site */
#define FLUSH_STAT_BAD		3	/* invalid parameter */
#define FLUSH_STAT_DENY		4	/* request denied */

int     flush_add(const char *site, const char *queue_id);
int     flush_domain_match(const char *list, const char *site);

#endif
