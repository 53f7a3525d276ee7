// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Taking over an older build's instance in place (docs/design.md §12).
 *
 * Under the pin dir's lock: this build's object is opened, every pinned map
 * whose definition matches is handed to it as it is (the old and the new
 * program then share it: entries and counters carry on untouched), and the
 * object is loaded, which creates the maps that are new or changed. Changed
 * maps are filled from their old pins; everything new is pinned beside the
 * old under a temporary name. Then, interface by interface, the new program
 * replaces the old with XDP_FLAGS_REPLACE naming the old one: an atomic
 * switch, with no moment without a program, and none at all if something
 * else runs there. Only then do the new pins take the old names (rename(2)
 * on a bpffs is atomic too), the counters the old program still made are
 * added, the ABI is recorded and the pins the new layout does not have are
 * removed. Anything that fails before the switch leaves the instance as it
 * was; a switch refused on one interface is undone on the others.
 */
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/pins.h"
#include "state/upgrade.h"

#define UPGRADE_MAPS_MAX 32
/* The suffix of a new pin until the switch (a bpffs name has no dot). */
#define UPGRADE_TMP "__upgrade"

struct upgrade_iface {
	int ifindex;
	__u32 mode_flag; /* XDP_FLAGS_DRV_MODE or XDP_FLAGS_SKB_MODE, as the old one runs */
	char name[IF_NAMESIZE];
	bool switched;
};

/* A map of this build that the old instance does not have as it is. */
struct upgrade_map {
	struct bpf_map *m; /* in the new object */
	int old_fd;	   /* the pinned map of the old layout it replaces; -1: new */
	__u32 old_size;	   /* its value size: this build's, or less when the struct grew */
	void *snap;	   /* per-CPU arrays: the old values as copied, for what came after */
	__u32 snap_n;
	bool pinned; /* under its temporary name */
};

struct upgrade {
	struct xbr_pins old;  /* the lock, the old program, the old maps that match */
	struct xbr_bpf *skel; /* this build's object, loaded over the kept maps */
	struct upgrade_iface ifs[XBR_IFACES_MAX];
	int n_ifs;
	struct upgrade_map maps[UPGRADE_MAPS_MAX];
	int n_maps;
	int prog_fd; /* the new program */
	__u32 old_prog_id;
	bool prog_pinned;
	int kept, converted, created;
};

static __u32 upgrade_prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* Where the old program runs, and in which mode: asked of the kernel, whatever the old layout. */
static int upgrade_find_ifaces(struct upgrade *u)
{
	struct if_nameindex *all = if_nameindex(), *it;

	for (it = all; it && it->if_index && u->n_ifs < XBR_IFACES_MAX; it++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		struct upgrade_iface *f = &u->ifs[u->n_ifs];

		if (bpf_xdp_query(it->if_index, 0, &q))
			continue;
		if (q.drv_prog_id == u->old_prog_id)
			f->mode_flag = XDP_FLAGS_DRV_MODE;
		else if (q.skb_prog_id == u->old_prog_id)
			f->mode_flag = XDP_FLAGS_SKB_MODE;
		else
			continue;
		f->ifindex = it->if_index;
		snprintf(f->name, sizeof(f->name), "%s", it->if_name);
		u->n_ifs++;
	}
	if_freenameindex(all);
	if (!u->n_ifs)
		return xbr_fail(-ENOENT,
				"the older instance in %s runs on no interface here; 'xbr detach' "
				"removes it, then attach again",
				u->old.dir);
	return 0;
}

