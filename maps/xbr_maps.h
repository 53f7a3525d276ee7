/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The ABI between the XDP datapath (bpf/) and the loader (loader/): the one and
 * only definition of every map key and value, enum, map name and the default
 * pin directory. Both sides include this file; nothing here may be copied.
 *
 * Only fixed-width kernel types, explicit padding, and a size check on every
 * struct, so that the BPF object, the loader and `bpftool map dump` agree.
 * See maps/README.md for what each pinned map holds.
 */
#ifndef XBR_MAPS_H
#define XBR_MAPS_H

#ifndef __VMLINUX_H__
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h> /* struct bpf_spin_lock */
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* Where maps and the program are pinned unless --pin-dir / XBR_PIN_DIR says otherwise. */
#define XBR_PIN_DIR_DEFAULT "/sys/fs/bpf/xbr"

/* The pinned program, beside the maps (maps/xbr_maps.bpf.h lists those). */
#define XBR_PIN_PROG "xdp_prog"

/*
 * The version of this ABI: the maps listed in maps/xbr_maps.bpf.h, their
 * definitions, and what their fields mean. Raise it with any change to
 * them (a map added or removed, a size, a capacity, a flag, a meaning).
 * Every instance records the version of the build that pinned it in
 * abi_version; an instance without that map was pinned before versions
 * were recorded and counts as 0. A build takes over an instance of an
 * older version in place (docs/design.md §12) and refuses a newer one.
 */
#define XBR_ABI_VERSION 3
#define XBR_PIN_ABI	"abi_version" /* that map's pin (and name in maps/xbr_maps.bpf.h) */

/* Capacities (max_entries). */
#define XBR_ROUTES_MAX	   (1U << 21) /* per family: backup destinations + defer entries */
#define XBR_GATEWAYS_MAX   16	      /* Junos has one backup router per family; room to grow */
#define XBR_IFACES_MAX	   64	      /* attached ingress interfaces */
#define XBR_IFINDEX_MAX	   65536      /* ifaces is indexed by ifindex: attach refuses larger ones */
#define XBR_EGRESS_MAX	   64	      /* egress interfaces (devmap) */
#define XBR_DEST_STATS_MAX 4096	      /* configured backup destinations, both families */
#define XBR_ALLOW_MAX	   (1U << 16) /* per family: --allow-from source prefixes */
#define XBR_ICMP_PEERS_MAX 65536      /* ICMP error rate limit: senders remembered (LRU) */
#define XBR_LOCAL_V4_MAX   4096	      /* IPv4 addresses of this host */

/*
 * Gateway slots: one backup router per address family, as in Junos. A changed
 * gateway is written to the family's other slot (+ XBR_GW_ALT) and the routes
 * re-pointed, so that no packet reads a half-written gateway.
 */
enum xbr_gateway_slot {
	XBR_GW_INET = 0,  /* system backup-router (or slot 2) */
	XBR_GW_INET6 = 1, /* system inet6-backup-router (or slot 3) */
	XBR_GW_ALT = 2,
};

/* routes_v4 / routes_v6 (BPF_MAP_TYPE_LPM_TRIE): what a longest-prefix hit means. */
enum xbr_route_action {
	XBR_ROUTE_FORWARD = 1, /* backup destination: rewrite and send to the gateway */
	XBR_ROUTE_DEFER = 2,   /* kernel route or local address at least as specific: XDP_PASS */
};

/*
 * LPM key, IPv4. prefixlen counts leading bits of addr. Addresses are byte
 * arrays in network order so that `bpftool map dump` prints 172.16.0.0 as
 * [172,16,0,0] instead of one opaque integer.
 */
struct xbr_lpm_v4 {
	__u32 prefixlen;
	__u8 addr[4];
};

/* LPM key, IPv6. */
struct xbr_lpm_v6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* Value of both tries. */
struct xbr_route {
	__u32 action;	  /* enum xbr_route_action */
	__u32 gateway;	  /* index into gateways (FORWARD, and DEFER with SHADOWS) */
	__u32 dest_index; /* index into dest_stats (likewise) */
	__u32 flags;	  /* XBR_ROUTE_F_* */
};

