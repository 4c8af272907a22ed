/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: sealed values as read back from a store backend (a file or
 * database someone else can write).  Opening must fail cleanly on anything
 * but an authentic value; an authentic one must open to the same bytes
 * every time.  The first input byte picks the table tag and row key.
 */
#include <stdint.h>
#include <string.h>

#include "store/crypt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t data_key[SSC_STORE_KEY_LEN] = { 0x11, 0x12, 0x13, 0x14 };
static const uint8_t old_key[SSC_STORE_KEY_LEN] = { 0x21, 0x22, 0x23, 0x24 };
static const uint8_t index_key[SSC_STORE_KEY_LEN] = { 0x51, 0x52 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int tags[] = { SSC__SEAL_CARD, SSC__SEAL_JOURNAL,
				    SSC__SEAL_MIRROR, SSC__SEAL_REQUEST };
	static const char *const rows[] = {
		"6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "req-1" };
	ssc__crypt *c = NULL;
	ssc_buf plain = SSC_BUF_INIT, again = SSC_BUF_INIT;
	uint32_t key_id;
	int tag;
	const char *row;

	if (size < 1)
		return 0;
	tag = tags[data[0] & 3];
	row = rows[(data[0] >> 2) & 1];
	data++;
	size--;
	if (ssc__crypt_new(&c, NULL, 0, 1, data_key, index_key) != SSC_OK)
		return 0;
	if (ssc__crypt_add_key(c, 7, old_key) != SSC_OK)
		__builtin_trap();
	(void)ssc__crypt_sealed_key_id(&key_id, data, size);
	if (ssc__crypt_open(&plain, c, tag, row, data, size) == SSC_OK) {
		if (plain.size + SSC__SEAL_OVERHEAD != size)
			__builtin_trap();
		if (ssc__crypt_open(&again, c, tag, row, data, size) != SSC_OK ||
		    again.size != plain.size ||
		    (plain.size && memcmp(again.ptr, plain.ptr, plain.size)))
			__builtin_trap();
	}
	ssc_buf_dispose(&plain);
	ssc_buf_dispose(&again);
	ssc__crypt_free(c);
	return 0;
}
