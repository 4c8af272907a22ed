/* SPDX-License-Identifier: Apache-2.0 */
/* The private layout of ssc_card (lib/card/card.c), shared with the record
 * codec (lib/card/card_codec.c). */
#ifndef SSC_CARD_CARD_INT_H
#define SSC_CARD_CARD_INT_H

#include "../internal.h"
#include "card/person_int.h"

struct ssc_card {
	ssc_ctx *ctx;
	char uuid[37];
	uint64_t revision;
	char number[10];          /* "" = not set */
	bool has_ident;
	uint8_t ident[16];
	char ident_hex[33];
	char spec_version[5];
	int generation;
	char region[7];
	char *institution;
	uint32_t issued;
	uint32_t expires;
	ssc_person *holder;       /* never NULL */
	char *photo_ref;
	int state;
	int pin_state;
	int ecard_state;
	int fin_state;
	char fin_bank[13];
	char *fin_account;
	char replaces[37];
	char replaced_by[37];
	/* Record fields of the optional range this version does not know,
	 * kept verbatim (tag, 2-byte length, value; ascending tags) and
	 * written back on encode. */
	uint8_t *extra;
	size_t extra_len;
};

/* Whether s is a UUID in text form; writes the lower-case form to out. */
bool ssc__card_uuid_norm(char out[37], const char *s);

#endif /* SSC_CARD_CARD_INT_H */
