/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target reader_session: fuzz input as the card's answers to the
 * high-level read.  Input: a response-only trace (2-byte big-endian length
 * + payload chunks, the first the ATR; doc/readers.md) played by the
 * replay backend in lenient mode; ssc_card_read() with the financial
 * application, the birth place and a generation-3 key provider runs on it
 * through the real exchange layer (61xx, 6Cxx, chaining) and the chip
 * flows; what the read leaves of the input then answers a PIN VERIFY.  A
 * success must give a complete card, a failure no card; a wrong PIN
 * reports 1..15 tries left or -1 (not said).
 * Seeds: fuzz/reader_session_seeds.c records them from the software card.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"
#include "socialcard/cardio.h"
#include "socialcard/sys/key_provider.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* key 0A of tests/data/reader/gen3-dual.json (synthetic) */
static const uint8_t key_0a[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
				    0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98,
				    0x76, 0x54, 0x32, 0x10 };

static void
check_card(const ssc_card *card)
{
	const ssc_person *h = ssc_card_holder(card);
	ssc_buf d = SSC_BUF_INIT;

	if (!ssc_card_number(card) || !ssc_card_identifier(card) ||
	    !ssc_card_region(card) || !ssc_card_spec_version(card) ||
	    ssc_card_generation(card) < 1 || !h ||
	    !ssc_person_id_number(h) || !ssc_person_name(h) ||
	    !ssc_card_issue_date(card))
		abort();
	if (ssc_card_describe(&d, card) != SSC_OK)
		abort();
	/* the description masks the ID number */
	if (strstr(d.ptr, ssc_person_id_number(h)))
		abort();
	ssc_buf_dispose(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_replay_options ro = SSC_REPLAY_OPTIONS_INIT;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_key_provider *kp = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_card *card = NULL;
	ssc_buf hist = SSC_BUF_INIT;
	ssc_ctx *ctx = NULL;
	ssc_status rc;

	if (size > 1 << 16 || ssc_ctx_new(&ctx, NULL) != SSC_OK)
		return 0;
	if (ssc_key_provider_soft_new(&kp, ctx) != SSC_OK ||
	    ssc_key_provider_soft_add(kp, "k0A", SSC_KEY_TYPE_SM4, key_0a,
				      sizeof(key_0a)) != SSC_OK)
		goto out;
	ro.data = data;
	ro.size = size;
	if (ssc_reader_backend_replay_new(&be, ctx, &ro) < 0)
		goto out;
	if (ssc_reader_new(&r, ctx, be) < 0) {
		be->free(be);
		goto out;
	}
	if (ssc_reader_connect(&c, r, NULL, 0) != SSC_OK)
		goto out;
	o.flags = SSC_READ_FINANCIAL | SSC_READ_BIRTH_PLACE;
	o.kp = kp;
	o.auth_key_id = "k0A";
	rc = ssc_card_read(&card, &hist, c, &o);
	if (rc == SSC_OK) {
		if (!card)
			abort();
		check_card(card);
	} else if (card || rc > 0) {
		abort();
	}
	/* what is left of the input answers a PIN verification */
	{
		int tries = 99;

		rc = ssc_card_pin_verify(&tries, c, "123456", NULL);
		/* a count comes only from 63Cx (1..15); -1 when another
		 * answer (e.g. a 63Cx to SELECT) gave the code */
		if (rc == SSC_EPIN && tries != -1 && (tries < 1 || tries > 15))
			abort();
		if (rc == SSC_OK && tries != -1)
			abort();
	}
out:
	ssc_card_free(card);
	ssc_buf_dispose(&hist);
	ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(r);
	ssc_key_provider_free(kp);
	ssc_ctx_free(ctx);
	return 0;
}
