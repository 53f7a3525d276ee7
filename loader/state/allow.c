// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "state/allow.h"

void allow_free(struct allow_list *l)
{
	free(l->p);
	memset(l, 0, sizeof(*l));
}

static int allow_add(struct allow_list *l, const struct cfg_prefix *p)
{
	struct cfg_prefix *grown = realloc(l->p, (l->n + 1) * sizeof(*l->p));

	if (!grown)
		return -ENOMEM;
	l->p = grown;
	l->p[l->n++] = *p;
	return 0;
}

int allow_parse(const char *text, struct allow_list *l, char *why, size_t why_size)
{
	const char *s = text;
	char reason[128];

	memset(l, 0, sizeof(*l));
	if (!strcmp(text, ALLOW_ANY)) {
		l->any = true;
		return 0;
	}
	for (;;) {
		size_t len = strcspn(s, ",");
		struct cfg_prefix p = {};
		bool host_bits = false;

		if (cfg_prefix_parse(s, len, &p, &host_bits, reason, sizeof(reason))) {
			snprintf(why, why_size,
				 "\"%.*s\" is not a prefix (%s); give prefixes as "
				 "192.0.2.0/24,2001:db8::/32, or '%s'",
				 (int)len, s, reason, ALLOW_ANY);
			goto fail;
		}
		if (host_bits) {
			/* A security list: widening what the user wrote is not ours to do. */
			char fixed[INET6_ADDRSTRLEN + 8];

			cfg_prefix_str(&p, fixed, sizeof(fixed));
			snprintf(why, why_size, "\"%.*s\" has host bits set; did you mean %s?",
				 (int)len, s, fixed);
			goto fail;
		}
		if (allow_add(l, &p)) {
			snprintf(why, why_size, "out of memory");
			goto fail;
		}
		if (!s[len])
			return 0;
		s += len + 1;
	}
fail:
	allow_free(l);
	return -1;
}

/* An LPM key of either family, and the trie it belongs in. */
static int allow_key(const struct xbr_pins *p, const struct cfg_prefix *pfx, struct xbr_lpm_v6 *key)
{
	bool v4 = pfx->addr.family == AF_INET;

	/* An xbr_lpm_v4 is the first 8 bytes of an xbr_lpm_v6: prefixlen, then addr. */
	memset(key, 0, sizeof(*key));
	key->prefixlen = pfx->len;
	memcpy(key->addr, &pfx->addr.v6, v4 ? 4 : 16);
	return v4 ? pins_fd(p, allow_v4) : pins_fd(p, allow_v6);
}

static bool allow_has(const struct allow_list *l, const struct cfg_prefix *pfx)
{
	size_t bytes = pfx->addr.family == AF_INET ? 4 : 16;

	for (size_t i = 0; i < l->n; i++)
		if (l->p[i].addr.family == pfx->addr.family && l->p[i].len == pfx->len &&
		    !memcmp(&l->p[i].addr.v6, &pfx->addr.v6, bytes))
			return true;
	return false;
}

/* Every prefix in one trie, appended to l. */
static int allow_read_trie(int fd, int family, struct allow_list *l)
{
	struct xbr_lpm_v6 key, next; /* room for both families */
	size_t bytes = family == AF_INET ? 4 : 16;
	void *prev = NULL;
	int err = 0;

	while (!err && !bpf_map_get_next_key(fd, prev, &next)) {
		struct cfg_prefix p = { .addr.family = family, .len = next.prefixlen };

		memcpy(&p.addr.v6, next.addr, bytes);
		err = allow_add(l, &p);
		key = next;
		prev = &key;
	}
	return err ? err : (errno == ENOENT ? 0 : -errno);
}

/* The flag on every attached interface; the prefixes are in place first. */
static int allow_flags(const struct xbr_pins *p, bool on)
{
	__u32 ifindex[XBR_IFACES_MAX];
	struct xbr_iface val[XBR_IFACES_MAX];
	int n = pins_ifaces(p, ifindex, val, XBR_IFACES_MAX);

	for (int i = 0; i < n; i++) {
		if (on)
			val[i].flags |= XBR_IFACE_F_ALLOW_LIST;
		else
			val[i].flags &= ~XBR_IFACE_F_ALLOW_LIST;
		if (bpf_map_update_elem(pins_fd(p, ifaces), &ifindex[i], &val[i], BPF_EXIST))
			return -errno;
	}
	return 0;
}

int allow_apply(const struct xbr_pins *p, const struct allow_list *l)
{
	struct allow_list cur = {};
	const __u32 entry = XBR_ALLOW_ENTRY;
	struct xbr_lpm_v6 key;
	int err;

	err = allow_read_trie(pins_fd(p, allow_v4), AF_INET, &cur);
	if (!err)
		err = allow_read_trie(pins_fd(p, allow_v6), AF_INET6, &cur);
	if (!err && l->any)
		err = allow_flags(p, false);
	for (size_t i = 0; !err && i < l->n; i++) {
		int fd = allow_key(p, &l->p[i], &key);

		if (bpf_map_update_elem(fd, &key, &entry, BPF_ANY))
			err = -errno;
	}
	if (!err && !l->any)
		err = allow_flags(p, true);
	for (size_t i = 0; !err && i < cur.n; i++) {
		int fd = allow_key(p, &cur.p[i], &key);

		if (!allow_has(l, &cur.p[i]) && bpf_map_delete_elem(fd, &key) && errno != ENOENT)
			err = -errno;
	}
	allow_free(&cur);
	return err;
}

int allow_read(const struct xbr_pins *p, struct allow_list *l)
{
	__u32 ifindex[XBR_IFACES_MAX];
	struct xbr_iface val[XBR_IFACES_MAX];
	int n = pins_ifaces(p, ifindex, val, XBR_IFACES_MAX), err;

	memset(l, 0, sizeof(*l));
	l->any = true;
	for (int i = 0; i < n; i++)
		if (val[i].flags & XBR_IFACE_F_ALLOW_LIST)
			l->any = false;
	if (l->any)
		return 0;
	err = allow_read_trie(pins_fd(p, allow_v4), AF_INET, l);
	if (!err)
		err = allow_read_trie(pins_fd(p, allow_v6), AF_INET6, l);
	return err;
}
