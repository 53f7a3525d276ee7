// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos configuration as automation fetches it: XML (display xml, NETCONF
 * replies) and JSON (display json, ietf and verbose), junos/xml.c and
 * junos/json.c; telling the syntax from the content; and the backup
 * routers written back (config_write(), check --display).
 *
 * The table of tests/configs/: each configuration written in every syntax
 * (the brace hierarchy, set lines, display xml, display json, and for two
 * a NETCONF reply and verbose JSON) must mean the same on every node: the
 * same backup routers, groups, warnings and errors, the places aside. The
 * others are tables of input and describe_outcome()'s exact text.
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

/* ---- one configuration, every syntax ---- */

struct syntaxes {
	const char *files[6]; /* the first is the reference; NULL-ended */
	const char *nodes[5]; /* as well as none; NULL-ended */
};

static const struct syntaxes configs[] = {
	{ { "dual-re.conf", "dual-re-set.conf", "dual-re.xml", "dual-re.json",
	    "dual-re-netconf.xml", "dual-re-verbose.json" },
	  { "re0", "re1", "re2", NULL } },
	{ { "srx-cluster.conf", "srx-cluster-set.conf", "srx-cluster.xml", "srx-cluster.json",
	    "srx-cluster-verbose.json", NULL },
	  { "node0", "node1", NULL } },
	{ { "mx-hierarchy.conf", "mx-set.conf", "mx.xml", "mx.json", NULL },
	  { "re0", "re1", NULL } },
	{ { "srx-hierarchy.conf", "srx-set.conf", "srx.xml", "srx.json", NULL },
	  { "node0", "node1", NULL } },
	{ { "ex-hierarchy.conf", "ex-set.conf", "ex.xml", "ex.json", NULL }, { "re0", NULL } },
};

static char *outcome_of(const char *file, const char *node)
{
	struct cfg_options o = { .node = node };
	struct xbr_config c;
	struct cfg_diag e;
	size_t len;
	char *text = read_file(configs_dir, file, &len);
	int r = parse_with(text, len, &o, &c, &e);
	char *d = describe_outcome(r, &c);

	config_free(&c);
	free(text);
	return d;
}

static void test_every_syntax(void **state)
{
	size_t i, j, k;

	(void)state;
	describe_no_places = true;
	for (i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		for (k = 0; k == 0 || configs[i].nodes[k - 1]; k++) {
			const char *node = k ? configs[i].nodes[k - 1] : NULL;
			char *want = outcome_of(configs[i].files[0], node);

			for (j = 1; j < 6 && configs[i].files[j]; j++) {
				char *got = outcome_of(configs[i].files[j], node);

				if (strcmp(got, want))
					fail_msg("%s and %s, node %s:\n--- %s:\n%s--- %s:\n%s",
						 configs[i].files[0], configs[i].files[j],
						 node ? node : "(none)", configs[i].files[0], want,
						 configs[i].files[j], got);
				free(got);
			}
			free(want);
		}
	}
	describe_no_places = false;
}