enum xbr_route_flags {
	/*
	 * A DEFER entry standing in for a configured destination of the same
	 * prefix, because the kernel has a route to exactly it ("equal prefix:
	 * the active route wins"); gateway and dest_index are the destination's,
	 * for when the kernel route goes away.
	 */
	XBR_ROUTE_F_SHADOWS = 1 << 0,
};

/* gateways (BPF_MAP_TYPE_ARRAY): a backup router and how to reach it. */
struct xbr_gateway {
	__u8 mac[6];	 /* the gateway's MAC, from the kernel neighbour table */
	__u8 resolved;	 /* 1 when mac is valid; 0 → packets go to the kernel */
	__u8 family;	 /* AF_INET or AF_INET6 (for bpftool readers) */
	__u8 src_mac[6]; /* MAC of the egress interface: the new source MAC */
	__u16 mtu;	 /* the family's MTU of egress_ifindex (IPv6: its IPv6 MTU); 0: unknown */
	__u32 egress_ifindex; /* interface the gateway is directly connected to */
	__u32 configured;     /* 1 when this slot holds a backup router */
	__u8 addr[16];	      /* gateway address, network order (IPv4 in addr[0..3]) */
	/*
	 * The address of egress_ifindex this host sends from through the
	 * gateway (the source of ICMP errors xbr routes through it); all zero
	 * when it has none.
	 */
	__u8 src_addr[16];
};

/*
 * ifaces (BPF_MAP_TYPE_ARRAY, key: __u32 ifindex < XBR_IFINDEX_MAX): the
 * attached ingress interfaces; prog_id 0 means not attached. An array, not a
 * hash: the verifier inlines its lookup, which saves ~20 ns per forwarded packet.
 */
struct xbr_iface {
	__u8 mac[6];   /* frames must be addressed to this MAC to be routed */
	__u8 xdp_mode; /* enum xbr_xdp_mode the program was attached in */
	__u8 flags;    /* XBR_IFACE_F_* */
	__u32 prog_id; /* id of the XDP program attached here; 0: not attached */
	/*
	 * Bit xbr_local_bloom_bit(a) is set for every IPv4 address a of this
	 * host (local_v4 holds them all), unless accept_local is on here: an
	 * IPv4 source whose bit is set is looked up in local_v4 (docs/design.md
	 * §3, "martian sources"). The same value on every attached interface.
	 */
	__u32 local_v4_bloom;
};

enum xbr_iface_flags {
	/*
	 * --allow-from is set: packets are forwarded only from sources inside a
	 * prefix of allow_v4 / allow_v6; the others go to the kernel (and its
	 * firewall). A flag here, read with the lookup a forwarded packet makes
	 * anyway, so that without a list the check costs nothing.
	 */
	XBR_IFACE_F_ALLOW_LIST = 1 << 0,
	/*
	 * The interface's sysctls that change what Linux does with a packet it
	 * would route: net.ipv4.conf.IFACE.forwarding off (NO_FWD4); IPv6
	 * forwarding off or IPv6 disabled on it (NO_FWD6); rp_filter 1 or 2
	 * (the larger of all and IFACE, as the kernel takes it); route_localnet
	 * (of all or IFACE). Written by the loader from the kernel's own values.
	 */
	XBR_IFACE_F_NO_FWD4 = 1 << 1,
	XBR_IFACE_F_NO_FWD6 = 1 << 2,
	XBR_IFACE_F_RP_STRICT = 1 << 3,
	XBR_IFACE_F_RP_LOOSE = 1 << 4,
	XBR_IFACE_F_ROUTE_LOCALNET = 1 << 5,
};

/*
 * The bit of struct xbr_iface.local_v4_bloom an IPv4 address (network
 * order, as in the packet) sets: the low 5 bits of its last octet, one
 * byte load and a mask. The host part varies most there, and a router's
 * own addresses (.1, .254 of each subnet) take few bits.
 */
static __always_inline __u32 xbr_local_bloom_bit(const __u8 *addr)
{
	return addr[3] & 31;
}

enum xbr_xdp_mode {
	XBR_XDP_NATIVE = 1,
	XBR_XDP_SKB = 2,
};

/* rpd_liveness (BPF_MAP_TYPE_ARRAY, one entry, key 0). */
enum xbr_rpd_state {
	XBR_RPD_UNKNOWN = 0, /* at attach: fail safe, backup destinations in effect */
	XBR_RPD_UP = 1,
	XBR_RPD_DOWN = 2,
};

