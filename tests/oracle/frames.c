// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The frame classes. A frame is described by a struct pkt (addresses, TTL,
 * protocol, sizes, and the ways to break it), built with valid lengths and
 * checksums at every layer, then broken as the class says. The lab's
 * addresses (tests/lab/lab.sh):
 *
 *   client 198.51.100.2 / 2001:db8:c::2 (and .3 / ::3, neighbours of the router)
 *   router 198.51.100.1 / 2001:db8:c::1 towards the client, 192.0.2.1 / 2001:db8:1::1
 *   gateway 192.0.2.254 / 2001:db8:1::fe
 *
 * The backup destinations (tests/lab/oracle.conf) are every IPv4 and IPv6
 * address; the kernel routes inside them that test_oracle.sh adds are
 * 203.0.113.0/24 and 2001:db8:eeee::/48 back through the client's link,
 * blackholes 198.18.0.0/15 and 2001:db8:dead::/48, and an unreachable
 * 2001:db8:beef::/48.
 */
#include <arpa/inet.h>
#include <string.h>

#include "tests/oracle/frames.h"

struct pkt {
	int family;
	__u8 src[16], dst[16];
	__u8 ttl, proto, tos;
	__u16 id, frag; /* IPv4 identification, flags and offset (host order) */
	__u32 payload;	/* bytes after the L4 header */
	__u8 l4;	/* L4_* */
	__u8 icmp_type, icmp_code;
	/*
	 * IPv4 options; or IPv6 extension headers of 8 bytes each, the first of
	 * type ext_first, the last one's next header written by build().
	 */
	__u8 opt[40];
	__u32 opt_len;
	__u8 ext_first;
	/* ways to break it */
	int csum_delta;	      /* added to the IPv4 header checksum */
	bool csum_ffff;	      /* write a zero checksum as 0xffff */
	int len_delta;	      /* added to tot_len / payload_len */
	bool len_zero;	      /* IPv6 payload_len 0 */
	unsigned int version; /* 0: right */
	unsigned int ihl;     /* 0: right */
	__u32 pad;	      /* bytes after the packet */
	__u32 cut;	      /* frame cut to this many bytes; 0: not */
	const __u8 *dmac;     /* NULL: the router's */
	bool vlan;
};

enum { L4_UDP, L4_TCP, L4_ICMP, L4_RAW };

