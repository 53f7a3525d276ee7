// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr stats: every packet the program saw, by the reason it ended with; with
 * --prometheus, every metric in the Prometheus text format, to stdout or
 * (-o FILE) written atomically for node_exporter's textfile collector.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cmd/cmds.h"
#include "state/counters.h"
#include "state/metrics.h"
#include "state/pins.h"

/*
 * A scrape never sees half a file: write a temporary file beside FILE (the
 * collector reads only *.prom, so the temporary name is not read), flush it
 * to disk, rename it over FILE. Mode 0644: the collector runs as its own user.
 */
static int stats_prometheus_file(const struct xbr_pins *p, const char *path)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	int fd, err, dfd;
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return xbr_fail(-ENAMETOOLONG, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return xbr_fail(-errno, "cannot write beside %s: %s", path, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return xbr_fail(err, "cannot write %s: %s", tmp, strerror(-err));
	}
	err = metrics_write(p, f);
	if (err) {
		fclose(f);
		unlink(tmp);
		return xbr_fail(err, "cannot read the metrics from %s: %s", p->dir, strerror(-err));
	}
	if (fchmod(fd, 0644) || fsync(fd))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		return xbr_fail(err, "cannot write %s: %s", path, strerror(-err));
	}
	/* The rename itself survives a crash once the directory is on disk. */
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

static int stats_prometheus(const struct xbr_opts *o, const struct xbr_pins *p)
{
	int err;

	if (o->output) {
		err = stats_prometheus_file(p, o->output);
	} else {
		err = metrics_write(p, stdout);
		if (err)
			err = xbr_fail(err, "cannot read the metrics from %s: %s", p->dir,
				       strerror(-err));
	}
	if (err) {
		xbr_report(err, "cannot write the metrics");
		return XBR_EXIT_FAIL;
	}
	return XBR_EXIT_OK;
}

int cmd_stats(struct xbr_opts *o)
{
	struct xbr_counter c[XBR_REASON_MAX];
	struct xbr_pins pins;
	int ret = cmd_no_args(o), err;

	if (!ret && o->output && !o->prometheus) {
		xbr_err("-o writes the --prometheus format: xbr stats --prometheus -o FILE");
		ret = XBR_EXIT_USAGE;
	}
	if (!ret && o->prometheus && o->json) {
		xbr_err("--prometheus and -j are two formats: choose one");
		ret = XBR_EXIT_USAGE;
	}
	if (!ret)
		ret = cmd_open_instance(o, &pins);
	if (ret)
		return ret;
	if (o->prometheus) {
		ret = stats_prometheus(o, &pins);
		pins_close(&pins);
		return ret;
	}
	err = counters_read(&pins, c);
	pins_close(&pins);
	if (err) {
		xbr_report(err, "cannot read the counters");
		return XBR_EXIT_FAIL;
	}
	if (o->json) {
		json_object *root = json_object_new_object();

		json_object_object_add(root, "counters", cmd_counters_json(c));
		cmd_json_print(root);
	} else {
		cmd_counters_text(c);
	}
	return XBR_EXIT_OK;
}