enum xbr_role {
	XBR_ROLE_PRIMARY = 0, /* backup destinations only while rpd is not up */
	XBR_ROLE_BACKUP = 1,  /* backup RE / secondary node: always in effect */
};

/* What the operator said with `xbr rpd up|down|auto`. */
enum xbr_rpd_override {
	XBR_OVERRIDE_AUTO = 0,	 /* believe rpd_state (and the heartbeat) */
	XBR_OVERRIDE_RPD_UP = 1, /* treat rpd as up: backup destinations off (unless role backup) */
	XBR_OVERRIDE_RPD_DOWN = 2, /* treat rpd as down: backup destinations on */
};

struct xbr_liveness {
	__u32 rpd_state; /* enum xbr_rpd_state, written by the watcher */
	__u32 role;	 /* enum xbr_role */
	__u32 override;	 /* enum xbr_rpd_override */
	__u32 pad;
	__u64 heartbeat_ns;	    /* last heartbeat, bpf_ktime_get_ns() / CLOCK_MONOTONIC */
	__u64 heartbeat_timeout_ns; /* 0: no deadline; else rpd counts as up only while fresh */
};

/*
 * The liveness rule (docs/design.md §5), the one definition the XDP program
 * and the loader both use: are the backup destinations in effect?
 *
 * Always on a backup RE / secondary node; otherwise what the operator forced,
 * else while rpd is not known to be up: unknown, down, or up with a
 * heartbeat deadline that has passed. now() reads CLOCK_MONOTONIC (in BPF:
 * bpf_ktime_get_coarse_ns) and is called only when a deadline must be
 * judged, so that the common cases read no clock at all. A stamp not older
 * than now is fresh (the coarse clock, or another CPU, can be a little
 * behind); unsigned throughout, so that a deadline of 2^63 ns or more means
 * "never", not "already".
 */
static __always_inline bool xbr_liveness_in_effect(const struct xbr_liveness *l, __u64 (*now)(void))
{
	__u64 t;

	if (l->role == XBR_ROLE_BACKUP)
		return true;
	if (l->override == XBR_OVERRIDE_RPD_UP)
		return false;
	if (l->override == XBR_OVERRIDE_RPD_DOWN)
		return true;
	if (l->rpd_state != XBR_RPD_UP)
		return true;
	if (l->heartbeat_timeout_ns == 0)
		return false;
	t = now();
	if (t <= l->heartbeat_ns)
		return false;
	return t - l->heartbeat_ns > l->heartbeat_timeout_ns;
}

/*
 * liveness_clock (BPF_MAP_TYPE_PERCPU_ARRAY, one entry, key 0): the
 * datapath's reading of CLOCK_MONOTONIC at tick resolution, and the jiffies
 * it was read at. That clock only moves at a tick, so one reading per tick
 * and CPU answers every packet of the tick (docs/design.md §3.3). Written by
 * the program only.
 */
struct xbr_clock {
	__u64 jiffies;
	__u64 coarse_ns;
};

/*
 * daemon_state (BPF_MAP_TYPE_ARRAY, one entry, key 0): what `xbr run` sees,
 * for `xbr status`. Not read by the datapath.
 */
struct xbr_daemon_state {
	__u32 pid;		/* the xbr run process; 0 when none has run */
	__u32 rpd_pid;		/* the routing daemon followed; 0 when none is found */
	__u64 started_ns;	/* CLOCK_MONOTONIC when the daemon started */
	__u64 since_ns;		/* CLOCK_MONOTONIC of the last rpd state change */
	__u64 transitions;	/* rpd state changes seen (up → down, down → up) */
	__u32 up_delay_ms;	/* --up-delay */
	__u32 flags;		/* XBR_DAEMON_* */
	__u64 failovers;	/* times backup destinations came into effect, as the daemon saw */
	__u64 failover_unix_ns; /* CLOCK_REALTIME of the last one; 0: none yet */
};

enum xbr_daemon_flags {
	XBR_DAEMON_RPD_PENDING = 1 << 0, /* rpd found, waiting out --up-delay */
	XBR_DAEMON_ROUTES = 1 << 1,	 /* --install-routes */
	XBR_DAEMON_ROUTES_IN = 1 << 2,	 /* kernel routes currently installed */
	XBR_DAEMON_TABLES_BUSY = 1 << 3, /* a reload or resync of the tables is under way */
};

