// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Configuration groups and node selection (loader/groups.c,
 * loader/nodes.c), and whole configurations that use them.
 *
 * Tables of configuration text and node name in, and either the exact
 * result (gateways and destinations with their place and group, warnings)
 * or the exact error (line, column, message) out. "(g)" after a place says
 * the statement was inherited from group g.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "config/config.h"
#include "config/junos/junos.h"
#include "config_test.h"

struct ok_case {
	const char *name;
	const char *node;
	const char *text;
	const char *want;
};

static const struct ok_case ok_cases[] = {
	/* Inheritance. */
	{ "everything in a group applied at the top, set form", NULL,
	  "set groups mgmt system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "set apply-groups mgmt\n",
	  "inet 10.0.0.1@1:38(mgmt) 10.1.0.0/16@1:59(mgmt)\n"
	  "inet6 none\n" },
	{ "everything in a group applied at the top, hierarchy", NULL,
	  "groups {\n  mgmt {\n    system {\n      inet6-backup-router 2001:db8::1;\n"
	  "    }\n  }\n}\napply-groups mgmt;\n",
	  "inet none\n"
	  "inet6 2001:db8::1@4:27(mgmt) default ::/0@4:27(mgmt)\n" },
	{ "the main configuration's address wins, destinations are merged", NULL,
	  "set groups g system backup-router 10.0.0.2 destination 10.2.0.0/16\n"
	  "set apply-groups g\n"
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n",
	  "inet 10.0.0.1@3:26 10.1.0.0/16@3:47 10.2.0.0/16@1:56(g)\n"
	  "inet6 none\n" },
	{ "the address from a group, destinations from the main configuration", NULL,
	  "set groups g system backup-router 10.0.0.2\n"
	  "set apply-groups g\n"
	  "set system backup-router destination 10.1.0.0/16\n",
	  "inet 10.0.0.2@1:35(g) 10.1.0.0/16@3:38\n"
	  "inet6 none\n" },
	{ "the first group listed wins", NULL,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set groups b system backup-router 10.0.0.2 destination 10.2.0.0/16\n"
	  "set apply-groups [ a b ]\n",
	  "inet 10.0.0.1@1:35(a) 10.2.0.0/16@2:56(b)\n"
	  "inet6 none\n" },
	{ "set apply-groups lines add up, in order", NULL,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set groups b system backup-router 10.0.0.2\n"
	  "set apply-groups b\nset apply-groups a\n",
	  "inet 10.0.0.2@2:35(b) default 0.0.0.0/0@2:35(b)\n"
	  "inet6 none\n" },
	{ "a group applied at [edit system] wins over one applied at the top", NULL,
	  "set groups top system backup-router 10.0.0.1\n"
	  "set groups sys system backup-router 10.0.0.2\n"
	  "set apply-groups top\nset system apply-groups sys\n",
	  "inet 10.0.0.2@2:37(sys) default 0.0.0.0/0@2:37(sys)\n"
	  "inet6 none\n" },
	{ "apply-groups inside the backup-router statement", NULL,
	  "groups { g { system { backup-router { destination 10.9.0.0/16; } } } }\n"
	  "system {\n  backup-router {\n    address 10.0.0.1;\n    apply-groups g;\n  }\n}\n",
	  "inet 10.0.0.1@4:13 10.9.0.0/16@1:51(g)\n"
	  "inet6 none\n" },
	{ "a group applied at two levels counts once, at the deeper one", NULL,
	  "set groups a system backup-router destination 10.1.0.0/16\n"
	  "set groups b system backup-router 10.0.0.1\n"
	  "set apply-groups [ a b ]\nset system apply-groups b\n",
	  "inet 10.0.0.1@2:35(b) 10.1.0.0/16@1:47(a)\n"
	  "inet6 none\n" },
	{ "apply-groups-except keeps a group out", NULL,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set groups b system backup-router 10.0.0.2\n"
	  "set apply-groups [ a b ]\nset system apply-groups-except a\n",
	  "inet 10.0.0.2@2:35(b) default 0.0.0.0/0@2:35(b)\n"
	  "inet6 none\n" },
	{ "apply-groups-except inside the statement", NULL,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set apply-groups a\nset system backup-router apply-groups-except a\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "a destination in a group and in the main configuration: once, no warning", NULL,
	  "set groups g system backup-router destination [ 10.1.0.0/16 10.2.0.0/16 ]\n"
	  "set apply-groups g\n"
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n",
	  "inet 10.0.0.1@3:26 10.1.0.0/16@3:47 10.2.0.0/16@1:61(g)\n"
	  "inet6 none\n" },
	{ "a duplicate inside one group warns; host bits in a group warn", NULL,
	  "set groups g system backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.1.0.0/16 ]\n"
	  "set groups g system backup-router destination 10.2.0.1/16\n"
	  "set apply-groups g\n",
	  "inet 10.0.0.1@1:35(g) 10.1.0.0/16@1:58(g) 10.2.0.0/16@2:47(g)\n"
	  "inet6 none\n"
	  "W 1:70 duplicate destination 10.1.0.0/16 (also at 1:58); using it once\n"
	  "W 2:47 10.2.0.1/16 has host bits set; using 10.2.0.0/16\n" },
	{ "group names may be quoted", NULL,
	  "groups { \"mgmt-v4\" { system { backup-router 10.0.0.1; } } }\n"
	  "apply-groups \"mgmt-v4\";\n",
	  "inet 10.0.0.1@1:45(mgmt-v4) default 0.0.0.0/0@1:45(mgmt-v4)\n"
	  "inet6 none\n" },
	{ "a group that is not applied is not used", NULL,
	  "set groups spare system backup-router 10.0.0.1\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "an undefined group warns once, at its place", NULL,
	  "set system backup-router 10.0.0.1\nset apply-groups [ mgmt ]\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n"
	  "W 2:20 apply-groups names \"mgmt\", which is not defined under groups: nothing is "
	  "inherited from it\n" },
	/* Inactive statements and delete. */
	{ "inactive apply-groups, deactivated names, inactive groups", NULL,
	  "groups {\n  a { system { backup-router 10.0.0.1; } }\n"
	  "  inactive: b { system { backup-router 10.0.0.2; } }\n"
	  "  c { system { inactive: backup-router 10.0.0.3; } }\n"
	  "  d { system { backup-router 10.0.0.4; } }\n}\n"
	  "apply-groups [ a b c d ];\nsystem { inactive: apply-groups d; }\n",
	  "inet 10.0.0.1@2:30(a) default 0.0.0.0/0@2:30(a)\n"
	  "inet6 none\n" },
	{ "deactivate apply-groups and one of its names", NULL,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set groups b system backup-router 10.0.0.2\n"
	  "set apply-groups [ a b ]\ndeactivate apply-groups a\n",
	  "inet 10.0.0.2@2:35(b) default 0.0.0.0/0@2:35(b)\n"
	  "inet6 none\n" },
	{ "deactivate groups", NULL,
	  "set groups a system backup-router 10.0.0.1\nset apply-groups a\ndeactivate groups\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "deleted groups and apply-groups", NULL,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set groups b system backup-router 10.0.0.2\n"
	  "set apply-groups [ a b ]\ndelete apply-groups a\ndelete groups b\n",
	  "inet none\n"
	  "inet6 none\n"
	  "W 3:22 apply-groups names \"b\", which is not defined under groups: nothing is "
	  "inherited from it\n" },
	{ "an inactive system hides what groups would add to it", NULL,
	  "set groups a system backup-router 10.0.0.1\nset apply-groups a\n"
	  "set system host-name r1\ndeactivate system\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "an inactive address in the main configuration: the group's is used", NULL,
	  "set groups a system backup-router 10.0.0.1\nset apply-groups a\n"
	  "set system backup-router 10.0.0.9\ndeactivate system backup-router 10.0.0.9\n",
	  "inet 10.0.0.1@1:35(a) default 0.0.0.0/0@1:35(a)\n"
	  "inet6 none\n" },
	/* Nodes. */
	{ "re0 applies on re0 only", "re0",
	  "set groups re0 system backup-router 10.0.0.1\n"
	  "set groups re1 system backup-router 10.0.1.1\n"
	  "set apply-groups [ re0 re1 ]\n",
	  "inet 10.0.0.1@1:37(re0) default 0.0.0.0/0@1:37(re0)\n"
	  "inet6 none\n" },
	{ "re1 applies on re1 only", "re1",
	  "set groups re0 system backup-router 10.0.0.1\n"
	  "set groups re1 system backup-router 10.0.1.1\n"
	  "set apply-groups [ re0 re1 ]\n",
	  "inet 10.0.1.1@2:37(re1) default 0.0.0.0/0@2:37(re1)\n"
	  "inet6 none\n" },
	{ "\"${node}\" is this node", "node1",
	  "set groups node0 system backup-router 10.0.0.1\n"
	  "set groups node1 system backup-router 10.0.1.1\n"
	  "set apply-groups \"${node}\"\n",
	  "inet 10.0.1.1@2:39(node1) default 0.0.0.0/0@2:39(node1)\n"
	  "inet6 none\n" },
	{ "other groups apply on every node, after the node's", "node0",
	  "set groups common system backup-router 10.0.9.9 destination 10.9.0.0/16\n"
	  "set groups node0 system backup-router 10.0.0.1\n"
	  "set apply-groups [ common \"${node}\" ]\n",
	  "inet 10.0.9.9@1:40(common) 10.9.0.0/16@1:61(common)\n"
	  "inet6 none\n" },
	{ "a routing matrix Routing Engine", "lcc1-re0",
	  "set groups lcc0-re0 system backup-router 10.0.0.1\n"
	  "set groups lcc1-re0 system backup-router 10.0.1.1\n"
	  "set apply-groups [ lcc0-re0 lcc1-re0 ]\n",
	  "inet 10.0.1.1@2:42(lcc1-re0) default 0.0.0.0/0@2:42(lcc1-re0)\n"
	  "inet6 none\n" },
	{ "per-node groups without a backup router need no node", NULL,
	  "set groups re0 system host-name r-re0\nset groups re1 system host-name r-re1\n"
	  "set apply-groups [ re0 re1 ]\nset system backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@4:26 default 0.0.0.0/0@4:26\n"
	  "inet6 none\n" },
	{ "the same backup router on every node: no node needed, and said so", NULL,
	  "set groups node0 system backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.2.0.0/16 ]\n"
	  "set groups node1 system backup-router 10.0.0.1 destination [ 10.2.0.0/16 10.1.0.0/16 ]\n"
	  "set apply-groups \"${node}\"\n",
	  "inet 10.0.0.1@1:39(node0) 10.1.0.0/16@1:62(node0) 10.2.0.0/16@1:74(node0)\n"
	  "inet6 none\n"
	  "W 0:0 the backup routers are the same on every node (node0, node1): shown as on "
	  "node0; --node NAME names this one\n" },
	{ "a node without a group of its own", "re2",
	  "set groups re0 system host-name a\nset groups re1 system host-name b\n"
	  "set apply-groups [ re0 re1 ]\nset system backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@4:26 default 0.0.0.0/0@4:26\n"
	  "inet6 none\n"
	  "W 0:0 node re2 has no group here: only the groups for every node apply (nodes in "
	  "this configuration: re0, re1)\n" },
	{ "\"${node}\" for a node without a group", "node2",
	  "set groups node0 system host-name a\nset apply-groups \"${node}\"\n",
	  "inet none\n"
	  "inet6 none\n"
	  "W 2:18 apply-groups \"${node}\" stands for node2, this node, which has no group: "
	  "nothing is inherited from it\n" },
	{ "a node named, no groups at all", "re0", "set system backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n" },
	{ "names that look like nodes but are not", NULL,
	  "set groups re system backup-router 10.0.0.1\n"
	  "set groups re0a system backup-router destination 10.1.0.0/16\n"
	  "set groups lcc-re0 system backup-router destination 10.2.0.0/16\n"
	  "set apply-groups [ re re0a lcc-re0 ]\n",
	  "inet 10.0.0.1@1:36(re) 10.1.0.0/16@2:50(re0a) 10.2.0.0/16@3:53(lcc-re0)\n"
	  "inet6 none\n" },
};

