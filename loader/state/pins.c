// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/pins.h"
#include "kernel/proc.h"

#define pins_for_each_map(m, skel) bpf_object__for_each_map(m, (skel)->obj)

const char *pins_default_dir(const char *from_option)
{
	const char *env = getenv("XBR_PIN_DIR");

	if (from_option && *from_option)
		return from_option;
	if (env && *env)
		return env;
	return XBR_PIN_DIR_DEFAULT;
}

void pins_init(struct xbr_pins *p, const char *dir)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->dir, sizeof(p->dir), "%s", dir ? dir : "");
	p->lock_fd = -1;
	p->liveness_lock_fd = -1;
	p->prog_fd = -1;
}

int pins_path(const struct xbr_pins *p, const char *name, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "%s/%s", p->dir, name) >= size)
		return xbr_fail(-ENAMETOOLONG, "pin dir path too long: %s", p->dir);
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

	if (!mount_ns_is_init())
		return xbr_fail(-ENOTSUP,
				"%s is not a bpffs here, and one mounted now would vanish when "
				"this command exits (it runs in a mount namespace of its own, as "
				"under 'ip netns exec'); mount a bpffs elsewhere and name it: "
				"mkdir -p /run/xbr && mount -t bpf bpf /run/xbr && xbr --pin-dir "
				"/run/xbr/pins ...",
				mnt);
	if (mount("bpf", mnt, "bpf", 0, "mode=0700") < 0)
		return xbr_fail(-errno,
				"%s is not a bpffs and mounting one there failed: %s; mount it "
				"with 'mount -t bpf bpf %s', or pick a pin dir on a bpffs with "
				"--pin-dir",
				mnt, strerror(errno), mnt);
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
	return xbr_fail(-ENOTSUP,
			"pin dir %s is not on a bpffs; mount one on its parent with 'mkdir -p %s "
			"&& mount -t bpf bpf %s', or pick a pin dir on a bpffs with --pin-dir",
			dir, parent, parent);
}

int pins_create(struct xbr_pins *p, const char *dir)
{
	int err;

	pins_init(p, dir);
	err = pins_check_bpffs(dir);
	if (err)
		return err;
	for (int tries = 0; tries < 3; tries++) {
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return xbr_fail(-errno, "cannot create pin dir %s: %s", dir,
					strerror(errno));
		err = pins_lock(p);
		if (err != -ENOENT)
			break; /* -ENOENT: a failed attach removed it while we waited */
	}
	if (err)
		return xbr_fail(err, "cannot lock pin dir %s: %s", dir, strerror(-err));
	/* Only root may open the tables (whoever can, can reach the management network). */
	if (fchmod(p->lock_fd, 0700) < 0)
		return xbr_fail(-errno, "cannot make pin dir %s private (mode 0700): %s", dir,
				strerror(errno));
	return 0;
}

/* The embedded object, opened (not loaded): the list of our maps and their definitions. */
static struct xbr_bpf *pins_object(void)
{
	struct xbr_bpf *skel = xbr_bpf__open();

	if (!skel)
		xbr_fail(-errno, "cannot open the embedded BPF object: %s", strerror(errno));
	return skel;
}

bool pins_present(const char *dir)
{
	struct xbr_bpf *skel = xbr_bpf__open();
	char path[PATH_MAX];
	struct bpf_map *m;
	bool found;

	snprintf(path, sizeof(path), "%s/%s", dir, XBR_PIN_PROG);
	found = access(path, F_OK) == 0;
	if (skel) {
		pins_for_each_map(m, skel)
		{
			snprintf(path, sizeof(path), "%s/%s", dir, bpf_map__name(m));
			found |= access(path, F_OK) == 0;
		}
	}
	xbr_bpf__destroy(skel);
	return found;
}

/* The flags a map was created with, as the kernel reports them. */
static __u32 pins_created_flags(const struct bpf_map_info *info)
{
	/* The kernel makes every devmap read-only for programs on its own. */
	if (info->type == BPF_MAP_TYPE_DEVMAP || info->type == BPF_MAP_TYPE_DEVMAP_HASH)
		return info->map_flags & ~BPF_F_RDONLY_PROG;
	return info->map_flags;
}

