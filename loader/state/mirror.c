// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <linux/rtnetlink.h>
#include "xbr.h"
#include "kernel/kroutes.h"
#include "state/mirror.h"
#include "state/routes.h"

/* ---- prefixes --------------------------------------------------------------- */

static size_t key_alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

static struct keyset_key key_make(int family, unsigned int len, const void *addr, __u8 kind,
				  __u32 extra)
{
	struct keyset_key k = { .family = family, .len = len, .kind = kind, .extra = extra };
	size_t full = len / 8;

	memcpy(k.addr, addr, key_alen(family));
	/* host bits cleared, so that equal prefixes have equal keys */
	if (full < 16) {
		k.addr[full] &= (__u8)(0xff00 >> (len % 8));
		memset(k.addr + full + 1, 0, 15 - full);
	}
	return k;
}

static struct keyset_key key_prefix(const struct keyset_key *instance)
{
	return key_make(instance->family, instance->len, instance->addr, KEYSET_PREFIX, 0);
}

static struct keyset_key key_from_lpm(int family, const void *lpm)
{
	const struct xbr_lpm_v4 *v4 = lpm;
	const struct xbr_lpm_v6 *v6 = lpm;

	return family == AF_INET ? key_make(AF_INET, v4->prefixlen, v4->addr, KEYSET_PREFIX, 0)
				 : key_make(AF_INET6, v6->prefixlen, v6->addr, KEYSET_PREFIX, 0);
}

/* The LPM key of k; returns the trie's fd. */
static int key_to_lpm(const struct mirror *m, const struct keyset_key *k, void *lpm)
{
	if (k->family == AF_INET) {
		struct xbr_lpm_v4 *v4 = lpm;

		v4->prefixlen = k->len;
		memcpy(v4->addr, k->addr, 4);
		return pins_fd(m->p, routes_v4);
	}
	struct xbr_lpm_v6 *v6 = lpm;

	v6->prefixlen = k->len;
	memcpy(v6->addr, k->addr, 16);
	return pins_fd(m->p, routes_v6);
}

/* Does outer (a destination) contain or equal inner? */
static bool key_contains(const struct keyset_key *outer, const struct keyset_key *inner)
{
	size_t full = outer->len / 8;
	unsigned int rest = outer->len % 8;

	if (outer->family != inner->family || inner->len < outer->len)
		return false;
	if (memcmp(outer->addr, inner->addr, full))
		return false;
	return !rest || !((outer->addr[full] ^ inner->addr[full]) & (0xff00 >> rest));
}

static const struct mirror_dest *mirror_dest_equal(const struct mirror *m,
						   const struct keyset_key *prefix)
{
	for (size_t i = 0; i < m->n_dests; i++)
		if (m->dests[i].key.family == prefix->family &&
		    m->dests[i].key.len == prefix->len &&
		    !memcmp(m->dests[i].key.addr, prefix->addr, 16))
			return &m->dests[i];
	return NULL;
}

static bool mirror_inside(const struct mirror *m, const struct keyset_key *k)
{
	for (size_t i = 0; i < m->n_dests; i++)
		if (key_contains(&m->dests[i].key, k))
			return true;
	return false;
}

/* ---- set up ---------------------------------------------------------------- */

static int mirror_proto_number(const char *name)
{
	static const struct {
		const char *name;
		int proto;
	} known[] = {
		{ "kernel", RTPROT_KERNEL }, { "boot", RTPROT_BOOT }, { "static", RTPROT_STATIC },
		{ "dhcp", RTPROT_DHCP },     { "ra", RTPROT_RA },     { "zebra", RTPROT_ZEBRA },
		{ "bird", RTPROT_BIRD },     { "bgp", RTPROT_BGP },   { "isis", RTPROT_ISIS },
		{ "ospf", RTPROT_OSPF },     { "rip", RTPROT_RIP },   { "eigrp", RTPROT_EIGRP },
		{ "babel", RTPROT_BABEL },
	};
	char *end;
	long n;

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i].name))
			return known[i].proto;
	n = strtol(name, &end, 10);
	return (end != name && !*end && n >= 0 && n <= 255) ? (int)n : -1;
}