static void test_ok_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		expect_result(ok_cases[i].name, ok_cases[i].text, ok_cases[i].node,
			      ok_cases[i].want);
}

struct err_case {
	const char *node;
	const char *text;
	int line, col;
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ NULL,
	  "set groups re0 system backup-router 10.0.0.1\n"
	  "set groups re1 system backup-router 10.0.1.1\n"
	  "set apply-groups [ re0 re1 ]\n",
	  1, 23,
	  "backup-router is set in group re0, which applies only on node re0: name this node "
	  "with --node NAME or XBR_NODE=NAME (nodes in this configuration: re0, re1)" },
	{ NULL,
	  "set groups node0 system host-name a\n"
	  "set groups node1 system inet6-backup-router 2001:db8::1\n"
	  "set apply-groups \"${node}\"\n",
	  2, 25,
	  "inet6-backup-router is set in group node1, which applies only on node node1: name "
	  "this node with --node NAME or XBR_NODE=NAME (nodes in this configuration: node0, "
	  "node1)" },
	/* Applied on one node only: the other has none, so they differ. */
	{ NULL, "set groups re1 system backup-router 10.0.1.1\nset apply-groups [ re0 re1 ]\n", 1,
	  23,
	  "backup-router is set in group re1, which applies only on node re1: name this node "
	  "with --node NAME or XBR_NODE=NAME (nodes in this configuration: re0, re1)" },
	/* The same address, other destinations. */
	{ NULL,
	  "set groups node0 system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "set groups node1 system backup-router 10.0.0.1 destination 10.2.0.0/16\n"
	  "set apply-groups \"${node}\"\n",
	  1, 25,
	  "backup-router is set in group node0, which applies only on node node0: name this "
	  "node with --node NAME or XBR_NODE=NAME (nodes in this configuration: node0, node1)" },
	/* Every group is checked, applied or not, on this node or another. */
	{ "re0",
	  "set groups re0 system backup-router 10.0.0.1\n"
	  "set groups re1 system backup-router 2001:db8::1\n"
	  "set apply-groups [ re0 re1 ]\n",
	  2, 37, "IPv6 address 2001:db8::1 under backup-router; use inet6-backup-router" },
	{ NULL,
	  "groups {\n  spare {\n    system {\n      backup-router 10.0.0.1 destination "
	  "10.0.0.0/40;\n"
	  "    }\n  }\n}\n",
	  4, 42, "invalid IPv4 prefix \"10.0.0.0/40\": prefix length must be 0..32" },
	{ NULL, "set groups g system backup-router destination 10.1.0.0/16\nset apply-groups g\n",
	  1, 35,
	  "backup-router destination without an address: give the backup router, as in "
	  "\"backup-router ADDRESS destination ...\"" },
	/* The earliest mistake, in a group or not. */
	{ NULL,
	  "set system backup-router 10.0.0.1 destination 10.0.0.0/33\n"
	  "set groups g system inet6-backup-router 10.0.0.1\n",
	  1, 47, "invalid IPv4 prefix \"10.0.0.0/33\": prefix length must be 0..32" },
	{ NULL,
	  "set groups g system inet6-backup-router 10.0.0.1\n"
	  "set system backup-router 10.0.0.1 destination 10.0.0.0/33\n",
	  1, 41, "IPv4 address 10.0.0.1 under inet6-backup-router; use backup-router" },
	{ NULL, "groups {\n  g {\n    system {\n      backup-router 10.0.0.1\n    }\n  }\n}\n", 4,
	  29, "expected \";\" after \"10.0.0.1\"" },
};

