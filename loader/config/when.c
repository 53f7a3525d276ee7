// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Conditional groups: `groups NAME { when { ... } ... }` applies only where
 * every condition of its `when` holds (Junos CLI guide, "Configuration
 * groups: when"):
 *
 *   routing-engine re0|re1    this Routing Engine: from the node's name
 *                             (re0, lcc0-re1)
 *   node node0|node1          this node of a chassis cluster: from the name
 *   chassis lcc0..lcc7|scc|sfc0  this chassis of a routing matrix: from the
 *                             name (lcc2-re0)
 *   member NAME               this member of a virtual chassis: only when the
 *                             node is named so
 *   time START [to END]       [yyyy-mm-dd.]hh:mm, local time: from this
 *                             host's clock when the configuration is read
 *   model NAME, peers [...]   cannot be told on this host
 *
 * A condition on the node with no node named is left to nodes.c, as a group
 * named after a node is; one that cannot be told here is an error only if
 * the group would set a backup router (groups.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "config/config_priv.h"

static bool cfg_is_word(const struct jnode *n, const char *s)
{
	return n && n->len == strlen(s) && !memcmp(n->word, s, n->len);
}

static bool cfg_off(const struct jnode *n)
{
	return n->flags & JN_INACTIVE;
}

/* The value of a condition, skipping the keyword XML and JSON give it (start-time). */
static const struct jnode *cfg_value(const struct jnode *n, const char *keyword)
{
	const struct jnode *v = n ? n->first : NULL;

	if (v && keyword && cfg_is_word(v, keyword))
		v = v->first;
	return v && !cfg_off(v) ? v : NULL;
}

/* The parts of a node's name: "lcc0-re1" is chassis lcc0, Routing Engine re1. */
struct cfg_node_parts {
	const char *chassis, *re, *cluster_node;
	size_t chassis_len, re_len, cluster_node_len;
};

static void cfg_node_parts(const char *s, size_t len, struct cfg_node_parts *p)
{
	const char *dash;

	memset(p, 0, sizeof(*p));
	if (!s || !cfg_is_node_name(s, len))
		return;
	dash = memchr(s, '-', len);
	if (len >= 4 && !memcmp(s, "node", 4)) {
		p->cluster_node = s;
		p->cluster_node_len = len;
		return;
	}
	if (dash) {
		p->chassis = s;
		p->chassis_len = (size_t)(dash - s);
		s = dash + 1;
		len -= p->chassis_len + 1;
	}
	p->re = s;
	p->re_len = len;
}

static bool cfg_same(const struct jnode *v, const char *s, size_t len)
{
	return s && v->len == len && !memcmp(v->word, s, len);
}

/* "[yyyy-mm-dd.]hh:mm": the minute of the day, and the day when given (days since 1970). */
static bool cfg_time_parse(const struct jnode *v, int *minute, long long *day)
{
	char buf[32];
	int y, mo, d, h, mi, n = 0;
	struct tm tm;

	if (v->len >= sizeof(buf))
		return false;
	memcpy(buf, v->word, v->len);
	buf[v->len] = '\0';
	*day = -1;
	if (sscanf(buf, "%4d-%2d-%2d.%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5 &&
	    n == (int)v->len) {
		if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970)
			return false;
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		*day = (long long)(mktime(&tm) / 86400);
	} else if (sscanf(buf, "%2d:%2d%n", &h, &mi, &n) != 2 || n != (int)v->len) {
		return false;
	}
	if (h < 0 || h > 23 || mi < 0 || mi > 59)
		return false;
	*minute = h * 60 + mi;
	return true;
}

/* `time START to END`: in the text tree "to" hangs under START, in XML and JSON beside it. */
static enum cfg_when cfg_when_time(const struct jnode *c, const struct cfg_nodes *nodes,
				   struct cfg_when_info *info)
{
	const struct jnode *start = cfg_value(c, "start-time"), *to = NULL, *end = NULL;
	long long now = nodes->now ? nodes->now : (long long)time(NULL), sday, eday, today;
	int smin, emin = 0, nmin;
	time_t tnow = (time_t)now;
	struct tm tm;
	char w[64];

	for (to = start ? start->first : NULL; to && !cfg_is_word(to, "to"); to = to->next)
		;
	if (!to)
		for (to = c->first; to && !cfg_is_word(to, "to"); to = to->next)
			;
	if (to && !cfg_off(to))
		end = cfg_value(to, "end-time");
	info->by_time = true;
	if (!start) {
		snprintf(info->why, sizeof(info->why),
			 "time without a start: write time "
			 "[yyyy-mm-dd.]hh:mm [to [yyyy-mm-dd.]hh:mm]");
		return CFG_WHEN_UNDECIDED;
	}
	if (!cfg_time_parse(start, &smin, &sday) || (end && !cfg_time_parse(end, &emin, &eday))) {
		const struct jnode *bad = cfg_time_parse(start, &smin, &sday) ? end : start;

		snprintf(info->why, sizeof(info->why),
			 "\"%s\" is not a time: write [yyyy-mm-dd.]hh:mm",
			 jdiag_word(w, sizeof(w), bad->word, bad->len));
		return CFG_WHEN_UNDECIDED;
	}
	if (!end)
		eday = -1;
	localtime_r(&tnow, &tm);
	nmin = tm.tm_hour * 60 + tm.tm_min;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	today = (long long)(mktime(&tm) / 86400);
	if (sday >= 0 || eday >= 0) {
		/* A moment: the one without a date is on the other's day. */
		long long s = (sday >= 0 ? sday : eday) * 1440 + smin;
		long long n = today * 1440 + nmin;
		long long e = end ? (eday >= 0 ? eday : sday) * 1440 + emin : -1;

		return n >= s && (e < 0 || n < e) ? CFG_WHEN_YES : CFG_WHEN_NO;
	}
	/* Every day: from START, until END (past midnight when END comes first). */
	if (!end)
		return nmin >= smin ? CFG_WHEN_YES : CFG_WHEN_NO;
	if (smin <= emin)
		return nmin >= smin && nmin < emin ? CFG_WHEN_YES : CFG_WHEN_NO;
	return nmin >= smin || nmin < emin ? CFG_WHEN_YES : CFG_WHEN_NO;
}

/* One condition of a when. */
static enum cfg_when cfg_when_one(const struct jnode *c, const struct cfg_nodes *nodes,
				  struct cfg_when_info *info)
{
	const struct jnode *v = cfg_value(c, NULL);
	struct cfg_node_parts me;
	char a[64], b[64];

	cfg_node_parts(nodes->node, nodes->node_len, &me);
	jdiag_word(a, sizeof(a), c->word, c->len);
	jdiag_word(b, sizeof(b), v ? v->word : "", v ? v->len : 0);
	if (cfg_is_word(c, "time"))
		return cfg_when_time(c, nodes, info);
	if (!v) {
		snprintf(info->why, sizeof(info->why), "\"%s\" without a value", a);
		return CFG_WHEN_UNDECIDED;
	}
	if (cfg_is_word(c, "routing-engine") || cfg_is_word(c, "node") ||
	    cfg_is_word(c, "chassis")) {
		const char *mine = cfg_is_word(c, "routing-engine") ? me.re
				   : cfg_is_word(c, "node")	    ? me.cluster_node
								    : me.chassis;
		size_t len = cfg_is_word(c, "routing-engine") ? me.re_len
			     : cfg_is_word(c, "node")	      ? me.cluster_node_len
							      : me.chassis_len;

		if (!nodes->node) {
			/* The node's name is the condition's value, but for a chassis. */
			info->node = cfg_is_word(c, "chassis") ? NULL : v;
			if (info->node)
				return CFG_WHEN_NODE;
			snprintf(info->why, sizeof(info->why),
				 "this node is not named: give it as --node %s-re0", b);
			return CFG_WHEN_UNDECIDED;
		}
		if (cfg_is_word(c, "routing-engine") && me.cluster_node) {
			snprintf(info->why, sizeof(info->why),
				 "node %s does not say which Routing Engine this is", nodes->node);
			return CFG_WHEN_UNDECIDED;
		}
		return cfg_same(v, mine, len) ? CFG_WHEN_YES : CFG_WHEN_NO;
	}
	if (cfg_is_word(c, "member")) {
		if (nodes->node && cfg_same(v, nodes->node, nodes->node_len))
			return CFG_WHEN_YES;
		snprintf(info->why, sizeof(info->why),
			 "xbr cannot tell the virtual chassis member it runs for (name it with "
			 "--node %s)",
			 b);
		return CFG_WHEN_UNDECIDED;
	}
	if (cfg_is_word(c, "model") || cfg_is_word(c, "peers")) {
		snprintf(info->why, sizeof(info->why),
			 "xbr cannot tell the %s of a Junos device on this host",
			 cfg_is_word(c, "model") ? "model" : "commit peers");
		return CFG_WHEN_UNDECIDED;
	}
	snprintf(info->why, sizeof(info->why), "\"%s\" is not a condition Junos has", a);
	return CFG_WHEN_UNDECIDED;
}

enum cfg_when cfg_when_decide(const struct jnode *g, const struct cfg_nodes *nodes,
			      struct cfg_when_info *info)
{
	const struct jnode *when, *c;
	enum cfg_when r, result = CFG_WHEN_YES;
	struct cfg_when_info one;

	memset(info, 0, sizeof(*info));
	for (when = g->first; when && !cfg_is_word(when, "when"); when = when->next)
		;
	if (!when || cfg_off(when))
		return CFG_WHEN_YES;
	/* All must hold: one that does not is enough; else the least certain says. */
	for (c = when->first; c; c = c->next) {
		if (cfg_off(c) || cfg_is_word(c, "apply-groups") ||
		    cfg_is_word(c, "apply-groups-except"))
			continue;
		memset(&one, 0, sizeof(one));
		r = cfg_when_one(c, nodes, &one);
		info->by_time |= one.by_time;
		if (r == CFG_WHEN_NO) {
			info->cond = c;
			return CFG_WHEN_NO;
		}
		if (r > result || (r == result && r != CFG_WHEN_YES && !info->cond)) {
			bool by_time = info->by_time;

			*info = one;
			info->by_time = by_time;
			info->cond = c;
			result = r;
		}
	}
	return result;
}
