// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr run: attach (or adopt the instance in the pin dir), then follow the
 * routing daemon (daemon/daemon.c) until SIGTERM/SIGINT; detach on the way
 * out unless --keep. The kernel's routes are read once: the daemon
 * subscribes to their changes first, and follows on from the mirror the
 * attach (or adoption) made.
 */
#include <stdio.h>
#include "cmd/cmds.h"
#include "daemon/daemon.h"
#include "daemon/track.h"
#include "state/pins.h"

int cmd_run(struct xbr_opts *o)
{
	bool adopted = false;
	struct track t;
	int ret, err;

	if (!o->rpd_pidfile && !o->rpd_process) {
		xbr_err("run needs --rpd-pidfile FILE or --rpd-process NAME to find the routing "
			"daemon");
		return XBR_EXIT_USAGE;
	}
	if (xbr_require_root("run"))
		return XBR_EXIT_FAIL;
	/* Under systemd stdout is the journal too: each line when it is said, not at exit. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	err = track_open(&t, o);
	if (err) {
		xbr_report(err, "cannot start the daemon");
		return XBR_EXIT_FAIL;
	}
	if (pins_present(o->pin_dir)) {
		err = daemon_adopt(o, &t.m);
		if (err) {
			track_stop(&t);
			xbr_report(err, "cannot adopt the instance in %s", o->pin_dir);
			return XBR_EXIT_FAIL;
		}
		adopted = true;
		xbr_notice("adopted the instance in %s", o->pin_dir);
	} else if ((ret = cmd_attach_keeping(o, &t.m)) != XBR_EXIT_OK) {
		track_stop(&t);
		return ret;
	}
	ret = daemon_serve(o, &t);
	if (o->keep || (adopted && ret != XBR_EXIT_OK)) {
		xbr_notice("forwarding left in place (pin dir %s)", o->pin_dir);
	} else {
		o->n_args = 0; /* detach from every interface, remove the pins */
		if (cmd_detach(o) != XBR_EXIT_OK)
			ret = XBR_EXIT_FAIL;
	}
	return ret;
}