static bool pins_info_matches(const struct bpf_map_info *info, const struct bpf_map *want)
{
	return info->type == bpf_map__type(want) && info->key_size == bpf_map__key_size(want) &&
	       info->value_size == bpf_map__value_size(want) &&
	       info->max_entries == bpf_map__max_entries(want) &&
	       pins_created_flags(info) == bpf_map__map_flags(want);
}

bool pins_map_matches(int fd, const struct bpf_map *want)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return !bpf_obj_get_info_by_fd(fd, &info, &len) && pins_info_matches(&info, want);
}

/* A pinned map is trusted only if it matches what this binary was built with. */
static int pins_check_map(const struct xbr_pins *p, int fd, const struct bpf_map *want, bool quiet)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return xbr_fail(-errno, "cannot read pinned map %s/%s: %s", p->dir,
				bpf_map__name(want), strerror(errno));
	if (pins_info_matches(&info, want))
		return 0;
	if (quiet)
		return -EINVAL;
	return xbr_fail(-EINVAL,
			"pinned map %s/%s does not match this xbr build (type %u key %u value %u "
			"entries %u flags %#x, expected %u/%u/%u/%u/%#x); another version left "
			"it: 'xbr detach' removes the instance (or detach with that version)",
			p->dir, bpf_map__name(want), info.type, info.key_size, info.value_size,
			info.max_entries, info.map_flags, bpf_map__type(want),
			bpf_map__key_size(want), bpf_map__value_size(want),
			bpf_map__max_entries(want), bpf_map__map_flags(want));
}

/*
 * Open every pinned map into p->skel's maps (bpf_map__reuse_fd) and the
 * program. partial: a missing or mismatched map is left at -1.
 */
static int pins_open_maps(struct xbr_pins *p, bool partial)
{
	char path[PATH_MAX];
	struct bpf_map *m;
	int err, fd;

	p->skel = pins_object();
	if (!p->skel)
		return -ENOENT;
	pins_for_each_map(m, p->skel)
	{
		err = pins_path(p, bpf_map__name(m), path, sizeof(path));
		if (err)
			return err;
		fd = bpf_obj_get(path);
		if (fd < 0 && partial) {
			xbr_info("%s: %s", path, strerror(errno));
			continue;
		}
		if (fd < 0)
			return xbr_fail(
				-errno,
				"cannot open pinned map %s: %s; the instance in %s is "
				"incomplete or from another version: 'xbr detach' removes it",
				path, strerror(errno), p->dir);
		err = pins_check_map(p, fd, m, partial);
		if (!err)
			err = bpf_map__reuse_fd(m, fd);
		close(fd);
		if (err && partial) {
			/* Tearing down: a map we cannot trust is not read, only unpinned. */
			if (!p->mismatched)
				p->mismatched = bpf_map__name(m);
			continue;
		}
		if (err)
			return err;
	}
	if (!pins_path(p, XBR_PIN_PROG, path, sizeof(path)))
		p->prog_fd = bpf_obj_get(path);
	/* For atomic increments (pins_routes_changed()); without it, read and write. */
	if (pins_fd(p, route_gen) >= 0) {
		void *gen = mmap(NULL, sizeof(struct xbr_route_gen), PROT_READ | PROT_WRITE,
				 MAP_SHARED, pins_fd(p, route_gen), 0);

		p->route_gen = gen == MAP_FAILED ? NULL : gen;
	}
	return 0;
}

/*
 * Who pinned the instance: abi_version, whose definition never changes, read
 * before anything else is trusted. No such pin: a build from before versions
 * were recorded (version 0).
 */
static int pins_read_abi(struct xbr_pins *p)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), zero = 0;
	char path[PATH_MAX];
	int fd, err = 0;

	memset(&p->abi, 0, sizeof(p->abi));
	err = pins_path(p, XBR_PIN_ABI, path, sizeof(path));
	if (err)
		return err;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return errno == ENOENT
			       ? 0
			       : xbr_fail(-errno, "cannot open %s: %s", path, strerror(errno));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_ARRAY ||
	    info.key_size != sizeof(__u32) || info.value_size != sizeof(p->abi) ||
	    info.max_entries != 1)
		err = xbr_fail(-EINVAL,
			       "%s is not an xbr ABI record (type %u, value %u bytes); the pin dir "
			       "holds something else: 'xbr detach' or remove it",
			       path, info.type, info.value_size);
	else if (bpf_map_lookup_elem(fd, &zero, &p->abi))
		err = xbr_fail(-errno, "cannot read %s: %s", path, strerror(errno));
	p->abi.build[sizeof(p->abi.build) - 1] = '\0';
	close(fd);
	return err;
}