/*
 * counters (BPF_MAP_TYPE_PERCPU_ARRAY, key: enum xbr_reason): every
 * packet the program sees is counted under exactly one reason. fwd_* and
 * icmp_* leave the program (XDP_TX, XDP_REDIRECT), drop_* are XDP_DROP,
 * pass_* go to the kernel untouched. What Linux would do with the packet
 * decides which (docs/design.md §3, "The oracle is Linux").
 */
enum xbr_reason {
	XBR_FWD_REDIRECT = 0,	 /* forwarded to the gateway through another interface */
	XBR_FWD_TX = 1,		 /* forwarded back out of the ingress interface (XDP_TX) */
	XBR_PASS_NOT_IP = 2,	 /* not IPv4/IPv6 (ARP, LLDP, …) */
	XBR_PASS_VLAN = 3,	 /* 802.1Q / 802.1ad tagged */
	XBR_PASS_NOT_OURS = 4,	 /* destination MAC is not the ingress interface's */
	XBR_PASS_MALFORMED = 5,	 /* truncated or inconsistent headers */
	XBR_PASS_IP_OPTIONS = 6, /* IPv4 options, IPv6 hop-by-hop: the kernel processes them */
	XBR_PASS_MULTICAST = 7,	 /* multicast, broadcast or link-local destination/source */
	XBR_PASS_TTL = 8,	 /* TTL / hop limit ≤ 1, the kernel has the route: it answers */
	XBR_PASS_NOT_IN_EFFECT = 9,  /* rpd is up and role is primary */
	XBR_PASS_NO_ROUTE = 10,	     /* destination is not a backup destination */
	XBR_PASS_DEFER = 11,	     /* an equal or more specific kernel route / local address */
	XBR_PASS_UNRESOLVED = 12,    /* gateway MAC not known (yet) */
	XBR_PASS_NO_EGRESS = 13,     /* egress interface missing from egress_ports */
	XBR_PASS_NOT_IFACE = 14,     /* ingress interface not in ifaces */
	XBR_PASS_NOT_ALLOWED = 15,   /* source outside the --allow-from prefixes */
	XBR_ICMP_TIME_EXCEEDED = 16, /* TTL / hop limit ≤ 1: ICMP time exceeded sent back */
	XBR_ICMP_TOO_BIG = 17, /* over the egress MTU: fragmentation needed / packet too big sent */
	XBR_ICMP_BEYOND_SCOPE = 18,   /* IPv6 link-local source: unreachable, beyond scope, sent */
	XBR_DROP_ICMP_RATELIMIT = 19, /* an ICMP error was due, the rate limit said no */
	XBR_DROP_NO_ICMP = 20,	/* an ICMP error was due, Linux would send none for this packet */
	XBR_PASS_BAD_CSUM = 21, /* IPv4 header checksum wrong */
	XBR_PASS_MARTIAN = 22,	/* martian source or destination (0.0.0.0, 127/8, ::1, …) */
	XBR_DROP_MARTIAN = 23,	/* source a local address, or refused by rp_filter */
	XBR_DROP_NOT_FORWARDING = 24, /* forwarding is off on the ingress interface */
	XBR_PASS_TOO_BIG = 25,	  /* over the egress MTU, the kernel has the route: it answers */
	XBR_DROP_NEEDS_FRAG = 26, /* IPv4 over the egress MTU without DF, and no kernel route */
	XBR_DROP_IP_OPTIONS = 27, /* IPv4 options / IPv6 hop-by-hop options, and no kernel route */
	XBR_PASS_ICMP_UNRESOLVED = 28, /* an ICMP error was due, the way back is unresolved */
	XBR_REASON_MAX
};

/*
 * settings (BPF_MAP_TYPE_ARRAY, one entry, key 0): the router's sysctls that
 * shape the ICMP errors xbr sends, as the loader read them, and whether the
 * kernel has the backup destinations as routes. Read only by packets that
 * are not simply forwarded.
 */