static void test_err_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		expect_error(i, err_cases[i].text, err_cases[i].node, err_cases[i].line,
			     err_cases[i].col, err_cases[i].msg);
}

/* ---- whole configurations (tests/configs/) ---- */

struct file_case {
	const char *file;
	const char *node;
	const char *want; /* describe()'s text, or "E LINE:COL: message" */
};

static const struct file_case file_cases[] = {
	/* Dual Routing Engines: re0 and re1 each with a backup router on their own subnet. */
	{ "dual-re.conf", "re0",
	  "inet 198.51.100.1@8:27(re0) 10.0.0.0/8@8:54(re0) 192.168.0.0/16@8:65(re0)\n"
	  "inet6 2001:db8:100::1@9:33(re0) 2001:db8::/32@9:61(re0)\n" },
	{ "dual-re.conf", "re1",
	  "inet 198.51.100.129@28:27(re1) 10.0.0.0/8@28:56(re1) 192.168.0.0/16@28:67(re1)\n"
	  "inet6 2001:db8:101::1@29:33(re1) 2001:db8::/32@29:61(re1)\n" },
	{ "dual-re.conf", NULL,
	  "E 8:13: backup-router is set in group re0, which applies only on node re0: name this "
	  "node with --node NAME or XBR_NODE=NAME (nodes in this configuration: re0, re1)" },
	{ "dual-re-set.conf", "re1",
	  "inet 198.51.100.129@11:37(re1) 10.0.0.0/8@11:64(re1) 192.168.0.0/16@12:64(re1)\n"
	  "inet6 2001:db8:101::1@13:43(re1) 2001:db8::/32@13:71(re1)\n" },
	/* SRX chassis cluster: "${node}", both nodes with [ 0.0.0.0/1 128.0.0.0/1 ]. */
	{ "srx-cluster.conf", "node1",
	  "inet 203.0.113.1@23:27(node1) 0.0.0.0/1@23:53(node1) 128.0.0.0/1@23:63(node1)\n"
	  "inet6 none\n" },
	{ "srx-cluster-set.conf", "node0",
	  "inet 203.0.113.1@4:39(node0) 0.0.0.0/1@4:63(node0) 128.0.0.0/1@5:63(node0)\n"
	  "inet6 none\n" },
	{ "srx-cluster-set.conf", NULL,
	  "inet 203.0.113.1@4:39(node0) 0.0.0.0/1@4:63(node0) 128.0.0.0/1@5:63(node0)\n"
	  "inet6 none\n"
	  "W 0:0 the backup routers are the same on every node (node0, node1): shown as on "
	  "node0; --node NAME names this one\n" },
	/* Per-RE groups without backup routers: the node does not matter. */
	{ "mx-set.conf", NULL,
	  "inet 10.255.0.1@37:26 10.1.0.0/16@38:38 172.16.0.0/12@39:38\n"
	  "inet6 2001:db8:ff::1@40:32 2001:db8:1::/48@40:59\n" },
	{ "mx-hierarchy.conf", "re1",
	  "inet 10.255.0.1@94:19 10.1.0.0/16@94:44 172.16.0.0/12@94:56\n"
	  "inet6 2001:db8:ff::1@95:25 2001:db8:1::/48@95:52\n" },
	/* Broken files, as people break them. */
	{ "broken/missing-semicolon.conf", NULL, "E 8:69: expected \";\" after \"]\"" },
	{ "broken/group-wrong-family.conf", "re0",
	  "E 5:37: IPv6 address 2001:db8:40::1 under backup-router; use inet6-backup-router" },
	{ "broken/unbalanced.conf", NULL, "E 10:1: unbalanced \"}\": no block is open" },
	{ "broken/mixed-syntax.conf", NULL,
	  "E 3:1: hierarchy statement \"system\" in a configuration of set commands (first "
	  "command at 1:1); use one syntax per file" },
	{ "broken/prefix-length.conf", NULL,
	  "E 4:38: invalid IPv4 prefix \"172.16.0.0/33\": prefix length must be 0..32" },
	{ "broken/unterminated-comment.conf", NULL,
	  "E 2:5: unterminated comment: \"/*\" without \"*/\"" },
	{ "broken/gateway-with-length.conf", "node0",
	  "E 4:27: invalid backup-router address \"203.0.113.1/24\": the backup router is an "
	  "address, without \"/length\"" },
};

