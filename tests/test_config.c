// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Junos configuration parser (loader/config*.c, loader/junos*.c).
 *
 * Most tests are tables: configuration text in, and either the exact result
 * written out as text (gateways, destinations, locations, warnings) or the
 * exact error (line, column, message). Whole router configurations live in
 * tests/configs/; the `set` and hierarchy forms of one configuration must
 * give the same statement tree, not only the same backup routers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libgen.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "config/config.h"
#include "config/junos/junos.h"
#include "config_test.h"

/* ---- accepted configurations ---- */

struct ok_case {
	const char *name;
	const char *text;
	const char *want;
};

static const struct ok_case ok_cases[] = {
	{ "junos example, set",
	  "set system backup-router 172.29.201.62 destination [172.16.0.0/13 172.16.128.0/13]\n"
	  "set system inet6-backup-router 2001:db8:0:1::1 destination 2001:db8:ffff::/48\n",
	  "inet 172.29.201.62@1:26 172.16.0.0/13@1:53\n"
	  "inet6 2001:db8:0:1::1@2:32 2001:db8:ffff::/48@2:60\n"
	  "W 1:67 172.16.128.0/13 has host bits set; using 172.16.0.0/13\n"
	  "W 1:67 duplicate destination 172.16.0.0/13 (also at 1:53); using it once\n" },
	{ "junos example, hierarchy",
	  "system {\n"
	  "    backup-router 172.29.201.62 destination [ 172.16.0.0/13 172.16.128.0/13 ];\n"
	  "    inet6-backup-router 2001:db8:0:1::1 destination 2001:db8:ffff::/48;\n"
	  "}\n",
	  "inet 172.29.201.62@2:19 172.16.0.0/13@2:47\n"
	  "inet6 2001:db8:0:1::1@3:25 2001:db8:ffff::/48@3:53\n"
	  "W 2:61 172.16.128.0/13 has host bits set; using 172.16.0.0/13\n"
	  "W 2:61 duplicate destination 172.16.0.0/13 (also at 2:47); using it once\n" },
	{ "no destination: default route, set", "set system backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n" },
	{ "no destination: default route, hierarchy, both families",
	  "system { backup-router 10.0.0.1; inet6-backup-router fe80::1; }",
	  "inet 10.0.0.1@1:24 default 0.0.0.0/0@1:24\n"
	  "inet6 fe80::1@1:54 default ::/0@1:54\n" },
	{ "two halves instead of a default",
	  "set system backup-router 10.0.0.1 destination [ 0.0.0.0/1 128.0.0.0/1 ]\n",
	  "inet 10.0.0.1@1:26 0.0.0.0/1@1:49 128.0.0.0/1@1:59\n"
	  "inet6 none\n" },
	{ "an explicit default is not implied",
	  "system { backup-router 10.0.0.1 destination 0.0.0.0/0; }",
	  "inet 10.0.0.1@1:24 0.0.0.0/0@1:45\n"
	  "inet6 none\n" },
	{ "address and destinations on separate lines",
	  "set system backup-router 10.0.0.1\n"
	  "set system backup-router destination 172.16.0.0/13\n"
	  "set system backup-router destination 172.24.0.0/13\n",
	  "inet 10.0.0.1@1:26 172.16.0.0/13@2:38 172.24.0.0/13@3:38\n"
	  "inet6 none\n" },
	{ "destinations before the address",
	  "set system inet6-backup-router destination 2001:db8:1::/48\n"
	  "set system inet6-backup-router 2001:db8::1\n",
	  "inet none\n"
	  "inet6 2001:db8::1@2:32 2001:db8:1::/48@1:44\n" },
	{ "several destination lines with the address",
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "set system backup-router 10.0.0.1 destination 10.2.0.0/16\n",
	  "inet 10.0.0.1@1:26 10.1.0.0/16@1:47 10.2.0.0/16@2:47\n"
	  "inet6 none\n" },
	{ "a later address replaces the gateway, destinations stay",
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "set system backup-router 10.0.0.2 destination 10.2.0.0/16\n",
	  "inet 10.0.0.2@2:26 10.1.0.0/16@1:47 10.2.0.0/16@2:47\n"
	  "inet6 none\n"
	  "W 2:26 backup-router 10.0.0.2 replaces 10.0.0.1 (set at 1:26)\n" },
	{ "setting the same address again is no replacement",
	  "set system backup-router 10.0.0.1\nset system backup-router 10.0.0.1\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n" },
	{ "block form with the address in the header",
	  "system {\n  backup-router 10.0.0.1 {\n    destination [ 10.1.0.0/16 10.2.0.0/16 ];\n  "
	  "}\n}\n",
	  "inet 10.0.0.1@2:17 10.1.0.0/16@3:19 10.2.0.0/16@3:31\n"
	  "inet6 none\n" },
	{ "block form with an address statement",
	  "system {\n  inet6-backup-router {\n    address 2001:db8::1;\n"
	  "    destination 2001:db8:1::/48;\n    destination 2001:db8:2::/48;\n  }\n}\n",
	  "inet none\n"
	  "inet6 2001:db8::1@3:13 2001:db8:1::/48@4:17 2001:db8:2::/48@5:17\n" },
	{ "two backup-router statements in one block merge",
	  "system { backup-router 10.0.0.1 destination 10.1.0.0/16;"
	  " backup-router destination 10.2.0.0/16; }",
	  "inet 10.0.0.1@1:24 10.1.0.0/16@1:45 10.2.0.0/16@1:84\n"
	  "inet6 none\n" },
	{ "host routes without /length, and their duplicates",
	  "set system backup-router 10.0.0.1 destination [ 10.9.9.9 10.9.9.9/32 ]\n"
	  "set system inet6-backup-router 2001:db8::1 destination 2001:db8::99\n",
	  "inet 10.0.0.1@1:26 10.9.9.9/32@1:49\n"
	  "inet6 2001:db8::1@2:32 2001:db8::99/128@2:56\n"
	  "W 1:58 duplicate destination 10.9.9.9/32 (also at 1:49); using it once\n" },
	{ "the same prefix twice in a list",
	  "system { backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.1.0.0/16 ]; }",
	  "inet 10.0.0.1@1:24 10.1.0.0/16@1:47\n"
	  "inet6 none\n"
	  "W 1:59 duplicate destination 10.1.0.0/16 (also at 1:47); using it once\n" },
	{ "junos short form of IPv4 prefixes",
	  "set system backup-router 10.0.0.1 destination [ 10/8 172.16/12 0/0 ]\n",
	  "inet 10.0.0.1@1:26 10.0.0.0/8@1:49 172.16.0.0/12@1:54 0.0.0.0/0@1:64\n"
	  "inet6 none\n" },
	{ "IPv6 written in capitals and long form, with host bits",
	  "set system inet6-backup-router 2001:DB8:0:0::1 destination 2001:DB8:FFFF:0:0:0:0:1/48\n",
	  "inet none\n"
	  "inet6 2001:db8::1@1:32 2001:db8:ffff::/48@1:60\n"
	  "W 1:60 2001:DB8:FFFF:0:0:0:0:1/48 has host bits set; using 2001:db8:ffff::/48\n" },
	{ "quoted words are words",
	  "system { \"backup-router\" \"10.0.0.1\" destination \"10.1.0.0/16\"; }",
	  "inet 10.0.0.1@1:26 10.1.0.0/16@1:49\n"
	  "inet6 none\n" },
	{ "inactive: backup router is not used",
	  "system {\n  inactive: backup-router 10.0.0.1 destination 10.1.0.0/16;\n"
	  "  inet6-backup-router 2001:db8::1;\n}\n",
	  "inet none\n"
	  "inet6 2001:db8::1@3:23 default ::/0@3:23\n" },
	{ "inactive: system hides both",
	  "inactive: system { backup-router 10.0.0.1; inet6-backup-router 2001:db8::1; }",
	  "inet none\n"
	  "inet6 none\n" },
	{ "deactivate one destination",
	  "set system backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.2.0.0/16 ]\n"
	  "deactivate system backup-router destination 10.1.0.0/16\n",
	  "inet 10.0.0.1@1:26 10.2.0.0/16@1:61\n"
	  "inet6 none\n" },
	{ "deactivate every destination: none left, but no default either",
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "deactivate system backup-router destination\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n" },
	{ "deactivate then activate",
	  "set system backup-router 10.0.0.1\n"
	  "deactivate system backup-router\n"
	  "activate system backup-router\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n" },
	{ "deactivate system", "set system backup-router 10.0.0.1\ndeactivate system\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "an inactive address alone: nothing, and no complaint",
	  "set system backup-router 10.0.0.1\ndeactivate system backup-router 10.0.0.1\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "delete a destination, a list of them, the whole statement",
	  "set system backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.2.0.0/16 10.3.0.0/16 ]\n"
	  "delete system backup-router destination 10.1.0.0/16\n"
	  "delete system backup-router destination [ 10.2.0.0/16 ]\n"
	  "set system inet6-backup-router 2001:db8::1\n"
	  "delete system inet6-backup-router\n",
	  "inet 10.0.0.1@1:26 10.3.0.0/16@1:73\n"
	  "inet6 none\n" },
	{ "deleting the last destination leaves none, so: every destination",
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "delete system backup-router destination 10.1.0.0/16\n",
	  "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\n"
	  "inet6 none\n" },
	{ "delete, then set again",
	  "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "delete system backup-router\n"
	  "set system backup-router 10.0.0.9\n",
	  "inet 10.0.0.9@3:26 default 0.0.0.0/0@3:26\n"
	  "inet6 none\n" },
	{ "a bare delete empties the configuration",
	  "set system backup-router 10.0.0.1\ndelete\nset system host-name r1\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "delete and deactivate of missing statements warn",
	  "set system backup-router 10.0.0.1\n"
	  "delete system backup-router destination 10.1.0.0/16\n"
	  "deactivate system \"host-name\"\n"
	  "protect system backup-router destination [ 1.0.0.0/8 ]\n"
	  "set system backup-router 10.0.0.1 destination 1.0.0.0/8\n"
	  "unprotect system backup-router 10.0.0.1 destination [ 1.0.0.0/8 2.0.0.0/8 ]\n",
	  "inet 10.0.0.1@1:26 1.0.0.0/8@5:47\n"
	  "inet6 none\n"
	  "W 2:1 delete: statement not found: system backup-router destination 10.1.0.0/16\n"
	  "W 3:1 deactivate: statement not found: system host-name\n"
	  "W 4:1 protect: statement not found: system backup-router destination [ 1.0.0.0/8 ]\n"
	  "W 6:1 unprotect: statement not found: system backup-router 10.0.0.1 destination "
	  "2.0.0.0/8\n" },
	{ "comments, annotations, secret-data trailers",
	  "## Last commit: 2024-01-01 00:00:00 UTC by admin\n"
	  "version 20.4R3.8;\n"
	  "/* multi-line\n   annotation { ; */\n"
	  "system {\n"
	  "    root-authentication {\n"
	  "        encrypted-password \"$6$x$y\"; ## SECRET-DATA\n"
	  "    }\n"
	  "    # backup-router 10.9.9.9;\n"
	  "    /* the management gateway */ backup-router 10.0.0.1 /* ok */ destination "
	  "10.1.0.0/16;#x\n"
	  "}\n",
	  "inet 10.0.0.1@10:48 10.1.0.0/16@10:78\n"
	  "inet6 none\n" },
	{ "# and slash-star inside words are not comments",
	  "system { host-name a#b; location x/*y; backup-router 10.0.0.1; }",
	  "inet 10.0.0.1@1:54 default 0.0.0.0/0@1:54\n"
	  "inet6 none\n" },
	{ "strings with escapes, braces and newlines inside",
	  "system {\n  login { message \"a \\\"quoted\\\" {word}; [x]\n second line\\\\\"; }\n"
	  "  backup-router 10.0.0.1;\n}\n",
	  "inet 10.0.0.1@4:17 default 0.0.0.0/0@4:17\n"
	  "inet6 none\n" },
	{ "protect: and replace: tags", "replace: system { protect: backup-router 10.0.0.1; }",
	  "inet 10.0.0.1@1:42 default 0.0.0.0/0@1:42\n"
	  "inet6 none\n" },
	{ "CRLF line ends, a byte order mark and tabs: columns count bytes",
	  "\xef\xbb\xbfsystem {\r\n\tbackup-router\t10.0.0.1 destination 10.1.0.0/16;\r\n}\r\n",
	  "inet 10.0.0.1@2:16 10.1.0.0/16@2:37\n"
	  "inet6 none\n" },
	{ "a statement may run over several lines",
	  "system {\n  backup-router\n    10.0.0.1\n    destination [\n      10.1.0.0/16\n"
	  "      10.2.0.0/16\n    ];\n}\n",
	  "inet 10.0.0.1@3:5 10.1.0.0/16@5:7 10.2.0.0/16@6:7\n"
	  "inet6 none\n" },
	{ "Allman braces", "system\n{\n  backup-router 10.0.0.1;\n}\n",
	  "inet 10.0.0.1@3:17 default 0.0.0.0/0@3:17\n"
	  "inet6 none\n" },
	{ "inactive: inside the block is about the destination, not the block",
	  "system {\n  backup-router 10.0.0.1 {\n    destination 10.1.0.0/16;\n"
	  "    inactive: destination 10.2.0.0/16;\n  }\n}\n",
	  "inet 10.0.0.1@2:17 10.1.0.0/16@3:17\n"
	  "inet6 none\n" },
	{ "one address, several lengths: not duplicates",
	  "set system backup-router 10.0.0.1 destination [ 10.0.0.0/16 10.0.0.0/8 ]\n",
	  "inet 10.0.0.1@1:26 10.0.0.0/16@1:49 10.0.0.0/8@1:61\n"
	  "inet6 none\n" },
	{ "delete the address through a list; protect what exists",
	  "set system backup-router 10.0.0.1\nset system inet6-backup-router ::2\n"
	  "delete system backup-router [ 10.0.0.1 ]\nprotect system inet6-backup-router\n",
	  "inet none\n"
	  "inet6 ::2@2:32 default ::/0@2:32\n" },
	{ "warnings in file order, whenever they were found",
	  "set system backup-router 10.0.0.1 destination 10.1.0.1/16\ndelete system foo\n",
	  "inet 10.0.0.1@1:26 10.1.0.0/16@1:47\n"
	  "inet6 none\n"
	  "W 1:47 10.1.0.1/16 has host bits set; using 10.1.0.0/16\n"
	  "W 2:1 delete: statement not found: system foo\n" },
	{ "empty input", "",
	  "inet none\n"
	  "inet6 none\n" },
	{ "only comments and blank lines", "\n\n# nothing\n/* here */\n   \n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "no backup router in a configuration",
	  "system { host-name r1; }\ninterfaces { lo0 { unit 0; } }\n",
	  "inet none\n"
	  "inet6 none\n" },
	{ "backup-router elsewhere than at the top of system is something else",
	  "set logical-systems LS1 system backup-router 10.0.0.1\n"
	  "set system services backup-router 10.0.0.2\n",
	  "inet none\n"
	  "inet6 none\n" },
};

