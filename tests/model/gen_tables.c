// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Random tables: what the loader could write, and the corners it should not
 * but might (host bits in trie keys, a slot that is resolved but not
 * configured, a gateway index past the array, an unknown route action).
 * Prefixes are drawn nested on purpose: defer entries inside and equal to
 * forward ones, host routes inside both, default routes. Allow lists are
 * drawn the same way, and turned on for some interfaces only. The
 * interfaces' sysctl flags, the gateways' MTUs and the local addresses'
 * bloom bits are drawn too, the bits now and then not matching the
 * addresses (the program must do what they say). The ICMP rate limits are
 * kept out of reach: the model does not keep time (test_datapath times them).
 */
#include <string.h>
#include <sys/socket.h>

#include "gen.h"

#define SEC 1000000000ULL

static void gen_mac(struct rng *r, __u8 *mac)
{
	rng_bytes(r, mac, 6);
	mac[0] = (mac[0] & 0xfc) | 0x02; /* unicast, locally administered */
}

/* The local addresses' bits, as the loader sets them; now and then some missing or extra. */
static void gen_bloom(struct model_iface *f, struct rng *r, const struct gen_env *env)
{
	__u32 i;

	f->val.local_v4_bloom = 0;
	if (rng_pct(r, 10))
		return; /* accept_local: no local source is martian */
	for (i = 0; i < env->n_local4; i++)
		if (!rng_pct(r, 5))
			f->val.local_v4_bloom |= 1U << model_bloom_bit(env->local4[i]);
	if (rng_pct(r, 10))
		f->val.local_v4_bloom |= (__u32)rng_next(r);
}

static void gen_ifaces(struct model_tables *t, struct rng *r, const struct gen_env *env)
{
	__u32 i;

	t->n_ifaces = env->n_if;
	for (i = 0; i < env->n_if; i++) {
		struct model_iface *f = &t->ifaces[i];

		memset(f, 0, sizeof(*f));
		f->ifindex = env->ifindex[i];
		gen_mac(r, f->val.mac);
		if (rng_pct(r, 3))
			f->val.mac[0] |= 1; /* a group MAC: no frame can be ours */
		if (i && rng_pct(r, 5))
			memcpy(f->val.mac, t->ifaces[i - 1].val.mac, 6);
		if (rng_pct(r, 85)) {
			f->val.prog_id = rng_range(r, 1, 1000000);
			f->val.xdp_mode = rng_range(r, XBR_XDP_NATIVE, XBR_XDP_SKB);
		}
		if (rng_pct(r, 40))
			f->val.flags = XBR_IFACE_F_ALLOW_LIST;
		if (rng_pct(r, 8))
			f->val.flags |= XBR_IFACE_F_NO_FWD4;
		if (rng_pct(r, 8))
			f->val.flags |= XBR_IFACE_F_NO_FWD6;
		if (rng_pct(r, 15))
			f->val.flags |=
				rng_pct(r, 50) ? XBR_IFACE_F_RP_STRICT : XBR_IFACE_F_RP_LOOSE;
		if (rng_pct(r, 10))
			f->val.flags |= XBR_IFACE_F_ROUTE_LOCALNET;
		if (rng_pct(r, 3))
			f->val.flags |= rng_next(r) & 0xc0; /* unassigned bits: must not matter */
		gen_bloom(f, r, env);
	}
}

/* An egress MTU: mostly an Ethernet's, often a small management one; 0 is unknown. */
static __u16 gen_mtu(struct rng *r)
{
	static const __u16 mtus[] = { 1500, 1500, 1400, 1280, 576, 68, 1279, 0 };

	if (rng_pct(r, 20))
		return rng_range(r, 68, 1500);
	return mtus[rng_below(r, 8)];
}

static void gen_gateways(struct model_tables *t, struct rng *r, const struct gen_env *env)
{
	__u32 i;

	memset(t->gateways, 0, sizeof(t->gateways));
	for (i = 0; i < XBR_GATEWAYS_MAX; i++) {
		struct xbr_gateway *gw = &t->gateways[i];

		if (!rng_pct(r, i < 4 ? 95 : 15))
			continue;
		gw->configured = rng_pct(r, 92);
		gw->resolved = rng_pct(r, 80);
		gw->family = i & 1 ? AF_INET6 : AF_INET;
		gen_mac(r, gw->mac);
		/* The gateway's MAC is an ingress MAC: the forwarded frame is ours again. */
		if (rng_pct(r, 8))
			memcpy(gw->mac, t->ifaces[rng_below(r, t->n_ifaces)].val.mac, 6);
		gen_mac(r, gw->src_mac);
		gw->mtu = gen_mtu(r);
		if (rng_pct(r, 85))
			rng_bytes(r, gw->src_addr, gw->family == AF_INET ? 4 : 16);
		if (rng_pct(r, 90))
			gw->egress_ifindex = env->ifindex[rng_below(r, env->n_if)];
		else
			gw->egress_ifindex = rng_pct(r, 30) ? 0 : 4242; /* no such device */
		rng_bytes(r, gw->addr, gw->family == AF_INET ? 4 : 16);
	}
}