struct xbr_settings {
	__u32 flags;	     /* XBR_SETTINGS_F_* */
	__u8 ip_default_ttl; /* net.ipv4.ip_default_ttl: TTL of our ICMP errors */
	__u8 ip6_hop_limit;  /* net.ipv6.conf.default.hop_limit: their hop limit */
	__u16 pad;
	__u32 icmp_ratelimit_ms;  /* net.ipv4.icmp_ratelimit (0: no per-sender limit) */
	__u32 icmp_ratemask;	  /* net.ipv4.icmp_ratemask: bit n rate-limits type n */
	__u32 icmp6_ratelimit_ms; /* net.ipv6.icmp.ratelimit */
	__u32 icmp6_ratemask;	  /* net.ipv6.icmp.ratemask, types 0..31 (bit n: type n) */
	__u32 icmp_msgs_per_sec;  /* net.ipv4.icmp_msgs_per_sec: the limit for all senders */
	__u32 icmp_msgs_burst;	  /* net.ipv4.icmp_msgs_burst */
};

enum xbr_settings_flags {
	/*
	 * The kernel has the backup destinations as routes (xbr run
	 * --install-routes, while they are in effect): what needs the kernel's
	 * forwarding path (options, fragmentation) goes to it, and it answers
	 * expired and oversize packets itself. Without, xbr answers them and
	 * drops what it cannot forward as Linux would.
	 */
	XBR_SETTINGS_F_KERNEL_ROUTES = 1 << 0,
};

/*
 * icmp_rate (BPF_MAP_TYPE_ARRAY, one entry): the limit on ICMP errors to all
 * senders together, a token bucket as the kernel's icmp_global_allow():
 * up to icmp_msgs_burst, icmp_msgs_per_sec added per second.
 */
struct xbr_icmp_rate {
	struct bpf_spin_lock lock;
	__s32 credit;	/* errors that may be sent now */
	__u64 stamp_ns; /* last refill, bpf_ktime_get_coarse_ns(); 0: never */
};

/*
 * icmp_peers (BPF_MAP_TYPE_LRU_HASH): a token bucket per sender, as the
 * kernel's inet_peer_xrlim_allow(): each error costs the rate limit, time
 * earns it back, at most 6 errors' worth are kept; a new sender starts with
 * 60 s earned (or the 6 errors' worth, if less).
 */
struct xbr_icmp_peer_key {
	__u32 family;  /* AF_INET or AF_INET6 */
	__u8 addr[16]; /* the sender, network order (IPv4 in addr[0..3]) */
};

struct xbr_icmp_peer {
	__u64 tokens_ns; /* earned time not yet spent */
	__u64 last_ns;	 /* when it was last updated */
};

/* A peer's bucket holds this many errors' worth (the kernel's XRLIM_BURST_FACTOR). */
#define XBR_ICMP_BURST 6

/*
 * iface_v6 (BPF_MAP_TYPE_HASH, key __u32 ifindex): an attached interface's
 * IPv6 addresses, the sources of ICMPv6 errors about packets that came in
 * there: icmp6_send() chooses the source as if the error left by the
 * ingress interface (RFC 6724 rule 5), link-local for a link-local sender
 * (which is answered at the MAC it sent from). No entry, or all zero: no
 * error to a link-local sender; the route back's source for the others.
 */
struct xbr_iface_v6 {
	__u8 link_local[16]; /* the first fe80::/10 address */
	__u8 global[16];     /* the first address of a wider scope */
};

/*
 * local_v4 (BPF_MAP_TYPE_HASH, key __be32 as __u8[4]): every IPv4 address of
 * this host, the value XBR_LOCAL_ENTRY; see struct xbr_iface.local_v4_bloom.
 */
#define XBR_LOCAL_ENTRY 1

struct xbr_counter {
	__u64 packets;
	__u64 bytes;
};

/* dest_stats (BPF_MAP_TYPE_PERCPU_ARRAY, key: xbr_route.dest_index): packets
 * forwarded per backup destination. */

/*
 * iface_stats (BPF_MAP_TYPE_PERCPU_ARRAY, key: ingress ifindex <
 * XBR_IFINDEX_MAX): packets forwarded per ingress interface, counted with
 * dest_stats at the exit, so that a packet not forwarded pays nothing.
 */