static int upgrade_check_named(const struct upgrade *u, char *const *ifnames, int n)
{
	char names[256] = "";

	for (int i = 0; i < u->n_ifs; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", u->ifs[i].name);
	for (int a = 0; a < n; a++) {
		int k;

		for (k = 0; k < u->n_ifs && strcmp(u->ifs[k].name, ifnames[a]); k++)
			;
		if (k == u->n_ifs)
			return xbr_fail(-EINVAL,
					"the older instance in %s runs on %s, not on %s; name its "
					"interfaces to take it over, or 'xbr detach' it first",
					u->old.dir, names, ifnames[a]);
	}
	return 0;
}

/*
 * An older daemon still serving the instance would go on writing the maps it
 * knows, and remove the pins when it stops: it must be gone first.
 */
static int upgrade_daemon_gone(const struct upgrade *u)
{
	char path[PATH_MAX];
	__u8 value[256] = {};
	__u32 zero = 0, pid;
	int fd;

	if (pins_path(&u->old, "daemon_state", path, sizeof(path)))
		return 0;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	/* pid is the first field of every daemon_state there has been */
	if (bpf_map_lookup_elem(fd, &zero, value)) {
		close(fd);
		return 0;
	}
	close(fd);
	memcpy(&pid, value, sizeof(pid));
	if (pid == (__u32)getpid() || !pins_daemon_alive(pid))
		return 0; /* none, or it died and the pid is another process's now */
	return xbr_fail(-EBUSY,
			"the older instance in %s is still served by its 'xbr run' (pid %u); stop "
			"it first ('systemctl restart xbr' stops it and starts this one)",
			u->old.dir, pid);
}

static bool upgrade_is_array(__u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static bool upgrade_is_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Bytes of one value in a lookup: per-CPU values come one per possible CPU, each 8-aligned. */
static size_t upgrade_slot(size_t value_size, bool percpu)
{
	return percpu ? (value_size + 7) & ~(size_t)7 : value_size;
}

static size_t upgrade_value_bytes(const struct bpf_map *m)
{
	bool percpu = upgrade_is_percpu(bpf_map__type(m));

	return upgrade_slot(bpf_map__value_size(m), percpu) *
	       (percpu ? libbpf_num_possible_cpus() : 1);
}

/*
 * An old entry in this build's layout. A struct that grew (docs/design.md
 * §9.1: a new field takes padding or grows a struct) keeps its old bytes
 * first and its new fields zero.
 */
static int upgrade_read_old(const struct upgrade_map *um, const void *key, void *val)
{
	bool percpu = upgrade_is_percpu(bpf_map__type(um->m));
	size_t n = percpu ? libbpf_num_possible_cpus() : 1;
	size_t from = upgrade_slot(um->old_size, percpu);
	size_t to = upgrade_slot(bpf_map__value_size(um->m), percpu);
	__u8 *old = calloc(n, from);
	int err = old ? 0 : -ENOMEM;

	if (!err && bpf_map_lookup_elem(um->old_fd, key, old))
		err = -errno;
	memset(val, 0, n * to);
	for (size_t c = 0; !err && c < n; c++)
		memcpy((__u8 *)val + c * to, old + c * from, um->old_size);
	free(old);
	return err;
}

static bool upgrade_all_zero(const void *p, size_t n)
{
	const __u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/*
 * The new and the old map, one by one: kept as it is when the pin matches
 * this build's definition, else made anew (and filled from the old pin when
 * there is one). A changed key, a value that shrank, or fds in the values
 * need a conversion this build does not have: refused.
 */
static int upgrade_plan_maps(struct upgrade *u)
{
	struct bpf_map *m;
	char path[PATH_MAX];
	int err, fd;

	bpf_object__for_each_map(m, u->skel->obj)
	{
		const char *name = bpf_map__name(m);
		struct bpf_map *kept = bpf_object__find_map_by_name(u->old.skel->obj, name);
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		struct upgrade_map *um;

		if (kept && bpf_map__fd(kept) >= 0) {
			err = bpf_map__reuse_fd(m, bpf_map__fd(kept));
			if (err)
				return xbr_fail(err, "cannot keep map %s: %s", name,
						strerror(-err));
			u->kept++;
			continue;
		}
		if (u->n_maps == UPGRADE_MAPS_MAX)
			return xbr_fail(-E2BIG, "too many maps to convert");
		um = &u->maps[u->n_maps++];
		*um = (struct upgrade_map){ .m = m, .old_fd = -1 };
		err = pins_path(&u->old, name, path, sizeof(path));
		if (err)
			return err;
		fd = bpf_obj_get(path);
		if (fd < 0) {
			u->created++;
			continue;
		}
		um->old_fd = fd;
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return xbr_fail(-errno, "cannot read %s: %s", path, strerror(errno));
		um->old_size = info.value_size;
		if (info.key_size != bpf_map__key_size(m) ||
		    info.value_size > bpf_map__value_size(m) ||
		    upgrade_is_percpu(info.type) != upgrade_is_percpu(bpf_map__type(m)) ||
		    info.type == BPF_MAP_TYPE_DEVMAP || info.type == BPF_MAP_TYPE_DEVMAP_HASH)
			return xbr_fail(
				-EINVAL,
				"map %s of the older instance in %s has a layout this build "
				"cannot convert (key %u, value %u bytes, type %u; now %u, %u, "
				"%u): 'xbr detach', then attach again",
				name, u->old.dir, info.key_size, info.value_size, info.type,
				bpf_map__key_size(m), bpf_map__value_size(m), bpf_map__type(m));
		u->converted++;
	}
	return 0;
}

/* Every entry of the old map into the new one; per-CPU arrays remembered for later. */
static int upgrade_copy(struct upgrade_map *um)
{
	const struct bpf_map *m = um->m;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	size_t vbytes = upgrade_value_bytes(m);
	__u8 key[64], next[64];
	void *val = calloc(1, vbytes);
	bool first = true;
	int err = 0, to = bpf_map__fd(m);

	if (!val || bpf_map__key_size(m) > sizeof(key) ||
	    bpf_obj_get_info_by_fd(um->old_fd, &info, &len)) {
		free(val);
		return -ENOMEM;
	}
	if (upgrade_is_percpu(info.type) && upgrade_is_array(info.type)) {
		um->snap = calloc(info.max_entries, vbytes);
		if (!um->snap) {
			free(val);
			return -ENOMEM;
		}
	}
	while (!bpf_map_get_next_key(um->old_fd, first ? NULL : key, next)) {
		__u32 index;

		first = false;
		memcpy(key, next, bpf_map__key_size(m));
		if (upgrade_read_old(um, key, val))
			continue; /* deleted meanwhile */
		memcpy(&index, key, sizeof(index));
		if (um->snap && index < info.max_entries) {
			memcpy((__u8 *)um->snap + (size_t)index * vbytes, val, vbytes);
			um->snap_n = index + 1;
		}
		/* Arrays have every index: only what holds something is copied. */
		if (upgrade_is_array(info.type) && upgrade_all_zero(val, vbytes))
			continue;
		if (upgrade_is_array(bpf_map__type(m)) && index >= bpf_map__max_entries(m)) {
			err = xbr_fail(-E2BIG,
				       "map %s of the older instance holds index %u, beyond this "
				       "build's %u entries: 'xbr detach', then attach again",
				       bpf_map__name(m), index, bpf_map__max_entries(m));
			break;
		}
		if (bpf_map_update_elem(to, key, val, BPF_ANY)) {
			err = xbr_fail(-errno, "cannot copy map %s: %s", bpf_map__name(m),
				       strerror(errno));
			break;
		}
	}
	free(val);
	return err;
}

/*
 * Counts the old program made after the copy, until the switch: added to
 * the new map. Per-CPU maps in this ABI are counters, __u64s that only grow.
 */
static void upgrade_add_late_counts(const struct upgrade_map *um)
{
	size_t vbytes = upgrade_value_bytes(um->m), words = vbytes / sizeof(__u64);
	__u64 *now = calloc(1, vbytes), *cur = calloc(1, vbytes);
	int to = bpf_map__fd(um->m);

	for (__u32 i = 0; now && cur && i < um->snap_n && i < bpf_map__max_entries(um->m); i++) {
		const __u64 *was = (const __u64 *)((const __u8 *)um->snap + (size_t)i * vbytes);

		if (upgrade_read_old(um, &i, now) || !memcmp(now, was, vbytes) ||
		    bpf_map_lookup_elem(to, &i, cur))
			continue;
		for (size_t w = 0; w < words; w++)
			cur[w] += now[w] - was[w];
		bpf_map_update_elem(to, &i, cur, BPF_EXIST);
	}
	free(now);
	free(cur);
}

static int upgrade_tmp_path(const struct upgrade *u, const char *name, char *buf, size_t size)
{
	char tmp[NAME_MAX];

	snprintf(tmp, sizeof(tmp), "%s%s", name, UPGRADE_TMP);
	return pins_path(&u->old, tmp, buf, size);
}

static int upgrade_pin(const struct upgrade *u, int fd, const char *name)
{
	char path[PATH_MAX];
	int err = upgrade_tmp_path(u, name, path, sizeof(path));

	if (err)
		return err;
	unlink(path); /* left by an attempt that died */
	if (bpf_obj_pin(fd, path))
		return xbr_fail(-errno, "cannot pin %s: %s", path, strerror(errno));
	chmod(path, 0600);
	return 0;
}

static int upgrade_pin_all(struct upgrade *u)
{
	int err;

	for (int i = 0; i < u->n_maps; i++) {
		err = upgrade_pin(u, bpf_map__fd(u->maps[i].m), bpf_map__name(u->maps[i].m));
		if (err)
			return err;
		u->maps[i].pinned = true;
	}
	err = upgrade_pin(u, u->prog_fd, XBR_PIN_PROG);
	u->prog_pinned = !err;
	return err;
}

/* The temporary pins: renamed over the old ones (commit), or removed (undo). */
static int upgrade_pins_finish(struct upgrade *u, bool commit)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int err = 0;

	for (int i = 0; i <= u->n_maps; i++) {
		const char *name = i < u->n_maps ? bpf_map__name(u->maps[i].m) : XBR_PIN_PROG;
		bool pinned = i < u->n_maps ? u->maps[i].pinned : u->prog_pinned;

		if (!pinned || upgrade_tmp_path(u, name, tmp, sizeof(tmp)) ||
		    pins_path(&u->old, name, path, sizeof(path)))
			continue;
		if (!commit)
			unlink(tmp);
		else if (rename(tmp, path) && !err)
			err = xbr_fail(-errno, "cannot rename %s to %s: %s", tmp, path,
				       strerror(errno));
	}
	return err;
}

/* One atomic replacement per interface; undone everywhere if one is refused. */
static int upgrade_switch(struct upgrade *u)
{
	int err = 0, i;

	for (i = 0; i < u->n_ifs && !err; i++) {
		LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = u->old.prog_fd);

		err = bpf_xdp_attach(u->ifs[i].ifindex, u->prog_fd,
				     XDP_FLAGS_REPLACE | u->ifs[i].mode_flag, &opts);
		if (err)
			xbr_fail(err,
				 "cannot replace the older program on %s: %s (another program "
				 "runs there now?); the instance is left as it was",
				 u->ifs[i].name, strerror(-err));
		else
			u->ifs[i].switched = true;
	}
	for (i = 0; err && i < u->n_ifs; i++) {
		LIBBPF_OPTS(bpf_xdp_attach_opts, back, .old_prog_fd = u->prog_fd);

		if (u->ifs[i].switched)
			bpf_xdp_attach(u->ifs[i].ifindex, u->old.prog_fd,
				       XDP_FLAGS_REPLACE | u->ifs[i].mode_flag, &back);
	}
	return err;
}

/* ifaces names the program attached on each interface: the new one now. */
static void upgrade_iface_ids(const struct upgrade *u)
{
	int fd = bpf_map__fd(u->skel->maps.ifaces);
	__u32 id = upgrade_prog_id(u->prog_fd);

	for (int i = 0; i < u->n_ifs; i++) {
		__u32 key = u->ifs[i].ifindex;
		struct xbr_iface v;

		if (!bpf_map_lookup_elem(fd, &key, &v) && v.prog_id) {
			v.prog_id = id;
			bpf_map_update_elem(fd, &key, &v, BPF_EXIST);
		}
	}
}

/* Pins of maps the old program used and this build has no longer. */
static void upgrade_remove_obsolete(const struct upgrade *u)
{
	__u32 ids[64];
	struct bpf_prog_info info = { .nr_map_ids = 64, .map_ids = (__u64)(unsigned long)ids };
	__u32 len = sizeof(info), n;
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (bpf_obj_get_info_by_fd(u->old.prog_fd, &info, &len))
		return;
	n = info.nr_map_ids < 64 ? info.nr_map_ids : 64;
	d = opendir(u->old.dir);
	while (d && (e = readdir(d))) {
		struct bpf_map_info mi = {};
		__u32 mlen = sizeof(mi);
		int fd;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, XBR_PIN_PROG) ||
		    bpf_object__find_map_by_name(u->skel->obj, e->d_name) ||
		    pins_path(&u->old, e->d_name, path, sizeof(path)))
			continue;
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen))
			for (__u32 k = 0; k < n; k++)
				if (ids[k] == mi.id && !unlink(path))
					xbr_info("removed %s: this build has no such map", path);
		close(fd);
	}
	if (d)
		closedir(d);
}

