/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What tests/oracle/capture.bpf.c puts in its ring buffer, one record a frame. */
#ifndef XBR_ORACLE_CAPTURE_H
#define XBR_ORACLE_CAPTURE_H

#define CAPTURE_MAX  2048 /* bytes kept of a frame: more than the client's MTU */
#define ETH_HLEN_MIN 1

enum capture_side {
	CAPTURE_CLIENT = 1,  /* arrived at the client (what the router sent back) */
	CAPTURE_GATEWAY = 2, /* arrived at the gateway (what the router sent on) */
};

struct capture_rec {
	__u32 side; /* enum capture_side */
	__u32 len;  /* bytes of data; 0 if the frame could not be read */
	__u8 data[CAPTURE_MAX];
};

#endif /* XBR_ORACLE_CAPTURE_H */