static void check_file_case(const struct file_case *t)
{
	struct xbr_config c;
	struct cfg_diag e;
	char *text, *got;
	size_t len;

	text = read_file(configs_dir, t->file, &len);
	if (parse_node(text, len, t->node, &c, &e)) {
		if (asprintf(&got, "E %d:%d: %s", e.loc.line, e.loc.col, e.msg) < 0)
			fail();
	} else {
		got = describe(&c);
	}
	config_free(&c);
	if (strcmp(got, t->want))
		fail_msg("%s, node %s:\n--- want:\n%s\n--- got:\n%s", t->file,
			 t->node ? t->node : "(none)", t->want, got);
	free(got);
	free(text);
}

static void test_files(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++)
		check_file_case(&file_cases[i]);
}

/* The two forms of a configuration are the same configuration, statement by statement. */
static void test_set_and_hierarchy_agree(void **state)
{
	static const char *const pairs[][2] = {
		{ "dual-re.conf", "dual-re-set.conf" },
		{ "srx-cluster.conf", "srx-cluster-set.conf" },
	};
	size_t i, l1, l2;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *h = read_file(configs_dir, pairs[i][0], &l1);
		char *s = read_file(configs_dir, pairs[i][1], &l2);
		char *th = tree_dump(h, l1), *ts = tree_dump(s, l2);

		assert_string_equal(th, ts);
		free(th);
		free(ts);
		free(h);
		free(s);
	}
}