int mirror_ignore_parse(const char *list, bool ignore[256], char *why, size_t why_size)
{
	char copy[256], *tok, *save = NULL;

	if ((size_t)snprintf(copy, sizeof(copy), "%s", list) >= sizeof(copy)) {
		snprintf(why, why_size, "the list is longer than %zu characters", sizeof(copy) - 1);
		return -EINVAL;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int proto = mirror_proto_number(tok);

		if (proto < 0) {
			snprintf(why, why_size,
				 "unknown route protocol \"%s\"; use a name (kernel, boot, "
				 "static, zebra, bird, bgp, ospf, isis, ...) or a number 0-255",
				 tok);
			return -EINVAL;
		}
		ignore[proto] = true;
	}
	return 0;
}

int mirror_init(struct mirror *m, const struct xbr_pins *p, unsigned int table, const char *ignore)
{
	char why[256];

	memset(m, 0, sizeof(*m));
	m->p = p;
	m->table = table;
	m->ignore[XBR_RTPROT] = true; /* our own --install-routes */
	if (ignore && mirror_ignore_parse(ignore, m->ignore, why, sizeof(why)))
		return xbr_fail(-EINVAL, "--ignore-proto: %s", why);
	return 0;
}

void mirror_free(struct mirror *m)
{
	free(m->dests);
	keyset_free(&m->routes);
	keyset_free(&m->prefixes);
	m->dests = NULL;
	m->n_dests = 0;
}

int mirror_dests_from_config(struct mirror *m, const struct xbr_config *cfg)
{
	struct route_entry *r;
	size_t n;
	int err = routes_compile(cfg, &r, &n);

	if (err)
		return err;
	free(m->dests);
	m->dests = calloc(n ? n : 1, sizeof(*m->dests));
	if (!m->dests) {
		free(r);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		m->dests[i].key = key_from_lpm(r[i].family, &r[i].key);
		m->dests[i].val = r[i].val;
	}
	m->n_dests = n;
	free(r);
	return 0;
}

/* Destinations as the tries hold them: FORWARD entries, and DEFER entries standing in for one. */
int mirror_dests_from_maps(struct mirror *m)
{
	struct route_entry *r[2] = {};
	size_t n[2] = {};
	int err = 0;

	for (int f = 0; f < 2 && !err; f++)
		err = routes_read((f ? pins_fd(m->p, routes_v6) : pins_fd(m->p, routes_v4)),
				  f ? AF_INET6 : AF_INET, true, &r[f], &n[f]);
	free(m->dests);
	m->dests = err ? NULL : calloc(n[0] + n[1] + 1, sizeof(*m->dests));
	m->n_dests = 0;
	for (int f = 0; m->dests && f < 2; f++) {
		for (size_t i = 0; i < n[f]; i++) {
			struct mirror_dest *d = &m->dests[m->n_dests++];

			d->key = key_from_lpm(r[f][i].family, &r[f][i].key);
			d->val = r[f][i].val;
			d->val.action = XBR_ROUTE_FORWARD;
			d->val.flags = 0;
		}
	}
	free(r[0]);
	free(r[1]);
	return err ? err : m->dests ? 0 : -ENOMEM;
}

void mirror_dest_applied(struct mirror *m, int family, const void *lpm_key,
			 const struct xbr_route *val)
{
	struct keyset_key k = key_from_lpm(family, lpm_key);
	struct mirror_dest *d = (struct mirror_dest *)mirror_dest_equal(m, &k);

	if (d) {
		d->val = *val;
		d->val.action = XBR_ROUTE_FORWARD;
		d->val.flags = 0;
	}
}

/* ---- the kernel's routes ------------------------------------------------------ */

/* Count one more route/address instance; true when its prefix went from 0 to 1. */
static bool mirror_add(struct mirror *m, const struct keyset_key *instance)
{
	struct keyset_key prefix = key_prefix(instance);
	__u32 *seen, *count;

	if (!mirror_inside(m, &prefix))
		return false;
	/* created at 0: a route seen before is 1 */
	seen = keyset_put(&m->routes, instance);
	if (seen && *seen)
		return false;
	count = seen ? keyset_put(&m->prefixes, &prefix) : NULL;
	if (!count) {
		if (seen)
			keyset_del(&m->routes, instance);
		m->out_of_memory = true;
		return false;
	}
	*seen = 1;
	return ++*count == 1;
}

