/* SPDX-License-Identifier: Apache-2.0 */
/*
 * APDU build + response/TLV parse: the library's allocation-free path
 * (ssc_apdu_encode_command, ssc_apdu_response_view, ssc_sw_is_success,
 * ssc_tlv_find) beside a minimal hand-written encoder and BER-TLV finder, as an
 * application would write them without the library.  One iteration builds
 * SELECT by AID (case 4 short), then checks SW 9000 of a 44-byte FCI
 * response and finds tag 9F4D at depth 3.  The input changes every
 * iteration so that nothing can be hoisted out of the loop.
 *
 *   ssc-bench-apdu lib|raw N     prints {"ns_per_op": ..., "check": ...}
 *
 * For instruction counts bench/driver.py runs this under
 * valgrind --tool=callgrind with N and with 1 and takes the difference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <socialcard/socialcard.h>

/* 6F 2A: 84 07 AID, A5 1F: 50 05 "DEBIT", 87 01 01, 9F38 03 9F1A02,
 * BF0C 0C: 9F4D 02 0B 0A, 5F2D 04 "zhen"; then 90 00. */
static uint8_t fci[] = {
	0x6F, 0x2A, 0x84, 0x07, 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01,
	0xA5, 0x1F, 0x50, 0x05, 'D', 'E', 'B', 'I', 'T', 0x87, 0x01, 0x01,
	0x9F, 0x38, 0x03, 0x9F, 0x1A, 0x02, 0xBF, 0x0C, 0x0C, 0x9F, 0x4D,
	0x02, 0x0B, 0x0A, 0x5F, 0x2D, 0x04, 'z', 'h', 'e', 'n', 0x90, 0x00
};

static uint8_t aid[] = { 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01 };

/* ---- the hand-written baseline ---- */

__attribute__((noinline)) static size_t
raw_build_select(uint8_t *out, size_t cap, const uint8_t *a, size_t alen)
{
	if (alen > 255 || cap < alen + 6)
		return 0;
	out[0] = 0x00;
	out[1] = 0xA4;
	out[2] = 0x04;
	out[3] = 0x00;
	out[4] = (uint8_t)alen;
	memcpy(out + 5, a, alen);
	out[5 + alen] = 0x00;
	return alen + 6;
}

/* Parse one tag + length at p[0..n); return header size or 0. */
static size_t
raw_header(const uint8_t *p, size_t n, unsigned *tag, size_t *len)
{
	size_t i = 0;
	unsigned t;

	if (n < 2)
		return 0;
	t = p[i++];
	if ((t & 0x1F) == 0x1F) {
		do {
			if (i >= n || i > 3)
				return 0;
			t = (t << 8) | p[i];
		} while (p[i++] & 0x80);
	}
	if (i >= n)
		return 0;
	if (p[i] < 0x80) {
		*len = p[i++];
	} else {
		size_t k = p[i++] & 0x7F, l = 0;
		if (k == 0 || k > 3 || i + k > n)
			return 0;
		while (k--)
			l = (l << 8) | p[i++];
		*len = l;
	}
	if (*len > n - i)
		return 0;
	*tag = t;
	return i;
}

static const uint8_t *
raw_find(const uint8_t *p, size_t n, unsigned want, size_t *vlen, int depth)
{
	size_t off = 0;

	if (depth > 8)
		return NULL;
	while (off < n) {
		unsigned tag;
		size_t len, h;
		const uint8_t *r;

		if (p[off] == 0x00 || p[off] == 0xFF) {
			off++;
			continue;
		}
		if (!(h = raw_header(p + off, n - off, &tag, &len)))
			return NULL;
		if (tag == want) {
			*vlen = len;
			return p + off + h;
		}
		if (((tag >> (8 * ((tag > 0xFF) + (tag > 0xFFFF)))) & 0x20) &&
		    (r = raw_find(p + off + h, len, want, vlen, depth + 1)))
			return r;
		off += h + len;
	}
	return NULL;
}

__attribute__((noinline)) static int
raw_parse(const uint8_t *resp, size_t n)
{
	const uint8_t *v;
	size_t vlen;

	if (n < 2 || resp[n - 2] != 0x90 || resp[n - 1] != 0x00)
		return -1;
	v = raw_find(resp, n - 2, 0x9F4D, &vlen, 0);
	return v && vlen == 2 ? v[0] : -1;
}

/* ---- the library ---- */

__attribute__((noinline)) static int
lib_iter(uint8_t *cmd, size_t *cmd_len, const uint8_t *a, size_t alen,
	 const uint8_t *resp, size_t n)
{
	ssc_apdu_view r = SSC_APDU_VIEW_INIT;
	ssc_tlv t = SSC_TLV_INIT;

	if (ssc_apdu_encode_command(cmd, cmd_len, 0x00, 0xA4, 0x04, 0x00, a,
				    alen, 256, 0) < 0)
		return -1;
	if (ssc_apdu_response_view(&r, resp, n) < 0 ||
	    !ssc_sw_is_success(r.sw))
		return -1;
	if (ssc_tlv_find(&t, r.data, r.data_len, 0x9F4D) == SSC_OK &&
	    t.len == 2)
		return t.value[0];
	return -1;
}

int
main(int argc, char **argv)
{
	long n;
	int lib;
	unsigned long check = 0;
	uint8_t cmd[300];
	struct timespec a, b;

	if (argc != 3 || (strcmp(argv[1], "lib") && strcmp(argv[1], "raw"))) {
		fprintf(stderr, "usage: ssc-bench-apdu lib|raw N\n");
		return 2;
	}
	lib = strcmp(argv[1], "lib") == 0;
	n = atol(argv[2]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		aid[6] = (uint8_t)i;
		fci[35] = (uint8_t)i;
		if (lib) {
			size_t len = sizeof(cmd);
			check += (unsigned long)lib_iter(cmd, &len, aid,
							 sizeof(aid), fci,
							 sizeof(fci));
			check += cmd[len - 2];
		} else {
			size_t len = raw_build_select(cmd, sizeof(cmd), aid,
						      sizeof(aid));
			check += (unsigned long)raw_parse(fci, sizeof(fci));
			check += cmd[len - 2];
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("{\"iterations\": %ld, \"ns_per_op\": %.2f, \"check\": %lu}\n",
	       n,
	       n ? ((double)(b.tv_sec - a.tv_sec) * 1e9 +
		    (double)(b.tv_nsec - a.tv_nsec)) / (double)n
		 : 0.0,
	       check);
	return 0;
}