/* ---- robustness ---- */

/*
 * The fuzzers' corpora (fuzz/corpus/config, xml, json), every file read as
 * xbr reads it (the syntax from the content): a result, or an error with a
 * place.
 */
static void test_fuzz_corpus(void **state)
{
	static const char *const subdirs[] = { "config", "xml", "json" };
	char dir[4096 + 64];
	struct dirent *de;
	struct xbr_config c;
	struct cfg_diag e;
	size_t len, n = 0, k;
	int r;
	char *text;
	DIR *d;

	(void)state;
	for (k = 0; k < sizeof(subdirs) / sizeof(subdirs[0]); k++) {
		snprintf(dir, sizeof(dir), "%s/../../fuzz/corpus/%s", configs_dir, subdirs[k]);
		d = opendir(dir);
		if (!d)
			fail_msg("cannot open %s: %s", dir, strerror(errno));
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			text = read_file(dir, de->d_name, &len);
			r = parse_node(text, len, NULL, &c, &e);
			config_free(&c);
			if (r && (e.loc.line < 0 || e.loc.col < 0 || !e.msg[0] ||
				  (e.loc.line == 0) != (e.loc.col == 0)))
				fail_msg("%s: error without a place: %d:%d %s", de->d_name,
					 e.loc.line, e.loc.col, e.msg);
			free(text);
			n++;
		}
		closedir(d);
	}
	assert_true(n >= 20);
}

