// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/pins.h"
#include "xbr.skel.h"

static const char *const map_names[PIN_MAP_COUNT] = {
	[PIN_ROUTES_V4] = XBR_STR(XBR_MAP_ROUTES_V4),
	[PIN_ROUTES_V6] = XBR_STR(XBR_MAP_ROUTES_V6),
	[PIN_GATEWAYS] = XBR_STR(XBR_MAP_GATEWAYS),
	[PIN_EGRESS] = XBR_STR(XBR_MAP_EGRESS),
	[PIN_IFACES] = XBR_STR(XBR_MAP_IFACES),
	[PIN_LIVENESS] = XBR_STR(XBR_MAP_LIVENESS),
	[PIN_COUNTERS] = XBR_STR(XBR_MAP_COUNTERS),
	[PIN_DEST_STATS] = XBR_STR(XBR_MAP_DEST_STATS),
	[PIN_DAEMON] = XBR_STR(XBR_MAP_DAEMON),
	[PIN_ALLOW_V4] = XBR_STR(XBR_MAP_ALLOW_V4),
	[PIN_ALLOW_V6] = XBR_STR(XBR_MAP_ALLOW_V6),
};

const char *pins_map_name(enum pin_map m)
{
	return map_names[m];
}

const char *pins_default_dir(const char *from_option)
{
	const char *env = getenv("XBR_PIN_DIR");

	if (from_option && *from_option)
		return from_option;
	if (env && *env)
		return env;
	return XBR_PIN_DIR_DEFAULT;
}

static void pins_reset(struct xbr_pins *p)
{
	p->lock_fd = -1;
	p->prog_fd = -1;
	for (int i = 0; i < PIN_MAP_COUNT; i++)
		p->fd[i] = -1;
}

static void pins_init(struct xbr_pins *p, const char *dir)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	pins_reset(p);
}

static int pins_path(const struct xbr_pins *p, const char *name, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "%s/%s", p->dir, name) >= size) {
		xbr_err("pin dir path too long: %s", p->dir);
		return -ENAMETOOLONG;
	}
	return 0;
}

/*
 * Lock the dir. A failed attach removes the dir it created while another
 * command waits for the lock on it: the waiter then holds a lock on a dir
 * that is gone, so it locks what the path names now.
 */
static int pins_lock(struct xbr_pins *p)
{
	struct stat locked, named;
	int err;

	for (int tries = 0; tries < 10; tries++) {
		p->lock_fd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (p->lock_fd < 0)
			return -errno;
		if (flock(p->lock_fd, LOCK_EX) < 0 || fstat(p->lock_fd, &locked) < 0 ||
		    stat(p->dir, &named) < 0) {
			err = -errno;
			close(p->lock_fd);
			p->lock_fd = -1;
			return err; /* -ENOENT: removed meanwhile */
		}
		if (locked.st_ino == named.st_ino && locked.st_dev == named.st_dev)
			return 0;
		close(p->lock_fd); /* replaced meanwhile: lock the new one */
		p->lock_fd = -1;
	}
	return -EBUSY;
}

static bool is_bpffs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == BPF_FS_MAGIC;
}

/*
 * A bpffs mounted now lasts as long as this mount namespace. That is the
 * system's (or the container's) when it is the namespace of pid 1; under
 * `ip netns exec`, which gives each command a namespace of its own, the pins
 * would vanish with this command and leave the program attached, unreachable.
 */
static bool mount_ns_is_init(void)
{
	struct stat self, init;

	return stat("/proc/self/ns/mnt", &self) == 0 && stat("/proc/1/ns/mnt", &init) == 0 &&
	       self.st_ino == init.st_ino && self.st_dev == init.st_dev;
}