static void test_ok_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		expect_result(ok_cases[i].name, ok_cases[i].text, NULL, ok_cases[i].want);
}

/* ---- rejected configurations ---- */

struct err_case {
	const char *text;
	int line, col;
	const char *msg;
};

static const struct err_case err_cases[] = {
	/* Addresses and prefixes. */
	{ "set system backup-router 10.0.0.1 destination 172.16.0.0/33\n", 1, 47,
	  "invalid IPv4 prefix \"172.16.0.0/33\": prefix length must be 0..32" },
	{ "set system inet6-backup-router 2001:db8::1 destination 2001:db8::/129\n", 1, 56,
	  "invalid IPv6 prefix \"2001:db8::/129\": prefix length must be 0..128" },
	{ "set system backup-router 10.0.0.1 destination 10.0.0.0/\n", 1, 47,
	  "invalid IPv4 prefix \"10.0.0.0/\": prefix length must be 0..32" },
	{ "set system backup-router 10.0.0.1 destination 10.0.0.0/x8\n", 1, 47,
	  "invalid IPv4 prefix \"10.0.0.0/x8\": prefix length must be 0..32" },
	{ "set system backup-router 10.0.0.1 destination 10.256.0.0/16\n", 1, 47,
	  "invalid IPv4 prefix \"10.256.0.0/16\": each octet must be 0..255" },
	{ "set system backup-router 10.0.0.1 destination 10.01.0.0/16\n", 1, 47,
	  "invalid IPv4 prefix \"10.01.0.0/16\": octets are written without leading zeros" },
	{ "set system backup-router 10.0.0.1 destination 10.1.2.3.4/32\n", 1, 47,
	  "invalid IPv4 prefix \"10.1.2.3.4/32\": not an IPv4 address" },
	{ "set system inet6-backup-router 2001:db8::1 destination 2001:db8:::/48\n", 1, 56,
	  "invalid IPv6 prefix \"2001:db8:::/48\": not an IPv6 address" },
	{ "set system backup-router 10.0.0.1 destination mgmt-nets\n", 1, 47,
	  "invalid destination \"mgmt-nets\": expected an IPv4 prefix such as 172.16.0.0/13" },
	{ "set system inet6-backup-router 2001:db8::1 destination any\n", 1, 56,
	  "invalid destination \"any\": expected an IPv6 prefix such as 2001:db8:ffff::/48" },
	{ "set system backup-router 300.0.0.1\n", 1, 26,
	  "invalid IPv4 address \"300.0.0.1\": each octet must be 0..255" },
	{ "set system backup-router 10.1\n", 1, 26,
	  "invalid IPv4 address \"10.1\": an IPv4 address has four octets" },
	{ "set system backup-router 10.0.0.1/24\n", 1, 26,
	  "invalid backup-router address \"10.0.0.1/24\": the backup router is an address, without "
	  "\"/length\"" },
	{ "set system backup-router 224.0.0.5\n", 1, 26,
	  "backup-router address 224.0.0.5 is not a unicast address" },
	{ "set system inet6-backup-router ::\n", 1, 32,
	  "inet6-backup-router address :: is not a unicast address" },
	{ "system {\n    backup-router 2001:db8::1;\n}\n", 2, 19,
	  "IPv6 address 2001:db8::1 under backup-router; use inet6-backup-router" },
	{ "system { inet6-backup-router 10.0.0.1; }", 1, 30,
	  "IPv4 address 10.0.0.1 under inet6-backup-router; use backup-router" },
	{ "set system backup-router 10.0.0.1 destination 2001:db8::/32\n", 1, 47,
	  "IPv6 destination 2001:db8::/32 under backup-router; use inet6-backup-router" },
	{ "set system inet6-backup-router ::1 destination 10.0.0.0/8\n", 1, 48,
	  "IPv4 destination 10.0.0.0/8 under inet6-backup-router; use backup-router" },
	{ "set system backup-router mgmt-gw\n", 1, 26,
	  "unexpected \"mgmt-gw\" under backup-router: expected the backup router's IPv4 address "
	  "or \"destination\"" },
	/* The statement's shape. */
	{ "set system backup-router 10.0.0.1 destination\n", 1, 35,
	  "\"destination\" needs a prefix: destination 172.16.0.0/13, or destination [ "
	  "172.16.0.0/13 ... ]" },
	{ "set system backup-router destination 172.16.0.0/13\n", 1, 26,
	  "backup-router destination without an address: give the backup router, as in "
	  "\"backup-router ADDRESS destination ...\"" },
	{ "system {\n  inet6-backup-router {\n    destination 2001:db8::/32;\n  }\n}\n", 3, 5,
	  "inet6-backup-router destination without an address: give the backup router, as in "
	  "\"inet6-backup-router ADDRESS destination ...\"" },
	{ "set system backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "deactivate system backup-router 10.0.0.1\n",
	  1, 35, "backup-router destination without an address: the address at 1:26 is inactive" },
	{ "system { backup-router { address; } }", 1, 26,
	  "\"address\" needs the backup router's address" },
	{ "system {\n  backup-router 10.0.0.1 destination 10.1.0.0/16\n"
	  "  inet6-backup-router 2001:db8::1;\n}\n",
	  2, 49, "expected \";\" before \"inet6-backup-router\"" },
	{ "system {\n  backup-router 10.0.0.1\n  ntp { server 10.1.1.1; }\n}\n", 2, 25,
	  "expected \";\" before \"ntp\"" },
	{ "set system backup-router 10.0.0.1 10.0.0.2\n", 1, 35,
	  "backup-router takes one address: \"10.0.0.2\" after \"10.0.0.1\"" },
	{ "system { backup-router 10.0.0.1 destination 10.1.0.0/16 10.2.0.0/16; }", 1, 57,
	  "backup-router takes one address: \"10.2.0.0/16\" after \"10.0.0.1\"; "
	  "several values of destination are written destination [ ... ]" },
	{ "system { backup-router [ 10.0.0.1 10.0.0.2 ]; }", 1, 35,
	  "backup-router takes one address: \"10.0.0.2\" after \"10.0.0.1\"" },
	{ "system { backup-router { address 10.0.0.1 address 10.0.0.2; } }", 1, 51,
	  "backup-router takes one address: \"10.0.0.2\" after \"10.0.0.1\"" },
	{ "system {\n  backup-router destination 10.1.0.0/16\n  host-name r1;\n}\n", 2, 40,
	  "expected \";\" before \"host-name\"" },
	{ "system {\n  backup-router destination 10.1.0.0/16\n  ntp;\n}\n", 2, 40,
	  "expected \";\" before \"ntp\"" },
	{ "system {\n  backup-router 10.0.0.1 destination\n  host-name;\n}\n", 2, 37,
	  "expected \";\" before \"host-name\"" },
	/* The earlier of two mistakes is the one reported, whichever family. */
	{ "set system inet6-backup-router 2001:db8::1 destination 10.0.0.0/8\n"
	  "set system backup-router 10.0.0.1 destination 1.2.3.4/40\n",
	  1, 56, "IPv4 destination 10.0.0.0/8 under inet6-backup-router; use backup-router" },
	/* Hierarchy syntax. */
	{ "system {\n  host-name r1;\n}\n}\n", 4, 1, "unbalanced \"}\": no block is open" },
	{ "system {\n  host-name r1;\n", 3, 1, "missing \"}\" for \"system {\" opened at 1:1" },
	{ "interfaces {\n  ge-0/0/0 {\n    unit 0 {\n      family inet;\n  }\n}", 6, 2,
	  "missing \"}\" for \"interfaces {\" opened at 1:1" },
	{ "interfaces {\n  ge-0/0/0 {\n    unit 0 {\n      family inet;\n", 5, 1,
	  "missing \"}\" for \"unit 0 {\" opened at 3:5" },
	{ "system {\n  backup-router 10.0.0.1 }\n", 2, 25, "expected \";\" after \"10.0.0.1\"" },
	{ "system { host-name r1; }\nversion 20.4", 2, 13, "expected \";\" after \"20.4\"" },
	{ "system { host-name \"r1\" }", 1, 24, "expected \";\" after \"r1\"" },
	{ "system { backup-router 10.0.0.1 destination [ 10.1.0.0/16 ] foo; }", 1, 60,
	  "expected \";\" after \"]\"" },
	{ "system { ; }", 1, 10, "unexpected \";\": empty statement" },
	{ "{ system; }", 1, 1, "unexpected \"{\": a block needs a name before it" },
	{ "system { [ a b ]; }", 1, 10, "unexpected \"[\": a list needs a name before it" },
	{ "system { a ]; }", 1, 12, "unbalanced \"]\"" },
	{ "system { ] }", 1, 10, "unbalanced \"]\"" },
	{ "system { backup-router 10.0.0.1 destination [ 10.1.0.0/16; }", 1, 58,
	  "missing \"]\" for \"[\" opened at 1:45" },
	{ "system { backup-router 10.0.0.1 destination [\n 10.1.0.0/16\n", 3, 1,
	  "missing \"]\" for \"[\" opened at 1:45" },
	{ "system { backup-router 10.0.0.1 destination [ ]; }", 1, 45, "empty list \"[ ]\"" },
	{ "system { inactive: ; }", 1, 10, "\"inactive:\" must be followed by a statement" },
	{ "inactive: replace: }", 1, 11, "\"replace:\" must be followed by a statement" },
	{ "system { host-name \"r1; }\n", 1, 20, "unterminated string: no closing '\"'" },
	{ "system { host-name \"r1\\\"; }\n", 1, 20, "unterminated string: no closing '\"'" },
	{ "system { host-name \"r1\\", 1, 20, "unterminated string: no closing '\"'" },
	{ "system {\n  /* host-name r1; }\n", 2, 3, "unterminated comment: \"/*\" without \"*/\"" },
	{ "system { host-name r\x01; }", 1, 21, "invalid character 0x01" },
	{ "system { host-name r1; }\x7f", 1, 25, "invalid character 0x7f" },
	/* Set syntax. */
	{ "set system backup-router 10.0.0.1\nsystem {\n", 2, 1,
	  "hierarchy statement \"system\" in a configuration of set commands (first command at "
	  "1:1); use one syntax per file" },
	{ "\n  set system host-name r1\n}\n", 3, 1,
	  "unexpected \"}\" in a configuration of set commands (first command at 2:3); use one "
	  "syntax per file" },
	{ "system {\n  host-name r1;\n}\nset system backup-router 10.0.0.1\n", 4, 1,
	  "\"set\" command in a configuration written as a hierarchy (first statement at 1:1); use "
	  "one syntax per file" },
	{ "set system host-name r1;\n", 1, 24,
	  "unexpected \";\": a set command ends at the end of the line" },
	{ "set system { host-name r1 }\n", 1, 12,
	  "unexpected \"{\" in a set command (first command at 1:1); use one syntax per file" },
	{ "set system host-name r1\nsett system host-name r2\n", 2, 1,
	  "unknown command \"sett\": expected set, delete, activate, deactivate, protect, "
	  "unprotect, edit, up, top, exit, insert, rename, copy or annotate" },
	{ "set system host-name r1\n\"set\" system\n", 2, 1,
	  "unknown command \"set\": expected set, delete, activate, deactivate, protect, "
	  "unprotect, edit, up, top, exit, insert, rename, copy or annotate" },
	{ "set system host-name r1\n[ set ]\n", 2, 1,
	  "unknown command \"[\": expected set, delete, activate, deactivate, protect, "
	  "unprotect, edit, up, top, exit, insert, rename, copy or annotate" },
	{ "set\n", 1, 1, "\"set\" needs a statement path" },
	{ "set [ a b ]\n", 1, 1, "\"set\" needs a statement path" },
	{ "set system host-name r1\ndeactivate\n", 2, 1, "\"deactivate\" needs a statement path" },
	{ "set system backup-router 10.0.0.1 destination [ 10.1.0.0/16\n"
	  "set system host-name r1\n",
	  1, 60, "missing \"]\" for \"[\" opened at 1:47" },
	{ "set system backup-router 10.0.0.1 destination [ 10.1.0.0/16 ] 10.2.0.0/16\n", 1, 63,
	  "expected the end of the line after \"]\"" },
	{ "set system backup-router 10.0.0.1 destination ]\n", 1, 47, "unbalanced \"]\"" },
	{ "set system login message \"hello\n", 1, 26, "unterminated string: no closing '\"'" },
};

