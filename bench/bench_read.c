/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Card read through pcscd + vpcd + socialcard-sim with the library's PC/SC
 * backend.  With an APDU file: the APDUs of the file sent with
 * ssc_reader_transmit_raw().  With "-" instead of the file: the library's
 * high-level read, ssc_card_read() (what a user calls), whose APDUs are
 * counted from the exchange trace of the first read (later reads run with
 * logging off).  The baseline is bench/read_pyscard.py sending the APDU
 * list of bench/read_apdus.txt.
 *
 *   ssc-bench-read APDU-FILE|- READER-NAME READS
 *       prints {"reads": .., "apdus_per_read": .., "ms_per_read": .., ...}
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <socialcard/socialcard.h>

#define MAX_APDUS 64

/* Counts "apdu > " trace lines: one per command sent to the card. */
static void
count_apdus(int level, const char *message, void *payload)
{
	(void)level;
	if (strncmp(message, "apdu > ", 7) == 0)
		(*(int *)payload)++;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
load(const char *path, uint8_t cmds[][64], size_t *lens)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int n = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) && n < MAX_APDUS) {
		size_t l = strcspn(line, "\r\n"), k;

		if (l == 0 || line[0] == '#')
			continue;
		for (k = 0; k + 1 < l && k / 2 < 64; k += 2) {
			unsigned v;
			if (sscanf(line + k, "%2x", &v) != 1)
				break;
			cmds[n][k / 2] = (uint8_t)v;
		}
		lens[n++] = k / 2;
	}
	fclose(f);
	return n;
}

int
main(int argc, char **argv)
{
	uint8_t cmds[MAX_APDUS][64];
	size_t lens[MAX_APDUS];
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf out = SSC_BUF_INIT;
	char uri[300];
	long reads, bad = 0, bytes = 0;
	int n;
	double t0, el;
	ssc_status rc;

	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	int counted = 0;
	bool high_level;

	if (argc != 4) {
		fprintf(stderr,
			"usage: ssc-bench-read APDU-FILE|- READER READS\n");
		return 2;
	}
	high_level = strcmp(argv[1], "-") == 0;
	if (!high_level && (n = load(argv[1], cmds, lens)) <= 0)
		return 1;
	reads = atol(argv[3]);
	snprintf(uri, sizeof(uri), "pcsc:%s", argv[2]);
	o.log = count_apdus;
	o.log_payload = &counted;
	o.log_level = SSC_LOG_TRACE;
	if ((rc = ssc_ctx_new(&ctx, &o)) < 0 ||
	    (rc = ssc_reader_open(&r, ctx, uri)) < 0 ||
	    (rc = ssc_reader_connect(&c, r, argv[2], SSC_READER_MODE_CONTACT)) < 0) {
		fprintf(stderr, "ssc-bench-read: %s: %s\n", ssc_strerror(rc),
			ssc_error_last()->message ? ssc_error_last()->message
						  : "");
		ssc_reader_free(r);
		ssc_ctx_free(ctx);
		return 1;
	}
	if (high_level) {
		ssc_card *card = NULL;

		/* the first read counts the APDUs; the timed ones do not log */
		if ((rc = ssc_card_read(&card, NULL, c, NULL)) < 0) {
			fprintf(stderr, "ssc-bench-read: %s\n",
				ssc_error_last()->message);
			bad++;
		}
		ssc_card_free(card);
		n = counted;
		ssc_ctx_set_log_level(ctx, SSC_LOG_NONE);
	}
	t0 = now_s();
	for (long i = 0; i < reads && high_level; i++) {
		ssc_card *card = NULL;

		if (ssc_card_read(&card, NULL, c, NULL) < 0)
			bad++;
		ssc_card_free(card);
	}
	for (long i = 0; i < reads && !high_level; i++)
		for (int k = 0; k < n; k++) {
			uint8_t sw1;

			rc = ssc_reader_transmit_raw(&out, c, cmds[k], lens[k]);
			if (rc < 0 || out.size < 2) {
				bad++;
				continue;
			}
			sw1 = (uint8_t)out.ptr[out.size - 2];
			if (sw1 != 0x90 && sw1 != 0x61 && sw1 != 0x6A)
				bad++;
			bytes += (long)out.size;
		}
	el = now_s() - t0;
	printf("{\"reads\": %ld, \"apdus_per_read\": %d, \"ms_per_read\": %.4f,"
	       " \"bad\": %ld, \"response_bytes_per_read\": %ld}\n",
	       reads, n, reads ? el * 1e3 / (double)reads : 0.0, bad,
	       reads ? bytes / reads : 0);
	ssc_buf_dispose(&out);
	ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
	return bad ? 1 : 0;
}