static int upgrade_run(struct upgrade *u, char *const *ifnames, int n_ifnames)
{
	char names[256] = "";
	unsigned int from = u->old.abi.version;
	bool counted = false;
	int err;

	/* No program: nothing runs to take over; the caller says what the pins are. */
	if (u->old.prog_fd < 0)
		return 0;
	u->old_prog_id = upgrade_prog_id(u->old.prog_fd);
	err = upgrade_find_ifaces(u);
	if (!err)
		err = upgrade_check_named(u, ifnames, n_ifnames);
	if (!err)
		err = upgrade_daemon_gone(u);
	if (err)
		return err;

	u->skel = xbr_bpf__open();
	if (!u->skel)
		return xbr_fail(-errno, "cannot open the embedded BPF object: %s", strerror(errno));
	err = upgrade_plan_maps(u);
	if (err)
		return err;
	err = xbr_bpf__load(u->skel);
	if (err)
		return xbr_fail(err,
				"the kernel refused the XDP program: %s (-v shows the verifier's "
				"log); the older instance is left as it was",
				strerror(-err));
	u->prog_fd = bpf_program__fd(u->skel->progs.xbr_xdp);
	for (int i = 0; i < u->n_maps && !err; i++) {
		if (u->maps[i].old_fd >= 0)
			err = upgrade_copy(&u->maps[i]);
		counted |= u->maps[i].snap != NULL;
	}
	if (!err)
		err = upgrade_pin_all(u);
	if (!err)
		err = upgrade_switch(u);
	if (err) {
		upgrade_pins_finish(u, false);
		return err;
	}

	/* In-flight packets of the old program end within microseconds of the switch. */
	if (counted)
		usleep(20000);
	for (int i = 0; i < u->n_maps; i++)
		if (u->maps[i].snap)
			upgrade_add_late_counts(&u->maps[i]);
	err = upgrade_pins_finish(u, true);
	upgrade_iface_ids(u);
	if (!err)
		err = pins_abi_write(bpf_map__fd(u->skel->maps.abi_version));
	if (err)
		return xbr_fail(err,
				"the program was replaced, but the instance in %s is not complete: "
				"%s; 'xbr reload' tries again",
				u->old.dir, xbr_why(err));
	upgrade_remove_obsolete(u);
	for (int i = 0; i < u->n_ifs; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", u->ifs[i].name);
	xbr_notice("took over the instance in %s from %s (maps ABI %u → %u): program replaced "
		   "on %s; %d map%s kept, %d converted, %d new",
		   u->old.dir, u->old.abi.build[0] ? u->old.abi.build : "an older xbr", from,
		   XBR_ABI_VERSION, names, u->kept, u->kept == 1 ? "" : "s", u->converted,
		   u->created);
	return 1;
}

int upgrade_instance(const char *dir, char *const *ifnames, int n_ifnames)
{
	struct upgrade u = { .prog_fd = -1 };
	int err;

	if (!pins_present(dir))
		return 0;
	err = pins_open(&u.old, dir, true);
	if (!err && u.old.abi.version > XBR_ABI_VERSION)
		err = pins_abi_check(&u.old);
	else if (!err && u.old.abi.version < XBR_ABI_VERSION)
		err = upgrade_run(&u, ifnames, n_ifnames);
	for (int i = 0; i < u.n_maps; i++) {
		if (u.maps[i].old_fd >= 0)
			close(u.maps[i].old_fd);
		free(u.maps[i].snap);
	}
	xbr_bpf__destroy(u.skel);
	pins_close(&u.old);
	return err;
}
