/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Disk sync latency probe for the machine description: N times a 4 KiB
 * pwrite at the same offset + fdatasync.  Prints p50/p99 in µs.
 *
 *   ssc-fsync-probe FILE N
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char buf[4096];
	int n = argc > 2 ? atoi(argv[2]) : 1000, fd;
	double *lat;

	if (argc < 2 || n <= 0 || !(lat = calloc((size_t)n, sizeof(double))))
		return 2;
	if ((fd = open(argv[1], O_CREAT | O_WRONLY | O_TRUNC, 0600)) < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < n; i++) {
		struct timespec a, b;

		buf[0] = (char)i;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (pwrite(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf) ||
		    fdatasync(fd) != 0) {
			perror("write/fdatasync");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		lat[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 +
			 (double)(b.tv_nsec - a.tv_nsec) / 1e3;
	}
	close(fd);
	unlink(argv[1]);
	qsort(lat, (size_t)n, sizeof(double), cmp);
	printf("{\"syncs\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f}\n", n,
	       lat[n / 2], lat[n * 99 / 100]);
	free(lat);
	return 0;
}
