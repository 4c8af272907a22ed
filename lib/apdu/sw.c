/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one status-word table: SW pattern -> library error code + text
 * (card-spec.md §2.9 and ISO 7816-4).  Status words are never error codes;
 * this table is where they are translated, and the SW itself stays in
 * ssc_error.sw.
 */
#include <stdio.h>

#include "apdu/apdu_int.h"

struct sw_entry {
	uint16_t sw;
	uint16_t mask; /* bits of sw that must match */
	int code;
	const char *text;
};

/* First match wins: exact entries before the wildcard ones. */
static const struct sw_entry sw_table[] = {
	{ 0x9000, 0xFFFF, SSC_OK, "success" },
	{ 0x6283, 0xFFFF, SSC_EAPPBLOCKED, "selected file or application blocked" },
	{ 0x6281, 0xFFFF, SSC_ECARD, "part of returned data may be corrupted" },
	{ 0x6282, 0xFFFF, SSC_ECARD, "end of file or record reached before Le bytes" },
	{ 0x6200, 0xFF00, SSC_ECARD, "warning, non-volatile memory unchanged" },
	{ 0x6300, 0xFFFF, SSC_ESECURITY, "authentication failed" },
	{ 0x63C0, 0xFFF0, SSC_EPIN, "verification failed, tries left in low nibble" },
	{ 0x6300, 0xFF00, SSC_ECARD, "warning, non-volatile memory changed" },
	{ 0x6400, 0xFF00, SSC_ECARD, "execution error, memory unchanged" },
	{ 0x6581, 0xFFFF, SSC_ECARD, "memory failure" },
	{ 0x6500, 0xFF00, SSC_ECARD, "execution error, memory changed" },
	{ 0x6700, 0xFFFF, SSC_EAPDU, "wrong length (Lc or P1/P2 inconsistent)" },
	{ 0x6881, 0xFFFF, SSC_ECARD, "logical channel not supported" },
	{ 0x6882, 0xFFFF, SSC_ECARD, "secure messaging not supported" },
	{ 0x6883, 0xFFFF, SSC_EAPDU, "last command of the chain expected" },
	{ 0x6884, 0xFFFF, SSC_EAPDU, "command chaining not supported" },
	{ 0x6981, 0xFFFF, SSC_ECARD, "command incompatible with file structure" },
	{ 0x6982, 0xFFFF, SSC_ESECURITY, "security status not satisfied" },
	{ 0x6983, 0xFFFF, SSC_EPINBLOCKED, "authentication method blocked" },
	{ 0x6984, 0xFFFF, SSC_EPINBLOCKED, "reference data invalidated (blocked)" },
	{ 0x6985, 0xFFFF, SSC_ECARD, "conditions of use not satisfied" },
	{ 0x6986, 0xFFFF, SSC_ECARD, "command not allowed (no current EF)" },
	{ 0x6987, 0xFFFF, SSC_EMAC, "expected secure messaging data objects missing" },
	{ 0x6988, 0xFFFF, SSC_EMAC, "incorrect secure messaging data objects (MAC)" },
	{ 0x6A80, 0xFFFF, SSC_ECARD, "incorrect data field" },
	{ 0x6A81, 0xFFFF, SSC_EAPPBLOCKED, "function not supported (application blocked)" },
	{ 0x6A82, 0xFFFF, SSC_ENOTFOUND, "file or application not found" },
	{ 0x6A83, 0xFFFF, SSC_ENOTFOUND, "record not found" },
	{ 0x6A84, 0xFFFF, SSC_ECARD, "not enough memory space in the file" },
	{ 0x6A86, 0xFFFF, SSC_EAPDU, "incorrect P1 P2" },
	{ 0x6A88, 0xFFFF, SSC_ENOTFOUND, "referenced data (key) not found" },
	{ 0x6B00, 0xFFFF, SSC_EAPDU, "wrong parameters P1 P2" },
	{ 0x6C00, 0xFF00, SSC_EAPDU, "wrong Le, exact length in SW2" },
	{ 0x6D00, 0xFFFF, SSC_ECARD, "instruction not supported" },
	{ 0x6E00, 0xFFFF, SSC_ECARD, "class not supported" },
	{ 0x6F00, 0xFFFF, SSC_ECARD, "no precise diagnosis" },
	{ 0x6100, 0xFF00, SSC_EAPDU, "response bytes still available" },
	{ 0x9302, 0xFFFF, SSC_EMAC, "MAC invalid" },
	{ 0x9303, 0xFFFF, SSC_EAPPBLOCKED, "application permanently blocked" },
	{ 0x9401, 0xFFFF, SSC_ECARD, "insufficient funds" },
	{ 0x9403, 0xFFFF, SSC_ENOTFOUND, "key index not supported" },
};

static const struct sw_entry *
lookup(uint16_t sw)
{
	size_t i;

	for (i = 0; i < SSC__ARRAY_SIZE(sw_table); i++)
		if ((sw & sw_table[i].mask) == sw_table[i].sw)
			return &sw_table[i];
	return NULL;
}

bool
ssc_sw_is_success(uint16_t sw)
{
	return sw == 0x9000;
}

int
ssc_sw_error_code(uint16_t sw)
{
	const struct sw_entry *e = lookup(sw);

	return e ? e->code : SSC_ECARD;
}

const char *
ssc_sw_text(uint16_t sw)
{
	const struct sw_entry *e = lookup(sw);

	return e ? e->text : "unknown status word";
}

int
ssc_sw_tries_left(uint16_t sw)
{
	if ((sw & 0xFFF0) == 0x63C0)
		return sw & 0x0F;
	if (sw == 0x6983 || sw == 0x6984)
		return 0;
	return -1;
}

ssc_status
ssc__sw_error(uint16_t sw, const char *what)
{
	int code = ssc_sw_error_code(sw);

	if (code == SSC_OK)
		return SSC_OK;
	if ((sw & 0xFFF0) == 0x63C0)
		return ssc__error_setf_sw(code, sw,
					  "%s: %s (SW %04X, %d tries left)",
					  what, ssc_sw_text(sw), (unsigned)sw,
					  sw & 0x0F);
	return ssc__error_setf_sw(code, sw, "%s: %s (SW %04X)", what,
				  ssc_sw_text(sw), (unsigned)sw);
}
