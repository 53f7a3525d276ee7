// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * /metrics over HTTP from the daemon, with libmicrohttpd: the library parses
 * HTTP, this file only answers GET /metrics. Off unless --metrics-listen asks,
 * bound where it says. The library's threads render the metrics from the maps
 * (state/metrics.c), so a scrape never waits for the daemon's event loop and
 * never delays a failover; they are started after the daemon has dropped its
 * capabilities, and so have none.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include "xbr.h"
#include "daemon/metrics_http.h"
#include "state/metrics.h"

#define METRICS_THREADS	    2  /* two scrapers at once are served at once */
#define METRICS_CONNECTIONS 32 /* beyond that, new connections are refused */
#define METRICS_TIMEOUT_S   10 /* an idle connection is closed after this */

struct metrics_http {
	struct MHD_Daemon *mhd;
	const struct xbr_pins *p;
};

int metrics_listen_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *why,
			 size_t why_size)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	const char *colon = strrchr(s, ':');
	char host[INET6_ADDRSTRLEN + 2] = "";
	unsigned long port;
	size_t hlen;
	char *end;

	memset(ss, 0, sizeof(*ss));
	if (!colon) {
		snprintf(why, why_size, "\"%s\" has no port: give [ADDR]:PORT, e.g. 127.0.0.1:9469",
			 s);
		return -1;
	}
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port == 0 || port > 65535) {
		snprintf(why, why_size, "\"%s\" is not a port (1-65535)", colon + 1);
		return -1;
	}
	hlen = colon - s;
	if (hlen >= sizeof(host)) {
		snprintf(why, why_size, "\"%.*s\" is not an address", (int)hlen, s);
		return -1;
	}
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		host[hlen - 1] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1)
			return 0;
	} else if (!hlen) {
		/* Every address: IPv6 and IPv4 both (a dual-stack socket). */
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_any;
		*len = sizeof(*s6);
		return 0;
	} else {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		if (inet_pton(AF_INET, host, &s4->sin_addr) == 1)
			return 0;
	}
	snprintf(why, why_size,
		 "\"%s\" is not an address; an IPv6 one goes in brackets: [::1]:9469", host);
	return -1;
}

int metrics_http_bind(const char *listen_at)
{
	struct sockaddr_storage ss;
	char why[160];
	socklen_t len;
	int fd, one = 1, zero = 0, err;

	if (metrics_listen_parse(listen_at, &ss, &len, why, sizeof(why)))
		return xbr_fail(-EINVAL, "--metrics-listen: %s", why);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return xbr_fail(-errno, "--metrics-listen %s: %s", listen_at, strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64)) {
		err = -errno;
		close(fd);
		return xbr_fail(err, "--metrics-listen %s: cannot listen there: %s%s", listen_at,
				strerror(-err),
				err == -EADDRINUSE	? " (another process has the port)"
				: err == -EADDRNOTAVAIL ? " (not an address of this host)"
							: "");
	}
	return fd;
}

static enum MHD_Result metrics_reply(struct MHD_Connection *c, unsigned int status,
				     const char *type, char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result metrics_text(struct MHD_Connection *c, unsigned int status, const char *text)
{
	char *body = strdup(text);

	return body ? metrics_reply(c, status, "text/plain; charset=utf-8", body, strlen(body))
		    : MHD_NO;
}

static enum MHD_Result metrics_request(void *cls, struct MHD_Connection *c, const char *url,
				       const char *method, const char *version, const char *upload,
				       size_t *upload_size, void **con_cls)
{
	struct metrics_http *h = cls;
	char *body = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return metrics_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET /metrics\n");
	if (!strcmp(url, "/"))
		return metrics_text(c, MHD_HTTP_OK, "xbr: the metrics are at /metrics\n");
	if (strcmp(url, "/metrics"))
		return metrics_text(c, MHD_HTTP_NOT_FOUND,
				    "not found; the metrics are at /metrics\n");
	f = open_memstream(&body, &len);
	if (!f)
		return MHD_NO;
	err = metrics_write(h->p, f);
	fclose(f);
	if (err) {
		free(body);
		return metrics_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				    "xbr: cannot read the instance's maps\n");
	}
	return metrics_reply(c, MHD_HTTP_OK, METRICS_CONTENT_TYPE, body, len);
}

int metrics_http_start(struct metrics_http **hp, int fd, const struct xbr_pins *p)
{
	struct metrics_http *h = calloc(1, sizeof(*h));

	*hp = NULL;
	if (!h) {
		close(fd);
		return -ENOMEM;
	}
	h->p = p;
	h->mhd = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, metrics_request, h,
				  MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE,
				  (unsigned int)METRICS_THREADS, MHD_OPTION_CONNECTION_LIMIT,
				  (unsigned int)METRICS_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
				  (unsigned int)METRICS_TIMEOUT_S, MHD_OPTION_END);
	if (!h->mhd) {
		free(h);
		return xbr_fail(-EIO, "--metrics-listen: cannot start the HTTP server");
	}
	*hp = h;
	return 0;
}

void metrics_http_stop(struct metrics_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->mhd); /* closes the listening socket too */
	free(h);
}
