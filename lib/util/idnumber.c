/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Citizen identity numbers (GB 11643-1999): ISO 7064 MOD 11-2 check
 * character, birth date, sex, province prefix, legacy 15-digit form.
 */
#include <string.h>

#include "../internal.h"
#include "util/codec_int.h"

/* Weights 2^(18-i) mod 11 for i = 1..17. */
static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
				 7, 9, 10, 5, 8, 4, 2 };

char
ssc_idnumber_check_char(const char *digits17)
{
	int sum = 0;

	if (!digits17)
		return '\0';
	for (int i = 0; i < 17; i++) {
		if (digits17[i] < '0' || digits17[i] > '9')
			return '\0';
		sum += (digits17[i] - '0') * weights[i];
	}
	return "10X98765432"[sum % 11];
}

ssc_status
ssc_idnumber_info_init(ssc_idnumber_info *info, unsigned int version)
{
	ssc_status rc;

	if (!info)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_idnumber_info_init: NULL");
	if ((rc = ssc__check_version(version, SSC_IDNUMBER_INFO_VERSION,
				     "ssc_idnumber_info")) < 0)
		return rc;
	memset(info, 0, sizeof(*info));
	info->version = version;
	return SSC_OK;
}

static ssc_status
fail(ssc_idnumber_info *out, int reason, const char *masked, const char *why)
{
	out->reason = reason;
	return ssc__error_setf(SSC_EBADID, SSC_ERROR_CLASS_INVALID,
			       "invalid identity number %s: %s", masked, why);
}

ssc_status
ssc_idnumber_parse_at(ssc_idnumber_info *out, const char *text,
		      uint32_t today)
{
	char num[20], masked[SSC__MASK_MAX];
	size_t len, i;
	uint32_t birth;
	ssc_status rc;
	bool legacy;

	if (!out || !text)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_idnumber_parse: NULL argument");
	if ((rc = ssc__check_version(out->version, SSC_IDNUMBER_INFO_VERSION,
				     "ssc_idnumber_info")) < 0)
		return rc;
	out->reason = SSC_ID_REASON_NONE;
	out->number[0] = '\0';
	out->region[0] = '\0';
	out->birth_date = 0;
	out->sex = SSC_SEX_UNSET;
	out->legacy = 0;
	out->kind = SSC_ID_KIND_UNSET;

	while (*text == ' ')
		text++;
	len = strlen(text);
	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (len > 18)
		len = 19; /* too long either way; keep the mask bounded */
	memcpy(num, text, len);
	num[len] = '\0';
	ssc__mask_id(masked, num);

	if (len != 18 && len != 15)
		return fail(out, SSC_ID_REASON_LENGTH, masked,
			    "length is not 18 (or legacy 15)");
	legacy = len == 15;
	for (i = 0; i < len; i++) {
		char c = num[i];
		if (c == 'x')
			c = num[i] = 'X';
		if (c >= '0' && c <= '9')
			continue;
		if (c == 'X' && !legacy && i == 17)
			continue;
		return fail(out, SSC_ID_REASON_CHARACTER, masked,
			    c == 'X' ? "'X' is allowed only as the last "
				       "character"
				     : "a character is not a digit");
	}
	if (legacy) {
		/* 6 address + YYMMDD + 3 sequence: born in the 1900s. */
		memmove(num + 8, num + 6, 9);
		num[6] = '1';
		num[7] = '9';
		num[17] = ssc_idnumber_check_char(num);
		num[18] = '\0';
	} else if (ssc_idnumber_check_char(num) != num[17]) {
		return fail(out, SSC_ID_REASON_CHECK_DIGIT, masked,
			    "the check character does not match");
	}
	birth = 0;
	for (i = 6; i < 14; i++)
		birth = birth * 10 + (uint32_t)(num[i] - '0');
	if (!ssc_date_is_valid(birth) || birth < 18000101)
		return fail(out, SSC_ID_REASON_DATE, masked,
			    "the birth date is not a real date");
	if (today && birth > today)
		return fail(out, SSC_ID_REASON_FUTURE, masked,
			    "the birth date is in the future");
	if (num[0] == '9' && !legacy) {
		/* Foreign permanent residence card (2023): 9, province of
		 * issue, nationality, birth date, sequence, check. */
		if (num[1] < '1' || num[1] > '6' ||
		    !ssc__region_province_known(num + 1))
			return fail(out, SSC_ID_REASON_REGION, masked,
				    "the province of issue is unknown");
		out->kind = SSC_ID_KIND_FOREIGN_PR;
		memcpy(out->region, num + 1, 2);
		memcpy(out->region + 2, "0000", 5);
		out->sex = SSC_SEX_UNSET;
	} else {
		if (!ssc__region_province_known(num))
			return fail(out, SSC_ID_REASON_REGION, masked,
				    "the address code's province is unknown");
		out->kind = num[0] == '8' && num[1] >= '1' && num[1] <= '3'
				    ? SSC_ID_KIND_HMT_PERMIT
				    : SSC_ID_KIND_CITIZEN;
		memcpy(out->region, num, 6);
		out->region[6] = '\0';
		out->sex = (num[16] - '0') % 2 ? SSC_SEX_MALE : SSC_SEX_FEMALE;
	}
	memcpy(out->number, num, 19);
	out->birth_date = birth;
	out->legacy = legacy;
	return SSC_OK;
}

ssc_status
ssc_idnumber_parse(ssc_idnumber_info *out, const ssc_ctx *ctx,
		   const char *text)
{
	if (!ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_idnumber_parse: NULL context");
	return ssc_idnumber_parse_at(out, text,
				     ssc_date_from_ms(ssc_ctx_now(ctx)));
}

const char *
ssc_id_reason_name(int reason)
{
	switch (reason) {
	case SSC_ID_REASON_NONE:
		return "none";
	case SSC_ID_REASON_LENGTH:
		return "length";
	case SSC_ID_REASON_CHARACTER:
		return "character";
	case SSC_ID_REASON_CHECK_DIGIT:
		return "check_digit";
	case SSC_ID_REASON_DATE:
		return "date";
	case SSC_ID_REASON_REGION:
		return "region";
	case SSC_ID_REASON_FUTURE:
		return "future";
	default:
		return "unknown";
	}
}

const char *
ssc_id_kind_name(int kind)
{
	switch (kind) {
	case SSC_ID_KIND_UNSET:
		return "unset";
	case SSC_ID_KIND_CITIZEN:
		return "citizen";
	case SSC_ID_KIND_HMT_PERMIT:
		return "hmt_permit";
	case SSC_ID_KIND_FOREIGN_PR:
		return "foreign_pr";
	default:
		return "unknown";
	}
}

const char *
ssc_sex_name(int sex)
{
	switch (sex) {
	case SSC_SEX_UNSET:
		return "unset";
	case SSC_SEX_MALE:
		return "male";
	case SSC_SEX_FEMALE:
		return "female";
	case SSC_SEX_UNSPECIFIED:
		return "unspecified";
	default:
		return "unknown";
	}
}