static void gen_egress(struct model_tables *t, struct rng *r, const struct gen_env *env)
{
	__u32 i;

	t->n_egress = 0;
	for (i = 0; i < env->n_if; i++)
		if (rng_pct(r, 75))
			t->egress[t->n_egress++] = env->ifindex[i];
}

/*
 * The program reads its own clock a little later than env->now_ns (and a
 * coarse clock may lag): keep only liveness whose answer is the same anywhere
 * within the margin on either side.
 */
static bool liveness_stable(const struct xbr_liveness *l, const struct gen_env *env)
{
	bool now = model_in_effect(l, env->now_ns);

	return model_in_effect(l, env->now_ns - env->margin_ns) == now &&
	       model_in_effect(l, env->now_ns + env->margin_ns) == now;
}

static void gen_heartbeat(struct xbr_liveness *l, struct rng *r, const struct gen_env *env)
{
	__u64 m = env->margin_ns, age;

	switch (rng_below(r, 10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		l->heartbeat_timeout_ns = 0;
		break;
	case 4:
		l->heartbeat_timeout_ns = 1ULL << rng_range(r, 40, 63); /* far beyond uptime */
		break;
	default:
		l->heartbeat_timeout_ns = rng_range(r, 2, 60) * m + rng_below(r, SEC);
	}
	switch (rng_below(r, 8)) {
	case 0:
		l->heartbeat_ns = 0; /* never stamped */
		return;
	case 1:
		l->heartbeat_ns = env->now_ns + rng_below(r, 50000000); /* stamped just after now */
		return;
	case 2:
	case 3:
	case 4:
		age = l->heartbeat_timeout_ns + rng_range(r, 1, 100) * m; /* stale */
		break;
	default:
		age = (__u64)rng_next(r) % (l->heartbeat_timeout_ns + 1); /* fresh */
	}
	l->heartbeat_ns = age < env->now_ns ? env->now_ns - age : 0;
}

static void gen_liveness(struct model_tables *t, struct rng *r, const struct gen_env *env)
{
	static const __u32 states[] = { XBR_RPD_UP, XBR_RPD_UP, XBR_RPD_UNKNOWN, XBR_RPD_DOWN,
					XBR_RPD_DOWN };
	struct xbr_liveness *l = &t->live;
	int tries = 0;

	memset(l, 0, sizeof(*l));
	l->rpd_state = states[rng_below(r, 5)];
	l->role = rng_pct(r, 15) ? XBR_ROLE_BACKUP : XBR_ROLE_PRIMARY;
	l->override = rng_pct(r, 75) ? XBR_OVERRIDE_AUTO : rng_range(r, 1, 2);
	do
		gen_heartbeat(l, r, env);
	while (!liveness_stable(l, env) && ++tries < 100);
	if (!liveness_stable(l, env))
		l->heartbeat_timeout_ns = 0;
}

/* A random address, now and then in a range the datapath must never route. */
static void gen_anchor(struct rng *r, int family, __u8 *a)
{
	static const __u8 v4[][4] = { { 224, 0, 0, 0 },	  { 239, 1, 0, 0 }, { 255, 255, 255, 255 },
				      { 169, 254, 0, 0 }, { 10, 0, 0, 0 },  { 240, 0, 0, 0 } };
	static const __u8 v6[][2] = { { 0xff, 0x02 }, { 0xfe, 0x80 }, { 0xfe, 0xbf },
				      { 0xfe, 0xc0 }, { 0x20, 0x01 }, { 0x00, 0x00 } };

	rng_bytes(r, a, family == 4 ? 4 : 16);
	if (!rng_pct(r, 25))
		return;
	if (family == 4)
		memcpy(a, v4[rng_below(r, 6)], 4);
	else
		memcpy(a, v6[rng_below(r, 6)], 2);
}

static void gen_route_val(struct rng *r, struct xbr_route *v)
{
	static const __u32 odd_actions[] = { 0, 3, 7, 0xffffffff };
	__u32 p = rng_below(r, 100);

	memset(v, 0, sizeof(*v));
	v->action = p < 60 ? XBR_ROUTE_FORWARD : p < 97 ? XBR_ROUTE_DEFER : odd_actions[p - 97];
	p = rng_below(r, 100);
	v->gateway = p < 85 ? rng_below(r, 4) : p < 95 ? rng_range(r, 4, 15) : rng_range(r, 16, 99);
	p = rng_below(r, 100);
	v->dest_index = p < 90	 ? rng_below(r, 32)
			: p < 95 ? XBR_DEST_STATS_MAX - 1
				 : rng_range(r, XBR_DEST_STATS_MAX, 100000);
	if (rng_pct(r, 3))
		v->flags = (__u32)rng_next(r); /* reserved: must not matter */
}

static void clear_host_bits(__u8 *addr, __u32 prefixlen)
{
	__u32 b;

	for (b = prefixlen; b < 128; b++)
		addr[b / 8] &= ~(0x80 >> (b % 8));
}

/*
 * A prefix for put: now and then inside one of the earlier ones, equal (a
 * replacement) or more specific; else anchored anywhere.
 */
static void gen_prefix(struct rng *r, int family, const struct gen_put *earlier, __u32 n_earlier,
		       struct gen_put *put)
{
	__u32 bits = family == 4 ? 32 : 128, p;

	put->family = family;
	if (n_earlier && rng_pct(r, 55)) {
		const struct gen_put *in = &earlier[rng_below(r, n_earlier)];
		__u8 rnd[16];
		__u32 b;

		put->prefixlen = rng_pct(r, 25) ? in->prefixlen : rng_range(r, in->prefixlen, bits);
		rng_bytes(r, rnd, 16);
		memcpy(put->addr, in->addr, 16);
		for (b = in->prefixlen; b < bits; b++)
			if (rnd[b / 8] & (1 << (b % 8)))
				put->addr[b / 8] ^= 0x80 >> (b % 8);
	} else {
		p = rng_below(r, 10);
		put->prefixlen = p == 0 ? 0 : p == 1 ? bits : rng_range(r, bits / 4, bits);
		memset(put->addr, 0, sizeof(put->addr));
		gen_anchor(r, family, put->addr);
	}
	/* The trie ignores bits past prefixlen; most writers clear them. */
	if (rng_pct(r, 80))
		clear_host_bits(put->addr, put->prefixlen);
}

/* Source prefixes: often none; a default route is rare (it would allow all). */
static void gen_allow(struct gen_tables *g, struct rng *r, int family)
{
	__u32 p = rng_below(r, 100), n, i, first = g->n_allow;

	n = p < 30 ? 0 : p < 80 ? rng_range(r, 1, 4) : rng_range(r, 5, MODEL_ALLOW_MAX - 1);
	for (i = 0; i < n && g->n_allow < GEN_ALLOW_MAX; i++) {
		struct gen_put *put = &g->allow[g->n_allow];

		do
			gen_prefix(r, family, g->allow + first, g->n_allow - first, put);
		while (put->prefixlen == 0 && !rng_pct(r, 5));
		if (!model_allow_put(&g->model, family, put->addr, put->prefixlen))
			g->n_allow++;
	}
}

static void gen_routes(struct gen_tables *g, struct rng *r, int family)
{
	__u32 p = rng_below(r, 100), n, i, first = g->n_puts;

	n = p < 5 ? 0 : p < 50 ? rng_range(r, 1, 6) : p < 95 ? rng_range(r, 7, 40) : 120;
	for (i = 0; i < n && g->n_puts < GEN_PUTS_MAX; i++) {
		struct gen_put *put = &g->puts[g->n_puts];

		gen_prefix(r, family, g->puts + first, g->n_puts - first, put);
		gen_route_val(r, &put->val);
		if (model_route_put(&g->model, family, put->addr, put->prefixlen, &put->val))
			continue;
		g->n_puts++;
	}
}

/* The router's sysctls as the loader copies them; the rate limits never bite. */
static void gen_settings(struct model_tables *t, struct rng *r, const struct gen_env *env)
{
	struct xbr_settings *s = &t->settings;

	memset(s, 0, sizeof(*s));
	if (rng_pct(r, 30))
		s->flags = XBR_SETTINGS_F_KERNEL_ROUTES;
	s->ip_default_ttl = rng_pct(r, 70) ? 64 : rng_range(r, 1, 255);
	s->ip6_hop_limit = rng_pct(r, 70) ? 64 : rng_range(r, 1, 255);
	/* Limited types with no per-sender limit, and a bucket for all no table empties. */
	s->icmp_ratemask = rng_pct(r, 50) ? 0x1818 : (__u32)rng_next(r);
	s->icmp6_ratemask = rng_pct(r, 50) ? 0xfffffffb : (__u32)rng_next(r);
	s->icmp_msgs_per_sec = 1000000;
	s->icmp_msgs_burst = 1000000;
	memcpy(t->local4, env->local4, sizeof(t->local4));
	t->n_local4 = env->n_local4;
	t->back = env->back;
	t->n_back = env->n_back;
	t->n_v6addr = 0;
	for (__u32 i = 0; i < env->n_if; i++) {
		if (!env->has_v6[i])
			continue;
		t->v6addr[t->n_v6addr].ifindex = env->ifindex[i];
		t->v6addr[t->n_v6addr++].val = env->v6addr[i];
	}
}

void gen_tables(struct gen_tables *g, struct rng *r, const struct gen_env *env)
{
	memset(g, 0, sizeof(*g));
	g->model.now_ns = env->now_ns;
	gen_settings(&g->model, r, env);
	gen_ifaces(&g->model, r, env);
	gen_gateways(&g->model, r, env);
	gen_egress(&g->model, r, env);
	gen_liveness(&g->model, r, env);
	gen_routes(g, r, 4);
	gen_routes(g, r, 6);
	gen_allow(g, r, 4);
	gen_allow(g, r, 6);
}
