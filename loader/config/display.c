// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The backup routers in effect written back as Junos configuration: `set`
 * commands as `display set` writes them, the brace hierarchy as `show
 * configuration` does, and the XML and JSON (ietf) of `display xml` and
 * `display json`, with Junos's indentation. What came from groups is
 * written where it takes effect, in [edit system]: this is what the node
 * uses, not how the configuration said it.
 */
#include <string.h>
#include "config/config.h"

struct cfg_out_family {
	const char *name;
	const struct cfg_backup_router *br;
};

static void cfg_out_families(const struct xbr_config *cfg, struct cfg_out_family fams[2])
{
	fams[0] = (struct cfg_out_family){ "backup-router", &cfg->inet };
	fams[1] = (struct cfg_out_family){ "inet6-backup-router", &cfg->inet6 };
}

/* The destinations to write: none when there was no destination statement. */
static size_t cfg_out_dests(const struct cfg_backup_router *br)
{
	return br->default_implied ? 0 : br->n_dests;
}

static void cfg_out_set(const struct cfg_out_family *f, FILE *out)
{
	char gw[64], p[64];
	size_t i, n = cfg_out_dests(f->br);

	cfg_addr_str(&f->br->gateway, gw, sizeof(gw));
	if (!n)
		fprintf(out, "set system %s %s\n", f->name, gw);
	for (i = 0; i < n; i++) {
		cfg_prefix_str(&f->br->dests[i], p, sizeof(p));
		fprintf(out, "set system %s %s destination %s\n", f->name, gw, p);
	}
}

static void cfg_out_text(const struct cfg_out_family *f, FILE *out)
{
	char gw[64], p[64];
	size_t i, n = cfg_out_dests(f->br);

	cfg_addr_str(&f->br->gateway, gw, sizeof(gw));
	fprintf(out, "    %s %s", f->name, gw);
	if (n)
		fprintf(out, " destination %s", n > 1 ? "[ " : "");
	for (i = 0; i < n; i++) {
		cfg_prefix_str(&f->br->dests[i], p, sizeof(p));
		fprintf(out, "%s%s", p, i + 1 < n ? " " : "");
	}
	fprintf(out, "%s;\n", n > 1 ? " ]" : "");
}

static void cfg_out_xml(const struct cfg_out_family *f, FILE *out)
{
	char gw[64], p[64];
	size_t i, n = cfg_out_dests(f->br);

	cfg_addr_str(&f->br->gateway, gw, sizeof(gw));
	fprintf(out, "        <%s>\n            <address>%s</address>\n", f->name, gw);
	for (i = 0; i < n; i++) {
		cfg_prefix_str(&f->br->dests[i], p, sizeof(p));
		fprintf(out, "            <destination>%s</destination>\n", p);
	}
	fprintf(out, "        </%s>\n", f->name);
}

static void cfg_out_json(const struct cfg_out_family *f, bool more, FILE *out)
{
	char gw[64], p[64];
	size_t i, n = cfg_out_dests(f->br);

	cfg_addr_str(&f->br->gateway, gw, sizeof(gw));
	fprintf(out, "            \"%s\" : {\n                \"address\" : \"%s\"%s\n", f->name,
		gw, n ? "," : "");
	if (n)
		fprintf(out, "                \"destination\" : [");
	for (i = 0; i < n; i++) {
		cfg_prefix_str(&f->br->dests[i], p, sizeof(p));
		fprintf(out, "\"%s\"%s", p, i + 1 < n ? ", " : "]\n");
	}
	fprintf(out, "            }%s\n", more ? "," : "");
}

int config_write(const struct xbr_config *cfg, enum cfg_format f, FILE *out)
{
	struct cfg_out_family fams[2];
	bool any = cfg->inet.present || cfg->inet6.present;
	size_t i;

	cfg_out_families(cfg, fams);
	switch (f) {
	case CFG_FORMAT_SET:
		for (i = 0; i < 2; i++)
			if (fams[i].br->present)
				cfg_out_set(&fams[i], out);
		break;
	case CFG_FORMAT_TEXT:
		if (!any)
			break;
		fprintf(out, "system {\n");
		for (i = 0; i < 2; i++)
			if (fams[i].br->present)
				cfg_out_text(&fams[i], out);
		fprintf(out, "}\n");
		break;
	case CFG_FORMAT_XML:
		fprintf(out, "<configuration>\n");
		if (any)
			fprintf(out, "    <system>\n");
		for (i = 0; i < 2; i++)
			if (fams[i].br->present)
				cfg_out_xml(&fams[i], out);
		if (any)
			fprintf(out, "    </system>\n");
		fprintf(out, "</configuration>\n");
		break;
	case CFG_FORMAT_JSON:
		fprintf(out, "{\n    \"configuration\" : {\n");
		if (any)
			fprintf(out, "        \"system\" : {\n");
		for (i = 0; i < 2; i++)
			if (fams[i].br->present)
				cfg_out_json(&fams[i], i == 0 && fams[1].br->present, out);
		if (any)
			fprintf(out, "        }\n");
		fprintf(out, "    }\n}\n");
		break;
	default:
		return -1;
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
