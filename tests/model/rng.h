/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A small deterministic generator (xoshiro256**, seeded by splitmix64), so
 * that every table and every packet of a run can be rebuilt from the run's
 * seed and its own numbers alone.
 */
#ifndef XBR_MODEL_RNG_H
#define XBR_MODEL_RNG_H

#include <stdbool.h>
#include <linux/types.h>

struct rng {
	__u64 s[4];
};

static inline __u64 rng_splitmix(__u64 *x)
{
	__u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The stream for (seed, a, b): tables use (seed, table, ~0), packets (seed, table, n). */
static inline void rng_seed(struct rng *r, __u64 seed, __u64 a, __u64 b)
{
	__u64 x = seed ^ rng_splitmix(&a) ^ (rng_splitmix(&b) << 1);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&x);
}

static inline __u64 rng_next(struct rng *r)
{
	__u64 *s = r->s, t = s[1] << 17;
	__u64 res = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = s[3] << 45 | s[3] >> 19;
	return res;
}

/* Uniform in [0, n); n > 0. The bias of a 64-bit modulo is irrelevant here. */
static inline __u32 rng_below(struct rng *r, __u32 n)
{
	return (__u32)(rng_next(r) % n);
}

/* Uniform in [lo, hi]. */
static inline __u32 rng_range(struct rng *r, __u32 lo, __u32 hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* True with probability pct / 100. */
static inline bool rng_pct(struct rng *r, __u32 pct)
{
	return rng_below(r, 100) < pct;
}

static inline void rng_bytes(struct rng *r, __u8 *p, __u32 n)
{
	while (n--)
		*p++ = (__u8)rng_next(r);
}

#endif /* XBR_MODEL_RNG_H */