/* The places are the file's own: as the hierarchy gives them, so do XML and JSON. */
static void test_fixture_places(void **state)
{
	static const struct {
		const char *file, *node, *want;
	} cases[] = {
		{ "dual-re.xml", "re1",
		  "inet 198.51.100.129@46:34(re1) 10.0.0.0/8@47:38(re1) 192.168.0.0/16@48:38(re1)\n"
		  "inet6 2001:db8:101::1@51:34(re1) 2001:db8::/32@52:38(re1)\n" },
		{ "dual-re.json", "re1",
		  "inet 198.51.100.129@61:33(re1) 10.0.0.0/8@62:38(re1) 192.168.0.0/16@62:52(re1)\n"
		  "inet6 2001:db8:101::1@65:33(re1) 2001:db8::/32@66:38(re1)\n" },
		{ "dual-re-verbose.json", "re0",
		  "inet 198.51.100.1@32:34(re0) 10.0.0.0/8@37:34(re0) 192.168.0.0/16@40:34(re0)\n"
		  "inet6 2001:db8:100::1@49:34(re0) 2001:db8::/32@54:34(re0)\n" },
		{ "srx-cluster.xml", "node1",
		  "inet 203.0.113.1@36:34(node1) 0.0.0.0/1@37:38(node1) 128.0.0.0/1@38:38(node1)\n"
		  "inet6 none\n" },
		{ "srx.json", "node0",
		  "inet 10.10.0.1@98:29 default 0.0.0.0/0@98:29\n"
		  "inet6 none\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = outcome_of(cases[i].file, cases[i].node);

		if (strcmp(got, cases[i].want))
			fail_msg("%s, node %s:\n--- want:\n%s--- got:\n%s", cases[i].file,
				 cases[i].node, cases[i].want, got);
		free(got);
	}
}

/* ---- XML and JSON, case by case ---- */

#define RPC_REPLY "<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/21.4R3/junos\">\n"

static const struct outcome_case cases[] = {
	/* ---- XML ---- */
	{ "display xml, with its envelope and trailer", NULL, CFG_FORMAT_AUTO,
	  RPC_REPLY
	  "    <configuration junos:commit-seconds=\"1714644907\" "
	  "junos:commit-localtime=\"2024-05-02 10:15:07 UTC\" junos:commit-user=\"noc\">\n"
	  "            <system>\n"
	  "                <backup-router>\n"
	  "                    <address>192.0.2.254</address>\n"
	  "                    <destination>172.16.0.0/13</destination>\n"
	  "                    <destination>172.24.0.0/13</destination>\n"
	  "                </backup-router>\n"
	  "            </system>\n"
	  "    </configuration>\n"
	  "    <cli>\n        <banner>{master}</banner>\n    </cli>\n"
	  "</rpc-reply>\n",
	  "inet 192.0.2.254@5:30 172.16.0.0/13@6:34 172.24.0.0/13@7:34\n"
	  "inet6 none\n" },
	{ "a NETCONF get-config reply, namespaces and all", NULL, CFG_FORMAT_AUTO,
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
	  "xmlns:junos=\"http://xml.juniper.net/junos/22.4R0/junos\" message-id=\"101\">\n"
	  "<data>\n"
	  "<configuration xmlns=\"http://xml.juniper.net/xnm/1.1/xnm\" "
	  "junos:changed-seconds=\"1718719371\">\n"
	  "<system>\n<inet6-backup-router>\n<address>2001:db8::1</address>\n"
	  "<destination>2001:db8:1::/48</destination>\n</inet6-backup-router>\n</system>\n"
	  "</configuration>\n</data>\n</rpc-reply>\n",
	  "inet none\n"
	  "inet6 2001:db8::1@7:10 2001:db8:1::/48@8:14\n" },
	{ "a bare <configuration>, groups, apply-groups repeated, \"${node}\"", "node1",
	  CFG_FORMAT_AUTO,
	  "<configuration>\n"
	  "    <groups>\n        <name>node0</name>\n"
	  "        <system><backup-router><address>10.0.0.1</address></backup-router></system>\n"
	  "    </groups>\n"
	  "    <groups>\n        <name>node1</name>\n"
	  "        <system><backup-router><address>10.0.1.1</address></backup-router></system>\n"
	  "    </groups>\n"
	  "    <groups>\n        <name>common</name>\n"
	  "        <system><backup-router><destination>10.9.0.0/16</destination>"
	  "</backup-router></system>\n"
	  "    </groups>\n"
	  "    <apply-groups>${node}</apply-groups>\n"
	  "    <apply-groups>common</apply-groups>\n"
	  "</configuration>\n",
	  "inet 10.0.1.1@8:41(node1) 10.9.0.0/16@12:45(common)\n"
	  "inet6 none\n" },
	{ "inactive and protect attributes, on containers, lists and leaves", NULL, CFG_FORMAT_XML,
	  "<configuration>\n"
	  "    <groups inactive=\"inactive\"><name>g</name>"
	  "<system><backup-router><address>10.0.0.9</address></backup-router></system></groups>\n"
	  "    <apply-groups>g</apply-groups>\n"
	  "    <system protect=\"protect\">\n"
	  "        <backup-router>\n"
	  "            <address>10.0.0.1</address>\n"
	  "            <destination inactive=\"inactive\">10.1.0.0/16</destination>\n"
	  "            <destination>10.2.0.0/16</destination>\n"
	  "        </backup-router>\n"
	  "        <inet6-backup-router inactive=\"inactive\">\n"
	  "            <address>2001:db8::1</address>\n"
	  "        </inet6-backup-router>\n"
	  "    </system>\n"
	  "</configuration>\n",
	  "inet 10.0.0.1@6:22 10.2.0.0/16@8:26\n"
	  "inet6 none\n" },
	{ "comments, annotations, <undocumented>, CDATA, entities, CRLF", NULL, CFG_FORMAT_AUTO,
	  "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\r\n"
	  "<!-- saved by the backup job -->\r\n"
	  "<configuration>\r\n"
	  "    <junos:comment xmlns:junos=\"http://xml.juniper.net/junos/*/junos\">/* mgmt "
	  "*/</junos:comment>\r\n"
	  "    <system>\r\n"
	  "        <undocumented><dump-on-panic/></undocumented>\r\n"
	  "        <login><message>a &lt;b&gt; &amp; &#x63;</message></login>\r\n"
	  "        <backup-router>\r\n"
	  "            <address><![CDATA[10.0.0.1]]></address>\r\n"
	  "            <destination> 10.1.0.0/16 </destination>\r\n"
	  "        </backup-router>\r\n"
	  "    </system>\r\n"
	  "</configuration>\r\n",
	  "inet 10.0.0.1@9:22 10.1.0.0/16@10:27\n"
	  "inet6 none\n" },
	{ "load attributes: delete, replace, active", NULL, CFG_FORMAT_XML,
	  "<configuration>\n"
	  "  <system>\n"
	  "    <backup-router><address>10.0.0.1</address>"
	  "<destination>10.1.0.0/16</destination></backup-router>\n"
	  "    <inet6-backup-router><address>2001:db8::1</address></inet6-backup-router>\n"
	  "  </system>\n"
	  "  <system>\n"
	  "    <backup-router replace=\"replace\"><address>10.0.0.2</address></backup-router>\n"
	  "    <inet6-backup-router delete=\"delete\"/>\n"
	  "  </system>\n"
	  "</configuration>\n",
	  "inet 10.0.0.2@7:47 default 0.0.0.0/0@7:47\n"
	  "inet6 none\n" },
	{ "unknown structure under backup-router", NULL, CFG_FORMAT_XML,
	  "<configuration>\n"
	  "  <system>\n"
	  "    <backup-router>\n"
	  "      <address>10.0.0.1</address>\n"
	  "      <gateway>10.0.0.2</gateway>\n"
	  "      <destination><name>10.1.0.0/16</name></destination>\n"
	  "    </backup-router>\n"
	  "  </system>\n"
	  "</configuration>\n",
	  "E 5:8 unknown statement <gateway> under backup-router: expected address, destination, "
	  "apply-groups or apply-groups-except\n"
	  "E 6:21 <destination> holds a value, not <name>\n" },
	{ "text where statements belong, and a value that is wrong", NULL, CFG_FORMAT_XML,
	  "<configuration>\n  <system>stray\n"
	  "    <backup-router><address>10.0.0.1/24</address></backup-router>\n"
	  "    <inet6-backup-router><address>2001:db8::1</address>"
	  "<destination>10.0.0.0/8</destination></inet6-backup-router>\n"
	  "  </system>\n</configuration>\n",
	  "E 3:29 invalid backup-router address \"10.0.0.1/24\": the backup router is an address, "
	  "without \"/length\"\n"
	  "E 4:69 IPv4 destination 10.0.0.0/8 under inet6-backup-router; use backup-router\n" },
	{ "malformed XML: where it breaks", NULL, CFG_FORMAT_AUTO,
	  "<configuration>\n  <system>\n    <backup-router>\n"
	  "      <address>10.0.0.1</addres>\n"
	  "    </backup-router>\n  </system>\n</configuration>\n",
	  "E 4:33 invalid XML: Opening and ending tag mismatch: address line 4 and addres\n" },
	{ "an entity of a DTD is never read", NULL, CFG_FORMAT_AUTO,
	  "<?xml version=\"1.0\"?>\n"
	  "<!DOCTYPE configuration [ <!ENTITY gw \"10.0.0.1\"> ]>\n"
	  "<configuration><system><backup-router><address>&gw;</address></backup-router>"
	  "</system></configuration>\n",
	  "E 2:25 a DOCTYPE has no place in Junos XML: it is not read\n" },
	{ "an external entity neither", NULL, CFG_FORMAT_XML,
	  "<!DOCTYPE configuration SYSTEM \"http://192.0.2.1/x.dtd\">\n"
	  "<configuration/>\n",
	  "E 1:56 a DOCTYPE has no place in Junos XML: it is not read\n" },
	{ "an undefined entity", NULL, CFG_FORMAT_XML,
	  "<configuration><system><host-name>&r1;</host-name></system></configuration>\n",
	  "E 1:39 invalid XML: Entity 'r1' not defined\n" },
	{ "an rpc-error", NULL, CFG_FORMAT_AUTO,
	  RPC_REPLY "<rpc-error>\n<error-type>protocol</error-type>\n"
		    "<error-severity>error</error-severity>\n<error-message>\n"
		    "permission denied\n</error-message>\n</rpc-error>\n</rpc-reply>\n",
	  "E 2:2 the reply is an error, not a configuration: permission denied\n" },
	{ "an rpc-error that is a warning", NULL, CFG_FORMAT_AUTO,
	  RPC_REPLY
	  "<rpc-error><error-severity>warning</error-severity>"
	  "<error-message>statement has no contents; ignored</error-message></rpc-error>\n"
	  "<configuration><system><backup-router><address>10.0.0.1</address>"
	  "</backup-router></system></configuration>\n</rpc-reply>\n",
	  "inet 10.0.0.1@3:48 default 0.0.0.0/0@3:48\n"
	  "inet6 none\n"
	  "W 2:2 the reply carries a warning: statement has no contents; ignored\n" },
	{ "XML that is not a configuration", NULL, CFG_FORMAT_AUTO,
	  "<interface-information><physical-interface/></interface-information>\n",
	  "E 1:2 <interface-information> is not Junos configuration: expected <configuration> or "
	  "<rpc-reply>\n" },
	{ "a reply without a configuration", NULL, CFG_FORMAT_AUTO,
	  RPC_REPLY "<ok/>\n</rpc-reply>\n",
	  "E 1:1 no <configuration> in this XML: it is not a Junos configuration\n" },
	{ "two configurations", NULL, CFG_FORMAT_XML,
	  "<rpc-reply><configuration/><configuration/></rpc-reply>\n",
	  "E 1:29 a second <configuration>: one configuration per file\n" },
	{ "UTF-16", NULL, CFG_FORMAT_XML, "\xff\xfe<\0c\0/\0>\0",
	  "E 1:1 XML in UTF-16 or UCS-4: Junos writes UTF-8; save it as UTF-8\n" },
	{ "a near miss in XML is said too", NULL, CFG_FORMAT_XML,
	  "<configuration><system><backup-routers><address>10.0.0.1</address>"
	  "</backup-routers></system></configuration>\n",
	  "inet none\n"
	  "inet6 none\n"
	  "W 1:25 system \"backup-routers\" is not a statement xbr knows: did you mean "
	  "\"backup-router\"? (read and ignored)\n" },
	{ "a conditional group in XML", "re1", CFG_FORMAT_XML,
	  "<configuration>\n"
	  "  <groups><name>a</name><when><routing-engine>re0</routing-engine></when>"
	  "<system><backup-router><address>10.0.0.1</address></backup-router></system></groups>\n"
	  "  <groups><name>b</name><when><routing-engine>re1</routing-engine></when>"
	  "<system><backup-router><address>10.0.0.2</address></backup-router></system></groups>\n"
	  "  <apply-groups>a</apply-groups><apply-groups>b</apply-groups>\n"
	  "</configuration>\n",
	  "inet 10.0.0.2@3:106(b) default 0.0.0.0/0@3:106(b)\n"
	  "inet6 none\n" },
	{ "a reply with the configuration as text, places as in the file", NULL, CFG_FORMAT_AUTO,
	  RPC_REPLY "<configuration-text xmlns=\"http://xml.juniper.net/xnm/1.1/xnm\">\n"
		    "## Last commit: 2024-05-02 10:15:07 UTC by noc\n"
		    "system {\n"
		    "    backup-router 10.0.0.1 destination [ 10.1.0.0/16 10.0.0.0/33 ];\n"
		    "    host-name &lt;r1&gt;\n"
		    "}\n"
		    "</configuration-text>\n</rpc-reply>\n",
	  "E 5:54 invalid IPv4 prefix \"10.0.0.0/33\": prefix length must be 0..32\n"
	  "E 6:19 expected \";\" after \"<r1>\"\n" },
	{ "the text's line ends are the file's, CR and all", NULL, CFG_FORMAT_XML,
	  "<rpc-reply>\r\n<configuration-text><!-- a\r\ncomment -->\r\n"
	  "system {\r\n    backup-router 10.0.0.1 destination 10.0.0.0/33;\r\n}\r\n"
	  "</configuration-text>\r\n</rpc-reply>\r\n",
	  "E 5:40 invalid IPv4 prefix \"10.0.0.0/33\": prefix length must be 0..32\n" },
	{ "a reply with set commands", NULL, CFG_FORMAT_AUTO,
	  RPC_REPLY "<configuration-set>\nset system backup-router 10.0.0.1\n"
		    "set system inet6-backup-router 2001:db8::1 destination 2001:db8:1::/48\n"
		    "</configuration-set>\n</rpc-reply>\n",
	  "inet 10.0.0.1@3:26 default 0.0.0.0/0@3:26\n"
	  "inet6 2001:db8::1@4:32 2001:db8:1::/48@4:56\n" },
	/* ---- JSON, ietf ---- */
	{ "display json, ietf, with Junos's spacing and the CLI's banner after", NULL,
	  CFG_FORMAT_AUTO,
	  "{\n"
	  "    \"configuration\" : {\n"
	  "        \"@\" : {\n"
	  "            \"junos:commit-seconds\" : \"1714644907\",\n"
	  "            \"junos:commit-localtime\" : \"2024-05-02 10:15:07 UTC\",\n"
	  "            \"junos:commit-user\" : \"noc\"\n"
	  "        },\n"
	  "        \"system\" : {\n"
	  "            \"backup-router\" : {\n"
	  "                \"address\" : \"192.0.2.254\",\n"
	  "                \"destination\" : [\"172.16.0.0/13\", \"172.24.0.0/13\"]\n"
	  "            }\n"
	  "        }\n"
	  "    }\n"
	  "}\n\n{master:0}\n",
	  "inet 192.0.2.254@10:29 172.16.0.0/13@11:34 172.24.0.0/13@11:51\n"
	  "inet6 none\n" },
	{ "metadata: on a container, on a leaf, on items of a leaf-list", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : {\n"
	  "  \"system\" : {\n"
	  "    \"backup-router\" : {\n"
	  "      \"address\" : \"10.0.0.1\",\n"
	  "      \"destination\" : [\"10.1.0.0/16\", \"10.2.0.0/16\", \"10.3.0.0/16\"],\n"
	  "      \"@destination\" : [null, {\"inactive\" : true}, null]\n"
	  "    },\n"
	  "    \"inet6-backup-router\" : {\n"
	  "      \"@\" : {\"inactive\" : true, \"comment\" : \"/* spare */\"},\n"
	  "      \"address\" : \"2001:db8::1\"\n"
	  "    },\n"
	  "    \"host-name\" : \"r1\",\n"
	  "    \"@host-name\" : {\"inactive\" : true}\n"
	  "  }\n"
	  "} }\n",
	  "inet 10.0.0.1@4:19 10.1.0.0/16@5:24 10.3.0.0/16@5:54\n"
	  "inet6 none\n" },
	{ "groups, apply-groups arrays, flags and unquoted integers", "re1", CFG_FORMAT_AUTO,
	  "{\n"
	  "    \"configuration\" : {\n"
	  "        \"groups\" : [\n"
	  "        {\n"
	  "            \"name\" : \"re0\",\n"
	  "            \"system\" : { \"backup-router\" : { \"address\" : \"10.0.0.1\" } }\n"
	  "        },\n"
	  "        {\n"
	  "            \"name\" : \"re1\",\n"
	  "            \"system\" : { \"backup-router\" : { \"address\" : \"10.0.1.1\" } }\n"
	  "        }\n"
	  "        ],\n"
	  "        \"apply-groups\" : [\"re0\", \"re1\"],\n"
	  "        \"system\" : {\n"
	  "            \"no-redirects\" : [null],\n"
	  "            \"login\" : { \"user\" : [ { \"name\" : \"ops\", \"uid\" : 2001 } ] },\n"
	  "            \"backup-router\" : { \"destination\" : \"10.5.0.0/16\" }\n"
	  "        }\n"
	  "    }\n"
	  "}\n",
	  "inet 10.0.1.1@10:58(re1) 10.5.0.0/16@17:49\n"
	  "inet6 none\n" },
	{ "wrong types where xbr reads", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : {\n"
	  "  \"apply-groups\" : { \"re0\" : true },\n"
	  "  \"groups\" : { \"name\" : \"re0\" },\n"
	  "  \"system\" : {\n"
	  "    \"backup-router\" : {\n"
	  "      \"address\" : [\"10.0.0.1\"],\n"
	  "      \"destination\" : { \"prefix\" : \"10.1.0.0/16\" }\n"
	  "    },\n"
	  "    \"inet6-backup-router\" : \"2001:db8::1\"\n"
	  "  }\n"
	  "} }\n",
	  "E 2:20 \"apply-groups\" is an object, where Junos writes a string, or an array of them\n"
	  "E 3:14 \"groups\" is an object, where Junos writes an array of objects, each with its "
	  "\"name\"\n"
	  "E 6:19 \"address\" is an array, where Junos writes one value, a string\n"
	  "E 7:23 \"destination\" is an object, where Junos writes a string, or an array of them\n"
	  "E 9:29 \"inet6-backup-router\" is a string, where Junos writes an object of "
	  "statements\n" },
	{ "unknown members under backup-router", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : { \"system\" : { \"backup-router\" : {\n"
	  "  \"address\" : \"10.0.0.1\",\n"
	  "  \"gateway\" : \"10.0.0.2\",\n"
	  "  \"@gateway\" : {}\n"
	  "} } } }\n",
	  "E 3:3 unknown statement \"gateway\" under backup-router: expected address, destination, "
	  "apply-groups or apply-groups-except\n" },
	{ "a member given twice", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : { \"system\" : {\n"
	  "  \"backup-router\" : { \"address\" : \"10.0.0.1\" },\n"
	  "  \"backup-router\" : { \"address\" : \"10.0.0.2\" }\n"
	  "} } }\n",
	  "E 3:3 \"backup-router\" given twice in one object (also at 2:3)\n" },
	{ "malformed JSON: where it breaks", NULL, CFG_FORMAT_AUTO,
	  "{\n    \"configuration\" : {\n        \"system\" : {\n"
	  "            \"backup-router\" : { \"address\" : \"10.0.0.1\", }\n"
	  "        }\n    }\n}\n",
	  "E 4:57 invalid JSON: unexpected character\n" },
	{ "JSON cut short", NULL, CFG_FORMAT_AUTO, "{ \"configuration\" : { \"system\" : {",
	  "E 1:35 invalid JSON: the text ends before the document does\n" },
	{ "text after the document", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : { } }\nset system backup-router 10.0.0.1\n",
	  "E 2:1 text after the JSON document\n" },
	{ "JSON that is not a configuration", NULL, CFG_FORMAT_JSON,
	  "{ \"interface-information\" : [ { } ] }\n",
	  "E 1:1 no \"configuration\" in this JSON: it is not a Junos configuration\n" },
	{ "not UTF-8", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : { \"system\" : { \"host-name\" : \"r\xff\" } } }\n",
	  "E 1:52 invalid JSON: invalid utf-8 string\n" },
	{ "escapes in strings", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : { \"system\" : { \"backup-router\" : {\n"
	  "  \"address\" : \"10.0.0.\\u0031\",\n"
	  "  \"destination\" : [\"10.1.0.0\\/16\"] } } } }\n",
	  "inet 10.0.0.1@2:15 10.1.0.0/16@3:20\n"
	  "inet6 none\n" },
	/* ---- JSON, verbose ---- */
	{ "verbose JSON, as releases before 16.1 write it", "node0", CFG_FORMAT_AUTO,
	  "{\n"
	  "    \"configuration\" : [\n"
	  "    {\n"
	  "        \"attributes\" : {\"junos:commit-seconds\" : \"1450000000\",\n"
	  "                        \"junos:commit-localtime\" : \"2015-12-13 10:00:00 UTC\",\n"
	  "                        \"junos:commit-user\" : \"root\"\n"
	  "                       },\n"
	  "        \"groups\" : [\n"
	  "        {\n"
	  "            \"name\" : [\n"
	  "            {\n"
	  "                \"data\" : \"node0\"\n"
	  "            }\n"
	  "            ],\n"
	  "            \"system\" : [\n"
	  "            {\n"
	  "                \"backup-router\" : [\n"
	  "                {\n"
	  "                    \"address\" : [\n"
	  "                    {\n"
	  "                        \"data\" : \"10.0.0.1\"\n"
	  "                    }\n"
	  "                    ],\n"
	  "                    \"destination\" : [\n"
	  "                    {\n"
	  "                        \"data\" : \"172.16.0.0/13\"\n"
	  "                    },\n"
	  "                    {\n"
	  "                        \"data\" : \"172.24.0.0/13\",\n"
	  "                        \"attributes\" : {\"inactive\" : \"inactive\"}\n"
	  "                    }\n"
	  "                    ]\n"
	  "                }\n"
	  "                ]\n"
	  "            }\n"
	  "            ]\n"
	  "        }\n"
	  "        ],\n"
	  "        \"apply-groups\" : [\n"
	  "        {\n"
	  "            \"data\" : \"${node}\"\n"
	  "        }\n"
	  "        ],\n"
	  "        \"system\" : [\n"
	  "        {\n"
	  "            \"no-redirects\" : [\n"
	  "            {\n"
	  "                \"data\" : [null]\n"
	  "            }\n"
	  "            ]\n"
	  "        }\n"
	  "        ]\n"
	  "    }\n"
	  "    ]\n"
	  "}\n",
	  "inet 10.0.0.1@21:34(node0) 172.16.0.0/13@26:34(node0)\n"
	  "inet6 none\n" },
	{ "verbose JSON with the wrong shapes", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : [ {\n"
	  "  \"system\" : { \"host-name\" : [ { \"data\" : \"r1\" } ] },\n"
	  "  \"groups\" : [ \"g\" ]\n"
	  "} ] }\n",
	  "E 2:14 \"system\" is an object: in verbose JSON every statement is an array\n"
	  "E 3:16 \"groups\" holds a string: in verbose JSON each element is an object\n" },
	{ "verbose JSON: two addresses for one", NULL, CFG_FORMAT_JSON,
	  "{ \"configuration\" : [ { \"system\" : [ { \"backup-router\" : [ {\n"
	  "  \"address\" : [ { \"data\" : \"10.0.0.1\" }, { \"data\" : \"10.0.0.2\" } ]\n"
	  "} ] } ] } ] }\n",
	  "E 2:42 \"address\" takes one value: 2 are given\n" },
};

static void test_cases(void **state)
{
	(void)state;
	check_outcomes(cases, sizeof(cases) / sizeof(cases[0]), 1718719371);
}

/* ---- the syntax, from the content ---- */

static void test_detect(void **state)
{
	static const struct {
		const char *text;
		enum cfg_format want;
	} cases[] = {
		{ "<rpc-reply>", CFG_FORMAT_XML },
		{ "\xef\xbb\xbf\n  <?xml version=\"1.0\"?>", CFG_FORMAT_XML },
		{ "<!-- saved -->\n<configuration/>", CFG_FORMAT_XML },
		{ "{\n    \"configuration\" : {", CFG_FORMAT_JSON },
		{ "{}", CFG_FORMAT_JSON },
		{ "{ system; }", CFG_FORMAT_TEXT },
		{ "set system host-name r1\n", CFG_FORMAT_SET },
		{ "## Last commit\n# x\n\nedit system\n", CFG_FORMAT_SET },
		{ "/* note */ deactivate system\n", CFG_FORMAT_SET },
		{ "## Last commit\nversion 20.4R3.8;\n", CFG_FORMAT_TEXT },
		{ "system {\n", CFG_FORMAT_TEXT },
		{ "", CFG_FORMAT_TEXT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cfg_format f = cfg_format_detect(cases[i].text, strlen(cases[i].text));

		if (f != cases[i].want)
			fail_msg("\"%s\": %s, want %s", cases[i].text, cfg_format_name(f),
				 cfg_format_name(cases[i].want));
	}
	assert_int_equal(cfg_format_from_name("xml"), CFG_FORMAT_XML);
	assert_int_equal(cfg_format_from_name("set"), CFG_FORMAT_SET);
	assert_int_equal(cfg_format_from_name("yaml"), CFG_FORMAT_AUTO);
	assert_int_equal(cfg_format_from_name("auto"), CFG_FORMAT_AUTO);
}

/* ---- the backup routers written back ---- */

static char *written(const struct xbr_config *c, enum cfg_format f)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	assert_non_null(fp);
	assert_int_equal(config_write(c, f, fp), 0);
	fclose(fp);
	return out;
}

static void test_display(void **state)
{
	static const char text[] = "set groups re0 system backup-router 10.0.0.1 destination "
				   "[ 172.16.0.0/13 172.24.0.0/13 ]\n"
				   "set groups re0 system inet6-backup-router 2001:db8::1\n"
				   "set apply-groups re0\n"
				   "set system backup-router destination 10.9.0.0/16\n";
	static const struct {
		enum cfg_format f;
		const char *want;
	} cases[] = {
		{ CFG_FORMAT_SET, "set system backup-router 10.0.0.1 destination 10.9.0.0/16\n"
				  "set system backup-router 10.0.0.1 destination 172.16.0.0/13\n"
				  "set system backup-router 10.0.0.1 destination 172.24.0.0/13\n"
				  "set system inet6-backup-router 2001:db8::1\n" },
		{ CFG_FORMAT_TEXT, "system {\n"
				   "    backup-router 10.0.0.1 destination [ 10.9.0.0/16 "
				   "172.16.0.0/13 172.24.0.0/13 ];\n"
				   "    inet6-backup-router 2001:db8::1;\n"
				   "}\n" },
		{ CFG_FORMAT_JSON, "{\n"
				   "    \"configuration\" : {\n"
				   "        \"system\" : {\n"
				   "            \"backup-router\" : {\n"
				   "                \"address\" : \"10.0.0.1\",\n"
				   "                \"destination\" : [\"10.9.0.0/16\", "
				   "\"172.16.0.0/13\", \"172.24.0.0/13\"]\n"
				   "            },\n"
				   "            \"inet6-backup-router\" : {\n"
				   "                \"address\" : \"2001:db8::1\"\n"
				   "            }\n"
				   "        }\n"
				   "    }\n"
				   "}\n" },
		{ CFG_FORMAT_XML, "<configuration>\n"
				  "    <system>\n"
				  "        <backup-router>\n"
				  "            <address>10.0.0.1</address>\n"
				  "            <destination>10.9.0.0/16</destination>\n"
				  "            <destination>172.16.0.0/13</destination>\n"
				  "            <destination>172.24.0.0/13</destination>\n"
				  "        </backup-router>\n"
				  "        <inet6-backup-router>\n"
				  "            <address>2001:db8::1</address>\n"
				  "        </inet6-backup-router>\n"
				  "    </system>\n"
				  "</configuration>\n" },
	};
	struct cfg_options o = { .node = "re0" };
	struct xbr_config c, back, none;
	struct cfg_diag e;
	size_t i;

	(void)state;
	assert_int_equal(parse_with(text, strlen(text), &o, &c, &e), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cfg_options ob = { .format = cases[i].f };
		char *got = written(&c, cases[i].f), *d1, *d2;

		if (strcmp(got, cases[i].want))
			fail_msg("%s:\n--- want:\n%s--- got:\n%s", cfg_format_name(cases[i].f),
				 cases[i].want, got);
		/* Ready to load: it reads back as the same backup routers. */
		assert_int_equal(parse_with(got, strlen(got), &ob, &back, &e), 0);
		describe_no_places = true;
		d1 = describe(&c);
		d2 = describe(&back);
		describe_no_places = false;
		/* Written in [edit system]: no group any more. */
		assert_non_null(strstr(d1, "(re0)"));
		assert_null(strstr(d2, "(re0)"));
		free(d1);
		free(d2);
		config_free(&back);
		free(got);
	}
	config_free(&c);
	/* Nothing to write: nothing, or an empty configuration. */
	assert_int_equal(parse_with("", 0, NULL, &none, &e), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = written(&none, cases[i].f);

		assert_string_equal(got, cases[i].f == CFG_FORMAT_JSON
						 ? "{\n    \"configuration\" : {\n    }\n}\n"
					 : cases[i].f == CFG_FORMAT_XML
						 ? "<configuration>\n</configuration>\n"
						 : "");
		free(got);
	}
	config_free(&none);
}

/* ---- hostile input ---- */

/*
 * Every prefix of the XML and JSON fixtures: a clean result or errors with
 * their places (every XBR_PREFIX_STEP-th only, under valgrind).
 */
static void test_truncated(void **state)
{
	static const char *const names[] = { "srx-cluster.xml", "srx-cluster.json",
					     "srx-cluster-verbose.json", "dual-re-netconf.xml" };
	size_t step = getenv("XBR_PREFIX_STEP") ? strtoul(getenv("XBR_PREFIX_STEP"), NULL, 10) : 1;
	size_t k, i, len, j;

	if (!step)
		step = 1;

	(void)state;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char *t = read_file(configs_dir, names[k], &len);

		for (i = 0; i <= len; i += step) {
			struct xbr_config c;
			struct cfg_diag e;
			int r = parse_exact(t, i, &c, &e);

			for (j = 0; r && j < c.n_errors; j++)
				if (c.errors[j].loc.line < 1 || c.errors[j].loc.col < 1 ||
				    !c.errors[j].msg[0])
					fail_msg("%s, %zu bytes: error without a place: %d:%d %s",
						 names[k], i, c.errors[j].loc.line,
						 c.errors[j].loc.col, c.errors[j].msg);
			config_free(&c);
		}
		free(t);
	}
}

/* Deeper than the parsers go: an error, not a crash or a stack overflow. */
static void test_deep(void **state)
{
	const size_t n = 100000;
	char *x = malloc(n * 7 + 64), *p = x;
	struct xbr_config c;
	struct cfg_diag e;
	size_t i;

	(void)state;
	assert_non_null(x);
	p += sprintf(p, "<configuration>");
	for (i = 0; i < n; i++)
		p += sprintf(p, "<a>");
	assert_int_equal(parse_exact(x, (size_t)(p - x), &c, &e), -1);
	config_free(&c);
	p = x + sprintf(x, "{\"configuration\":");
	for (i = 0; i < n; i++)
		p += sprintf(p, "{\"a\":");
	assert_int_equal(parse_exact(x, (size_t)(p - x), &c, &e), -1);
	assert_int_equal(e.loc.line, 1);
	config_free(&c);
	free(x);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_syntax), cmocka_unit_test(test_fixture_places),
		cmocka_unit_test(test_cases),	     cmocka_unit_test(test_detect),
		cmocka_unit_test(test_display),	     cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_deep),
	};

	(void)argc;
	setenv("TZ", "UTC", 1);
	tzset();
	find_dirs(argv[0]);
	return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