static void test_err_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		expect_error(i, err_cases[i].text, NULL, err_cases[i].line, err_cases[i].col,
			     err_cases[i].msg);
}

/* NUL bytes are characters like any other: refused, at their place. */
static void test_nul_byte(void **state)
{
	static const char text[] = "system {\n  host-name r\0 1;\n}\n";
	struct xbr_config c;
	struct cfg_diag e;

	(void)state;
	assert_int_equal(parse_exact(text, sizeof(text) - 1, &c, &e), -1);
	config_free(&c);
	assert_int_equal(e.loc.line, 2);
	assert_int_equal(e.loc.col, 14);
	assert_string_equal(e.msg, "invalid character 0x00");
}

/* The text ends at len: what lies after it must not be read. */
static void test_not_nul_terminated(void **state)
{
	static const char text[] = "set system backup-router 10.0.0.1/24";
	struct xbr_config c;
	struct cfg_diag e;
	char *d;

	(void)state;
	assert_int_equal(config_parse(text, sizeof(text) - 1 - 3, "t", &c, &e), 0);
	d = describe(&c);
	assert_string_equal(d, "inet 10.0.0.1@1:26 default 0.0.0.0/0@1:26\ninet6 none\n");
	free(d);
	config_free(&c);

	/* Cut inside a comment, a string, a list. */
	assert_int_equal(config_parse("/* x */", 5, "t", &c, &e), -1);
	config_free(&c);
	assert_string_equal(e.msg, "unterminated comment: \"/*\" without \"*/\"");
	assert_int_equal(config_parse("system { a \"b\"; }", 13, "t", &c, &e), -1);
	config_free(&c);
	assert_string_equal(e.msg, "unterminated string: no closing '\"'");
	assert_int_equal(config_parse("set a [ b ]", 10, "t", &c, &e), -1);
	config_free(&c);
	assert_int_equal(e.loc.col, 11);
	assert_string_equal(e.msg, "missing \"]\" for \"[\" opened at 1:7");
	assert_int_equal(config_parse(NULL, 0, NULL, &c, &e), 0);
	assert_string_equal(c.file, "<config>");
	config_free(&c);
}

