# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# n distinct random kernel routes, /24 to /32, inside 10.0.0.0/8 and
# 100.64.0.0/10, via the lab's backup router, as `ip -batch` lines; the same
# ones for the same seed. For bench/mirror_scale.sh and bench/failover.sh:
#
#   awk -v n=N -v seed=S -f bench/routes.awk
BEGIN {
	srand(seed)
	while (c < n) {
		len = 24 + int(rand() * 9)
		a = (rand() < 0.5 ? 10 : 100)
		b = (a == 10 ? int(rand() * 256) : 64 + int(rand() * 64))
		x = int(rand() * 256)
		y = int(rand() * 256)
		if (len < 32)
			y -= y % (2 ^ (32 - len))
		k = a "." b "." x "." y "/" len
		if (!(k in s)) {
			s[k] = 1
			c++
			print "route add " k " via 192.0.2.254 proto static"
		}
	}
}
