/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Junos configuration → backup routers.
 *
 * Reads a whole router configuration in any of the forms Junos writes it:
 * `set` lines (`show configuration | display set`), the curly-brace
 * hierarchy (`show configuration`), XML (`| display xml`, and the
 * <rpc-reply> of a NETCONF <get-config> or <get-configuration>) and JSON
 * (`| display json`, ietf and verbose). It keeps what is about
 * `system backup-router` and `system inet6-backup-router`, and ignores
 * everything else (still checking its syntax).
 *
 * Statements marked `inactive:` or deactivated are not applied. `delete`,
 * `activate`, `protect` lines are applied in order. Configuration groups
 * (`groups`, `apply-groups`, `apply-groups-except`) are applied as Junos
 * applies them, the per-node ones (re0, re1, node0, node1, "${node}") only
 * when the node is named (struct cfg_options).
 */
#ifndef XBR_CONFIG_H
#define XBR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <netinet/in.h>

/* Where a statement came from, for messages: FILE:LINE:COL. */
struct cfg_loc {
	int line; /* 1-based */
	int col;  /* 1-based, in bytes */
};

/* An IPv4 or IPv6 address; v4 in network byte order. */
struct cfg_addr {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

struct cfg_prefix {
	struct cfg_addr addr; /* host bits cleared */
	unsigned int len;     /* 0..32 or 0..128 */
	struct cfg_loc loc;
	const char *group; /* the configuration group it was inherited from; NULL: none */
};

/* One `backup-router` (family AF_INET) or `inet6-backup-router` (AF_INET6). */
struct cfg_backup_router {
	bool present;
	struct cfg_addr gateway;
	struct cfg_loc loc;	  /* of the gateway address */
	const char *group;	  /* the group the address was inherited from; NULL: none */
	struct cfg_prefix *dests; /* no destination configured → one entry, the default route */
	size_t n_dests;
	bool default_implied; /* true when dests holds the implied 0/0 or ::/0 */
};

/* An error or a warning with its place. */
struct cfg_diag {
	char file[256];
	struct cfg_loc loc;
	char msg[256];
};

/* The syntax of a configuration. */
enum cfg_format {
	CFG_FORMAT_AUTO, /* decided from the content */
	CFG_FORMAT_SET,	 /* set commands */
	CFG_FORMAT_TEXT, /* the curly-brace hierarchy */
	CFG_FORMAT_JSON,
	CFG_FORMAT_XML,
};

struct xbr_config {
	char *file;		/* name used in messages ("-" is shown as "<stdin>") */
	enum cfg_format format; /* as read (never CFG_FORMAT_AUTO once parsed) */
	char *node;		/* the node it was read for (struct cfg_options), or NULL */
	struct cfg_backup_router inet;
	struct cfg_backup_router inet6;
	struct cfg_diag *warnings; /* e.g. a prefix with host bits set, normalised; in file order */
	size_t n_warnings;	   /* at most 101: the last one may say how many more there were */
	char *group_names;	   /* what the group pointers above point into */
	/* On failure only: every error, in file order; the first is the one returned. */
	struct cfg_diag *errors;
	size_t n_errors; /* at most 101, as warnings */
};

struct cfg_options {
	/*
	 * This node's name, as Junos knows it: re0 or re1 (Routing Engine),
	 * node0 or node1 (SRX chassis cluster), lcc0-re0, ... Groups named
	 * after a node apply only there, and "${node}" stands for it. NULL:
	 * not known, and a backup router that depends on it is an error.
	 */
	const char *node;
	enum cfg_format format; /* CFG_FORMAT_AUTO: from the content */
	/*
	 * The time a group's `when time` condition is decided at; 0: now.
	 * The host's local time zone applies, as the router's does to it.
	 */
	long long now;
};

/*
 * Parse text (len bytes, need not be NUL-terminated). fname is used in
 * messages ("-" shows as "<stdin>", NULL as "<config>"). Returns 0 and fills
 * *cfg, or -1 and fills *err with the first error in the file; then *cfg
 * holds only every error (cfg->errors) and the warnings found. Free *cfg
 * with config_free() either way.
 */
int config_parse(const char *text, size_t len, const char *fname, struct xbr_config *cfg,
		 struct cfg_diag *err);
/* The same, with options (opts may be NULL). */
int config_parse_opts(const char *text, size_t len, const char *fname,
		      const struct cfg_options *opts, struct xbr_config *cfg, struct cfg_diag *err);

/* Read path ("-" for stdin) and parse it. I/O errors are reported in *err with line 0. */
int config_load(const char *path, struct xbr_config *cfg, struct cfg_diag *err);
int config_load_opts(const char *path, const struct cfg_options *opts, struct xbr_config *cfg,
		     struct cfg_diag *err);

/* A name Junos gives a node (re0, node1, lcc0-re1, ...): a group of that name is per node. */
bool cfg_is_node_name(const char *s, size_t len);

void config_free(struct xbr_config *cfg);

/* "FILE:LINE:COL: message" (or "FILE: message" when line is 0) into buf. */
void cfg_diag_format(const struct cfg_diag *d, char *buf, size_t size);

/*
 * The backup routers in effect (cfg->inet, cfg->inet6, whatever groups they
 * came from) as configuration in format f (not CFG_FORMAT_AUTO), as Junos
 * shows it: ready to paste, or to load with load set / load merge. 0, or -1
 * when f cannot be written to.
 */
int config_write(const struct xbr_config *cfg, enum cfg_format f, FILE *out);

/* The format named "set", "text", "json" or "xml"; CFG_FORMAT_AUTO for anything else. */
enum cfg_format cfg_format_from_name(const char *name);
const char *cfg_format_name(enum cfg_format f);

/*
 * The syntax text is written in: XML when it starts with "<", JSON with "{"
 * and then a string, set commands when the first statement is one, the
 * hierarchy otherwise (a BOM, blank lines and comments before do not count).
 */
enum cfg_format cfg_format_detect(const char *text, size_t len);

/* Address/prefix to text ("172.16.0.0/13", "2001:db8::/48"). */
void cfg_addr_str(const struct cfg_addr *a, char *buf, size_t size);
void cfg_prefix_str(const struct cfg_prefix *p, char *buf, size_t size);

/* Text (len bytes, no "/length") to an address, as Junos writes it. 0 or -1. */
int cfg_addr_parse(const char *s, size_t len, struct cfg_addr *a);

/*
 * "ADDRESS/LENGTH", or an address alone (a host route), or the Junos short
 * form "10/8". Host bits are cleared, *host_bits (may be NULL) says whether
 * there were any; p->loc is left zero. Returns 0, or -1 with the reason in
 * why (e.g. "prefix length must be 0..32") and p->addr.family set to the
 * family the text looked like (0: neither).
 */
int cfg_prefix_parse(const char *s, size_t len, struct cfg_prefix *p, bool *host_bits, char *why,
		     size_t why_size);

/*
 * Prefixes ordered by family, address, then length: 0 when they are the same
 * prefix. Takes struct cfg_prefix pointers, as qsort() and bsearch() pass them.
 */
int cfg_prefix_cmp(const void *a, const void *b);

/*
 * The same gateway and the same destinations (as sets), wherever they were
 * written; false also when out of memory.
 */
bool cfg_backup_router_same(const struct cfg_backup_router *a, const struct cfg_backup_router *b);

/* Not unspecified, multicast or (IPv4) limited broadcast: usable as a gateway. */
bool cfg_addr_is_unicast(const struct cfg_addr *a);

#endif /* XBR_CONFIG_H */