/* ---- warnings ---- */

static void test_warnings_capped(void **state)
{
	char *text = NULL, *d;
	size_t len = 0, i;
	struct xbr_config c;
	struct cfg_diag e;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	fprintf(f, "set system backup-router 10.0.0.1\n");
	for (i = 0; i < 150; i++)
		fprintf(f, "set system backup-router destination 10.%zu.0.1/16\n", i);
	fclose(f);
	assert_int_equal(parse_exact(text, len, &c, &e), 0);
	assert_int_equal(c.inet.n_dests, 150);
	assert_int_equal(c.n_warnings, 101);
	assert_int_equal(c.warnings[0].loc.line, 2);
	assert_int_equal(c.warnings[0].loc.col, 38);
	assert_string_equal(c.warnings[0].msg, "10.0.0.1/16 has host bits set; using 10.0.0.0/16");
	assert_string_equal(c.warnings[0].file, "t.conf");
	assert_int_equal(c.warnings[99].loc.line, 101);
	assert_int_equal(c.warnings[100].loc.line, 0);
	assert_string_equal(c.warnings[100].msg, "50 more warnings not shown");
	d = describe(&c);
	free(d);
	config_free(&c);
	free(text);
}

/* ---- files, stdin, messages ---- */

static void test_diag_format(void **state)
{
	struct cfg_diag d = { .file = "r1.conf", .loc = { 12, 7 }, .msg = "unbalanced \"}\"" };
	char buf[64];

	(void)state;
	cfg_diag_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "r1.conf:12:7: unbalanced \"}\"");
	d.loc.line = 0;
	cfg_diag_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "r1.conf: unbalanced \"}\"");
	cfg_diag_format(&d, buf, 8);
	assert_string_equal(buf, "r1.conf");
}

