/* SPDX-License-Identifier: Apache-2.0 */
/* Private helpers of lib/util's codecs (hex, dates, BCD, region table,
 * UTF-8 checks) for the other areas of lib/. */
#ifndef SSC_UTIL_CODEC_INT_H
#define SSC_UTIL_CODEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socialcard/codec.h"

/* Value of a hex digit, or -1. */
int ssc__hex_value(char c);
/* Upper-case hex of len bytes into out (2*len+1 bytes, NUL-terminated). */
void ssc__hex_format(char *out, const uint8_t *data, size_t len);
/* Exactly 2*out_len hex characters into out_len bytes; SSC_EPARSE
 * (class ENCODING) and out untouched on bad input. */
ssc_status ssc__hex_parse(uint8_t *out, size_t out_len, const char *hex,
			  size_t len);

/* Days in a month of a year (0 for a bad month). */
int ssc__days_in_month(int year, int month);
/* Whole years from birth to on (both valid YYYYMMDD); -1 if on < birth.
 * A 29 February birthday counts on 1 March in common years. */
int ssc__years_between(uint32_t birth, uint32_t on);

/* Whether s is exactly n ASCII digits followed by NUL. */
bool ssc__is_digits(const char *s, size_t n);

/* Validates UTF-8 of len bytes: no NUL, shortest forms, no surrogates;
 * C0 controls and DEL only when allow_controls.  Returns the number of
 * characters or -1. */
long ssc__utf8_check(const char *s, size_t len, bool allow_controls);

/* The region table (generated from data/regions/gbt2260.tsv). */
typedef struct {
	char code[7];
	const char *name;     /* UTF-8 */
	uint8_t level;        /* ssc_region_level */
	int16_t parent;       /* index, -1 for none */
	int16_t successor;    /* index, -1 for none */
	uint16_t abolished;   /* year, 0 = current */
} ssc__region_entry;

extern const ssc__region_entry ssc__region_table[];
extern const size_t ssc__region_count;

/* The entry of a code, or NULL. */
const ssc__region_entry *ssc__region_find(const char *code);
/* Whether the first two digits of code name a province (or one of the
 * 81/82/83 prefixes of HK/Macau/Taiwan residence permits). */
bool ssc__region_province_known(const char *code);

#endif /* SSC_UTIL_CODEC_INT_H */