/* The default pin dir's bpffs, mounted as systemd would, when it is missing. */
static int pins_mount_default(void)
{
	const char *mnt = "/sys/fs/bpf";

	if (!mount_ns_is_init()) {
		xbr_err("%s is not a bpffs here, and one mounted now would vanish when this "
			"command exits (it runs in a mount namespace of its own, as under 'ip "
			"netns exec'); mount a bpffs elsewhere and name it: mkdir -p /run/xbr && "
			"mount -t bpf bpf /run/xbr && xbr --pin-dir /run/xbr/pins ...",
			mnt);
		return -ENOTSUP;
	}
	if (mount("bpf", mnt, "bpf", 0, "mode=0700") < 0) {
		xbr_err("%s is not a bpffs and mounting one there failed: %s; mount it with "
			"'mount -t bpf bpf %s', or pick a pin dir on a bpffs with --pin-dir",
			mnt, strerror(errno), mnt);
		return -errno;
	}
	xbr_notice("mounted a bpffs on %s (it was not mounted)", mnt);
	return 0;
}

/* The dir must sit on a bpffs: pins anywhere else fail with a confusing EPERM. */
static int pins_check_bpffs(const char *dir)
{
	char parent[PATH_MAX];
	struct statfs st;
	char *slash;

	if (!strncmp(dir, "/sys/fs/bpf/", strlen("/sys/fs/bpf/")) && !is_bpffs("/sys/fs/bpf"))
		return pins_mount_default();
	snprintf(parent, sizeof(parent), "%s", dir);
	while (statfs(parent, &st) < 0) {
		slash = strrchr(parent, '/');
		if (!slash || slash == parent) {
			strcpy(parent, "/");
			if (statfs(parent, &st) < 0)
				return -errno;
			break;
		}
		*slash = '\0';
	}
	if (st.f_type == BPF_FS_MAGIC)
		return 0;
	/* Suggest the pin dir's own parent: mounting over an existing dir would hide it. */
	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	xbr_err("pin dir %s is not on a bpffs; mount one on its parent with 'mkdir -p %s && "
		"mount -t bpf bpf %s', or pick a pin dir on a bpffs with --pin-dir",
		dir, parent, parent);
	return -ENOTSUP;
}

int pins_create(struct xbr_pins *p, const char *dir)
{
	int err;

	pins_init(p, dir);
	err = pins_check_bpffs(dir);
	if (err)
		return err;
	for (int tries = 0; tries < 3; tries++) {
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			err = -errno;
			xbr_err("cannot create pin dir %s: %s", dir, strerror(errno));
			return err;
		}
		err = pins_lock(p);
		if (err != -ENOENT)
			break; /* -ENOENT: a failed attach removed it while we waited */
	}
	if (err) {
		xbr_err("cannot lock pin dir %s: %s", dir, strerror(-err));
		return err;
	}
	/* Only root may open the tables (whoever can, can reach the management network). */
	if (fchmod(p->lock_fd, 0700) < 0) {
		err = -errno;
		xbr_err("cannot make pin dir %s private (mode 0700): %s", dir, strerror(errno));
	}
	return err;
}

bool pins_present(const char *dir)
{
	char path[PATH_MAX];

	for (int i = 0; i < PIN_MAP_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, map_names[i]);
		if (access(path, F_OK) == 0)
			return true;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, XBR_PIN_PROG);
	return access(path, F_OK) == 0;
}

/* A pinned map is trusted only if it matches what this binary was built with. */
static int pins_check_map(const struct xbr_pins *p, enum pin_map m, const struct bpf_map *want,
			  bool quiet)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(p->fd[m], &info, &len))
		return -errno;
	if (info.type == bpf_map__type(want) && info.key_size == bpf_map__key_size(want) &&
	    info.value_size == bpf_map__value_size(want) &&
	    info.max_entries == bpf_map__max_entries(want))
		return 0;
	if (quiet)
		return -EINVAL;
	xbr_err("pinned map %s/%s does not match this xbr build (type %u key %u value %u "
		"entries %u, expected %u/%u/%u/%u); another version left it: 'xbr detach' removes "
		"the instance (or detach with that version)",
		p->dir, map_names[m], info.type, info.key_size, info.value_size, info.max_entries,
		bpf_map__type(want), bpf_map__key_size(want), bpf_map__value_size(want),
		bpf_map__max_entries(want));
	return -EINVAL;
}

