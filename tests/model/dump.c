// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reproducer output. The tables are printed as the updates that built them,
 * in order, so that host bits in keys and replaced entries show.
 */
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <string.h>

#include "tests/hexdiff.h"
#include "dump.h"

const char *const dump_reason_names[XBR_REASON_MAX] = {
	"fwd_redirect",
	"fwd_tx",
	"pass_not_ip",
	"pass_vlan",
	"pass_not_ours",
	"pass_malformed",
	"pass_ip_options",
	"pass_multicast",
	"pass_ttl",
	"pass_not_in_effect",
	"pass_no_route",
	"pass_defer",
	"pass_unresolved",
	"pass_no_egress",
	"pass_not_iface",
	"pass_not_allowed",
	"icmp_time_exceeded",
	"icmp_too_big",
	"icmp_beyond_scope",
	"drop_icmp_ratelimit",
	"drop_no_icmp",
	"pass_bad_checksum",
	"pass_martian",
	"drop_martian_source",
	"drop_not_forwarding",
	"pass_too_big",
	"drop_needs_frag",
	"drop_ip_options",
	"pass_icmp_unresolved",
};

const char *dump_verdict(__u32 verdict)
{
	switch (verdict) {
	case XDP_ABORTED:
		return "XDP_ABORTED";
	case XDP_DROP:
		return "XDP_DROP";
	case XDP_PASS:
		return "XDP_PASS";
	case XDP_TX:
		return "XDP_TX";
	case XDP_REDIRECT:
		return "XDP_REDIRECT";
	}
	return "?";
}

static void mac(FILE *f, const __u8 *m)
{
	fprintf(f, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

void dump_tables(FILE *f, const struct gen_tables *g)
{
	const struct model_tables *t = &g->model;
	const struct xbr_liveness *l = &t->live;
	char a[INET6_ADDRSTRLEN];
	__u32 i;

	fprintf(f,
		"  liveness: rpd_state %u role %u override %u heartbeat_ns %llu timeout_ns %llu"
		" (now %llu: %s)\n",
		l->rpd_state, l->role, l->override, (unsigned long long)l->heartbeat_ns,
		(unsigned long long)l->heartbeat_timeout_ns, (unsigned long long)t->now_ns,
		model_in_effect(l, t->now_ns) ? "in effect" : "not in effect");
	for (i = 0; i < t->n_ifaces; i++) {
		fprintf(f, "  ifaces[%u]: mac ", t->ifaces[i].ifindex);
		mac(f, t->ifaces[i].val.mac);
		fprintf(f, " prog_id %u mode %u flags %#x local_v4_bloom %#x\n",
			t->ifaces[i].val.prog_id, t->ifaces[i].val.xdp_mode, t->ifaces[i].val.flags,
			t->ifaces[i].val.local_v4_bloom);
	}
	fprintf(f,
		"  settings: flags %#x ttl %u hop_limit %u ratelimit %u/%u ms ratemask %#x/%#x"
		" msgs %u/s burst %u\n",
		t->settings.flags, t->settings.ip_default_ttl, t->settings.ip6_hop_limit,
		t->settings.icmp_ratelimit_ms, t->settings.icmp6_ratelimit_ms,
		t->settings.icmp_ratemask, t->settings.icmp6_ratemask,
		t->settings.icmp_msgs_per_sec, t->settings.icmp_msgs_burst);
	for (i = 0; i < t->n_local4; i++)
		fprintf(f, "  local_v4: %u.%u.%u.%u (bit %u)\n", t->local4[i][0], t->local4[i][1],
			t->local4[i][2], t->local4[i][3], model_bloom_bit(t->local4[i]));
	for (i = 0; i < t->n_v6addr; i++) {
		char g[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, t->v6addr[i].val.link_local, a, sizeof(a));
		inet_ntop(AF_INET6, t->v6addr[i].val.global, g, sizeof(g));
		fprintf(f, "  iface_v6[%u]: %s %s\n", t->v6addr[i].ifindex, a, g);
	}
	for (i = 0; i < t->n_back; i++) {
		const struct model_back *b = &t->back[i];

		inet_ntop(b->family == 4 ? AF_INET : AF_INET6, b->addr, a, sizeof(a));
		fprintf(f, "  back: %s/%u kind %d ifindex %u", a, b->prefixlen, b->kind,
			b->ifindex);
		inet_ntop(b->family == 4 ? AF_INET : AF_INET6, b->src, a, sizeof(a));
		fprintf(f, " src %s\n", a);
	}
	fprintf(f, "  egress_ports:");
	for (i = 0; i < t->n_egress; i++)
		fprintf(f, " %u", t->egress[i]);
	fprintf(f, "\n");
	for (i = 0; i < XBR_GATEWAYS_MAX; i++) {
		const struct xbr_gateway *gw = &t->gateways[i];

		if (!gw->configured && !gw->resolved && !gw->egress_ifindex)
			continue;
		fprintf(f, "  gateways[%u]: configured %u resolved %u mac ", i, gw->configured,
			gw->resolved);
		mac(f, gw->mac);
		fprintf(f, " src_mac ");
		mac(f, gw->src_mac);
		inet_ntop(gw->family == AF_INET6 ? AF_INET6 : AF_INET, gw->src_addr, a, sizeof(a));
		fprintf(f, " egress %u mtu %u src_addr %s\n", gw->egress_ifindex, gw->mtu, a);
	}
	for (i = 0; i < g->n_puts; i++) {
		const struct gen_put *p = &g->puts[i];

		inet_ntop(p->family == 4 ? AF_INET : AF_INET6, p->addr, a, sizeof(a));
		fprintf(f, "  routes_v%d put %s/%u action %u gateway %u dest %u flags %#x\n",
			p->family, a, p->prefixlen, p->val.action, p->val.gateway,
			p->val.dest_index, p->val.flags);
	}
	for (i = 0; i < g->n_allow; i++) {
		const struct gen_put *p = &g->allow[i];

		inet_ntop(p->family == 4 ? AF_INET : AF_INET6, p->addr, a, sizeof(a));
		fprintf(f, "  allow_v%d put %s/%u\n", p->family, a, p->prefixlen);
	}
}

void dump_hex(FILE *f, const __u8 *p, __u32 len)
{
	__u32 i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x%s", p[i], i + 1 == len ? "\n" : (i % 32 == 31) ? "\n    " : "");
	if (!len)
		fprintf(f, "\n");
}

void dump_hexdiff(FILE *f, const __u8 *want, __u32 want_len, const __u8 *got, __u32 got_len)
{
	hexdiff(f, want, want_len, got, got_len);
}
