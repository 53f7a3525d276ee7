// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Random frames: mostly IPv4 and IPv6 to addresses in and around the
 * table's prefixes, addressed to the ingress interface, with edge TTLs and
 * lengths; then VLAN tags, other EtherTypes, foreign and group MACs,
 * multicast and link-local addresses, IPv4 options and fragments, broken
 * lengths and checksums, Ethernet padding, and cuts at every header boundary.
 * Sources come from the routes back the environment has (so that ICMP
 * errors find their way), its own addresses and the martian ranges; sizes
 * cluster around the gateways' MTUs; ICMP payloads carry error and
 * informational types; IPv6 payloads carry extension header chains.
 */
#include <string.h>

#include "gen.h"

#define ETH_HLEN 14

static void put16(__u8 *p, __u32 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* An address inside a prefix of tab (or just past it), or a special one. */
static void gen_addr(const struct model_route *tab, __u32 n, struct rng *r, int family, __u8 *a,
		     __u32 in_table_pct)
{
	static const __u8 v4[][4] = { { 224, 0, 0, 5 },	      { 239, 255, 255, 255 },
				      { 255, 255, 255, 255 }, { 169, 254, 1, 1 },
				      { 0, 0, 0, 0 },	      { 127, 0, 0, 1 },
				      { 240, 0, 0, 1 },	      { 223, 255, 255, 255 } };
	static const __u8 v6[][2] = { { 0xff, 0x02 }, { 0xff, 0x0e }, { 0xfe, 0x80 },
				      { 0xfe, 0xbf }, { 0xfe, 0xc0 }, { 0xfe, 0x7f },
				      { 0x00, 0x00 }, { 0x20, 0x01 } };
	__u32 bytes = family == 4 ? 4 : 16, b, p;

	rng_bytes(r, a, bytes);
	if (n && rng_pct(r, in_table_pct)) {
		const struct model_route *rt = &tab[rng_below(r, n)];

		p = rng_below(r, 10);
		for (b = 0; b < bytes * 8; b++) {
			__u8 bit = 0x80 >> (b % 8);
			bool set = b < rt->prefixlen ? rt->addr[b / 8] & bit
				   : p == 0	     ? false /* first address */
				   : p == 1	     ? true  /* last address */
						     : a[b / 8] & bit;

			a[b / 8] = set ? a[b / 8] | bit : a[b / 8] & ~bit;
		}
		/* Just outside: the last bit of the prefix flipped. */
		if (p == 2 && rt->prefixlen)
			a[(rt->prefixlen - 1) / 8] ^= 0x80 >> ((rt->prefixlen - 1) % 8);
		return;
	}
	if (rng_pct(r, 50))
		return;
	if (family == 4)
		memcpy(a, v4[rng_below(r, 8)], 4);
	else
		memcpy(a, v6[rng_below(r, 8)], 2);
}

static void gen_dst(const struct model_tables *t, struct rng *r, int family, __u8 *a)
{
	gen_addr(family == 4 ? t->v4 : t->v6, family == 4 ? t->n_v4 : t->n_v6, r, family, a, 85);
}

/* An address inside one of the environment's routes back (IPv4: bytes 0..3). */
static bool gen_back_addr(const struct gen_env *env, struct rng *r, int family, __u8 *a)
{
	const struct model_back *b;
	__u32 i, n = 0, pick, bits = family == 4 ? 32 : 128;
	__u8 rnd[16];

	for (i = 0; i < env->n_back; i++)
		n += env->back[i].family == family;
	if (!n)
		return false;
	pick = rng_below(r, n);
	for (i = 0; i < env->n_back; i++)
		if (env->back[i].family == family && !pick--)
			break;
	b = &env->back[i];
	rng_bytes(r, rnd, 16);
	memcpy(a, b->addr, 16);
	for (i = b->prefixlen; i < bits; i++) {
		__u8 bit = 0x80 >> (i % 8);

		a[i / 8] = (rnd[i / 8] & bit) ? a[i / 8] | bit : a[i / 8] & ~bit;
	}
	return true;
}

/* Sources the kernel treats apart: martian, local, unspecified, link-local. */
static void gen_odd_src(const struct gen_env *env, struct rng *r, int family, __u8 *a)
{
	static const __u8 v4[][4] = { { 0, 0, 0, 0 },	      { 0, 1, 2, 3 },
				      { 127, 0, 0, 1 },	      { 127, 9, 9, 9 },
				      { 224, 0, 0, 5 },	      { 239, 1, 1, 1 },
				      { 255, 255, 255, 255 }, { 255, 255, 255, 254 },
				      { 240, 0, 0, 1 } };
	static const __u8 v6[][16] = { { 0 },
				       { [15] = 1 },
				       { 0xff, 0x02, [15] = 1 },
				       { 0xfe, 0x80, [15] = 2 },
				       { 0xfe, 0x80, [8] = 0x11, [15] = 9 },
				       { 0xfe, 0xc0, [15] = 1 },
				       { [10] = 0xff, [11] = 0xff, 10, 0, 0, 1 },
				       { [15] = 2 } };

	if (family == 4 && env->n_local4 && rng_pct(r, 40))
		memcpy(a, env->local4[rng_below(r, env->n_local4)], 4);
	else if (family == 4)
		memcpy(a, v4[rng_below(r, 9)], 4);
	else
		memcpy(a, v6[rng_below(r, 8)], 16);
}

/* Sources in and just around the allow prefixes, where the verdict turns. */
static void gen_src(const struct model_tables *t, struct rng *r, const struct gen_env *env,
		    int family, __u8 *a)
{
	__u32 n = family == 4 ? t->n_allow4 : t->n_allow6, p = rng_below(r, 100);

	if (p < 30 && gen_back_addr(env, r, family, a))
		return;
	if (p < 40)
		return gen_odd_src(env, r, family, a);
	if (n && rng_pct(r, 60))
		gen_addr(family == 4 ? t->allow4 : t->allow6, n, r, family, a, 90);
	else
		gen_addr(family == 4 ? t->v4 : t->v6, family == 4 ? t->n_v4 : t->n_v6, r, family, a,
			 10);
}

static __u8 gen_ttl(struct rng *r)
{
	static const __u8 edges[] = { 0, 1, 2, 255 };

	if (rng_pct(r, 20))
		return edges[rng_below(r, 4)];
	return rng_pct(r, 50) ? 64 : rng_range(r, 2, 255);
}

/* A length field as written: mostly right, sometimes off by one or absurd. */
static __u32 gen_len_field(struct rng *r, __u32 right, __u32 hlen)
{
	static const int deltas[] = { -1, 1 };

	if (!rng_pct(r, 10))
		return right;
	switch (rng_below(r, 5)) {
	case 0:
		return (right + deltas[rng_below(r, 2)]) & 0xffff;
	case 1:
		return 0;
	case 2:
		return 0xffff;
	case 3:
		return hlen ? hlen - rng_below(r, 2) : 1;
	default:
		return rng_below(r, 0x10000);
	}
}

/* IPv4 header with options; returns the header length written. */
static __u32 gen_ipv4(const struct model_tables *t, struct rng *r, const struct gen_env *env,
		      __u8 *ip, __u32 payload)
{
	static const __u16 csums[] = { 0x0000, 0xffff, 0xfeff, 0xff00, 0xfffe, 0x00ff, 0xfefe };
	__u32 ihl = 5, ver = 4, hlen, i, sum = 0;

	if (rng_pct(r, 7))
		ihl = rng_range(r, 6, 15);
	else if (rng_pct(r, 2))
		ihl = rng_below(r, 5);
	if (rng_pct(r, 2))
		ver = rng_below(r, 16);
	hlen = (ihl < 5 ? 5 : ihl) * 4;
	ip[0] = ver << 4 | ihl;
	ip[1] = rng_next(r);
	put16(ip + 2, gen_len_field(r, hlen + payload, hlen));
	put16(ip + 4, rng_next(r));
	i = rng_below(r, 20); /* DF, fragments: first, middle, last */
	put16(ip + 6, i < 8    ? 0
		      : i < 15 ? 0x4000
		      : i < 16 ? 0x2000
		      : i < 17 ? 0x20b9
		      : i < 18 ? 0x00b9
			       : rng_next(r) & 0xffff);
	ip[8] = gen_ttl(r);
	i = rng_below(r, 100);
	ip[9] = i < 45 ? 17 : i < 70 ? 1 : i < 85 ? 6 : rng_next(r);
	put16(ip + 10, 0);
	gen_src(t, r, env, 4, ip + 12);
	gen_dst(t, r, 4, ip + 16);
	for (i = 20; i < hlen; i++) /* NOPs, End of Option List, or noise */
		ip[i] = rng_pct(r, 70) ? 1 : rng_pct(r, 50) ? 0 : rng_next(r);
	for (i = 0; i < hlen; i += 2)
		sum += (__u32)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	if (rng_pct(r, 5))
		sum = rng_pct(r, 50) ? csums[rng_below(r, 7)] : rng_below(r, 0x10000);
	put16(ip + 10, sum);
	return hlen;
}

static __u32 gen_ipv6(const struct model_tables *t, struct rng *r, const struct gen_env *env,
		      __u8 *ip, __u32 payload)
{
	static const __u8 next[] = { 6, 17, 58, 44, 0, 59, 43, 60, 51, 58 };

	rng_bytes(r, ip, 4); /* traffic class, flow label */
	ip[0] = (rng_pct(r, 97) ? 6 : rng_below(r, 16)) << 4 | (ip[0] & 0x0f);
	put16(ip + 4, gen_len_field(r, payload, 0));
	ip[6] = rng_pct(r, 85) ? next[rng_below(r, 10)] : rng_next(r);
	ip[7] = gen_ttl(r);
	gen_src(t, r, env, 6, ip + 8);
	gen_dst(t, r, 6, ip + 24);
	return 40;
}

/* ICMP types: errors, informational, unknown. */
static __u8 gen_icmp_type(struct rng *r, bool v6)
{
	static const __u8 v4[] = { 0, 3, 5, 8, 11, 12, 13, 17, 18, 19, 1, 200 };
	static const __u8 v6t[] = { 1, 2, 3, 4, 127, 128, 129, 133, 135, 200, 0, 255 };

	return v6 ? v6t[rng_below(r, 12)] : v4[rng_below(r, 12)];
}

/*
 * The first bytes of an IPv4 payload, or an IPv6 extension header chain
 * starting with ip[6]: each header's next header and length, fragment
 * offsets first or not, ending in an upper-layer header. room: payload bytes.
 */
static void gen_l4(struct rng *r, __u8 *ip, bool v6, __u8 *p, __u32 room)
{
	__u8 next = v6 ? ip[6] : ip[9];
	__u32 off = 0, n = 0;

	while (v6 && (next == 0 || next == 43 || next == 44 || next == 51 || next == 60) &&
	       off + 8 <= room && n++ < 6) {
		static const __u8 nexts[] = { 58, 58, 17, 6, 44, 60, 43, 59, 0, 51 };
		__u8 nh = nexts[rng_below(r, 10)];
		__u32 len;

		p[off] = nh;
		if (next == 44) {
			p[off + 1] = 0;
			put16(p + off + 2, rng_pct(r, 60) ? rng_below(r, 2) : rng_next(r) & 0xffff);
			len = 8;
		} else if (next == 51) {
			p[off + 1] = rng_below(r, 3);
			len = (p[off + 1] + 2U) * 4;
		} else {
			p[off + 1] = rng_pct(r, 80) ? 0 : rng_below(r, 4);
			len = (p[off + 1] + 1U) * 8;
		}
		off += len;
		next = nh;
	}
	if (next == (v6 ? 58 : 1) && off < room)
		p[off] = gen_icmp_type(r, v6);
}

static void gen_dst_mac(const struct model_tables *t, struct rng *r, __u32 ingress, __u8 *mac)
{
	static const __u8 group[][6] = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
					 { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x05 },
					 { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
					 { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e } };
	__u32 p = rng_below(r, 100), i;

	rng_bytes(r, mac, 6);
	mac[0] &= 0xfe;
	for (i = 0; i < t->n_ifaces; i++)
		if (t->ifaces[i].ifindex == ingress && p < 80)
			memcpy(mac, t->ifaces[i].val.mac, 6);
	if (p >= 76 && p < 80) { /* ours but for one byte: a compare that skips one fails */
		i = rng_below(r, 6);
		mac[i] ^= i ? rng_range(r, 1, 255) : rng_range(r, 1, 127) << 1;
	} else if (p >= 80 && p < 86)
		memcpy(mac, t->ifaces[rng_below(r, t->n_ifaces)].val.mac, 6);
	else if (p >= 86 && p < 94)
		memcpy(mac, group[rng_below(r, 4)], 6);
	else if (p >= 94 && p < 97)
		mac[0] |= 1; /* ours, or anyone's, with the group bit */
}

/* Where a cut is most likely to expose an off-by-one: around each header's end. */
static __u32 gen_cut(struct rng *r, __u32 len, __u32 l3, __u32 l3_hlen)
{
	__u32 at[] = { ETH_HLEN, ETH_HLEN + 4, ETH_HLEN + 8, l3 + 1,
		       l3 + 20,	 l3 + l3_hlen, l3 + 40,	     len - 1 };
	__u32 cut;

	if (rng_pct(r, 25))
		cut = rng_range(r, ETH_HLEN, len);
	else
		cut = at[rng_below(r, 8)] + rng_below(r, 3) - 1;
	return cut < ETH_HLEN ? ETH_HLEN : cut > len ? len : cut;
}

__u32 gen_packet(const struct model_tables *t, struct rng *r, const struct gen_env *env,
		 __u8 *frame, __u32 *ingress)
{
	__u32 p = rng_below(r, 100), l3 = ETH_HLEN, hlen = 0, len, payload, tags, i;
	__u32 type = 0;

	*ingress = env->ifindex[rng_below(r, env->n_if)];
	gen_dst_mac(t, r, *ingress, frame);
	rng_bytes(r, frame + 6, 6);

	payload = rng_pct(r, 70)   ? rng_below(r, 64)
		  : rng_pct(r, 90) ? rng_below(r, 600)
				   : rng_below(r, 1400);
	/* Around an egress MTU: where too big begins. */
	if (rng_pct(r, 12)) {
		__u16 mtu = t->gateways[rng_below(r, 4)].mtu;

		if (mtu > 60)
			payload = mtu - 40 + rng_below(r, 3) + (rng_pct(r, 50) ? 20 : 0) - 1;
	}
	if (p < 90) { /* IP, tagged now and then */
		tags = rng_pct(r, 6) ? rng_range(r, 1, 2) : 0;
		for (i = 0; i < tags; i++, l3 += 4) {
			put16(frame + l3 - 2, rng_pct(r, 50) ? 0x8100 : 0x88a8);
			put16(frame + l3, rng_next(r) & 0xffff);
		}
		type = rng_pct(r, 55) ? 0x0800 : 0x86dd;
		put16(frame + l3 - 2, type);
		if (type == 0x0800)
			hlen = gen_ipv4(t, r, env, frame + l3, payload);
		else
			hlen = gen_ipv6(t, r, env, frame + l3, payload);
	} else if (p < 97) { /* ARP, LLDP, an 802.3 length, MPLS, anything */
		static const __u16 types[] = { 0x0806, 0x88cc, 0x002e, 0x8847, 0x05ff, 0x0600 };

		put16(frame + 12, rng_pct(r, 70) ? types[rng_below(r, 6)] : rng_next(r) & 0xffff);
	} else { /* an IP EtherType followed by noise */
		put16(frame + 12, rng_pct(r, 50) ? 0x0800 : 0x86dd);
		payload += rng_below(r, 60);
	}
	len = l3 + hlen + payload;
	rng_bytes(r, frame + l3 + hlen, payload);
	if (hlen)
		gen_l4(r, frame + l3, type == 0x86dd, frame + l3 + hlen, payload);
	if (rng_pct(r, 10)) { /* Ethernet padding, or trailing junk */
		__u32 pad = rng_range(r, 1, 40);

		if (rng_pct(r, 50))
			memset(frame + len, 0, pad);
		else
			rng_bytes(r, frame + len, pad);
		len += pad;
	}
	if (rng_pct(r, 8))
		len = gen_cut(r, len, l3, hlen);
	return len;
}
