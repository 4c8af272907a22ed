/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C side of the Python call-overhead benchmark: ssc_mask_id_number()
 * into a reused buffer, the call socialcard.mask_id_number() makes from
 * Python (bench/mask_py.py).  Prints {"ns_per_call": ...}.
 *
 *   ssc-bench-mask N
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <socialcard/socialcard.h>

int
main(int argc, char **argv)
{
	static char id[] = "11010119300101000X";
	ssc_buf out = SSC_BUF_INIT;
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	unsigned long check = 0;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		id[16] = (char)('0' + i % 10);
		if (ssc_mask_id_number(&out, id) < 0)
			return 1;
		check += (unsigned char)out.ptr[16];
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ssc_buf_dispose(&out);
	printf("{\"calls\": %ld, \"ns_per_call\": %.2f, \"check\": %lu}\n", n,
	       ((double)(b.tv_sec - a.tv_sec) * 1e9 +
		(double)(b.tv_nsec - a.tv_nsec)) / (double)(n ? n : 1),
	       check);
	return 0;
}