/* Count one route/address instance less; true when its prefix has none left. */
static bool mirror_del(struct mirror *m, const struct keyset_key *instance)
{
	struct keyset_key prefix = key_prefix(instance);
	__u32 *count;

	if (!keyset_get(&m->routes, instance))
		return false;
	keyset_del(&m->routes, instance);
	count = keyset_get(&m->prefixes, &prefix);
	if (!count || --*count)
		return false;
	keyset_del(&m->prefixes, &prefix);
	return true;
}

static bool mirror_route_wanted(const struct mirror *m, const struct nl_route_info *r)
{
	if (r->table != m->table || m->ignore[r->proto])
		return false;
	/* what the kernel acts on; not broadcast/multicast/anycast bookkeeping */
	return r->type == RTN_UNICAST || r->type == RTN_BLACKHOLE || r->type == RTN_UNREACHABLE ||
	       r->type == RTN_PROHIBIT || r->type == RTN_LOCAL;
}

static void mirror_scan_route(const struct nl_route_info *r, void *data)
{
	struct mirror *m = data;
	struct keyset_key k;

	if (!mirror_route_wanted(m, r))
		return;
	k = key_make(r->dst.addr.family, r->dst.len, &r->dst.addr.v6, KEYSET_ROUTE, r->metric);
	mirror_add(m, &k);
}

static struct keyset_key mirror_addr_key(const struct nl_ifaddr_info *a)
{
	return key_make(a->addr.family, a->addr.family == AF_INET ? 32 : 128, &a->addr.v6,
			KEYSET_ADDR, a->ifindex);
}

static void mirror_scan_addr(const struct nl_ifaddr_info *a, void *data)
{
	struct keyset_key k = mirror_addr_key(a);

	mirror_add(data, &k);
}

int mirror_scan(struct mirror *m)
{
	int err = 0;

	keyset_free(&m->routes);
	keyset_free(&m->prefixes);
	for (int f = 0; f < 2 && !err; f++) {
		err = nl_routes_dump(f ? AF_INET6 : AF_INET, mirror_scan_route, m);
		if (!err)
			err = nl_ifaddrs_dump(f ? AF_INET6 : AF_INET, mirror_scan_addr, m);
	}
	if (err)
		return xbr_fail(err, "cannot read the kernel's routes: %s", strerror(-err));
	if (m->out_of_memory)
		return xbr_fail(-ENOMEM, "out of memory mirroring the kernel's routes");
	return 0;
}

/* ---- the tries ------------------------------------------------------------------ */

/* The trie entry for a prefix the kernel has: DEFER, standing in for an equal destination. */
static int mirror_set_defer(struct mirror *m, const struct keyset_key *prefix)
{
	const struct mirror_dest *d = mirror_dest_equal(m, prefix);
	struct xbr_route val = { .action = XBR_ROUTE_DEFER };
	union {
		struct xbr_lpm_v4 v4;
		struct xbr_lpm_v6 v6;
	} lpm;
	int fd = key_to_lpm(m, prefix, &lpm);

	if (d) {
		val = d->val;
		val.action = XBR_ROUTE_DEFER;
		val.flags = XBR_ROUTE_F_SHADOWS;
	}
	m->writes++;
	if (bpf_map_update_elem(fd, &lpm, &val, BPF_ANY))
		return -errno;
	pins_routes_changed(m->p);
	return 0;
}

/* The kernel no longer has the prefix: the destination comes back, or nothing. */
static int mirror_clear(struct mirror *m, const struct keyset_key *prefix)
{
	const struct mirror_dest *d = mirror_dest_equal(m, prefix);
	union {
		struct xbr_lpm_v4 v4;
		struct xbr_lpm_v6 v6;
	} lpm;
	int fd = key_to_lpm(m, prefix, &lpm);

	m->writes++;
	if (d && bpf_map_update_elem(fd, &lpm, &d->val, BPF_ANY))
		return -errno;
	if (!d && bpf_map_delete_elem(fd, &lpm) && errno != ENOENT)
		return -errno;
	pins_routes_changed(m->p);
	return 0;
}