static struct bpf_map *skel_map(struct xbr_bpf *skel, enum pin_map m)
{
	struct bpf_map *maps[PIN_MAP_COUNT] = {
		[PIN_ROUTES_V4] = skel->maps.XBR_MAP_ROUTES_V4,
		[PIN_ROUTES_V6] = skel->maps.XBR_MAP_ROUTES_V6,
		[PIN_GATEWAYS] = skel->maps.XBR_MAP_GATEWAYS,
		[PIN_EGRESS] = skel->maps.XBR_MAP_EGRESS,
		[PIN_IFACES] = skel->maps.XBR_MAP_IFACES,
		[PIN_LIVENESS] = skel->maps.XBR_MAP_LIVENESS,
		[PIN_COUNTERS] = skel->maps.XBR_MAP_COUNTERS,
		[PIN_DEST_STATS] = skel->maps.XBR_MAP_DEST_STATS,
		[PIN_DAEMON] = skel->maps.XBR_MAP_DAEMON,
		[PIN_ALLOW_V4] = skel->maps.XBR_MAP_ALLOW_V4,
		[PIN_ALLOW_V6] = skel->maps.XBR_MAP_ALLOW_V6,
	};

	return maps[m];
}

int pins_open(struct xbr_pins *p, const char *dir, bool partial)
{
	struct xbr_bpf *want;
	char path[PATH_MAX];
	int err;

	pins_init(p, dir);
	err = pins_lock(p);
	if ((err == -ENOENT || (!err && !pins_present(dir))) && !strncmp(dir, "/sys/fs/bpf/", 12) &&
	    !is_bpffs("/sys/fs/bpf")) {
		xbr_err("xbr is not attached here: /sys/fs/bpf is not a bpffs in this mount "
			"namespace (under 'ip netns exec' it never is); name the instance's pin "
			"dir with --pin-dir");
		return -ENOENT;
	}
	if (err == -ENOENT || (!err && !pins_present(dir))) {
		xbr_err("xbr is not attached (nothing pinned in %s); run 'xbr attach' first%s", dir,
			getenv("XBR_PIN_DIR") ? "" : ", or name the instance with --pin-dir");
		return -ENOENT;
	}
	if (err) {
		xbr_err("cannot open pin dir %s: %s", dir, strerror(-err));
		return err;
	}
	/* The definitions this binary expects, from its embedded object (not loaded). */
	want = xbr_bpf__open();
	if (!want) {
		xbr_err("cannot open the embedded BPF object: %s", strerror(errno));
		return -errno;
	}
	for (int i = 0; i < PIN_MAP_COUNT; i++) {
		err = pins_path(p, map_names[i], path, sizeof(path));
		if (err)
			break;
		p->fd[i] = bpf_obj_get(path);
		if (p->fd[i] < 0 && partial) {
			xbr_info("%s: %s", path, strerror(errno));
			err = 0;
			continue;
		}
		if (p->fd[i] < 0) {
			err = -errno;
			xbr_err("cannot open pinned map %s: %s; the instance in %s is incomplete "
				"or from another version: 'xbr detach' removes it",
				path, strerror(errno), dir);
			break;
		}
		err = pins_check_map(p, i, skel_map(want, i), partial);
		if (err && partial) {
			/* Tearing down: a map we cannot trust is not read, only unpinned. */
			close(p->fd[i]);
			p->fd[i] = -1;
			if (!p->mismatched)
				p->mismatched = map_names[i];
			err = 0;
		} else if (err) {
			break;
		}
	}
	xbr_bpf__destroy(want);
	if (err)
		return err;
	if (!pins_path(p, XBR_PIN_PROG, path, sizeof(path)))
		p->prog_fd = bpf_obj_get(path);
	return 0;
}