static void put16(__u8 *p, __u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static __u32 sum16(const __u8 *p, __u32 len, __u32 sum)
{
	for (__u32 i = 0; i + 1 < len; i += 2)
		sum += (__u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (__u32)p[len - 1] << 8;
	return sum;
}

static __u16 csum(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static void addr(struct pkt *k, __u8 *a, const char *s)
{
	inet_pton(k->family == 4 ? AF_INET : AF_INET6, s, a);
}

/* The L4 header and payload at p (len bytes in all); its checksum over the pseudo-header. */
static void l4(struct rng *r, const struct pkt *k, __u8 *p, __u32 len)
{
	bool v6 = k->family == 6;
	__u32 hl = 0, sum;
	__u8 proto = k->proto;

	rng_bytes(r, p, len);
	switch (k->l4) {
	case L4_UDP:
		hl = 8;
		put16(p + 4, len);
		put16(p + 6, 0);
		break;
	case L4_TCP:
		hl = 20;
		p[12] = 5 << 4;
		p[13] = rng_pct(r, 50) ? 0x02 : 0x10; /* SYN, or ACK */
		put16(p + 16, 0);
		put16(p + 18, 0);
		break;
	case L4_ICMP:
		hl = 8;
		p[0] = k->icmp_type;
		p[1] = k->icmp_code;
		put16(p + 2, 0);
		break;
	default:
		return;
	}
	if (len < hl)
		return;
	sum = sum16(p, len, 0);
	if (v6 || k->l4 != L4_ICMP) {
		__u32 alen = v6 ? 16 : 4;

		sum = sum16(k->src, alen, sum);
		sum = sum16(k->dst, alen, sum);
		sum += len + proto;
	}
	put16(p + (k->l4 == L4_UDP ? 6 : k->l4 == L4_TCP ? 16 : 2), csum(sum));
}

static __u32 l4_hlen(const struct pkt *k)
{
	return k->l4 == L4_UDP ? 8 : k->l4 == L4_TCP ? 20 : k->l4 == L4_ICMP ? 8 : 0;
}

static void build(struct rng *r, const struct lab_macs *m, struct pkt *k, struct frame *f)
{
	__u8 *e = f->data, *ip;
	__u32 l3 = 14, hlen, l4len = l4_hlen(k) + k->payload, tot;

	memset(f->data, 0, sizeof(f->data));
	memcpy(e, k->dmac ? k->dmac : m->router, 6);
	memcpy(e + 6, m->client, 6);
	if (k->vlan) {
		put16(e + 12, 0x8100);
		put16(e + 14, 10);
		l3 += 4;
	}
	put16(e + l3 - 2, k->family == 4 ? 0x0800 : 0x86dd);
	ip = e + l3;
	if (k->family == 4) {
		hlen = 20 + k->opt_len;
		tot = hlen + l4len;
		ip[0] = (k->version ? k->version : 4) << 4 | (k->ihl ? k->ihl : hlen / 4);
		ip[1] = k->tos;
		put16(ip + 2, tot + k->len_delta);
		put16(ip + 4, k->id);
		put16(ip + 6, k->frag);
		ip[8] = k->ttl;
		ip[9] = k->proto;
		memcpy(ip + 12, k->src, 4);
		memcpy(ip + 16, k->dst, 4);
		memcpy(ip + 20, k->opt, k->opt_len);
		l4(r, k, ip + hlen, l4len);
		put16(ip + 10, (csum(sum16(ip, hlen, 0)) + k->csum_delta) & 0xffff);
		if (k->csum_ffff && !ip[10] && !ip[11])
			put16(ip + 10, 0xffff);
	} else {
		hlen = 40 + k->opt_len;
		tot = hlen + l4len;
		put16(ip, (k->version ? k->version : 6) << 12 | (__u32)k->tos << 4);
		put16(ip + 2, rng_next(r) & 0xffff); /* flow label */
		put16(ip + 4, k->len_zero ? 0 : tot - 40 + k->len_delta);
		ip[6] = k->opt_len ? k->ext_first : k->proto;
		ip[7] = k->ttl;
		memcpy(ip + 8, k->src, 16);
		memcpy(ip + 24, k->dst, 16);
		memcpy(ip + 40, k->opt, k->opt_len);
		if (k->opt_len)
			ip[40 + k->opt_len - 8] = k->proto;
		l4(r, k, ip + hlen, l4len);
	}
	f->len = l3 + tot + k->pad;
	if (k->pad)
		rng_bytes(r, ip + tot, k->pad);
	if (k->cut && k->cut < f->len)
		f->len = k->cut;
	if (f->len < 14)
		f->len = 14;
}

/* ---- addresses ------------------------------------------------------------------ */

/* Somewhere behind the backup router: anywhere but the lab's own subnets and routes. */
static void backup_dst(struct rng *r, struct pkt *k)
{
	static const __u8 v4[][2] = { { 172, 16 }, { 172, 24 }, { 10, 1 },
				      { 100, 64 }, { 8, 8 },	{ 192, 168 } };

	if (k->family == 4) {
		memcpy(k->dst, v4[rng_below(r, 6)], 2);
		rng_bytes(r, k->dst + 2, 2);
		if (k->dst[0] == 172)
			k->dst[1] |= rng_below(r, 8);
	} else {
		static const __u8 v6[][4] = { { 0x20, 0x01, 0x0d, 0xb8 },
					      { 0x2a, 0x00, 0x14, 0x50 },
					      { 0xfd, 0x00, 0x00, 0x01 } };

		memcpy(k->dst, v6[rng_below(r, 3)], 4);
		rng_bytes(r, k->dst + 4, 12);
		if (k->dst[0] == 0x20)
			k->dst[4] = k->dst[5] = 0xff; /* 2001:db8:ffff::/48 */
	}
}

/* The client, mostly; sometimes its second address (both the router's neighbours). */
static void client_src(struct rng *r, struct pkt *k)
{
	if (k->family == 4)
		addr(k, k->src, rng_pct(r, 80) ? "198.51.100.2" : "198.51.100.3");
	else
		addr(k, k->src, rng_pct(r, 80) ? "2001:db8:c::2" : "2001:db8:c::3");
}

/* A sender behind the backup router: its way back is a backup destination too. */
static void remote_src(struct rng *r, struct pkt *k)
{
	backup_dst(r, k);
	memcpy(k->src, k->dst, 16);
	backup_dst(r, k);
}

static __u8 edge_ttl(struct rng *r)
{
	static const __u8 ttl[] = { 0, 1, 2, 64, 255 };

	return rng_pct(r, 25) ? ttl[rng_below(r, 5)] : rng_range(r, 2, 255);
}

/* A plain packet: client → behind the backup router, of a random protocol and size. */
static void base(struct rng *r, int family, struct pkt *k)
{
	static const __u8 l4s[] = { L4_UDP, L4_UDP, L4_TCP, L4_ICMP };

	memset(k, 0, sizeof(*k));
	k->family = family;
	client_src(r, k);
	backup_dst(r, k);
	k->ttl = rng_pct(r, 50) ? 64 : rng_range(r, 2, 255);
	k->tos = rng_pct(r, 70) ? 0 : rng_next(r);
	k->id = rng_next(r);
	k->frag = family == 4 && rng_pct(r, 50) ? 0x4000 : 0;
	k->l4 = l4s[rng_below(r, 4)];
	k->proto = k->l4 == L4_UDP ? 17 : k->l4 == L4_TCP ? 6 : family == 4 ? 1 : 58;
	k->icmp_type = family == 4 ? 8 : 128;
	k->payload = rng_pct(r, 70) ? rng_below(r, 200) : rng_below(r, 1300);
}

/* A payload that makes the IP packet len bytes long. */
static void size_to(struct pkt *k, __u32 len)
{
	__u32 h = (k->family == 4 ? 20 : 40) + k->opt_len + l4_hlen(k);

	k->payload = len > h ? len - h : 0;
}

/* ---- the classes ------------------------------------------------------------------ */

/* A class's generator; fam is the class's family (4, 6; 0: neither), for those two classes share.
 */
#define CLASS(name) \
	static void gen_##name(struct rng *r, const struct lab_macs *m, int fam, struct frame *f)

/* Forwarded as they are. */
CLASS(udp)
{
	struct pkt k;

	base(r, fam, &k);
	k.l4 = L4_UDP;
	k.proto = 17;
	build(r, m, &k, f);
}

CLASS(tcp)
{
	struct pkt k;

	base(r, fam, &k);
	k.l4 = L4_TCP;
	k.proto = 6;
	build(r, m, &k, f);
}

CLASS(v4_icmp)
{
	struct pkt k;

	base(r, 4, &k);
	k.l4 = L4_ICMP;
	k.proto = 1;
	k.icmp_type = rng_pct(r, 70) ? 8 : rng_below(r, 20);
	build(r, m, &k, f);
}

CLASS(v4_proto)
{
	struct pkt k;

	base(r, 4, &k);
	k.l4 = L4_RAW;
	k.proto = rng_next(r);
	build(r, m, &k, f);
}

CLASS(ttl_edge)
{
	struct pkt k;

	base(r, fam, &k);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

/* Time exceeded, or not. */
CLASS(ttl1)
{
	struct pkt k;

	base(r, fam, &k);
	k.ttl = rng_below(r, 2);
	build(r, m, &k, f);
}

CLASS(v4_ttl1_icmp_error)
{
	static const __u8 types[] = { 3, 4, 5, 11, 12, 1, 19, 200, 0, 13 };
	struct pkt k;

	base(r, 4, &k);
	k.ttl = 1;
	k.l4 = L4_ICMP;
	k.proto = 1;
	k.icmp_type = types[rng_below(r, 10)];
	if (rng_pct(r, 10))
		k.payload = 0, k.l4 = L4_RAW, k.proto = 1; /* no ICMP header at all */
	build(r, m, &k, f);
}

CLASS(v4_ttl1_fragment)
{
	struct pkt k;

	base(r, 4, &k);
	k.ttl = 1;
	k.frag = rng_pct(r, 50) ? 0x2000 : (rng_pct(r, 50) ? 0x2000 : 0) | rng_range(r, 1, 180);
	build(r, m, &k, f);
}

CLASS(v4_ttl1_large)
{
	struct pkt k;

	base(r, 4, &k);
	k.ttl = 1;
	size_to(&k, rng_range(r, 540, 1400));
	build(r, m, &k, f);
}

CLASS(ttl1_remote)
{
	struct pkt k;

	base(r, fam, &k);
	remote_src(r, &k);
	k.ttl = 1;
	build(r, m, &k, f);
}

/* ip_rcv_core(). */
CLASS(v4_bad_checksum)
{
	struct pkt k;

	base(r, 4, &k);
	k.ttl = edge_ttl(r);
	k.csum_delta = rng_range(r, 1, 0xfffe);
	build(r, m, &k, f);
}

CLASS(v4_checksum_ffff)
{
	struct pkt k;

	base(r, 4, &k);
	k.csum_ffff = true;
	/* the identification that makes the checksum 0, so that 0xffff may stand for it */
	k.id = 0;
	build(r, m, &k, f);
	{
		__u8 *ip = f->data + 14;
		__u16 c = (ip[10] << 8 | ip[11]);

		/* ~sum = c with id 0: id = c makes the sum 0xffff, the checksum 0 */
		put16(ip + 4, c);
		put16(ip + 10, 0xffff);
	}
}

CLASS(v4_bad_length)
{
	struct pkt k;

	base(r, 4, &k);
	switch (rng_below(r, 5)) {
	case 0:
		k.len_delta = 1; /* longer than the frame */
		break;
	case 1:
		k.len_delta = -(int)(l4_hlen(&k) + k.payload) - rng_range(r, 1, 20); /* below 20 */
		break;
	case 2:
		k.len_delta = rng_range(r, 100, 2000);
		break;
	case 3:
		k.len_delta = -(int)rng_below(r, k.payload + 1); /* shorter: the rest is padding */
		break;
	default:
		k.ihl = rng_below(r, 5);
	}
	build(r, m, &k, f);
}

CLASS(version)
{
	struct pkt k;

	base(r, fam, &k);
	/* the other family's, or any but the right one */
	k.version = rng_pct(r, 50) ? (unsigned int)(10 - fam) : rng_below(r, 16);
	if (k.version == (unsigned int)fam)
		k.version = fam + 1;
	build(r, m, &k, f);
}

CLASS(v4_padding)
{
	struct pkt k;

	base(r, 4, &k);
	k.payload = rng_below(r, 40);
	k.pad = rng_range(r, 1, 60);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(truncated)
{
	struct pkt k;

	base(r, fam, &k);
	build(r, m, &k, f);
	f->len = rng_range(r, 14, f->len > 14 ? f->len - 1 : 14);
}

/* The egress MTU is 1400 (tests/lab/test_oracle.sh). */
CLASS(v4_mtu_df)
{
	struct pkt k;

	base(r, 4, &k);
	k.frag = 0x4000;
	size_to(&k, rng_range(r, 1398, 1486));
	if (rng_pct(r, 15))
		k.ttl = 1;
	build(r, m, &k, f);
}

CLASS(v4_mtu_no_df)
{
	struct pkt k;

	base(r, 4, &k);
	k.frag = rng_pct(r, 80) ? 0 : 0x2000;
	size_to(&k, rng_range(r, 1401, 1486)); /* over the MTU: fragmented */
	build(r, m, &k, f);
}

CLASS(v4_mtu_df_fragment)
{
	struct pkt k;

	base(r, 4, &k);
	k.frag = 0x4000 | rng_range(r, 1, 100);
	size_to(&k, rng_range(r, 1401, 1486));
	build(r, m, &k, f);
}

CLASS(v4_mtu_remote)
{
	struct pkt k;

	base(r, 4, &k);
	remote_src(r, &k);
	k.frag = 0x4000;
	size_to(&k, rng_range(r, 1401, 1486));
	build(r, m, &k, f);
}

/* Options: the kernel's business. */
CLASS(v4_options)
{
	struct pkt k;
	__u32 i;

	base(r, 4, &k);
	k.opt_len = 4 * rng_range(r, 1, 10);
	for (i = 0; i < k.opt_len; i++)
		k.opt[i] = 1; /* NOP */
	switch (rng_below(r, 3)) {
	case 0: /* record route, room for the router's address */
		k.opt[0] = 7;
		k.opt[1] = k.opt_len - 1 < 39 ? (k.opt_len - 1) / 4 * 4 + 3 : 39;
		k.opt[2] = 4;
		memset(k.opt + 3, 0, k.opt[1] - 3);
		k.opt[k.opt_len - 1] = 0;
		break;
	case 1:			 /* a broken length: parameter problem */
		k.opt[0] = 0x88; /* stream id, wants 4 */
		k.opt[1] = rng_pct(r, 50) ? 0 : 9;
		break;
	default:
		k.opt[k.opt_len - 1] = 0; /* NOPs, End of Option List */
	}
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

/* ip_route_input_slow()'s martians. */
CLASS(v4_martian_src)
{
	static const char *const src[] = { "0.0.0.0",	      "0.1.2.3",	 "127.0.0.1",
					   "127.9.9.9",	      "224.0.0.5",	 "239.255.0.1",
					   "255.255.255.255", "255.255.255.254", "240.0.0.1" };
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.src, src[rng_below(r, 9)]);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(v4_martian_dst)
{
	static const char *const dst[] = {
		"0.0.0.1",   "0.9.9.9",	  "127.0.0.1",	     "127.1.2.3",
		"224.0.0.1", "239.1.1.1", "255.255.255.255", "240.0.0.9"
	};
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.dst, dst[rng_below(r, 8)]);
	k.ttl = edge_ttl(r);
	k.l4 = L4_UDP;
	k.proto = 17;
	build(r, m, &k, f);
}

CLASS(v4_src_self)
{
	static const char *const src[] = { "198.51.100.1", "192.0.2.1", "198.51.100.0" };
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.src, src[rng_below(r, 3)]);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

/* The client link's broadcast address as the source: forwarded (rp_filter off). */
CLASS(v4_src_broadcast)
{
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.src, "198.51.100.255");
	k.ttl = rng_range(r, 2, 255);
	build(r, m, &k, f);
}

/*
 * The same, expired: Linux 6.18 sends time exceeded to the broadcast
 * address; RFC 1812 4.3.2.7 says no error to a source that names no single
 * host, and __icmp_send() in later kernels checks the route back for
 * broadcast. xbr sends nothing (test_oracle.sh expects nothing of it).
 */
CLASS(v4_ttl1_src_broadcast)
{
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.src, "198.51.100.255");
	k.ttl = rng_below(r, 2);
	build(r, m, &k, f);
}

CLASS(src_remote)
{
	struct pkt k;

	base(r, fam, &k);
	remote_src(r, &k);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(v4_src_onlink)
{
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.src, "198.51.100.0");
	k.src[3] = rng_range(r, 4, 254); /* on the client's link, not a known neighbour */
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

/* Where the kernel's routes take precedence: the router itself, its links, its routes. */
CLASS(v4_dst_router)
{
	static const char *const dst[] = { "198.51.100.1", "192.0.2.1", "198.51.100.255" };
	struct pkt k;

	base(r, 4, &k);
	addr(&k, k.dst, dst[rng_below(r, 3)]);
	k.frag = 0x4000; /* never a fragment the router would wait for */
	k.ttl = rng_pct(r, 30) ? 1 : 64;
	build(r, m, &k, f);
}

CLASS(v4_dst_kernel_route)
{
	static const char *const dst[] = { "203.0.113.0", "198.18.0.0", "192.0.2.254",
					   "198.51.100.3" };
	struct pkt k;
	int i = rng_below(r, 4);

	base(r, 4, &k);
	addr(&k, k.dst, dst[i]);
	if (i < 2)
		k.dst[3] = rng_next(r);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

/* Ethernet. */
CLASS(mac_foreign)
{
	static const __u8 mac[] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct pkt k;

	base(r, rng_pct(r, 50) ? 4 : 6, &k);
	k.dmac = mac;
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(mac_group)
{
	static const __u8 mac[][6] = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
				       { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x05 },
				       { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 } };
	struct pkt k;

	base(r, rng_pct(r, 50) ? 4 : 6, &k);
	k.dmac = mac[rng_below(r, 3)];
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(vlan)
{
	struct pkt k;

	base(r, rng_pct(r, 50) ? 4 : 6, &k);
	k.vlan = true;
	build(r, m, &k, f);
}

CLASS(not_ip)
{
	static const __u16 types[] = { 0x88cc, 0x8847, 0x0600, 0x05dc, 0x9000, 0x1234 };

	memset(f->data, 0, sizeof(f->data));
	memcpy(f->data, m->router, 6);
	memcpy(f->data + 6, m->client, 6);
	put16(f->data + 12, types[rng_below(r, 6)]);
	f->len = rng_range(r, 14, 200);
	rng_bytes(r, f->data + 14, f->len - 14);
}

CLASS(ip_noise)
{
	memset(f->data, 0, sizeof(f->data));
	memcpy(f->data, m->router, 6);
	memcpy(f->data + 6, m->client, 6);
	put16(f->data + 12, rng_pct(r, 50) ? 0x0800 : 0x86dd);
	f->len = rng_range(r, 14, 120);
	rng_bytes(r, f->data + 14, f->len - 14);
}

/* IPv6. */
CLASS(v6_icmp)
{
	struct pkt k;

	base(r, 6, &k);
	k.l4 = L4_ICMP;
	k.proto = 58;
	k.icmp_type = rng_pct(r, 70) ? 128 : rng_next(r);
	build(r, m, &k, f);
}

CLASS(v6_hop1_icmp_error)
{
	static const __u8 types[] = { 1, 2, 3, 4, 127, 128, 129, 133, 136, 255 };
	struct pkt k;

	base(r, 6, &k);
	k.ttl = 1;
	k.l4 = L4_ICMP;
	k.proto = 58;
	k.icmp_type = types[rng_below(r, 10)];
	build(r, m, &k, f);
}

/* Extension headers: destination options, routing, fragments; the upper layer behind. */
static void ext_headers(struct rng *r, struct pkt *k)
{
	static const __u8 kinds[] = { 60, 43, 44, 60, 44 };
	__u32 n = rng_range(r, 1, 3), i;
	__u8 t[3];

	for (i = 0; i < n; i++)
		t[i] = kinds[rng_below(r, 5)];
	k->ext_first = t[0];
	for (i = 0; i < n; i++) {
		__u8 *h = k->opt + 8 * i;

		memset(h, 0, 8);
		h[0] = i + 1 < n ? t[i + 1] : 0; /* the last one's: build() */
		if (t[i] == 44) {
			__u16 fo = rng_pct(r, 60) ? 0 : rng_range(r, 1, 100) << 3;

			put16(h + 2, fo | rng_below(r, 2));
		} else if (t[i] == 43) {
			h[2] = 4; /* routing type 4 (segment routing), none left */
		} else {
			h[2] = 1; /* PadN, 4 bytes */
			h[3] = 4;
		}
	}
	k->opt_len = 8 * n;
}

CLASS(v6_hop1_ext)
{
	struct pkt k;

	base(r, 6, &k);
	k.ttl = rng_pct(r, 70) ? 1 : 64;
	ext_headers(r, &k);
	if (rng_pct(r, 50)) {
		k.l4 = L4_ICMP;
		k.proto = 58;
		k.icmp_type = rng_pct(r, 50) ? 1 : 128;
	}
	build(r, m, &k, f);
}

CLASS(v6_hop1_large)
{
	struct pkt k;

	base(r, 6, &k);
	k.ttl = 1;
	size_to(&k, rng_range(r, 1200, 1400));
	build(r, m, &k, f);
}

CLASS(v6_mtu)
{
	struct pkt k;

	base(r, 6, &k);
	size_to(&k, rng_range(r, 1398, 1486));
	if (rng_pct(r, 15))
		k.ttl = 1;
	if (rng_pct(r, 20))
		remote_src(r, &k);
	build(r, m, &k, f);
}

CLASS(v6_mtu_ext)
{
	struct pkt k;

	base(r, 6, &k);
	ext_headers(r, &k);
	size_to(&k, rng_range(r, 1401, 1486));
	build(r, m, &k, f);
}

CLASS(v6_hop_by_hop)
{
	struct pkt k;

	base(r, 6, &k);
	/* PadN only: nothing for the router to act on, forwarded as it is */
	k.ext_first = 0;
	memset(k.opt, 0, 8);
	k.opt[2] = 1;
	k.opt[3] = 4;
	k.opt_len = 8;
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(v6_payload_len)
{
	struct pkt k;

	base(r, 6, &k);
	switch (rng_below(r, 4)) {
	case 0:
		k.len_zero = true; /* an empty payload, the rest padding */
		break;
	case 1:
		k.len_delta = rng_range(r, 1, 100); /* beyond the frame */
		break;
	case 2:
		k.len_delta = -(int)rng_below(r, k.payload + 1);
		break;
	default:
		k.pad = rng_range(r, 1, 40);
	}
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(v6_special_src)
{
	static const char *const src[] = { "::",
					   "::1",
					   "ff02::1",
					   "ff0e::5",
					   "fe80::2",
					   "fe80::2",
					   "::ffff:198.51.100.2",
					   "2001:db8:c::1",
					   "2001:db8:1::1" };
	struct pkt k;

	base(r, 6, &k);
	addr(&k, k.src, src[rng_below(r, 9)]);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

CLASS(v6_special_dst)
{
	static const char *const dst[] = { "::1",     "::",	 "ff02::1", "ff01::1",
					   "ff00::1", "fe80::1", "ff0e::1", "::ffff:10.1.1.1" };
	struct pkt k;

	base(r, 6, &k);
	addr(&k, k.dst, dst[rng_below(r, 8)]);
	k.ttl = rng_pct(r, 50) ? 64 : 255;
	k.l4 = rng_pct(r, 50) ? L4_ICMP : L4_UDP;
	k.proto = k.l4 == L4_ICMP ? 58 : 17;
	build(r, m, &k, f);
}

CLASS(v6_dst_router)
{
	static const char *const dst[] = { "2001:db8:c::1", "2001:db8:1::1", "2001:db8:c::" };
	struct pkt k;

	base(r, 6, &k);
	addr(&k, k.dst, dst[rng_below(r, 3)]);
	k.ttl = rng_pct(r, 30) ? 1 : 64;
	build(r, m, &k, f);
}

CLASS(v6_dst_kernel_route)
{
	static const char *const dst[] = { "2001:db8:eeee::", "2001:db8:dead::", "2001:db8:beef::",
					   "2001:db8:1::fe", "2001:db8:c::3" };
	struct pkt k;
	int i = rng_below(r, 5);

	base(r, 6, &k);
	addr(&k, k.dst, dst[i]);
	if (i < 3)
		rng_bytes(r, k.dst + 8, 8);
	k.ttl = edge_ttl(r);
	build(r, m, &k, f);
}

/* The same sender, again and again: the rate limits (PROFILE_RATELIMIT). */
CLASS(ttl1_burst)
{
	struct pkt k;

	base(r, fam, &k);
	addr(&k, k.src, fam == 4 ? "198.51.100.2" : "2001:db8:c::2");
	k.ttl = 1;
	build(r, m, &k, f);
}

#define C(n, fam, w, src)                \
	{                                \
#n, fam, w, src, gen_##n \
	}
#define C2(n, g, fam, w, src)            \
	{                                \
#n, fam, w, src, gen_##g \
	}

const struct frame_class frame_classes[] = {
	C2(v4_udp, udp, 4, 40, true),
	C2(v4_tcp, tcp, 4, 30, true),
	C(v4_icmp, 4, 20, false),
	C(v4_proto, 4, 10, false),
	C2(v4_ttl_edge, ttl_edge, 4, 30, true),
	C2(v4_ttl1, ttl1, 4, 30, true),
	C(v4_ttl1_icmp_error, 4, 20, false),
	C(v4_ttl1_fragment, 4, 15, false),
	C(v4_ttl1_large, 4, 15, false),
	C2(v4_ttl1_remote, ttl1_remote, 4, 15, true),
	C(v4_bad_checksum, 4, 20, false),
	C(v4_checksum_ffff, 4, 5, false),
	C(v4_bad_length, 4, 20, false),
	C2(v4_version, version, 4, 10, false),
	C(v4_padding, 4, 15, false),
	C2(v4_truncated, truncated, 4, 15, false),
	C(v4_mtu_df, 4, 30, false),
	C(v4_mtu_no_df, 4, 20, false),
	C(v4_mtu_df_fragment, 4, 10, false),
	C(v4_mtu_remote, 4, 10, true),
	C(v4_options, 4, 20, false),
	C(v4_martian_src, 4, 30, true),
	C(v4_martian_dst, 4, 20, true),
	C(v4_src_self, 4, 20, true),
	C(v4_src_broadcast, 4, 5, true),
	C(v4_ttl1_src_broadcast, 4, 5, true),
	C2(v4_src_remote, src_remote, 4, 25, true),
	C(v4_src_onlink, 4, 15, true),
	C(v4_dst_router, 4, 15, false),
	C(v4_dst_kernel_route, 4, 20, true),
	C(mac_foreign, 0, 15, false),
	C(mac_group, 0, 15, false),
	C(vlan, 0, 10, false),
	C(not_ip, 0, 10, false),
	C(ip_noise, 0, 10, false),
	C2(v6_udp, udp, 6, 40, true),
	C2(v6_tcp, tcp, 6, 30, false),
	C(v6_icmp, 6, 20, false),
	C2(v6_hop_edge, ttl_edge, 6, 30, true),
	C2(v6_hop1, ttl1, 6, 30, true),
	C(v6_hop1_icmp_error, 6, 20, false),
	C(v6_hop1_ext, 6, 25, false),
	C(v6_hop1_large, 6, 15, false),
	C2(v6_hop1_remote, ttl1_remote, 6, 15, true),
	C(v6_mtu, 6, 30, false),
	C(v6_mtu_ext, 6, 10, false),
	C(v6_hop_by_hop, 6, 15, false),
	C(v6_payload_len, 6, 20, false),
	C2(v6_version, version, 6, 10, false),
	C2(v6_truncated, truncated, 6, 15, false),
	C(v6_special_src, 6, 30, true),
	C(v6_special_dst, 6, 20, true),
	C2(v6_src_remote, src_remote, 6, 25, true),
	C(v6_dst_router, 6, 15, false),
	C(v6_dst_kernel_route, 6, 20, true),
	C2(v4_ttl1_burst, ttl1_burst, 4, 0, false),
	C2(v6_hop1_burst, ttl1_burst, 6, 0, false),
};

const unsigned int n_frame_classes = sizeof(frame_classes) / sizeof(frame_classes[0]);

static bool in_profile(const struct frame_class *c, enum frame_profile p)
{
	switch (p) {
	case PROFILE_ALL:
		return c->weight > 0;
	case PROFILE_SOURCES:
		return c->weight > 0 && c->sources;
	case PROFILE_V4:
		return c->weight > 0 && c->family == 4;
	case PROFILE_RATELIMIT:
		return !strcmp(c->name, "v4_ttl1_burst") || !strcmp(c->name, "v6_hop1_burst");
	}
	return false;
}

unsigned int frame_draw(__u64 seed, __u64 n, enum frame_profile profile, const struct lab_macs *m,
			struct frame *f)
{
	unsigned int total = 0, i, pick;
	struct rng r;

	rng_seed(&r, seed, profile, n);
	if (profile == PROFILE_RATELIMIT) {
		/* a burst of each family in turn, in the order the test counts them */
		i = n < 12 ? 0 : 1;
		for (pick = 0; pick < n_frame_classes; pick++)
			if (in_profile(&frame_classes[pick], profile) && !i--)
				break;
		frame_classes[pick].gen(&r, m, frame_classes[pick].family, f);
		return pick;
	}
	for (i = 0; i < n_frame_classes; i++)
		if (in_profile(&frame_classes[i], profile))
			total += frame_classes[i].weight;
	pick = rng_below(&r, total);
	for (i = 0; i < n_frame_classes; i++) {
		if (!in_profile(&frame_classes[i], profile))
			continue;
		if (pick < frame_classes[i].weight)
			break;
		pick -= frame_classes[i].weight;
	}
	frame_classes[i].gen(&r, m, frame_classes[i].family, f);
	return i;
}

/* ---- markers ------------------------------------------------------------------ */

static const __u8 marker_magic[8] = { 'x', 'b', 'r', '-', 'e', 'n', 'd', '.' };

/*
 * UDP from the client to a backup destination: what every deployment
 * forwards. IPv6, so that the profile with IPv4 forwarding off has it too.
 */
void frame_marker_gw(const struct lab_macs *m, __u32 seq, struct frame *f)
{
	struct pkt k;
	struct rng r;
	__u8 *p;

	rng_seed(&r, 0x6d61726b, seq, 1);
	memset(&k, 0, sizeof(k));
	k.family = 6;
	addr(&k, k.src, "2001:db8:c::2");
	addr(&k, k.dst, "2001:db8:ffff::254");
	k.ttl = 64;
	k.l4 = L4_RAW;
	k.proto = 17;
	k.payload = 20;
	build(&r, m, &k, f);
	p = f->data + 54;
	memset(p, 0, 20);
	put16(p + 4, 20);
	memcpy(p + 8, marker_magic, 8);
	p[16] = seq >> 24;
	p[17] = seq >> 16;
	p[18] = seq >> 8;
	p[19] = seq;
	put16(p + 6, csum(sum16(p, 20, sum16(f->data + 22, 32, 20 + 17))));
}

/* An echo request to the router: its kernel answers in every deployment. */
void frame_marker_cl(const struct lab_macs *m, __u32 seq, struct frame *f)
{
	struct pkt k;
	struct rng r;
	__u8 *p;

	rng_seed(&r, 0x6d61726b, seq, 2);
	memset(&k, 0, sizeof(k));
	k.family = 6;
	addr(&k, k.src, "2001:db8:c::2");
	addr(&k, k.dst, "2001:db8:c::1");
	k.ttl = 64;
	k.l4 = L4_RAW;
	k.proto = 58;
	k.payload = 20;
	build(&r, m, &k, f);
	p = f->data + 54;
	memset(p, 0, 20);
	p[0] = 128; /* echo request */
	memcpy(p + 8, marker_magic, 8);
	p[16] = seq >> 24;
	p[17] = seq >> 16;
	p[18] = seq >> 8;
	p[19] = seq;
	put16(p + 2, csum(sum16(p, 20, sum16(f->data + 22, 32, 20 + 58))));
}

static bool marker_at(const __u8 *p, __u32 len, __u32 off, __u32 seq)
{
	return len >= off + 12 && !memcmp(p + off, marker_magic, 8) &&
	       p[off + 8] == (__u8)(seq >> 24) && p[off + 9] == (__u8)(seq >> 16) &&
	       p[off + 10] == (__u8)(seq >> 8) && p[off + 11] == (__u8)seq;
}

bool frame_is_marker_gw(const __u8 *p, __u32 len, __u32 seq)
{
	return len >= 54 && p[12] == 0x86 && p[13] == 0xdd && p[20] == 17 &&
	       marker_at(p, len, 62, seq);
}

bool frame_is_marker_cl(const __u8 *p, __u32 len, __u32 seq)
{
	/* the echo reply: the same data back */
	return len >= 54 && p[12] == 0x86 && p[13] == 0xdd && p[20] == 58 && p[54] == 129 &&
	       marker_at(p, len, 62, seq);
}