/* Defer entries collected per family, written in batches. */
struct mirror_write_ctx {
	struct mirror *m;
	bool dests_too;
	struct route_entry *e[2];
	size_t n[2], cap[2];
	int err;
};

static void mirror_write_one(const struct keyset_key *prefix, __u32 count, void *data)
{
	struct mirror_write_ctx *c = data;
	const struct mirror_dest *d;
	int f = prefix->family == AF_INET6;
	struct route_entry *r;

	/* equal to a destination: unless asked, tables_apply() writes it */
	d = mirror_dest_equal(c->m, prefix);
	if (c->err || !count || (!c->dests_too && d))
		return;
	if (c->n[f] == c->cap[f]) {
		size_t cap = c->cap[f] ? c->cap[f] * 2 : 1024;
		struct route_entry *grown = realloc(c->e[f], cap * sizeof(*grown));

		if (!grown) {
			c->err = -ENOMEM;
			return;
		}
		c->e[f] = grown;
		c->cap[f] = cap;
	}
	r = &c->e[f][c->n[f]++];
	memset(r, 0, sizeof(*r));
	key_to_lpm(c->m, prefix, &r->key);
	r->val.action = XBR_ROUTE_DEFER;
	if (d) {
		r->val = d->val;
		r->val.action = XBR_ROUTE_DEFER;
		r->val.flags = XBR_ROUTE_F_SHADOWS;
	}
}

/* n entries into a trie: in batches where the kernel has them, one by one where not. */
static int mirror_write_batch(int fd, int family, const struct route_entry *e, size_t n)
{
	enum { CHUNK = 8192 };
	size_t key_size = family == AF_INET ? sizeof(struct xbr_lpm_v4) : sizeof(struct xbr_lpm_v6);
	unsigned char *keys = malloc(CHUNK * key_size);
	struct xbr_route *vals = malloc(CHUNK * sizeof(*vals));
	int err = keys && vals ? 0 : -ENOMEM;

	for (size_t done = 0; !err && done < n;) {
		LIBBPF_OPTS(bpf_map_batch_opts, opts);
		__u32 count = n - done < CHUNK ? n - done : CHUNK;

		for (__u32 i = 0; i < count; i++) {
			memcpy(keys + i * key_size, &e[done + i].key, key_size);
			vals[i] = e[done + i].val;
		}
		if (!bpf_map_update_batch(fd, keys, vals, &count, &opts)) {
			done += count;
			continue;
		}
		/* no batch support: the rest one at a time */
		for (; done < n; done++)
			if (bpf_map_update_elem(fd, &e[done].key, &e[done].val, BPF_ANY)) {
				err = -errno;
				break;
			}
	}
	free(keys);
	free(vals);
	return err;
}

/*
 * Address order, shorter first: neighbours in the trie are written one after
 * the other, which takes the kernel a third less time than random order.
 */
static int mirror_cmp_v4(const void *a, const void *b)
{
	const struct xbr_lpm_v4 *x = &((const struct route_entry *)a)->key.v4;
	const struct xbr_lpm_v4 *y = &((const struct route_entry *)b)->key.v4;
	__u32 ax, ay;
	__u64 kx, ky;

	memcpy(&ax, x->addr, sizeof(ax));
	memcpy(&ay, y->addr, sizeof(ay));
	kx = (__u64)ntohl(ax) << 8 | x->prefixlen;
	ky = (__u64)ntohl(ay) << 8 | y->prefixlen;
	return kx < ky ? -1 : kx > ky;
}

static int mirror_cmp_v6(const void *a, const void *b)
{
	const struct xbr_lpm_v6 *x = &((const struct route_entry *)a)->key.v6;
	const struct xbr_lpm_v6 *y = &((const struct route_entry *)b)->key.v6;
	int c = memcmp(x->addr, y->addr, sizeof(x->addr));

	return c ? c : (int)x->prefixlen - (int)y->prefixlen;
}

