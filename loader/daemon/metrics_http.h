/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * run --metrics-listen [ADDR]:PORT: /metrics over HTTP (libmicrohttpd), the
 * same text as `xbr stats --prometheus` (docs/design.md §6.4).
 */
#ifndef XBR_METRICS_HTTP_H
#define XBR_METRICS_HTTP_H

#include <stddef.h>
#include <sys/socket.h>

struct xbr_pins;
struct metrics_http;

/*
 * "[ADDR]:PORT", "ADDR:PORT" (IPv4) or ":PORT" (every address). 0, or -1
 * with why filled.
 */
int metrics_listen_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *why,
			 size_t why_size);

/* Bind the listening socket (before capabilities are dropped). The fd, or -errno (kept). */
int metrics_http_bind(const char *listen_at);

/*
 * Serve /metrics from p's maps on the bound fd, in threads of the library's
 * own, started after capabilities are dropped so that they have none; the
 * server owns fd from here on. 0 or -errno (kept).
 */
int metrics_http_start(struct metrics_http **h, int fd, const struct xbr_pins *p);

/* Stop serving (waits for the threads) and close the socket; h may be NULL. */
void metrics_http_stop(struct metrics_http *h);

#endif /* XBR_METRICS_HTTP_H */
