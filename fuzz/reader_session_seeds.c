/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Seed generator of the reader_session fuzz target: runs the target's
 * read (ssc_card_read with the financial application, the birth place and
 * the generation-3 key) against the software card through the recorder,
 * and writes the card's answers as a response-only trace (ATR, then one
 * chunk per response) named by its SHA-1 into OUTDIR.  One seed per
 * built-in profile: each generation, with and without the debit
 * application, contact and contactless, a rare-character name in 4E, a
 * holder-ID mismatch.
 *
 *   build/fuzz/reader_session_seeds fuzz/corpus/reader_session
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "reader/reader_int.h"
#include "socialcard/cardio.h"
#include "socialcard/sys/key_provider.h"

static const struct {
	const char *json;
	int mode;
} profiles[] = {
	{ "{\"generation\":1}", SSC_READER_MODE_CONTACT },
	{ "{\"generation\":1,\"protocol\":\"t1\"}", SSC_READER_MODE_CONTACT },
	{ "{\"generation\":2}", SSC_READER_MODE_CONTACT },
	{ "{\"generation\":2,\"financial\":{}}", SSC_READER_MODE_CONTACT },
	{ "{\"generation\":2,\"protocol\":\"t1\",\"financial\":{}}",
	  SSC_READER_MODE_CONTACT },
	{ "{\"generation\":2,\"holder\":{\"ssn\":\"440524188001010014\","
	  "\"name_gbk\":\"D5C5\",\"name_ext_gbk\":\"9534B235\"},"
	  "\"financial\":{\"id_number\":\"440524188001010014\"}}",
	  SSC_READER_MODE_CONTACT },
	{ "{\"generation\":2,\"holder\":{\"ssn\":\"440524188001010014\"},"
	  "\"financial\":{\"id_number\":\"11010519491231002X\"}}",
	  SSC_READER_MODE_CONTACT },
	{ "{\"generation\":3,\"keys\":{\"external_0A\":"
	  "\"0123456789ABCDEFFEDCBA9876543210\"}}", SSC_READER_MODE_CONTACT },
	{ "{\"generation\":3,\"keys\":{\"external_0A\":"
	  "\"0123456789ABCDEFFEDCBA9876543210\"},\"financial\":{}}",
	  SSC_READER_MODE_CONTACTLESS },
	{ "{\"generation\":3,\"protocol\":\"t0\",\"keys\":{\"external_0A\":"
	  "\"0123456789ABCDEFFEDCBA9876543210\"},\"financial\":{}}",
	  SSC_READER_MODE_CONTACT },
};

static const uint8_t key_0a[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
				    0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98,
				    0x76, 0x54, 0x32, 0x10 };

static int
record(ssc_ctx *ctx, ssc_key_provider *kp, const char *json, int mode,
       const char *tmp)
{
	ssc_sim_options so = SSC_SIM_OPTIONS_INIT;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_reader_backend *sim = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_card *card = NULL;
	ssc_status rc;

	so.profile_json = json;
	if (ssc_reader_backend_sim_new(&sim, ctx, &so) < 0 ||
	    ssc_reader_backend_recorder_new(&rec, ctx, sim, tmp) < 0 ||
	    ssc_reader_new(&r, ctx, rec) < 0 ||
	    ssc_reader_connect(&c, r, NULL, mode) < 0) {
		fprintf(stderr, "sim: %s\n", ssc_error_last()->message);
		return -1;
	}
	o.flags = SSC_READ_FINANCIAL | SSC_READ_BIRTH_PLACE;
	o.kp = kp;
	o.auth_key_id = "k0A";
	rc = ssc_card_read(&card, NULL, c, &o);
	fprintf(stderr, "%s: %s\n", json,
		rc == SSC_OK ? "read" : ssc_error_last()->message);
	ssc_card_free(card);
	ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(r);
	return 0;
}

/* Two-way trace -> response-only chunks. */
static int
convert(ssc_ctx *ctx, const char *tmp, const char *outdir)
{
	ssc_buf in = SSC_BUF_INIT, out = SSC_BUF_INIT;
	ssc__trace t = { NULL, 0, false };
	unsigned char md[20];
	char path[4096];
	size_t i, k;
	FILE *f;

	ssc__buf_bind(&in, ctx);
	ssc__buf_bind(&out, ctx);
	if (ssc__read_file(&in, tmp, 1 << 20) < 0 ||
	    ssc__trace_parse(&t, ctx, (const uint8_t *)in.ptr, in.size) < 0)
		return -1;
	for (i = 0; i < t.n; i++) {
		uint8_t h[2];

		if (t.recs[i].type != SSC__TRACE_ATR &&
		    t.recs[i].type != SSC__TRACE_RESP)
			continue;
		h[0] = (uint8_t)(t.recs[i].len >> 8);
		h[1] = (uint8_t)t.recs[i].len;
		if (ssc__buf_put(&out, h, 2) < 0 ||
		    ssc__buf_put(&out, t.recs[i].data, t.recs[i].len) < 0)
			return -1;
	}
	ssc__trace_dispose(&t, ctx);
	if (EVP_Digest(out.ptr, out.size, md, NULL, EVP_sha1(), NULL) != 1)
		return -1;
	k = (size_t)snprintf(path, sizeof(path), "%s/", outdir);
	for (i = 0; i < 20 && k + 3 < sizeof(path); i++)
		k += (size_t)snprintf(path + k, sizeof(path) - k, "%02x",
				      md[i]);
	if (!(f = fopen(path, "wb")) ||
	    fwrite(out.ptr, 1, out.size, f) != out.size) {
		perror(path);
		return -1;
	}
	fclose(f);
	ssc_buf_dispose(&in);
	ssc_buf_dispose(&out);
	return 0;
}

int
main(int argc, char **argv)
{
	ssc_ctx *ctx = NULL;
	ssc_key_provider *kp = NULL;
	char tmp[] = "/tmp/ssc-seedXXXXXX";
	size_t i;
	int fd, bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	if ((fd = mkstemp(tmp)) < 0)
		return 1;
	close(fd);
	if (ssc_ctx_new(&ctx, NULL) != SSC_OK ||
	    ssc_key_provider_soft_new(&kp, ctx) != SSC_OK ||
	    ssc_key_provider_soft_add(kp, "k0A", SSC_KEY_TYPE_SM4, key_0a,
				      sizeof(key_0a)) != SSC_OK)
		return 1;
	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (record(ctx, kp, profiles[i].json, profiles[i].mode,
			   tmp) < 0 ||
		    convert(ctx, tmp, argv[1]) < 0)
			bad = 1;
	unlink(tmp);
	ssc_key_provider_free(kp);
	ssc_ctx_free(ctx);
	return bad;
}
