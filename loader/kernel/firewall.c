// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "xbr.h"
#include "kernel/firewall.h"

/* A command's whole stdout (stderr dropped), or NULL when it printed nothing. */
static char *run_output(const char *cmd)
{
	size_t len = 0, cap = 0, got;
	char *buf = NULL, *grown;
	FILE *f = popen(cmd, "r");

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			grown = realloc(buf, cap + 65536);
			if (!grown)
				break;
			buf = grown;
			cap += 65536;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	pclose(f);
	if (!len) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static const char *jget(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

/* nftables: chains hooked at forward, and the rules in them. */
static int firewall_nft(char *where, size_t size)
{
	char *out = run_output("nft -j list ruleset 2>/dev/null");
	json_object *root = out ? json_tokener_parse(out) : NULL, *all, *item, *chain, *rule;
	int found = 0;

	free(out);
	if (!root || !json_object_object_get_ex(root, "nftables", &all)) {
		json_object_put(root);
		return 0;
	}
	for (size_t i = 0; !found && i < json_object_array_length(all); i++) {
		unsigned int rules = 0;

		item = json_object_array_get_idx(all, i);
		if (!json_object_object_get_ex(item, "chain", &chain) ||
		    strcmp(jget(chain, "hook"), "forward"))
			continue;
		for (size_t k = 0; k < json_object_array_length(all); k++)
			if (json_object_object_get_ex(json_object_array_get_idx(all, k), "rule",
						      &rule) &&
			    !strcmp(jget(rule, "family"), jget(chain, "family")) &&
			    !strcmp(jget(rule, "table"), jget(chain, "table")) &&
			    !strcmp(jget(rule, "chain"), jget(chain, "name")))
				rules++;
		if (!rules && strcmp(jget(chain, "policy"), "drop"))
			continue;
		snprintf(where, size, "nftables chain %s %s %s (%u rule%s, policy %s)",
			 jget(chain, "family"), jget(chain, "table"), jget(chain, "name"), rules,
			 rules == 1 ? "" : "s", jget(chain, "policy"));
		found = 1;
	}
	json_object_put(root);
	return found;
}

/* iptables / ip6tables: more than the policy line, or a DROP policy. */
static int firewall_iptables(const char *tool, char *where, size_t size)
{
	char cmd[64], *out, *line, *save = NULL;
	unsigned int rules = 0;
	int drop = 0;

	snprintf(cmd, sizeof(cmd), "%s -S FORWARD 2>/dev/null", tool);
	out = run_output(cmd);
	for (line = out ? strtok_r(out, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		rules += !strncmp(line, "-A FORWARD", 10);
		drop |= !strcmp(line, "-P FORWARD DROP");
	}
	free(out);
	if (!rules && !drop)
		return 0;
	snprintf(where, size, "%s FORWARD chain (%u rule%s, policy %s)", tool, rules,
		 rules == 1 ? "" : "s", drop ? "DROP" : "ACCEPT");
	return 1;
}

int firewall_forward_filtered(char *where, size_t size)
{
	return firewall_nft(where, size) || firewall_iptables("iptables", where, size) ||
	       firewall_iptables("ip6tables", where, size);
}

void firewall_warn_bypass(void)
{
	char where[256];

	if (firewall_forward_filtered(where, sizeof(where)))
		xbr_warn("this host filters forwarded packets (%s), but what xbr forwards bypasses "
			 "netfilter; give --allow-from PREFIX,... to forward only for sources you "
			 "trust and leave the others to those rules",
			 where);
}
