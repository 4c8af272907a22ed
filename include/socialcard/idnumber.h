/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/idnumber.h
 * @brief Citizen identity numbers (公民身份号码 = 社会保障号码, GB 11643-1999).
 *
 * An 18-character number: a 6-digit GB/T 2260 address code, the birth
 * date `YYYYMMDD`, a 3-digit sequence (odd = male, even = female) and an
 * ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).  The legacy
 * 15-digit form (2-digit year, no check character) is converted to 18.
 *
 * Two other 18-character numbers share the structure and serve as the
 * social security number of their holders (::ssc_id_kind): residence
 * permits of Hong Kong, Macau and Taiwan residents (address code 810000,
 * 820000, 830000) and the 2023 foreign permanent residence card (first
 * digit 9, then the 2-digit province of issue, a 3-digit nationality code,
 * the birth date at the same place, a sequence and the same check).
 *
 * Validation fails with #SSC_EBADID and a reason (::ssc_id_reason) kept in
 * ssc_idnumber_info::reason, so that every failure can be told apart.
 * Messages never contain the number unmasked.
 *
 * Thread rules: reentrant and thread-safe.
 */
#ifndef SOCIALCARD_IDNUMBER_H
#define SOCIALCARD_IDNUMBER_H

#include "common.h"
#include "types.h"

SSC_BEGIN_DECL

/** Sex (GB/T 2261.1 codes).  Values are ABI. */
typedef enum {
	SSC_SEX_UNSET = 0,        /**< 未知的性别 */
	SSC_SEX_MALE = 1,         /**< 男 */
	SSC_SEX_FEMALE = 2,       /**< 女 */
	SSC_SEX_UNSPECIFIED = 9   /**< 未说明的性别 */
} ssc_sex;

/** Why an identity number is invalid.  Values are ABI. */
typedef enum {
	SSC_ID_REASON_NONE = 0,        /**< valid */
	SSC_ID_REASON_LENGTH = 1,      /**< not 18 (or legacy 15) characters */
	SSC_ID_REASON_CHARACTER = 2,   /**< a non-digit, or `X` not last */
	SSC_ID_REASON_CHECK_DIGIT = 3, /**< the check character is wrong */
	SSC_ID_REASON_DATE = 4,        /**< the birth date is not a real date
					    (or before 1800) */
	SSC_ID_REASON_REGION = 5,      /**< the address code's province is unknown
					    (for a foreign permanent residence card:
					    the province of issue) */
	SSC_ID_REASON_FUTURE = 6       /**< the birth date is after today */
} ssc_id_reason;

/** Which kind of number it is.  Values are ABI. */
typedef enum {
	SSC_ID_KIND_UNSET = 0,
	SSC_ID_KIND_CITIZEN = 1,    /**< 公民身份号码 */
	SSC_ID_KIND_HMT_PERMIT = 2, /**< 港澳台居民居住证 (81/82/83) */
	SSC_ID_KIND_FOREIGN_PR = 3  /**< 外国人永久居留身份证 (2023, first digit 9) */
} ssc_id_kind;

/** What ssc_idnumber_parse() found.  Versioned: see ssc_idnumber_info_init(). */
typedef struct ssc_idnumber_info {
	/** #SSC_IDNUMBER_INFO_VERSION. */
	unsigned int version;
	/** ::ssc_id_reason; set on failure too.  (v1) */
	int reason;
	/** The normalised 18-character number (`x` → `X`), NUL-terminated;
	 *  empty on failure.  (v1) */
	char number[19];
	/** The 6-digit address code; for a foreign permanent residence
	 *  card, the province of issue as `PP0000`.  (v1) */
	char region[7];
	/** Birth date `YYYYMMDD`.  (v1) */
	uint32_t birth_date;
	/** ::ssc_sex from the 17th digit; #SSC_SEX_UNSET for a foreign
	 *  permanent residence card (its sequence is not defined to carry
	 *  the sex).  (v1) */
	int sex;
	/** 1 when the input was the legacy 15-digit form.  (v1) */
	int legacy;
	/** ::ssc_id_kind.  (v1) */
	int kind;
} ssc_idnumber_info;

/** Current version of ::ssc_idnumber_info. */
#define SSC_IDNUMBER_INFO_VERSION 1
/** Initialiser for ::ssc_idnumber_info. */
#define SSC_IDNUMBER_INFO_INIT SSC_VERSIONED_INIT(SSC_IDNUMBER_INFO_VERSION)

/**
 * Initialise an ::ssc_idnumber_info (for bindings).
 *
 * @param[out] info the struct to clear
 * @param version the version the caller was compiled against
 * @return #SSC_OK, or #SSC_EVERSION for 0 or a future version
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_idnumber_info_init(ssc_idnumber_info *info,
					     unsigned int version);

/**
 * Validate and decode an identity number against a given "today".
 *
 * Leading and trailing ASCII spaces are ignored; a lower-case `x` is
 * normalised to `X`.
 *
 * @param[in,out] out caller-owned; its version must be set; filled with
 *                the result, and on #SSC_EBADID with the reason
 * @param text the number, NUL-terminated
 * @param today the reference date `YYYYMMDD` (birth dates after it are
 *              refused); 0 skips that check
 * @return #SSC_OK
 * @retval SSC_EBADID invalid; the reason is in @p out->reason
 * @retval SSC_EINVAL a NULL argument; SSC_EVERSION a bad struct version
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_idnumber_parse_at(ssc_idnumber_info *out,
					    const char *text, uint32_t today);

/**
 * Validate and decode an identity number; "today" comes from the
 * context's clock (in China's time zone).
 *
 * @param[in,out] out as for ssc_idnumber_parse_at()
 * @param ctx the context whose clock gives today
 * @param text the number, NUL-terminated
 * @return as for ssc_idnumber_parse_at()
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_idnumber_parse(ssc_idnumber_info *out,
					 const ssc_ctx *ctx, const char *text);

/**
 * The ISO 7064 MOD 11-2 check character of the first 17 digits.
 *
 * @param digits17 at least 17 ASCII digits
 * @return `0`–`9` or `X`, or `\0` when a character is not a digit
 * @since 1.0
 */
SSC_EXPORT char ssc_idnumber_check_char(const char *digits17);

/**
 * English identifier of a reason, e.g. "check_digit".
 *
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_id_reason_name(int reason);

/**
 * English identifier of a kind: "unset", "citizen", "hmt_permit",
 * "foreign_pr".
 *
 * @param kind an ::ssc_id_kind
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_id_kind_name(int kind);

/**
 * English identifier of a sex value: "unset", "male", "female",
 * "unspecified".
 *
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_sex_name(int sex);

SSC_END_DECL

#endif /* SOCIALCARD_IDNUMBER_H */