static void test_load_errors(void **state)
{
	struct xbr_config c;
	struct cfg_diag e;
	char buf[8192];

	(void)state;
	assert_int_equal(config_load("/nonexistent/r1.conf", &c, &e), -1);
	assert_int_equal(e.loc.line, 0);
	assert_string_equal(e.file, "/nonexistent/r1.conf");
	cfg_diag_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "/nonexistent/r1.conf: cannot open: No such file or directory");
	assert_null(c.file);

	assert_int_equal(config_load("/", &c, &e), -1);
	cfg_diag_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "/: cannot read: Is a directory");

	assert_int_equal(config_load(NULL, &c, &e), -1);
	cfg_diag_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "<config>: no configuration file given");

	/* A parse error in a loaded file names the file. */
	snprintf(buf, sizeof(buf), "%s/mx-hierarchy.conf", configs_dir);
	assert_int_equal(config_load(buf, &c, &e), 0);
	assert_string_equal(c.file, buf);
	config_free(&c);
	config_free(&c); /* harmless twice */
}

/* More than 64 MiB is not a router configuration (a sparse file: no disk used). */
static void test_load_too_large(void **state)
{
	char tmp[] = "/tmp/xbr-test-config.XXXXXX", buf[600];
	struct xbr_config c;
	struct cfg_diag e;
	int fd;

	(void)state;
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (64 << 20) + 1), 0);
	close(fd);
	assert_int_equal(config_load(tmp, &c, &e), -1);
	cfg_diag_format(&e, buf, sizeof(buf));
	unlink(tmp);
	assert_string_equal(buf + strlen(tmp), ": too large (more than 64 MiB)");
	assert_null(c.file);
}

