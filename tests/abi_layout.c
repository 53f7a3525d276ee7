// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The layout of the maps an instance pins, as a BPF object defines them:
 * each map's type, sizes, capacity and flags, and every field of its key and
 * value (name, byte offset, size) from the object's BTF. An instance pinned
 * by one build is taken over by another according to XBR_ABI_VERSION
 * (docs/design.md §12), so any change to what this prints must come with a
 * new version: tests/test_abi.sh compares it with maps/abi_layout.txt.
 *
 *   abi_layout OBJECT.bpf.o
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "maps/xbr_maps.h"

static const char *type_name(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return name && *name ? name : "?";
}

/* A type with its typedefs, const and volatile taken off. */
static __u32 strip(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_typedef(t) || btf_is_const(t) || btf_is_volatile(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return id;
}

/* One line a field: PATH OFFSET SIZE, then the fields of a struct, union or array inside. */
static void print_type(const struct btf *btf, __u32 id, const char *path, long offset)
{
	__u32 real = strip(btf, id);
	const struct btf_type *t = btf__type_by_id(btf, real);
	long size = btf__resolve_size(btf, real);
	char sub[512];

	printf("    %s %ld %ld %s\n", path, offset, size,
	       t && btf_is_struct(t)  ? "struct"
	       : t && btf_is_union(t) ? "union"
	       : t && btf_is_array(t) ? "array"
	       : t && btf_is_enum(t)  ? "enum"
	       : t && btf_is_int(t)   ? "int"
	       : t && btf_is_ptr(t)   ? "ptr"
				      : "other");
	if (!t)
		return;
	if (btf_is_struct(t) || btf_is_union(t)) {
		const struct btf_member *m = btf_members(t);

		for (int i = 0; i < btf_vlen(t); i++, m++) {
			const char *name = btf__name_by_offset(btf, m->name_off);

			snprintf(sub, sizeof(sub), "%s.%s", path, name && *name ? name : "(anon)");
			print_type(btf, m->type, sub, offset + btf_member_bit_offset(t, i) / 8);
		}
	} else if (btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);

		snprintf(sub, sizeof(sub), "%s[%u]", path, a->nelems);
		print_type(btf, a->type, sub, offset);
	}
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	const struct btf *btf;
	struct bpf_map *m;

	if (argc != 2) {
		fprintf(stderr, "usage: abi_layout OBJECT.bpf.o\n");
		return 2;
	}
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "abi_layout: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	btf = bpf_object__btf(obj);
	printf("abi %u\n", XBR_ABI_VERSION);
	bpf_object__for_each_map(m, obj)
	{
		/* .rodata, .bss: the program's own, never pinned */
		if (bpf_map__is_internal(m))
			continue;
		printf("map %s type %u key %u value %u max_entries %u flags %#x\n",
		       bpf_map__name(m), bpf_map__type(m), bpf_map__key_size(m),
		       bpf_map__value_size(m), bpf_map__max_entries(m), bpf_map__map_flags(m));
		if (btf && bpf_map__btf_key_type_id(m)) {
			printf("  key %s\n", type_name(btf, bpf_map__btf_key_type_id(m)));
			print_type(btf, bpf_map__btf_key_type_id(m), "key", 0);
		}
		if (btf && bpf_map__btf_value_type_id(m)) {
			printf("  value %s\n", type_name(btf, bpf_map__btf_value_type_id(m)));
			print_type(btf, bpf_map__btf_value_type_id(m), "value", 0);
		}
	}
	bpf_object__close(obj);
	return 0;
}
