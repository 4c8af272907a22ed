/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target sim_profile: software-card profiles (JSON, doc/readers.md).
 * A profile the loader accepts must power up on the interfaces it has and
 * answer a fixed command session (select, read records, PIN verify) with
 * a response of at least SW1 SW2 and at most SSC__SIM_RESP_MAX bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"
#include "reader/sim_card.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssc_ctx *ctx;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cmds[][24] = {
		{ 0x00, 0xA4, 0x04, 0x00, 0x0F, 0x73, 0x78, 0x31, 0x2E, 0x73,
		  0x68, 0x2E, 0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5, 0xCF },
		{ 0x00, 0xB2, 0x01, 0x2C, 0x00 },
		{ 0x00, 0xB2, 0x08, 0x34, 0x00 },
		{ 0x00, 0x20, 0x00, 0x00, 0x03, 0x12, 0x34, 0x56 },
		{ 0x00, 0x84, 0x00, 0x00, 0x08 },
	};
	static const size_t lens[] = { 20, 5, 5, 8, 5 };
	ssc__sim_card *card = NULL;
	char *json;
	int iface;

	if (!ctx && ssc_ctx_new(&ctx, NULL) != SSC_OK)
		abort();
	if (memchr(data, 0, size))
		return 0;
	json = malloc(size + 1);
	if (!json)
		return 0;
	memcpy(json, data, size);
	json[size] = '\0';
	if (ssc__sim_card_new(&card, ctx, json) != SSC_OK) {
		if (card)
			abort();
		free(json);
		return 0;
	}
	for (iface = SSC_INTERFACE_CONTACT; iface <= SSC_INTERFACE_CONTACTLESS;
	     iface++) {
		uint8_t atr[33], resp[SSC__SIM_RESP_MAX + 16];
		size_t i;
		if (ssc__sim_card_power_on(card, iface) != SSC_OK)
			continue;
		if (ssc__sim_card_atr(card, atr) > sizeof(atr))
			abort();
		for (i = 0; i < 5; i++) {
			size_t n = sizeof(resp);
			ssc__sim_card_process(card, cmds[i], lens[i], resp, &n);
			if (n < 2 || n > SSC__SIM_RESP_MAX)
				abort();
		}
	}
	ssc__sim_card_free(card);
	free(json);
	return 0;
}