/*
 * route_cache_v4 / route_cache_v6 (BPF_MAP_TYPE_PERCPU_ARRAY, XBR_CACHE_SLOTS
 * each, key: a hash of the destination address): the datapath's own record
 * of what the tries answered for a destination, so that a flow seen again
 * costs array reads instead of an LPM lookup (docs/design.md §3.4). An entry
 * counts only while its gen equals route_gen's; found 0 records that the trie
 * had no entry (any route value, unknown actions too, may be the trie's).
 * Written by the program, never by the loader.
 */
#define XBR_CACHE_BITS	12
#define XBR_CACHE_SLOTS (1U << XBR_CACHE_BITS)

struct xbr_cache_v4 {
	__u8 addr[4];
	__u32 found; /* 1: route is the trie's entry; 0: the trie had none */
	__u64 gen;
	struct xbr_route route;
};

struct xbr_cache_v6 {
	__u8 addr[16];
	__u64 gen;
	__u32 found;
	__u32 pad;
	struct xbr_route route;
};

/*
 * route_cache_misses (BPF_MAP_TYPE_PERCPU_ARRAY, key: 0 IPv4, 1 IPv6,
 * value __u64): packets whose destination the cache did not hold, so that
 * the trie was asked; with the counters of the reasons past the lookup, the
 * cache's hit ratio.
 */

/*
 * route_gen (BPF_MAP_TYPE_ARRAY, one entry, key 0, mmapable): the tries'
 * generation. Whoever changes routes_v4 or routes_v6 adds one to it once the
 * change is made (atomically, through the mapping: several writers may), so
 * that every cache entry filled before the change stops counting. 0 turns the
 * cache off: every packet asks the trie.
 */
struct xbr_route_gen {
	__u64 gen;
};

/*
 * allow_v4 / allow_v6 (BPF_MAP_TYPE_LPM_TRIE, keys struct xbr_lpm_v4 / v6):
 * the --allow-from source prefixes, read only while the ingress interface
 * has XBR_IFACE_F_ALLOW_LIST. The value is XBR_ALLOW_ENTRY: a hit allows.
 */
#define XBR_ALLOW_ENTRY 1

/*
 * abi_version (BPF_MAP_TYPE_ARRAY, one entry, key 0): who pinned this
 * instance. Its definition never changes, so that every build can read it
 * before it trusts anything else. Not read by the datapath.
 */
struct xbr_abi_version {
	__u32 version; /* XBR_ABI_VERSION of the build that pinned (or took over) the instance */
	__u32 pad;
	char build[56]; /* that build's `xbr --version`, NUL-terminated */
};

_Static_assert(sizeof(struct xbr_abi_version) == 64, "xbr_abi_version layout (never changes)");
_Static_assert(sizeof(struct xbr_lpm_v4) == 8, "xbr_lpm_v4 layout");
_Static_assert(sizeof(struct xbr_lpm_v6) == 20, "xbr_lpm_v6 layout");
_Static_assert(sizeof(struct xbr_route) == 16, "xbr_route layout");
_Static_assert(sizeof(struct xbr_gateway) == 56, "xbr_gateway layout");
_Static_assert(sizeof(struct xbr_iface) == 16, "xbr_iface layout");
_Static_assert(sizeof(struct xbr_liveness) == 32, "xbr_liveness layout");
_Static_assert(sizeof(struct xbr_counter) == 16, "xbr_counter layout");
_Static_assert(sizeof(struct xbr_cache_v4) == 32, "xbr_cache_v4 layout");
_Static_assert(sizeof(struct xbr_cache_v6) == 48, "xbr_cache_v6 layout");
_Static_assert(sizeof(struct xbr_route_gen) == 8, "xbr_route_gen layout");
_Static_assert(sizeof(struct xbr_clock) == 16, "xbr_clock layout");
_Static_assert(sizeof(struct xbr_daemon_state) == 56, "xbr_daemon_state layout");
_Static_assert(sizeof(struct xbr_settings) == 32, "xbr_settings layout");
_Static_assert(sizeof(struct xbr_icmp_peer_key) == 20, "xbr_icmp_peer_key layout");
_Static_assert(sizeof(struct xbr_icmp_peer) == 16, "xbr_icmp_peer layout");
_Static_assert(sizeof(struct xbr_iface_v6) == 32, "xbr_iface_v6 layout");

#endif /* XBR_MAPS_H */