int mirror_write(struct mirror *m, bool dests_too)
{
	struct mirror_write_ctx c = { .m = m, .dests_too = dests_too };

	keyset_each(&m->prefixes, mirror_write_one, &c);
	for (int f = 0; f < 2 && !c.err; f++) {
		if (c.n[f] > 1)
			qsort(c.e[f], c.n[f], sizeof(*c.e[f]), f ? mirror_cmp_v6 : mirror_cmp_v4);
		c.err = mirror_write_batch(
			(f ? pins_fd(m->p, routes_v6) : pins_fd(m->p, routes_v4)),
			f ? AF_INET6 : AF_INET, c.e[f], c.n[f]);
		m->writes += c.n[f];
	}
	pins_routes_changed(m->p);
	free(c.e[0]);
	free(c.e[1]);
	if (c.err)
		return xbr_fail(c.err, "cannot write the defer entries: %s", strerror(-c.err));
	return 0;
}

int mirror_prune(struct mirror *m)
{
	int err = 0;

	for (int f = 0; f < 2 && !err; f++) {
		int fd = (f ? pins_fd(m->p, routes_v6) : pins_fd(m->p, routes_v4));
		struct route_entry *r;
		size_t n;

		/* read all first: an LPM trie's iteration restarts from a deleted key */
		err = routes_read(fd, f ? AF_INET6 : AF_INET, false, &r, &n);
		for (size_t i = 0; !err && i < n; i++) {
			struct keyset_key k = key_from_lpm(r[i].family, &r[i].key);

			if (r[i].val.action != XBR_ROUTE_DEFER || keyset_get(&m->prefixes, &k))
				continue;
			if (r[i].val.flags & XBR_ROUTE_F_SHADOWS) {
				/* the kernel's equal route is gone: the destination comes back */
				r[i].val.action = XBR_ROUTE_FORWARD;
				r[i].val.flags = 0;
				bpf_map_update_elem(fd, &r[i].key, &r[i].val, BPF_ANY);
			} else {
				bpf_map_delete_elem(fd, &r[i].key);
			}
		}
		free(r);
	}
	pins_routes_changed(m->p);
	return err;
}

bool mirror_shadows(const struct mirror *m, int family, const void *lpm_key)
{
	struct keyset_key k = key_from_lpm(family, lpm_key);
	__u32 *count = keyset_get(&m->prefixes, &k);

	return count && *count;
}

size_t mirror_count(const struct mirror *m)
{
	return m->prefixes.used;
}

/* ---- events ------------------------------------------------------------------------ */

static int mirror_event(struct mirror *m, bool add, const struct keyset_key *instance)
{
	struct keyset_key prefix = key_prefix(instance);
	char buf[INET6_ADDRSTRLEN + 8];
	int err = 0;

	if (add && mirror_add(m, instance))
		err = mirror_set_defer(m, &prefix);
	else if (!add && mirror_del(m, instance))
		err = mirror_clear(m, &prefix);
	else if (add && m->out_of_memory)
		err = -ENOMEM;
	if (err) {
		union {
			struct xbr_lpm_v4 v4;
			struct xbr_lpm_v6 v6;
		} lpm;

		key_to_lpm(m, &prefix, &lpm);
		routes_key_str(prefix.family, &lpm, buf, sizeof(buf));
		m->out_of_memory = false;
		return xbr_fail(err, "cannot update the trie for %s: %s", buf, strerror(-err));
	}
	return 0;
}

int mirror_route_event(struct mirror *m, bool add, const struct nl_route_info *r)
{
	struct keyset_key k;

	if (!mirror_route_wanted(m, r))
		return 0;
	k = key_make(r->dst.addr.family, r->dst.len, &r->dst.addr.v6, KEYSET_ROUTE, r->metric);
	return mirror_event(m, add, &k);
}

int mirror_addr_event(struct mirror *m, bool add, const struct nl_ifaddr_info *a)
{
	struct keyset_key k = mirror_addr_key(a);

	return mirror_event(m, add, &k);
}