int pins_abi_check(const struct xbr_pins *p)
{
	char path[PATH_MAX];

	if (p->abi.version > XBR_ABI_VERSION)
		return xbr_fail(-EPROTO,
				"the instance in %s was pinned by a newer xbr (%s, maps ABI %u; "
				"this is %s, ABI %u), whose maps this one cannot read: it changes "
				"nothing there; use that xbr (or remove the instance with 'xbr "
				"detach')",
				p->dir, p->abi.build[0] ? p->abi.build : "unknown", p->abi.version,
				xbr_version, XBR_ABI_VERSION);
	if (p->abi.version < XBR_ABI_VERSION && !pins_path(p, XBR_PIN_PROG, path, sizeof(path)) &&
	    access(path, F_OK))
		return xbr_fail(
			-EPROTO,
			"pin dir %s holds pins of an older or another xbr build and no "
			"program: nothing runs there to take over; 'xbr detach' removes them",
			p->dir);
	if (p->abi.version < XBR_ABI_VERSION)
		return xbr_fail(-EPROTO,
				"the instance in %s was pinned by an older xbr (maps ABI %u; this "
				"is %s, ABI %u); 'xbr reload', or restarting 'xbr run' ('systemctl "
				"restart xbr'), takes it over in place",
				p->dir, p->abi.version, xbr_version, XBR_ABI_VERSION);
	return 0;
}

int pins_abi_write(int abi_fd)
{
	struct xbr_abi_version abi = { .version = XBR_ABI_VERSION };
	__u32 zero = 0;

	snprintf(abi.build, sizeof(abi.build), "%s", xbr_version);
	return bpf_map_update_elem(abi_fd, &zero, &abi, BPF_ANY) ? -errno : 0;
}

void pins_routes_changed(const struct xbr_pins *p)
{
	struct xbr_route_gen g = {};
	__u32 zero = 0;

	if (p->route_gen) {
		/* a full barrier: the trie writes before it are seen before the new value */
		__atomic_add_fetch(&p->route_gen->gen, 1, __ATOMIC_SEQ_CST);
		return;
	}
	if (!bpf_map_lookup_elem(pins_fd(p, route_gen), &zero, &g)) {
		g.gen++;
		bpf_map_update_elem(pins_fd(p, route_gen), &zero, &g, BPF_ANY);
	}
}

__u64 pins_routes_generation(const struct xbr_pins *p)
{
	struct xbr_route_gen g = {};
	__u32 zero = 0;

	if (p->route_gen)
		return __atomic_load_n(&p->route_gen->gen, __ATOMIC_SEQ_CST);
	return bpf_map_lookup_elem(pins_fd(p, route_gen), &zero, &g) ? 0 : g.gen;
}

int pins_open(struct xbr_pins *p, const char *dir, bool partial)
{
	int err;

	pins_init(p, dir);
	err = pins_lock(p);
	if ((err == -ENOENT || (!err && !pins_present(dir))) && !strncmp(dir, "/sys/fs/bpf/", 12) &&
	    !is_bpffs("/sys/fs/bpf"))
		return xbr_fail(-ENOENT,
				"xbr is not attached here: /sys/fs/bpf is not a bpffs in this "
				"mount namespace (under 'ip netns exec' it never is); name the "
				"instance's pin dir with --pin-dir");
	if (err == -ENOENT || (!err && !pins_present(dir)))
		return xbr_fail(
			-ENOENT,
			"xbr is not attached (nothing pinned in %s); run 'xbr "
			"attach' first%s",
			dir, getenv("XBR_PIN_DIR") ? "" : ", or name the instance with --pin-dir");
	if (err)
		return xbr_fail(err, "cannot open pin dir %s: %s", dir, strerror(-err));
	err = pins_read_abi(p);
	if (!err && !partial)
		err = pins_abi_check(p);
	return err ? err : pins_open_maps(p, partial);
}

