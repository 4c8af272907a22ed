/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target sim_card: the software card's command processing, which
 * socialcard-sim exposes to any PC/SC client through pcscd and vpcd.
 * Input: one byte choosing a built-in profile (generation 1, 2 with the
 * debit application, 3 contactless T=1), then command APDUs as chunks of
 * 2-byte big-endian length + bytes (a 1-byte chunk 00..02 resets the
 * card).  Every answer must be 2..SSC__SIM_RESP_MAX bytes.
 */
#include <stdlib.h>

#include "reader/reader_int.h"
#include "reader/sim_card.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const profiles[] = {
	"{\"generation\": 1}",
	"{\"generation\": 2, \"financial\": {\"atc\": 65534}}",
	"{\"generation\": 3, \"financial\": {}, \"pin\": {\"tries\": 1}}",
	"{\"generation\": 2, \"protocol\": \"t1\", \"algorithm\": \"3des\", "
	"\"auth_required\": true}",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc__sim_card *card = NULL;
	size_t pos = 1, n;
	int iface;

	if (size < 1)
		return 0;
	if (ssc__sim_card_new(&card, NULL,
			      profiles[data[0] % SSC__ARRAY_SIZE(profiles)]) < 0)
		abort();
	iface = (data[0] & 0x80) && ssc__sim_card_has_interface(
					     card, SSC_INTERFACE_CONTACTLESS)
			? SSC_INTERFACE_CONTACTLESS
			: ssc__sim_card_has_interface(card,
						      SSC_INTERFACE_CONTACT)
				  ? SSC_INTERFACE_CONTACT
				  : SSC_INTERFACE_CONTACTLESS;
	if (ssc__sim_card_power_on(card, iface) < 0)
		abort();
	while (pos + 2 <= size) {
		uint8_t resp[SSC__SIM_RESP_MAX + 16];
		size_t rl = 0;

		n = (size_t)data[pos] << 8 | data[pos + 1];
		pos += 2;
		if (n > size - pos)
			n = size - pos;
		if (n == 1) {
			ssc__sim_card_power_on(card, iface);
		} else {
			ssc__sim_card_process(card, data + pos, n, resp, &rl);
			if (rl < 2 || rl > SSC__SIM_RESP_MAX)
				abort();
		}
		pos += n;
	}
	ssc__sim_card_free(card);
	return 0;
}
