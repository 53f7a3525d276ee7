// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What the daemon keeps after attach, and why (everything else is dropped):
 *
 *   CAP_NET_ADMIN        rtnetlink requests: neighbour resolution of a
 *                        gateway, --install-routes, detaching XDP at exit.
 *                        (The proc connector is joined before the drop.)
 *   CAP_BPF              only where the kernel refuses bpf() on the held and
 *                        re-opened pins without it: before 6.5, every bpf()
 *                        command while unprivileged BPF is disabled. Found
 *                        out by trying a lookup without it.
 *   CAP_DAC_READ_SEARCH  with --rpd-pidfile only: reading a pidfile in a
 *                        directory of the routing daemon's user.
 *
 * Not kept: CAP_PERFMON (no program is loaded after attach), CAP_SYS_PTRACE
 * (pidfd_open() and /proc/PID/{comm,stat} need none), and the rest. The
 * daemon stays uid 0, so the pins (root's, 0600) stay its own; with the
 * bounding set reduced too, nothing it could execute gets more back.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <cap-ng.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "kernel/caps.h"

/*
 * Does a bpf() command on a held map fd work without CAP_BPF (and without
 * CAP_SYS_ADMIN, which passes the same checks)? Tried with both out of the
 * effective set for a moment; they come back, as they are still permitted.
 */
static bool caps_bpf_needed(int map_fd, size_t value_size)
{
	char value[256];
	__u32 zero = 0;
	bool needed;

	if (value_size > sizeof(value) || capng_get_caps_process())
		return true;
	capng_updatev(CAPNG_DROP, CAPNG_EFFECTIVE, CAP_BPF, CAP_SYS_ADMIN, -1);
	if (capng_apply(CAPNG_SELECT_CAPS))
		return true;
	needed = bpf_map_lookup_elem(map_fd, &zero, value) && errno == EPERM;
	capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_BPF, CAP_SYS_ADMIN, -1);
	capng_apply(CAPNG_SELECT_CAPS);
	return needed;
}

int caps_drop_for_daemon(const struct caps_need *need)
{
	const capng_type_t sets = CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET;
	bool bpf = caps_bpf_needed(need->bpf_probe_fd, need->bpf_probe_size);
	int err;

	capng_clear(CAPNG_SELECT_ALL);
	err = capng_update(CAPNG_ADD, sets, CAP_NET_ADMIN);
	if (!err && bpf)
		err = capng_update(CAPNG_ADD, sets, CAP_BPF);
	if (!err && need->read_any_file)
		err = capng_update(CAPNG_ADD, sets, CAP_DAC_READ_SEARCH);
	if (err)
		return xbr_fail(-EINVAL, "cannot prepare the capability sets (libcap-ng: %d)", err);
	if (!capng_apply(CAPNG_SELECT_ALL))
		return 0;
	/* Without CAP_SETPCAP (some containers) the bounding set cannot shrink. */
	xbr_warn("the capability bounding set is left as it was (no CAP_SETPCAP?); the "
		 "effective and permitted sets are reduced");
	err = capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
	if (err)
		return xbr_fail(-EPERM,
				"cannot drop capabilities (libcap-ng: %d); the daemon does not run "
				"with more than it needs",
				err);
	return 0;
}

int caps_effective_names(pid_t pid, char *buf, size_t size)
{
	char path[64], line[256];
	uint64_t eff = 0;
	bool found = false;
	size_t used = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %" SCNx64, &eff) == 1)
			found = true;
	fclose(f);
	if (!found)
		return -ENOENT;
	buf[0] = '\0';
	for (unsigned int c = 0; c < 64 && used < size; c++) {
		const char *name;

		if (!(eff >> c & 1))
			continue;
		name = capng_capability_to_name(c);
		used += snprintf(buf + used, size - used, "%s%s", used ? " " : "",
				 name ? name : "?");
	}
	return 0;
}
