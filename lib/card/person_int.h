/* SPDX-License-Identifier: Apache-2.0 */
/* The private layout of ssc_person and the setters the record codec uses
 * (lib/card/person.c). */
#ifndef SSC_CARD_PERSON_INT_H
#define SSC_CARD_PERSON_INT_H

#include "../internal.h"

struct ssc_person {
	ssc_ctx *ctx;
	char id[19];            /* "" = not set */
	char *name;             /* UTF-8 */
	int sex;
	int ethnicity;
	uint32_t birth_date;
	char birth_place[7];
	int residency;
	char *phone;
	char *address;
	int insured;
	char insured_region[7];
	int doc_type;
	char *doc_number;
	uint32_t doc_valid_until;
};

/* As ssc_person_set_id_number() / _set_birth_date() with an explicit
 * "today" (0 = no future check), for decoding stored records. */
ssc_status ssc__person_set_id_at(ssc_person *p, const char *id,
				 uint32_t today);
ssc_status ssc__person_set_birth_date_at(ssc_person *p, uint32_t ymd,
					 uint32_t today);
/* Replace dst's contents with a copy of src's (same context). */
ssc_status ssc__person_copy(ssc_person *dst, const ssc_person *src);
/* Free the contents, keep the struct (wiped). */
void ssc__person_clear(ssc_person *p);
/* Whether a string is a 6-digit code with a known province. */
bool ssc__person_region_ok(const char *code);

#endif /* SSC_CARD_PERSON_INT_H */
