// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Addresses and prefixes as Junos writes them.
 *
 * IPv4 is parsed here rather than with inet_pton() for two reasons: Junos
 * accepts the abbreviated form "10/8" or "172.16/12" for prefixes (missing
 * octets are zero), and a reason ("prefix length must be 0..32") is worth
 * more to the user than "invalid". Octets with leading zeros are refused, as
 * their meaning (octal to inet_aton(), decimal to Junos) is ambiguous.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "config/config.h"

static int cfg_why(char *why, size_t size, const char *msg)
{
	if (why && size)
		snprintf(why, size, "%s", msg);
	return -1;
}

static bool cfg_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "a.b.c.d", or with allow_short "a", "a.b", "a.b.c" (the rest zero). */
static int cfg_v4_parse(const char *s, size_t len, bool allow_short, struct in_addr *out, char *why,
			size_t why_size)
{
	uint32_t v = 0;
	unsigned int octets = 0, val, digits;
	size_t i = 0;

	for (;;) {
		val = 0;
		digits = 0;
		while (i < len && cfg_is_digit(s[i])) {
			if (++digits > 3)
				return cfg_why(why, why_size, "each octet must be 0..255");
			if (digits == 2 && val == 0)
				return cfg_why(why, why_size,
					       "octets are written without leading zeros");
			val = val * 10 + (unsigned int)(s[i++] - '0');
		}
		if (!digits)
			return cfg_why(why, why_size, "not an IPv4 address");
		if (val > 255)
			return cfg_why(why, why_size, "each octet must be 0..255");
		v = v << 8 | val;
		octets++;
		if (i == len)
			break;
		if (s[i] != '.' || octets == 4)
			return cfg_why(why, why_size, "not an IPv4 address");
		i++;
	}
	if (octets < 4 && !allow_short)
		return cfg_why(why, why_size, "an IPv4 address has four octets");
	v <<= 8 * (4 - octets);
	out->s_addr = htonl(v);
	return 0;
}

static int cfg_v6_parse(const char *s, size_t len, struct in6_addr *out, char *why, size_t why_size)
{
	char buf[INET6_ADDRSTRLEN];

	if (len >= sizeof(buf))
		return cfg_why(why, why_size, "not an IPv6 address");
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET6, buf, out) != 1)
		return cfg_why(why, why_size, "not an IPv6 address");
	return 0;
}

/* Which family the text is trying to be: ':' means IPv6, a leading digit IPv4. */
static int cfg_guess_family(const char *s, size_t len)
{
	if (memchr(s, ':', len))
		return AF_INET6;
	if (len && cfg_is_digit(s[0]))
		return AF_INET;
	return 0;
}

int cfg_prefix_parse(const char *s, size_t len, struct cfg_prefix *p, bool *host_bits, char *why,
		     size_t why_size)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len, i;
	unsigned int max, plen = 0;
	bool cleared = false;
	unsigned char *b;
	char msg[64];

	memset(p, 0, sizeof(*p));
	if (host_bits)
		*host_bits = false;
	p->addr.family = cfg_guess_family(s, len);
	if (!p->addr.family)
		return cfg_why(why, why_size, "not an address");
	max = p->addr.family == AF_INET ? 32 : 128;
	if (slash) {
		size_t digits = len - alen - 1;

		snprintf(msg, sizeof(msg), "prefix length must be 0..%u", max);
		if (!digits || digits > 3)
			return cfg_why(why, why_size, msg);
		for (i = alen + 1; i < len; i++) {
			if (!cfg_is_digit(s[i]))
				return cfg_why(why, why_size, msg);
			plen = plen * 10 + (unsigned int)(s[i] - '0');
		}
		if (plen > max)
			return cfg_why(why, why_size, msg);
	} else {
		plen = max;
	}
	if (p->addr.family == AF_INET) {
		if (cfg_v4_parse(s, alen, slash != NULL, &p->addr.v4, why, why_size))
			return -1;
		b = (unsigned char *)&p->addr.v4;
	} else {
		if (cfg_v6_parse(s, alen, &p->addr.v6, why, why_size))
			return -1;
		b = p->addr.v6.s6_addr;
	}
	p->len = plen;
	for (i = 0; i < max / 8; i++) {
		unsigned int keep = plen >= 8 * (i + 1) ? 8 : plen > 8 * i ? plen - 8 * i : 0;
		unsigned char mask = (unsigned char)(0xff00 >> keep);

		if (b[i] & ~mask)
			cleared = true;
		b[i] &= mask;
	}
	if (host_bits)
		*host_bits = cleared;
	return 0;
}

int cfg_addr_parse(const char *s, size_t len, struct cfg_addr *a)
{
	struct cfg_prefix p;

	if (memchr(s, '/', len) || cfg_prefix_parse(s, len, &p, NULL, NULL, 0))
		return -1;
	*a = p.addr;
	return 0;
}

int cfg_prefix_cmp(const void *pa, const void *pb)
{
	const struct cfg_prefix *a = pa, *b = pb;
	int r;

	if (a->addr.family != b->addr.family)
		return a->addr.family < b->addr.family ? -1 : 1;
	r = memcmp(&a->addr.v6, &b->addr.v6,
		   a->addr.family == AF_INET ? sizeof(a->addr.v4) : sizeof(a->addr.v6));
	if (r)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

bool cfg_addr_is_unicast(const struct cfg_addr *a)
{
	if (a->family == AF_INET) {
		uint32_t v = ntohl(a->v4.s_addr);

		return v != 0 && v != 0xffffffff && (v >> 28) != 0xe;
	}
	return !IN6_IS_ADDR_UNSPECIFIED(&a->v6) && !IN6_IS_ADDR_MULTICAST(&a->v6);
}

void cfg_addr_str(const struct cfg_addr *a, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];

	if (!size)
		return;
	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    !inet_ntop(a->family,
		       a->family == AF_INET ? (const void *)&a->v4 : (const void *)&a->v6, tmp,
		       sizeof(tmp)))
		snprintf(tmp, sizeof(tmp), "?");
	snprintf(buf, size, "%s", tmp);
}

void cfg_prefix_str(const struct cfg_prefix *p, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];

	cfg_addr_str(&p->addr, tmp, sizeof(tmp));
	snprintf(buf, size, "%s/%u", tmp, p->len);
}