static int with_stdin(const char *path, struct xbr_config *c, struct cfg_diag *e)
{
	int saved = dup(STDIN_FILENO), fd = open(path, O_RDONLY), r;

	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	r = config_load("-", c, e);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	return r;
}

static void test_stdin(void **state)
{
	char path[8192], *d, tmp[] = "/tmp/xbr-test-config.XXXXXX";
	static const char bad[] =
		"set system backup-router 10.0.0.1\nset system backup-router 10.0.0.1/8\n";
	struct xbr_config c;
	struct cfg_diag e;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/backup-router.conf", examples_dir);
	assert_int_equal(with_stdin(path, &c, &e), 0);
	assert_string_equal(c.file, "<stdin>");
	d = describe(&c);
	assert_string_equal(d, "inet 192.0.2.254@2:26 172.16.0.0/13@2:52 172.24.0.0/13@2:66\n"
			       "inet6 2001:db8:1::fe@3:32 2001:db8:ffff::/48@3:59\n");
	free(d);
	config_free(&c);

	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bad, sizeof(bad) - 1), (ssize_t)sizeof(bad) - 1);
	close(fd);
	assert_int_equal(with_stdin(tmp, &c, &e), -1);
	config_free(&c);
	unlink(tmp);
	cfg_diag_format(&e, path, sizeof(path));
	assert_string_equal(path, "<stdin>:2:26: invalid backup-router address \"10.0.0.1/8\": "
				  "the backup router is an address, without \"/length\"");
}

/* ---- whole router configurations ---- */

static void test_mx(void **state)
{
	static const char want_h[] = "inet 10.255.0.1@94:19 10.1.0.0/16@94:44 172.16.0.0/12@94:56\n"
				     "inet6 2001:db8:ff::1@95:25 2001:db8:1::/48@95:52\n";
	static const char want_s[] = "inet 10.255.0.1@37:26 10.1.0.0/16@38:38 172.16.0.0/12@39:38\n"
				     "inet6 2001:db8:ff::1@40:32 2001:db8:1::/48@40:59\n";
	size_t lh, ls;
	char *h = read_file(configs_dir, "mx-hierarchy.conf", &lh);
	char *s = read_file(configs_dir, "mx-set.conf", &ls);
	char *dh = parse_describe(h), *ds = parse_describe(s);
	char *th, *ts;

	(void)state;
	assert_string_equal(dh, want_h);
	assert_string_equal(ds, want_s);
	/* Not only the same backup routers: the same configuration. */
	th = tree_dump(h, lh);
	ts = tree_dump(s, ls);
	assert_string_equal(th, ts);
	assert_non_null(strstr(th, "\ndeactivate interfaces xe-0/0/3\n"));
	assert_non_null(strstr(th, "\ndeactivate protocols bgp group IBGP neighbor 10.0.0.3\n"));
	assert_non_null(strstr(th, "\nset system backup-router 10.255.0.1\n"
				   "set system backup-router destination 10.1.0.0/16\n"
				   "set system backup-router destination 172.16.0.0/12\n"));
	assert_non_null(strstr(th, "\nset system login message \"Authorised access only.\\nAll "
				   "sessions are logged by \\\"netops\\\".\"\n"));
	assert_non_null(
		strstr(th, "\nset snmp community \"x7Gv!p2\" clients 0.0.0.0/0 restrict\n"));
	free(th);
	free(ts);
	free(dh);
	free(ds);
	free(h);
	free(s);
}

static void test_srx_ex(void **state)
{
	size_t l;
	char *t, *d;

	(void)state;
	t = read_file(configs_dir, "srx-hierarchy.conf", &l);
	d = parse_describe(t);
	assert_string_equal(d, "inet 10.10.0.1@57:19 default 0.0.0.0/0@57:19\ninet6 none\n");
	free(d);
	free(t);

	t = read_file(configs_dir, "ex-set.conf", &l);
	d = parse_describe(t);
	assert_string_equal(d, "inet 10.20.0.1@13:26 0.0.0.0/1@14:38 128.0.0.0/1@15:38\n"
			       "inet6 2001:db8:20::1@16:32 default ::/0@16:32\n");
	free(d);
	free(t);
}

static void test_examples(void **state)
{
	static const char want[] =
		"inet 192.0.2.254@%d:%d 172.16.0.0/13@%d:%d 172.24.0.0/13@%d:%d\n"
		"inet6 2001:db8:1::fe@%d:%d 2001:db8:ffff::/48@%d:%d\n";
	char w[256];
	size_t l1, l2;
	char *s = read_file(examples_dir, "backup-router.conf", &l1);
	char *h = read_file(examples_dir, "backup-router-hierarchy.conf", &l2);
	char *d, *ts, *th;

	(void)state;
	d = parse_describe(s);
	snprintf(w, sizeof(w), want, 2, 26, 2, 52, 2, 66, 3, 32, 3, 59);
	assert_string_equal(d, w);
	free(d);
	d = parse_describe(h);
	snprintf(w, sizeof(w), want, 5, 19, 5, 45, 5, 59, 6, 25, 6, 52);
	assert_string_equal(d, w);
	free(d);
	ts = tree_dump(s, l1);
	th = tree_dump(h, l2);
	assert_string_equal(ts, th);
	assert_string_equal(ts, "set system backup-router 192.0.2.254\n"
				"set system backup-router destination 172.16.0.0/13\n"
				"set system backup-router destination 172.24.0.0/13\n"
				"set system inet6-backup-router 2001:db8:1::fe\n"
				"set system inet6-backup-router destination 2001:db8:ffff::/48\n");
	free(ts);
	free(th);
	free(s);
	free(h);
}

/* The tree written as set lines reads back as the same tree. */
static void test_write_set_round_trip(void **state)
{
	static const char *const names[] = { "mx-hierarchy.conf", "srx-hierarchy.conf",
					     "ex-set.conf" };
	size_t i, l;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *t = read_file(configs_dir, names[i], &l);
		char *a = tree_dump(t, l);
		char *b = tree_dump(a, strlen(a));

		assert_string_equal(a, b);
		free(a);
		free(b);
		free(t);
	}
}

