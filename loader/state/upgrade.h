/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Taking over, in place, an instance pinned by an older build
 * (docs/design.md §12): the maps of the new layout made and filled, entries
 * and counters kept, the program replaced atomically on every interface it
 * runs on, obsolete pins removed. attach, run and reload do it first.
 */
#ifndef XBR_UPGRADE_H
#define XBR_UPGRADE_H

/*
 * If the instance in dir was pinned by an older build, bring it to this
 * build's. ifnames (attach, run): interfaces the caller names, each of
 * which the old program must run on. 1: taken over; 0: nothing to do (no
 * instance, one of this build, or pins with no program to take over: the
 * caller's own checks speak of them); -errno, the reason kept: refused,
 * and nothing changed (a newer instance is always refused).
 */
int upgrade_instance(const char *dir, char *const *ifnames, int n_ifnames);

#endif /* XBR_UPGRADE_H */