int pins_pin(struct xbr_pins *p, struct xbr_bpf *skel, int prog_fd)
{
	char path[PATH_MAX];
	struct bpf_map *m;
	int err;

	/* Recorded first: the instance is this build's from its first pin. */
	err = pins_abi_write(bpf_map__fd(skel->maps.abi_version));
	if (err)
		return xbr_fail(err, "cannot write abi_version: %s", strerror(-err));
	pins_for_each_map(m, skel)
	{
		err = pins_path(p, bpf_map__name(m), path, sizeof(path));
		if (err)
			return err;
		err = bpf_map__pin(m, path);
		if (err)
			return xbr_fail(err, "cannot pin map %s: %s", path, strerror(-err));
		/* Only root reads the tables (who may reach the management network). */
		chmod(path, 0600);
	}
	err = pins_path(p, XBR_PIN_PROG, path, sizeof(path));
	if (err)
		return err;
	if (bpf_obj_pin(prog_fd, path))
		return xbr_fail(-errno, "cannot pin program %s: %s", path, strerror(errno));
	chmod(path, 0600);
	return pins_open_maps(p, false);
}

void pins_remove(struct xbr_pins *p)
{
	struct xbr_bpf *skel = p->skel ? NULL : xbr_bpf__open();
	struct xbr_bpf *list = p->skel ? p->skel : skel;
	char path[PATH_MAX];
	struct bpf_map *m;

	if (list)
		pins_for_each_map(m, list) if (!pins_path(p, bpf_map__name(m), path, sizeof(path)))
			unlink(path);
	xbr_bpf__destroy(skel);
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
	/* On the heap: the metrics server calls this from threads of its own. */
	__u32 *keys = calloc(CHUNK, sizeof(*keys)), in = 0, out = 0;
	struct xbr_iface *vals = calloc(CHUNK, sizeof(*vals));
	bool first = true;
	int n = 0;

	/* ifaces is an array of XBR_IFINDEX_MAX entries: read it in batches. */
	while (keys && vals) {
		LIBBPF_OPTS(bpf_map_batch_opts, opts);
		__u32 count = CHUNK;
		int err = bpf_map_lookup_batch(pins_fd(p, ifaces), first ? NULL : &in, &out, keys,
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
	free(keys);
	free(vals);
	return n;
}

int pins_iface_clear(const struct xbr_pins *p, __u32 ifindex)
{
	const struct xbr_iface none = {};

	return bpf_map_update_elem(pins_fd(p, ifaces), &ifindex, &none, BPF_EXIST) ? -errno : 0;
}

bool pins_daemon_alive(__u32 pid)
{
	return pid && pid <= INT_MAX && proc_comm_is((pid_t)pid, "xbr");
}

void pins_notify_daemon(const struct xbr_pins *p, int sig)
{
	struct xbr_daemon_state ds;
	__u32 zero = 0;

	if (!bpf_map_lookup_elem(pins_fd(p, daemon_state), &zero, &ds) &&
	    ds.pid != (__u32)getpid() && pins_daemon_alive(ds.pid))
		kill(ds.pid, sig);
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

void pins_liveness_lock(struct xbr_pins *p)
{
	char path[PATH_MAX];

	if (p->liveness_lock_fd < 0 &&
	    (size_t)snprintf(path, sizeof(path), "%s/rpd_liveness", p->dir) < sizeof(path))
		p->liveness_lock_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (p->liveness_lock_fd >= 0)
		flock(p->liveness_lock_fd, LOCK_EX);
	else
		pins_relock(p);
}

void pins_liveness_unlock(struct xbr_pins *p)
{
	if (p->liveness_lock_fd >= 0)
		flock(p->liveness_lock_fd, LOCK_UN);
	else
		pins_unlock(p);
}

void pins_close(struct xbr_pins *p)
{
	if (p->route_gen)
		munmap(p->route_gen, sizeof(struct xbr_route_gen));
	p->route_gen = NULL;
	xbr_bpf__destroy(p->skel); /* closes the maps' fds */
	p->skel = NULL;
	p->mismatched = NULL;
	if (p->prog_fd >= 0)
		close(p->prog_fd);
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	if (p->liveness_lock_fd >= 0)
		close(p->liveness_lock_fd);
	p->prog_fd = -1;
	p->lock_fd = -1;
	p->liveness_lock_fd = -1;
}
