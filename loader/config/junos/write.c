// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The statement tree written back as `set` and `deactivate` lines, the form
 * of `show configuration | display set`. Two texts that mean the same give
 * the same lines, which is what the tests compare.
 */
#include <stdlib.h>
#include <string.h>
#include "config/junos/junos.h"

static bool jtree_needs_quotes(const struct jnode *n)
{
	uint32_t i;

	if (!n->len || (n->flags & JN_QUOTED))
		return true;
	/* Would read back as a comment. */
	if (n->len >= 2 && n->word[0] == '/' && n->word[1] == '*')
		return true;
	for (i = 0; i < n->len; i++) {
		unsigned char c = n->word[i];

		if (c <= ' ' || strchr("{}[];\"\\#", c) || c == 0x7f)
			return true;
	}
	return false;
}

static void jtree_write_word(const struct jnode *n, FILE *f)
{
	uint32_t i;

	if (!jtree_needs_quotes(n)) {
		fwrite(n->word, 1, n->len, f);
		return;
	}
	fputc('"', f);
	for (i = 0; i < n->len; i++) {
		char c = n->word[i], next = i + 1 < n->len ? n->word[i + 1] : '\0';

		/* Other backslashes were kept as written ("\n"): write them back as such. */
		if (c == '"' || (c == '\\' && (next == '"' || next == '\\' || next == '\0')))
			fputc('\\', f);
		fputc(c, f);
	}
	fputc('"', f);
}

/* "CMD path...\n": the path is written root first, found by walking up. */
static int jtree_write_path(const struct jtree *t, const struct jnode *n, const char *cmd, FILE *f)
{
	const struct jnode *a, **path;
	size_t depth = 0, i;

	for (a = n; a != &t->root; a = a->parent)
		depth++;
	path = malloc(depth * sizeof(*path));
	if (!path)
		return -1;
	for (a = n, i = depth; a != &t->root; a = a->parent)
		path[--i] = a;
	fputs(cmd, f);
	for (i = 0; i < depth; i++) {
		const struct jcontainer *jc = i ? jschema_container(t, path[i - 1]) : NULL;

		/*
		 * Written the way Junos shows it: "backup-router 10.0.0.1", no
		 * "address", unless the value would then read as a keyword.
		 */
		if (jc && i + 1 < depth && path[i]->len == strlen(jc->nokeyword) &&
		    !memcmp(path[i]->word, jc->nokeyword, path[i]->len) &&
		    !jschema_is_keyword(jc, path[i + 1]->word, path[i + 1]->len))
			continue;
		fputc(' ', f);
		jtree_write_word(path[i], f);
	}
	fputc('\n', f);
	free(path);
	return 0;
}

int jtree_write_set(const struct jtree *t, FILE *f)
{
	const struct jnode *n = t->root.first;

	while (n) {
		if (!n->first && jtree_write_path(t, n, "set", f))
			return -1;
		if (n->first) {
			n = n->first;
			continue;
		}
		/* Going up: a node is done once its subtree is written. */
		while (n) {
			if ((n->flags & JN_INACTIVE) && jtree_write_path(t, n, "deactivate", f))
				return -1;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent == &t->root ? NULL : n->parent;
		}
	}
	return ferror(f) ? -1 : 0;
}