/*
 * 100,000 lines with groups everywhere: 2,000 groups applied at the top and
 * in system, each with destinations, per-node groups, and the rest of a
 * router. Read for a named node and, as the node is then unknown, for each.
 */
static void test_large_with_groups(void **state)
{
	const char *nodes[] = { "node1", NULL };
	struct xbr_config c;
	struct cfg_diag e;
	char *text = NULL;
	size_t len = 0, i, k;
	struct stopwatch sw;
	char what[64];
	FILE *f;

	(void)state;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	for (i = 0; i < 2000; i++) {
		for (k = 0; k < 10; k++)
			fprintf(f,
				"set groups g%zu system backup-router destination "
				"10.%zu.%zu.0/24\n",
				i, i % 200, k + 10 * (i / 200));
		fprintf(f, "set groups g%zu interfaces ge-0/0/%zu mtu 9000\n", i, i % 48);
		fprintf(f, "set %sapply-groups g%zu\n", i % 2 ? "system " : "", i);
	}
	fprintf(f, "set groups node0 system backup-router 192.0.2.1\n"
		   "set groups node1 system backup-router 192.0.2.1\n"
		   "set apply-groups \"${node}\"\n");
	for (i = 0; i < 76000; i++)
		fprintf(f,
			"set interfaces ge-%zu/0/%zu unit 0 family inet address 172.%zu.%zu.1/24\n",
			i / 48, i % 48, 16 + i / 256 % 16, i % 256);
	fclose(f);
	for (k = 0; k < 2; k++) {
		stopwatch_start(&sw);
		assert_int_equal(parse_node(text, len, nodes[k], &c, &e), 0);
		snprintf(what, sizeof(what), "groups, node %s", nodes[k] ? nodes[k] : "unknown");
		stopwatch_report(&sw, what, len);
		assert_int_equal(c.inet.n_dests, 20000);
		assert_string_equal(c.inet.group, nodes[k] ? nodes[k] : "node0");
		/* Groups at [edit system] first, in order, then those at the top. */
		assert_string_equal(c.inet.dests[0].group, "g1");
		assert_string_equal(c.inet.dests[10000].group, "g0");
		assert_int_equal(c.n_warnings, nodes[k] ? 0 : 1);
		config_free(&c);
	}
	free(text);
}

