// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The text forms as a demanding Junos engineer writes them: every error of a
 * file, the statements Junos would refuse on the way to a backup router
 * (junos/shape.c), names close to the ones xbr reads, the family named in
 * messages, the tags of load merge files, the configuration-mode commands
 * load set accepts, and conditional groups (when.c).
 *
 * One table: configuration in, and what describe_outcome() writes out: the
 * result, or every error ("E LINE:COL message") and warning ("W ...").
 * The clock is fixed (CASE_NOW, in UTC) for `when time`.
 */
#define _GNU_SOURCE
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

/* 2024-06-18 14:02:51 UTC, a Tuesday. */
#define CASE_NOW 1718719371LL

static const struct outcome_case cases[] = {
	/* ---- every error of a file ---- */
	{ "three mistakes in a hierarchy, all reported, in file order", NULL, CFG_FORMAT_AUTO,
	  "system {\n"
	  "    backup-router 10.0.0.1 destination 10.0.0.0/33;\n"
	  "    inet6-backup-router 2001:db8::1 destination 10.0.0.0/8;\n"
	  "}\n"
	  "interfaces {\n"
	  "    ge-0/0/0 {\n"
	  "        unit 0 { family inet address 192.0.2.1/24 }\n"
	  "    }\n"
	  "}\n",
	  "E 2:40 invalid IPv4 prefix \"10.0.0.0/33\": prefix length must be 0..32\n"
	  "E 3:49 IPv4 destination 10.0.0.0/8 under inet6-backup-router; use backup-router\n"
	  "E 7:50 expected \";\" after \"192.0.2.1/24\"\n" },
	{ "mistakes in set lines: each line on its own", NULL, CFG_FORMAT_AUTO,
	  "set system backup-router 10.0.0.1 destination 10.0.0.0/40\n"
	  "sett system host-name r1\n"
	  "set system inet6-backup-router 2001:db8::1 destination [ 2001:db8:1::/48\n"
	  "set system backup-router destination 10.2.0.0/16;\n"
	  "set system backup-router destination 10.3.0.0/16\n",
	  "E 1:47 invalid IPv4 prefix \"10.0.0.0/40\": prefix length must be 0..32\n"
	  "E 2:1 unknown command \"sett\": expected set, delete, activate, deactivate, protect, "
	  "unprotect, edit, up, top, exit, insert, rename, copy or annotate\n"
	  "E 3:73 missing \"]\" for \"[\" opened at 3:56\n"
	  "E 4:49 unexpected \";\": a set command ends at the end of the line\n" },
	{ "after a lexer error nothing more is read", NULL, CFG_FORMAT_AUTO,
	  "system {\n    backup-router 10.0.0.1/8;\n    host-name \"r1;\n}\n",
	  "E 2:19 invalid backup-router address \"10.0.0.1/8\": the backup router is an address, "
	  "without \"/length\"\n"
	  "E 3:15 unterminated string: no closing '\"'\n" },
	{ "a statement with a mistake is skipped up to its end, blocks and all", NULL,
	  CFG_FORMAT_AUTO,
	  "system {\n    ] login { class a { idle-timeout 5; } }\n"
	  "    backup-router 10.0.0.1 destination 10.1.0.0/16;\n}\n"
	  "{ stray; }\n"
	  "system { inet6-backup-router 10.0.0.2; }\n",
	  "E 2:5 unbalanced \"]\"\n"
	  "E 5:1 unexpected \"{\": a block needs a name before it\n"
	  "E 6:30 IPv4 address 10.0.0.2 under inet6-backup-router; use backup-router\n" },
	{ "a missing brace after a mistake is still said", NULL, CFG_FORMAT_AUTO,
	  "system {\n    backup-router 10.0.0.1 destination [ 10.1.0.0/16 ] x {\n"
	  "        y;\n",
	  "E 2:55 expected \";\" after \"]\"\n"
	  "E 4:1 missing \"}\" for the block opened at 2:58\n"
	  "E 4:1 missing \"}\" for \"system {\" opened at 1:1\n" },
	/* ---- the statements on the way ---- */
	{ "a missing \";\" before backup-router", NULL, CFG_FORMAT_AUTO,
	  "system {\n    host-name r1\n    backup-router 10.0.0.1;\n}\n",
	  "E 2:17 expected \";\" before \"backup-router\"\n" },
	{ "the same in one set line", NULL, CFG_FORMAT_AUTO,
	  "set system host-name r1 backup-router 10.0.0.1\n",
	  "E 1:25 host-name takes one value: \"backup-router\" after \"r1\"\n" },
	{ "a missing \";\" after version hides system", NULL, CFG_FORMAT_AUTO,
	  "version 20.4R3.8\nsystem {\n    backup-router 10.0.0.1;\n}\n",
	  "E 1:17 expected \";\" before \"system\"\n" },
	{ "a flag with words after it", NULL, CFG_FORMAT_AUTO,
	  "system {\n    no-redirects\n    inet6-backup-router 2001:db8::1;\n"
	  "    default-address-selection yes;\n}\n",
	  "E 2:17 expected \";\" before \"inet6-backup-router\"\n"
	  "E 4:31 default-address-selection takes no value: \"yes\"\n" },
	{ "a statement xbr does not know, run on into backup-router", NULL, CFG_FORMAT_AUTO,
	  "system {\n    some-new-knob 5\n    backup-router 10.0.0.1;\n}\n",
	  "E 2:20 expected \";\" before \"backup-router\"\n" },
	{ "a missing \";\" in a group, and after apply-groups", NULL, CFG_FORMAT_AUTO,
	  "groups {\n    re0 {\n        system {\n            time-zone UTC\n"
	  "            backup-router 10.0.0.1;\n        }\n    }\n}\n"
	  "apply-groups re0\nsystem { host-name r1; }\n",
	  "E 4:26 expected \";\" before \"backup-router\"\n"
	  "E 9:17 expected \";\" before \"system\"\n" },
	{ "a value missing", NULL, CFG_FORMAT_AUTO, "set system host-name\n",
	  "E 1:12 host-name needs a value\n" },
	{ "statements that run over lines as they may", NULL, CFG_FORMAT_AUTO,
	  "system {\n    host-name\n        r1;\n    login {\n        message \"x\";\n    }\n"
	  "    backup-router\n        10.0.0.1\n        destination 10.1.0.0/16;\n"
	  "    authentication-order [ radius\n        password ];\n}\n",
	  "inet 10.0.0.1@8:9 10.1.0.0/16@9:21\n"
	  "inet6 none\n" },
	{ "names close to the ones xbr reads", NULL, CFG_FORMAT_AUTO,
	  "set system backup-routers 10.0.0.1\n"
	  "set system inet6-backuprouter 2001:db8::1\n"
	  "set sytem backup-router 10.0.0.2\n"
	  "set system apply-group g\n"
	  "set system backup-router 10.0.0.9\n"
	  "set system ntp server 10.1.1.1\n",
	  "inet 10.0.0.9@5:26 default 0.0.0.0/0@5:26\n"
	  "inet6 none\n"
	  "W 1:12 system \"backup-routers\" is not a statement xbr knows: did you mean "
	  "\"backup-router\"? (read and ignored)\n"
	  "W 2:12 system \"inet6-backuprouter\" is not a statement xbr knows: did you mean "
	  "\"inet6-backup-router\"? (read and ignored)\n"
	  "W 3:5 \"sytem\" is not a statement xbr knows: did you mean \"system\"? (read and "
	  "ignored)\n"
	  "W 4:12 system \"apply-group\" is not a statement xbr knows: did you mean "
	  "\"apply-groups\"? (read and ignored)\n" },
	/* ---- the family in messages ---- */
	{ "an IPv4 list with an odd word", NULL, CFG_FORMAT_AUTO,
	  "set system backup-router 10.0.0.1 destination [ 10.0.0.0/8 fe80::zz/64 ]\n",
	  "E 1:60 invalid destination \"fe80::zz/64\": expected an IPv4 prefix such as "
	  "172.16.0.0/13\n" },
	{ "an IPv6 address in an IPv4 statement that is not one", NULL, CFG_FORMAT_AUTO,
	  "set system backup-router 2001:db8::zz\n",
	  "E 1:26 unexpected \"2001:db8::zz\" under backup-router: expected the backup router's "
	  "IPv4 address or \"destination\"\n" },
	{ "an IPv4-looking word under inet6-backup-router", NULL, CFG_FORMAT_AUTO,
	  "set system inet6-backup-router 2001:db8::1 destination 10.0.0.300/8\n"
	  "set system inet6-backup-router 10.0.0.300\n",
	  "E 1:56 invalid destination \"10.0.0.300/8\": expected an IPv6 prefix such as "
	  "2001:db8:ffff::/48\n"
	  "E 2:32 unexpected \"10.0.0.300\" under inet6-backup-router: expected the backup "
	  "router's IPv6 address or \"destination\"\n"
	  "W 2:32 inet6-backup-router 10.0.0.300 replaces 2001:db8::1 (set at 1:32)\n" },
	/* ---- load merge tags ---- */
	{ "delete: a backup router", NULL, CFG_FORMAT_AUTO,
	  "system {\n    backup-router 10.0.0.1 destination 10.1.0.0/16;\n"
	  "    inet6-backup-router 2001:db8::1;\n}\n"
	  "system {\n    delete: backup-router;\n    delete: inet6-backup-router { x; }\n}\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "delete: a destination", NULL, CFG_FORMAT_AUTO,
	  "system {\n    backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.2.0.0/16 ];\n"
	  "    delete: backup-router destination 10.1.0.0/16;\n"
	  "    delete: backup-router destination 10.9.0.0/16;\n}\n",
	  "inet 10.0.0.1@2:19 10.2.0.0/16@2:54\n"
	  "inet6 none\n"
	  "W 4:5 delete: statement not found: backup-router destination 10.9.0.0/16\n" },
	{ "replace: a statement, and a block", NULL, CFG_FORMAT_AUTO,
	  "system {\n    backup-router 10.0.0.1 destination 10.1.0.0/16;\n"
	  "    inet6-backup-router 2001:db8::1 destination 2001:db8:1::/48;\n}\n"
	  "system {\n    replace: backup-router 10.0.0.2;\n"
	  "    replace: inet6-backup-router {\n        address 2001:db8::2;\n    }\n}\n",
	  "inet 10.0.0.2@6:28 default 0.0.0.0/0@6:28\n"
	  "inet6 2001:db8::2@8:17 default ::/0@8:17\n" },
	{ "replace: a system", NULL, CFG_FORMAT_AUTO,
	  "system { backup-router 10.0.0.1; host-name a; }\n"
	  "replace: system { inet6-backup-router 2001:db8::1; }\n",
	  "inet none\n"
	  "inet6 2001:db8::1@2:39 default ::/0@2:39\n" },
	{ "active: and unprotect: undo inactive: and protect:", NULL, CFG_FORMAT_AUTO,
	  "system {\n    inactive: backup-router 10.0.0.1;\n"
	  "    inactive: inet6-backup-router 2001:db8::1 destination 2001:db8:1::/48;\n}\n"
	  "system {\n    active: backup-router 10.0.0.1;\n"
	  "    unprotect: inet6-backup-router 2001:db8::1;\n}\n",
	  "inet 10.0.0.1@2:29 default 0.0.0.0/0@2:29\n"
	  "inet6 none\n" },
	{ "active: on a block", NULL, CFG_FORMAT_AUTO,
	  "inactive: system { backup-router 10.0.0.1; }\nactive: system { host-name r1; }\n",
	  "inet 10.0.0.1@1:34 default 0.0.0.0/0@1:34\n"
	  "inet6 none\n" },
	/* ---- configuration-mode commands ---- */
	{ "edit, up, top and exit", NULL, CFG_FORMAT_AUTO,
	  "edit system\n"
	  "set backup-router 10.0.0.1\n"
	  "edit backup-router\n"
	  "set destination 10.1.0.0/16\n"
	  "up\n"
	  "set inet6-backup-router 2001:db8::1\n"
	  "edit inet6-backup-router\n"
	  "set destination 2001:db8:1::/48\n"
	  "exit\n"
	  "set inet6-backup-router destination 2001:db8:2::/48\n"
	  "top\n"
	  "edit interfaces ge-0/0/0 unit 0 family inet\n"
	  "set address 192.0.2.1/24\n"
	  "up 4\n"
	  "set system backup-router destination 10.2.0.0/16\n"
	  "top set system backup-router destination 10.3.0.0/16\n",
	  "inet 10.0.0.1@2:19 10.1.0.0/16@4:17 10.2.0.0/16@15:38 10.3.0.0/16@16:42\n"
	  "inet6 2001:db8::1@6:25 2001:db8:1::/48@8:17 2001:db8:2::/48@10:37\n" },
	{ "an up too few is said, not silently under interfaces", NULL, CFG_FORMAT_AUTO,
	  "edit interfaces ge-0/0/0 unit 0\nset family inet address 192.0.2.1/24\nup 2\n"
	  "set system backup-router 10.0.0.1\n",
	  "E 4:1 system is a statement of the top level, not of [edit interfaces]: \"top\" goes "
	  "back there\n" },
	{ "up from deeper than the room kept for the path (a fuzzer's find)", NULL, CFG_FORMAT_AUTO,
	  "edit interfaces w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w "
	  "w w w w w w w w w w w w\n"
	  "up 100\n"
	  "set system backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@3:26 default 0.0.0.0/0@3:26\n"
	  "inet6 none\n" },
	{ "edit groups NAME system is the group's system", NULL, CFG_FORMAT_AUTO,
	  "edit groups g system\nset backup-router 10.0.0.1\ntop\nset apply-groups g\n",
	  "inet 10.0.0.1@2:19(g) default 0.0.0.0/0@2:19(g)\n"
	  "inet6 none\n" },
	{ "insert changes which group wins", NULL, CFG_FORMAT_AUTO,
	  "set groups a system backup-router 10.0.0.1\n"
	  "set groups b system backup-router 10.0.0.2\n"
	  "set apply-groups [ a b ]\n"
	  "insert apply-groups b before a\n"
	  "insert apply-groups c after a\n",
	  "inet 10.0.0.2@2:35(b) default 0.0.0.0/0@2:35(b)\n"
	  "inet6 none\n"
	  "W 5:1 insert: statement not found: apply-groups c\n" },
	{ "rename a group, and the backup router's address", NULL, CFG_FORMAT_AUTO,
	  "set groups a system backup-router 10.0.0.1\n"
	  "rename groups a to b\n"
	  "set apply-groups b\n"
	  "set system inet6-backup-router 2001:db8::1\n"
	  "rename system inet6-backup-router 2001:db8::1 to 2001:db8::2\n",
	  "inet 10.0.0.1@1:35(b) default 0.0.0.0/0@1:35(b)\n"
	  "inet6 2001:db8::2@4:32 default ::/0@4:32\n" },
	{ "copy a group to another node's", "re1", CFG_FORMAT_AUTO,
	  "set groups re0 system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "deactivate groups re0 system backup-router destination 10.1.0.0/16\n"
	  "copy groups re0 to re1\n"
	  "set groups re1 system backup-router destination 10.2.0.0/16\n"
	  "set apply-groups [ re0 re1 ]\n"
	  "annotate system \"the management network\"\n",
	  "inet 10.0.0.1@1:37(re1) 10.2.0.0/16@4:49(re1)\n"
	  "inet6 none\n" },
	{ "insert, rename and copy that cannot be done", NULL, CFG_FORMAT_AUTO,
	  "set groups a system host-name a\nset groups b system host-name b\n"
	  "rename groups a to b\n"
	  "copy groups a to\n"
	  "insert groups a\n"
	  "rename groups x to y\n"
	  "annotate system\n",
	  "E 3:20 rename: \"b\" exists already beside \"a\"\n"
	  "E 4:1 \"copy\" needs a statement, \"to\", and the new name\n"
	  "E 5:1 \"insert\" needs a statement, \"before\" or \"after\", and another\n"
	  "E 7:1 \"annotate\" needs a statement and a comment in quotes\n"
	  "W 6:1 rename: statement not found: groups x\n" },
	{ "commands Junos has that xbr does not read", NULL, CFG_FORMAT_AUTO,
	  "set system backup-router 10.0.0.1\n"
	  "replace pattern 10.0.0.1 with 10.0.0.2\n"
	  "wildcard delete interfaces ge-*\n"
	  "commit\n",
	  "E 2:1 \"replace pattern\" is not read by xbr: apply it on the router and export the "
	  "configuration again\n"
	  "E 3:1 \"wildcard delete\" is not read by xbr: apply it on the router and export the "
	  "configuration again\n"
	  "E 4:1 unknown command \"commit\": expected set, delete, activate, deactivate, protect, "
	  "unprotect, edit, up, top, exit, insert, rename, copy or annotate\n" },
	{ "a file of commands may start with edit", NULL, CFG_FORMAT_AUTO,
	  "edit system\nset backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@2:19 default 0.0.0.0/0@2:19\n"
	  "inet6 none\n" },
	/* ---- the syntax given, not seen ---- */
	{ "--format set on a hierarchy", NULL, CFG_FORMAT_SET,
	  "system {\n    backup-router 10.0.0.1;\n}\n",
	  "E 1:1 hierarchy statement \"system\" in a configuration of set commands (read as set "
	  "commands); use one syntax per file\n" },
	{ "--format text on set lines", NULL, CFG_FORMAT_TEXT,
	  "set system backup-router 10.0.0.1\n",
	  "E 1:1 \"set\" command in a configuration read as a hierarchy; use one syntax per "
	  "file\n" },
	/* ---- conditional groups ---- */
	{ "when routing-engine, on re1", "re1", CFG_FORMAT_AUTO,
	  "groups {\n    mgmt-a {\n        when {\n            routing-engine re0;\n        }\n"
	  "        system { backup-router 10.0.0.1; }\n    }\n"
	  "    mgmt-b {\n        when {\n            routing-engine re1;\n        }\n"
	  "        system { backup-router 10.0.0.2; }\n    }\n}\n"
	  "apply-groups [ mgmt-a mgmt-b ];\n",
	  "inet 10.0.0.2@12:32(mgmt-b) default 0.0.0.0/0@12:32(mgmt-b)\n"
	  "inet6 none\n" },
	{ "when routing-engine, node not named", NULL, CFG_FORMAT_AUTO,
	  "set groups mgmt-a when routing-engine re0\n"
	  "set groups mgmt-a system backup-router 10.0.0.1\n"
	  "set groups mgmt-b when routing-engine re1\n"
	  "set groups mgmt-b system backup-router 10.0.0.2\n"
	  "set apply-groups [ mgmt-a mgmt-b ]\n",
	  "E 2:26 backup-router is set in group mgmt-a, which applies only on node re0: name this "
	  "node with --node NAME or XBR_NODE=NAME (nodes in this configuration: re0, re1)\n" },
	{ "when routing-engine, the same on both", NULL, CFG_FORMAT_AUTO,
	  "set groups mgmt-a when routing-engine re0\n"
	  "set groups mgmt-a system backup-router 10.0.0.1\n"
	  "set groups mgmt-b when routing-engine re1\n"
	  "set groups mgmt-b system backup-router 10.0.0.1\n"
	  "set apply-groups [ mgmt-a mgmt-b ]\n",
	  "inet 10.0.0.1@2:40(mgmt-a) default 0.0.0.0/0@2:40(mgmt-a)\n"
	  "inet6 none\n"
	  "W 0:0 the backup routers are the same on every node (re0, re1): shown as on re0; --node "
	  "NAME names this one\n" },
	{ "when node, and chassis with a routing matrix's node", "lcc1-re0", CFG_FORMAT_AUTO,
	  "set groups c0 when chassis lcc0\nset groups c0 system backup-router 10.0.0.1\n"
	  "set groups c1 when chassis lcc1\nset groups c1 system backup-router 10.0.0.2\n"
	  "set groups n0 when node node0\nset groups n0 system inet6-backup-router 2001:db8::1\n"
	  "set apply-groups [ c0 c1 n0 ]\n",
	  "inet 10.0.0.2@4:36(c1) default 0.0.0.0/0@4:36(c1)\n"
	  "inet6 none\n" },
	{ "when with two conditions: both must hold", "re0", CFG_FORMAT_AUTO,
	  "set groups g when routing-engine re0\nset groups g when time 15:00 to 16:00\n"
	  "set groups g system backup-router 10.0.0.1\nset apply-groups g\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "when time, every day, now inside", NULL, CFG_FORMAT_AUTO,
	  "set groups day when time 08:00 to 18:00\n"
	  "set groups day system backup-router 10.0.0.1\n"
	  "set groups night when time 18:00 to 08:00\n"
	  "set groups night system backup-router 10.0.0.2\n"
	  "set apply-groups [ night day ]\n",
	  "inet 10.0.0.1@2:37(day) default 0.0.0.0/0@2:37(day)\n"
	  "inet6 none\n"
	  "W 1:12 group day applies by its \"when time\" as of 14:02, when the configuration was "
	  "read: xbr does not decide again until a reload\n" },
	{ "when time with dates, past and now", NULL, CFG_FORMAT_AUTO,
	  "set groups old when time 2023-01-01.00:00 to 2024-01-01.00:00\n"
	  "set groups old system backup-router 10.0.0.1\n"
	  "set groups new when time 2024-06-01.00:00\n"
	  "set groups new system inet6-backup-router 2001:db8::1\n"
	  "set apply-groups [ old new ]\n",
	  "inet none\n"
	  "inet6 2001:db8::1@4:43(new) default ::/0@4:43(new)\n"
	  "W 3:12 group new applies by its \"when time\" as of 14:02, when the configuration was "
	  "read: xbr does not decide again until a reload\n" },
	{ "when time that is not a time", NULL, CFG_FORMAT_AUTO,
	  "set groups g when time 25:00\nset groups g system backup-router 10.0.0.1\n"
	  "set apply-groups g\n",
	  "E 1:19 backup-router is set in group g, which applies only when time 25:00: \"25:00\" "
	  "is not a time: write [yyyy-mm-dd.]hh:mm\n" },
	{ "when model cannot be told here", NULL, CFG_FORMAT_AUTO,
	  "groups { mx { when { model mx480; } system { backup-router 10.0.0.1; } } }\n"
	  "apply-groups mx;\n",
	  "E 1:22 backup-router is set in group mx, which applies only when model mx480: xbr "
	  "cannot tell the model of a Junos device on this host\n" },
	{ "when model on a group without a backup router does not matter", NULL, CFG_FORMAT_AUTO,
	  "groups { mx { when { model mx480; } system { host-name x; } } }\n"
	  "apply-groups mx;\nsystem { backup-router 10.0.0.1; }\n",
	  "inet 10.0.0.1@3:24 default 0.0.0.0/0@3:24\n"
	  "inet6 none\n" },
	{ "an inactive when", NULL, CFG_FORMAT_AUTO,
	  "set groups g when model mx480\nset groups g system backup-router 10.0.0.1\n"
	  "deactivate groups g when\nset apply-groups g\n",
	  "inet 10.0.0.1@2:35(g) default 0.0.0.0/0@2:35(g)\n"
	  "inet6 none\n" },
};