/* Words that need quotes get them; escapes are written back as read. */
static void test_write_set_quoting(void **state)
{
	static const char text[] = "system { login { message \"two\\nlines \\\"q\\\" \\\\\"; } }\n"
				   "snmp { community \"\" { } location \"/*x\"; contact "
				   "\"a;b{c}\"; description \"#1\"; }\n"
				   "policy-options { as-path A \".* 65000 .*\"; }\n";
	char *d;

	(void)state;
	d = tree_dump(text, strlen(text));
	assert_string_equal(d, "set system login message \"two\\nlines \\\"q\\\" \\\\\"\n"
			       "set snmp community \"\"\n"
			       "set snmp location \"/*x\"\n"
			       "set snmp contact \"a;b{c}\"\n"
			       "set snmp description \"#1\"\n"
			       "set policy-options as-path A \".* 65000 .*\"\n");
	free(d);
}

/* ---- addresses ---- */

static void test_prefix_parse(void **state)
{
	static const struct {
		const char *in;
		int ret, family;
		const char *out; /* or the reason */
		bool host_bits;
	} cases[] = {
		{ "172.16.0.0/13", 0, AF_INET, "172.16.0.0/13", false },
		{ "172.16.128.0/13", 0, AF_INET, "172.16.0.0/13", true },
		{ "10.1.2.3", 0, AF_INET, "10.1.2.3/32", false },
		{ "0.0.0.0/0", 0, AF_INET, "0.0.0.0/0", false },
		{ "255.255.255.255/1", 0, AF_INET, "128.0.0.0/1", true },
		{ "10/8", 0, AF_INET, "10.0.0.0/8", false },
		{ "10.1.2/23", 0, AF_INET, "10.1.2.0/23", false },
		{ "10.1.3/23", 0, AF_INET, "10.1.2.0/23", true },
		{ "2001:db8::/32", 0, AF_INET6, "2001:db8::/32", false },
		{ "2001:db8::1/127", 0, AF_INET6, "2001:db8::/127", true },
		{ "::/0", 0, AF_INET6, "::/0", false },
		{ "::ffff:10.0.0.1", 0, AF_INET6, "::ffff:10.0.0.1/128", false },
		{ "10.0.0.0/33", -1, AF_INET, "prefix length must be 0..32", false },
		{ "10.0.0.0/0032", -1, AF_INET, "prefix length must be 0..32", false },
		{ "10.0.0.0/-1", -1, AF_INET, "prefix length must be 0..32", false },
		{ "10", -1, AF_INET, "an IPv4 address has four octets", false },
		{ "10..0.0/8", -1, AF_INET, "not an IPv4 address", false },
		{ "10.0.0.0./8", -1, AF_INET, "not an IPv4 address", false },
		{ "1000.0.0.0/8", -1, AF_INET, "each octet must be 0..255", false },
		{ "2001:db8::/200", -1, AF_INET6, "prefix length must be 0..128", false },
		{ "fe80::1%eth0", -1, AF_INET6, "not an IPv6 address", false },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001:0001:0001/64", -1, AF_INET6,
		  "not an IPv6 address", false },
		{ "x:y", -1, AF_INET6, "not an IPv6 address", false },
		{ "", -1, 0, "not an address", false },
		{ "/8", -1, 0, "not an address", false },
	};
	struct cfg_prefix p;
	char why[96], s[64];
	bool hb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = cfg_prefix_parse(cases[i].in, strlen(cases[i].in), &p, &hb, why,
					 sizeof(why));

		if (r != cases[i].ret || p.addr.family != cases[i].family)
			fail_msg("\"%s\": ret %d family %d", cases[i].in, r, p.addr.family);
		if (r == 0) {
			cfg_prefix_str(&p, s, sizeof(s));
			assert_string_equal(s, cases[i].out);
			assert_int_equal(hb, cases[i].host_bits);
		} else {
			assert_string_equal(why, cases[i].out);
		}
	}
}

/* The order qsort() and bsearch() see: family, address, length. */
static void test_prefix_cmp(void **state)
{
	static const char *const sorted[] = { "0.0.0.0/0",     "10.0.0.0/8",	"10.0.0.0/16",
					      "10.0.0.1/32",   "172.16.0.0/12", "::/0",
					      "2001:db8::/32", "2001:db8::/48" };
	struct cfg_prefix a, b;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(sorted) / sizeof(sorted[0]); i++) {
		for (j = 0; j < sizeof(sorted) / sizeof(sorted[0]); j++) {
			int r;

			assert_int_equal(
				cfg_prefix_parse(sorted[i], strlen(sorted[i]), &a, NULL, NULL, 0),
				0);
			assert_int_equal(
				cfg_prefix_parse(sorted[j], strlen(sorted[j]), &b, NULL, NULL, 0),
				0);
			r = cfg_prefix_cmp(&a, &b);
			if ((i < j && r >= 0) || (i == j && r) || (i > j && r <= 0))
				fail_msg("%s vs %s: %d", sorted[i], sorted[j], r);
		}
	}
	/* Host bits are cleared first: the same prefix. */
	assert_int_equal(cfg_prefix_parse("172.16.128.0/13", 15, &a, NULL, NULL, 0), 0);
	assert_int_equal(cfg_prefix_parse("172.16.0.0/13", 13, &b, NULL, NULL, 0), 0);
	assert_int_equal(cfg_prefix_cmp(&a, &b), 0);
}