/* A long apply-groups list of groups that do not exist: one warning each, capped. */
static void test_many_undefined_groups(void **state)
{
	struct xbr_config c;
	struct cfg_diag e;
	char *text = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)state;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	fprintf(f, "set system backup-router 10.0.0.1\n");
	for (i = 0; i < 50000; i++)
		fprintf(f, "set apply-groups x%zu\nset system apply-groups x%zu\n", i, i);
	fclose(f);
	assert_int_equal(parse_node(text, len, "re0", &c, &e), 0);
	assert_int_equal(c.n_warnings, 101);
	assert_string_equal(c.warnings[0].msg, "apply-groups names \"x0\", which is not defined "
					       "under groups: nothing is inherited from it");
	assert_int_equal(c.warnings[0].loc.line, 2);
	assert_string_equal(c.warnings[100].msg, "99900 more warnings not shown");
	config_free(&c);
	free(text);
}

/* Names a node can have. */
static void test_node_names(void **state)
{
	static const char *const yes[] = { "re0",      "re1",	   "re12",     "node0",	 "node1",
					   "lcc0-re0", "lcc3-re1", "sfc0-re1", "scc-re0" };
	static const char *const no[] = { "re",		"node",	   "re0a",     "rex",
					  "lcc-re0",	"sfc0-re", "scc0-re0", "lcc0re0",
					  "lcc0-node0", "member0", "" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!cfg_is_node_name(yes[i], strlen(yes[i])))
			fail_msg("%s is a node name", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (cfg_is_node_name(no[i], strlen(no[i])))
			fail_msg("%s is not a node name", no[i]);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_cases),
		cmocka_unit_test(test_err_cases),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_set_and_hierarchy_agree),
		cmocka_unit_test(test_node_names),
		cmocka_unit_test(test_fuzz_corpus),
		cmocka_unit_test(test_large_with_groups),
		cmocka_unit_test(test_many_undefined_groups),
	};

	(void)argc;
	find_dirs(argv[0]);
	return cmocka_run_group_tests_name("groups", tests, NULL, NULL);
}