static void test_cases(void **state)
{
	(void)state;
	check_outcomes(cases, sizeof(cases) / sizeof(cases[0]), CASE_NOW);
}

/* More errors than are shown: the first hundred in the file, and a count of the rest. */
static void test_errors_capped(void **state)
{
	char *text = NULL;
	size_t len = 0, i;
	struct xbr_config c;
	struct cfg_diag e;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 150; i++)
		fprintf(f, "set system backup-router 10.0.0.1 destination 10.%zu.0.0/33\n", i);
	fclose(f);
	assert_int_equal(parse_exact(text, len, &c, &e), -1);
	assert_int_equal(c.n_errors, 101);
	assert_int_equal(e.loc.line, 1);
	assert_int_equal(c.errors[0].loc.line, 1);
	assert_int_equal(c.errors[99].loc.line, 100);
	assert_int_equal(c.errors[100].loc.line, 0);
	assert_string_equal(c.errors[100].msg, "50 more errors not shown");
	config_free(&c);
	free(text);
}

/* The near misses: one typing mistake (two in a long word) away, swaps counting one. */
static void test_distance(void **state)
{
	static const struct {
		const char *a, *b;
		unsigned int d;
	} cases[] = {
		{ "backup-router", "backup-router", 0 },
		{ "backup-routers", "backup-router", 1 },
		{ "inet6-backuprouter", "inet6-backup-router", 1 },
		{ "backpu-router", "backup-router", 1 },
		{ "bakup-ruter", "backup-router", 2 },
		{ "sytem", "system", 1 },
		{ "ystem", "system", 1 },
		{ "services", "system", 3 }, /* past the limit of 2: reported as 3 */
		{ "", "abc", 3 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned int d = jschema_distance(cases[i].a, strlen(cases[i].a), cases[i].b,
						  strlen(cases[i].b), 2);

		if (d != cases[i].d)
			fail_msg("%s / %s: %u, want %u", cases[i].a, cases[i].b, d, cases[i].d);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_errors_capped),
		cmocka_unit_test(test_distance),
	};

	(void)argc;
	setenv("TZ", "UTC", 1);
	tzset();
	find_dirs(argv[0]);
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