static void test_addr_parse(void **state)
{
	struct cfg_addr a;
	char s[64];

	(void)state;
	assert_int_equal(cfg_addr_parse("192.0.2.1", 9, &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.v4.s_addr, htonl(0xc0000201));
	assert_int_equal(cfg_addr_parse("2001:db8::1", 11, &a), 0);
	cfg_addr_str(&a, s, sizeof(s));
	assert_string_equal(s, "2001:db8::1");
	assert_int_equal(cfg_addr_parse("192.0.2.1/32", 12, &a), -1);
	assert_int_equal(cfg_addr_parse("192.0.2", 7, &a), -1);
	/* Only len bytes count. */
	assert_int_equal(cfg_addr_parse("192.0.2.1x", 9, &a), 0);
	assert_true(cfg_addr_is_unicast(&a));
	assert_int_equal(cfg_addr_parse("255.255.255.255", 15, &a), 0);
	assert_false(cfg_addr_is_unicast(&a));
	assert_int_equal(cfg_addr_parse("ff02::1", 7, &a), 0);
	assert_false(cfg_addr_is_unicast(&a));
}

/* ---- size and hostile input ---- */

/* 100,000 lines of either syntax, with a long prefix-list and 20,000 destinations. */
static void test_large_configs(void **state)
{
	char *text = NULL;
	size_t len = 0, i;
	struct xbr_config c;
	struct cfg_diag e;
	size_t n_dests, n_warnings;
	unsigned int last_len;
	struct stopwatch sw;
	FILE *f;
	int syntax;

	(void)state;
	for (syntax = 0; syntax < 2; syntax++) {
		f = open_memstream(&text, &len);
		assert_non_null(f);
		if (syntax == 0) {
			fprintf(f, "system {\n    backup-router 10.0.0.1 destination [\n");
			for (i = 0; i < 20000; i++)
				fprintf(f, "        10.%zu.%zu.0/24\n", i / 256, i % 256);
			fprintf(f, "    ];\n}\ninterfaces {\n");
			for (i = 0; i < 10000; i++)
				fprintf(f,
					"    ge-%zu/0/%zu {\n        unit 0 {\n            family "
					"inet {\n"
					"                address 172.%zu.%zu.1/24;\n            }\n"
					"        }\n    }\n",
					i / 48, i % 48, 16 + i / 256 % 16, i % 256);
			fprintf(f, "}\npolicy-options {\n    prefix-list BIG {\n");
			for (i = 0; i < 10000; i++)
				fprintf(f, "        192.%zu.%zu.0/24;\n", i / 256, i % 256);
			fprintf(f, "    }\n}\n");
		} else {
			for (i = 0; i < 20000; i++)
				fprintf(f,
					"set system backup-router 10.0.0.1 destination "
					"10.%zu.%zu.0/24\n",
					i / 256, i % 256);
			for (i = 0; i < 70000; i++)
				fprintf(f,
					"set interfaces ge-%zu/0/%zu unit 0 family inet address "
					"172.%zu.%zu.1/24\n",
					i / 48, i % 48, 16 + i / 256 % 16, i % 256);
			for (i = 0; i < 10000; i++)
				fprintf(f, "set policy-options prefix-list BIG 192.%zu.%zu.0/24\n",
					i / 256, i % 256);
		}
		fclose(f);
		stopwatch_start(&sw);
		assert_int_equal(config_parse(text, len, "big.conf", &c, &e), 0);
		stopwatch_report(&sw, syntax ? "set" : "hierarchy", len);
		free(text);
		text = NULL;
		n_dests = c.inet.n_dests;
		last_len = c.inet.dests[n_dests - 1].len;
		n_warnings = c.n_warnings;
		config_free(&c);
		assert_int_equal(n_dests, 20000);
		assert_int_equal(last_len, 24);
		assert_int_equal(n_warnings, 0);
	}
}

/* Depth and length that would overflow a recursive parser's stack. */
static void test_deep_and_long(void **state)
{
	const size_t n = 200000;
	char *text = malloc(6 * n + 64), *p;
	struct xbr_config c;
	struct cfg_diag e;
	size_t i;

	(void)state;
	assert_non_null(text);
	for (p = text, i = 0; i < n; i++)
		p += sprintf(p, "a { ");
	assert_int_equal(config_parse(text, p - text, "t", &c, &e), -1);
	config_free(&c);
	assert_int_equal(e.loc.col, (int)(4 * n + 1));
	assert_string_equal(e.msg, "missing \"}\" for \"a {\" opened at 1:799997");
	for (i = 0; i < n; i++)
		p += sprintf(p, "} ");
	assert_int_equal(config_parse(text, p - text, "t", &c, &e), 0);
	config_free(&c);

	/* One statement of 200,000 words. */
	for (p = text, i = 0; i < n; i++)
		p += sprintf(p, "w%zu ", i % 10);
	*p++ = ';';
	assert_int_equal(config_parse(text, p - text, "t", &c, &e), 0);
	config_free(&c);
	/* A 100,000-byte string with escapes, before a backup router. */
	p = text + sprintf(text, "set system login message \"");
	for (i = 0; i < 50000; i++)
		p += sprintf(p, "\\\"");
	p += sprintf(p, "\"\nset system backup-router 10.0.0.1\n");
	assert_int_equal(config_parse(text, p - text, "t", &c, &e), 0);
	assert_int_equal(c.inet.loc.line, 2);
	config_free(&c);
	/* One word of 800,000 bytes, as an address. */
	p = text + sprintf(text, "set system backup-router ");
	memset(p, '1', 4 * n - 40);
	p += 4 * n - 40;
	assert_int_equal(config_parse(text, p - text, "t", &c, &e), -1);
	config_free(&c);
	assert_string_equal(e.msg, "invalid IPv4 address "
				   "\"111111111111111111111111111111111111111111111111...\": "
				   "each octet must be 0..255");
	free(text);
}

/* Every prefix of a real configuration: a clean result or an error with a place. */
static void test_truncated_inputs(void **state)
{
	size_t len, i;
	char *t = read_file(configs_dir, "mx-hierarchy.conf", &len);
	struct xbr_config c;
	struct cfg_diag e;

	(void)state;
	for (i = 0; i <= len; i++) {
		if (parse_exact(t, i, &c, &e) == 0) {
			config_free(&c);
			continue;
		}
		config_free(&c);
		if (e.loc.line < 1 || e.loc.col < 1 || !e.msg[0])
			fail_msg("prefix %zu: error without a place: %d:%d %s", i, e.loc.line,
				 e.loc.col, e.msg);
	}
	free(t);
}

/* Random damage to real configurations (fixed seed, so failures repeat). */
static void test_mutated_inputs(void **state)
{
	static const char *const names[] = { "mx-hierarchy.conf", "mx-set.conf" };
	static const char bytes[] = "{}[];\"#/*\\\n :\x01\xff";
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	struct xbr_config c;
	struct cfg_diag e;
	size_t len, i, k, j;
	int round, r;

	(void)state;
	for (k = 0; k < 2; k++) {
		char *t = read_file(configs_dir, names[k], &len);
		char *m = malloc(len);

		assert_non_null(m);
		for (round = 0; round < 1000; round++) {
			memcpy(m, t, len);
			for (j = 0; j < 1 + (size_t)round % 8; j++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				i = x % len;
				m[i] = (x >> 32) & 1 ? bytes[(x >> 40) % (sizeof(bytes) - 1)]
						     : (char)(x >> 48);
			}
			r = parse_exact(m, len - (x >> 20) % 3, &c, &e);
			config_free(&c);
			if (r && (e.loc.line < 1 || e.loc.col < 1))
				fail_msg("round %d: error without a place: %s", round, e.msg);
		}
		free(m);
		free(t);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_cases),
		cmocka_unit_test(test_err_cases),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_warnings_capped),
		cmocka_unit_test(test_diag_format),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_too_large),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_mx),
		cmocka_unit_test(test_srx_ex),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_write_set_round_trip),
		cmocka_unit_test(test_write_set_quoting),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_prefix_cmp),
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_large_configs),
		cmocka_unit_test(test_deep_and_long),
		cmocka_unit_test(test_truncated_inputs),
		cmocka_unit_test(test_mutated_inputs),
	};

	(void)argc;
	find_dirs(argv[0]);
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