int pins_pin(struct xbr_pins *p, struct xbr_bpf *skel, int prog_fd)
{
	char path[PATH_MAX];
	int err;

	for (int i = 0; i < PIN_MAP_COUNT; i++) {
		err = pins_path(p, map_names[i], path, sizeof(path));
		if (err)
			return err;
		err = bpf_map__pin(skel_map(skel, i), path);
		if (err) {
			xbr_err("cannot pin map %s: %s", path, strerror(-err));
			return err;
		}
		p->fd[i] = bpf_obj_get(path);
		if (p->fd[i] < 0)
			return -errno;
		/* Only root reads the tables (who may reach the management network). */
		chmod(path, 0600);
	}
	err = pins_path(p, XBR_PIN_PROG, path, sizeof(path));
	if (err)
		return err;
	if (bpf_obj_pin(prog_fd, path)) {
		err = -errno;
		xbr_err("cannot pin program %s: %s", path, strerror(errno));
		return err;
	}
	chmod(path, 0600);
	p->prog_fd = bpf_obj_get(path);
	return 0;
}

void pins_remove(struct xbr_pins *p)
{
	char path[PATH_MAX];

	for (int i = 0; i < PIN_MAP_COUNT; i++)
		if (!pins_path(p, map_names[i], path, sizeof(path)))
			unlink(path);
	if (!pins_path(p, XBR_PIN_PROG, path, sizeof(path)))
		unlink(path);
	if (rmdir(p->dir) == 0 || errno == ENOENT)
		return;
	if (errno == ENOTEMPTY) {
		char names[256] = "";
		struct dirent *e;
		DIR *d = opendir(p->dir);

		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.' ||
			    strlen(names) + strlen(e->d_name) + 2 > sizeof(names))
				continue;
			if (names[0])
				strcat(names, " ");
			strcat(names, e->d_name);
		}
		if (d)
			closedir(d);
		xbr_warn("pin dir %s still holds files xbr did not pin (%s); remove them if they "
			 "are not another tool's",
			 p->dir, names);
	} else
		xbr_warn("pin dir %s not removed: %s", p->dir, strerror(errno));
}

int pins_ifaces(const struct xbr_pins *p, __u32 *ifindex, struct xbr_iface *val, int max)
{
	enum { CHUNK = 4096 };
	static __u32 keys[CHUNK];
	static struct xbr_iface vals[CHUNK];
	__u32 in = 0, out = 0;
	bool first = true;
	int n = 0;

	/* ifaces is an array of XBR_IFINDEX_MAX entries: read it in batches. */
	for (;;) {
		LIBBPF_OPTS(bpf_map_batch_opts, opts);
		__u32 count = CHUNK;
		int err = bpf_map_lookup_batch(p->fd[PIN_IFACES], first ? NULL : &in, &out, keys,
					       vals, &count, &opts);

		for (__u32 i = 0; i < count && n < max; i++) {
			if (!vals[i].prog_id)
				continue;
			ifindex[n] = keys[i];
			val[n++] = vals[i];
		}
		if (err || count == 0)
			break; /* -ENOENT: the last batch */
		in = out;
		first = false;
	}
	return n;
}

int pins_iface_clear(const struct xbr_pins *p, __u32 ifindex)
{
	const struct xbr_iface none = {};

	return bpf_map_update_elem(p->fd[PIN_IFACES], &ifindex, &none, BPF_EXIST) ? -errno : 0;
}

void pins_unlock(struct xbr_pins *p)
{
	if (p->lock_fd >= 0)
		flock(p->lock_fd, LOCK_UN);
}

void pins_relock(struct xbr_pins *p)
{
	if (p->lock_fd >= 0)
		flock(p->lock_fd, LOCK_EX);
}

void pins_close(struct xbr_pins *p)
{
	for (int i = 0; i < PIN_MAP_COUNT; i++)
		if (p->fd[i] >= 0)
			close(p->fd[i]);
	if (p->prog_fd >= 0)
		close(p->prog_fd);
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	pins_reset(p);
}
