/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/person.h
 * @brief ssc_person: a card holder (or an agent, a guardian) — identity,
 *        name, sex, ethnicity, birth, residency class, contact, insurance,
 *        identity document — and age thresholds.
 *
 * Accessors return UTF-8 borrowed from the person (valid until the
 * property is set again or the person is freed); NULL means "not set".
 * Setters validate: a refused value returns an error with the reason in
 * ssc_error_last() and leaves the person unchanged.
 *
 * Key information (ID number, name) and non-key information (phone,
 * address; changeable by the 信息变更 service) are both held here; which
 * service may change what is for the rules and lifecycle layers.
 *
 * Thread rules: a person is used by one thread at a time.
 */
#ifndef SOCIALCARD_PERSON_H
#define SOCIALCARD_PERSON_H

#include <stdbool.h>

#include "common.h"
#include "buffer.h"
#include "types.h"
#include "idnumber.h"

SSC_BEGIN_DECL

/** A person (opaque). */
typedef struct ssc_person ssc_person;

/** Nationality / residency class.  Values are ABI. */
typedef enum {
	SSC_RESIDENCY_UNSET = 0,
	SSC_RESIDENCY_MAINLAND = 1,  /**< mainland Chinese citizen */
	SSC_RESIDENCY_HONG_KONG = 2, /**< Hong Kong resident */
	SSC_RESIDENCY_MACAU = 3,     /**< Macau resident */
	SSC_RESIDENCY_TAIWAN = 4,    /**< Taiwan resident */
	SSC_RESIDENCY_FOREIGN = 5    /**< foreign national */
} ssc_residency;

/** Insurance status (参保状态).  Values are ABI. */
typedef enum {
	SSC_INSURED_UNSET = 0,
	SSC_INSURED_YES = 1,       /**< insured (参加社会保险), incl. resident
				        medical insurance of minors */
	SSC_INSURED_NO = 2,        /**< not insured */
	SSC_INSURED_SUSPENDED = 3  /**< insurance interrupted (中断) */
} ssc_insured;

/** Age bands the rules use.  Values are ABI. */
typedef enum {
	SSC_AGE_BAND_UNSET = 0,
	SSC_AGE_BAND_UNDER_7 = 1,  /**< 0–6: no photo required */
	SSC_AGE_BAND_UNDER_16 = 2, /**< 7–15: household register as ID */
	SSC_AGE_BAND_UNDER_18 = 3, /**< 16–17: minor with own ID card */
	SSC_AGE_BAND_ADULT = 4     /**< 18 and over */
} ssc_age_band;

/** Age from which a photo is required. */
#define SSC_AGE_PHOTO_REQUIRED 7
/** Age from which the household register no longer serves as ID. */
#define SSC_AGE_OWN_ID_DOCUMENT 16
/** Age of majority. */
#define SSC_AGE_ADULT 18

/** Ethnicity codes of GB 3304 other than the 56 groups 1..56. */
#define SSC_ETHNICITY_OTHER 97       /**< 其他未识别民族 */
#define SSC_ETHNICITY_NATURALISED 98 /**< 外国血统中国籍人士 */

/**
 * Create an empty person.
 *
 * @param[out] out the person, owned by the caller: ssc_person_free()
 * @param ctx the context (a reference is kept)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_new(ssc_person **out, ssc_ctx *ctx);

/**
 * Deep copy of a person, in the same context.
 *
 * @param[out] out the copy, owned by the caller
 * @param person the person to copy (borrowed)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_dup(ssc_person **out,
				     const ssc_person *person);

/**
 * Free a person (personal data is wiped).  NULL is a no-op.
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT void ssc_person_free(ssc_person *person);

/**
 * Set the identity number (社会保障号码), validated as in
 * ssc_idnumber_parse() with the context's clock; a legacy 15-digit number
 * is stored in its 18-digit form.  The birth date and (except for a
 * foreign permanent residence number) the sex are set from the number.
 *
 * @param person the person
 * @param id the number, or NULL to clear
 * @return #SSC_OK
 * @retval SSC_EBADID invalid (reason in the message); person unchanged
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_id_number(ssc_person *person,
					       const char *id);

/**
 * The normalised 18-character identity number.
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_id_number(const ssc_person *person);

/**
 * Set the name: UTF-8 without control characters, at most 50 bytes in
 * GB 18030 so that it fits 姓名 + 姓名扩展 on the card.
 *
 * @param person the person
 * @param name the name, or NULL to clear
 * @return #SSC_OK, #SSC_EINVAL (empty, too long, control characters) or
 *         #SSC_EPARSE (invalid UTF-8); person unchanged on failure
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_name(ssc_person *person,
					  const char *name);

/**
 * The name (UTF-8).
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_name(const ssc_person *person);

/**
 * Set the sex.  With an ID number set that carries the sex (all kinds
 * but the foreign permanent residence card), it must agree with the
 * number's 17th digit.
 *
 * @param person the person
 * @param sex an ::ssc_sex
 * @return #SSC_OK or #SSC_EINVAL (unknown value or disagreement)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_sex(ssc_person *person, int sex);

/**
 * The sex.
 * @param person the person
 * @return an ::ssc_sex
 * @since 1.0
 */
SSC_EXPORT int ssc_person_sex(const ssc_person *person);

/**
 * Set the ethnicity (民族): a GB 3304 code 1..56, #SSC_ETHNICITY_OTHER or
 * #SSC_ETHNICITY_NATURALISED; 0 clears.
 *
 * @param person the person
 * @param code the GB 3304 code
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_ethnicity(ssc_person *person,
					       int code);

/**
 * The GB 3304 ethnicity code, 0 when not set.
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT int ssc_person_ethnicity(const ssc_person *person);

/**
 * Set the birth date.  With an ID number set, it must agree with it.  It
 * may not be after the context's today.
 *
 * @param person the person
 * @param ymd `YYYYMMDD`, or 0 to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_birth_date(ssc_person *person,
						uint32_t ymd);

/**
 * The birth date `YYYYMMDD`, 0 when not set.
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT uint32_t ssc_person_birth_date(const ssc_person *person);

/**
 * Set the birth place (出生地): a 6-digit GB/T 2260 code whose province is
 * known (abolished codes are accepted).
 *
 * @param person the person
 * @param code the code, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_birth_place(ssc_person *person,
						 const char *code);

/**
 * The birth place code.
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_birth_place(const ssc_person *person);

/**
 * Set the residency class.
 * @param person the person
 * @param residency an ::ssc_residency
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_residency(ssc_person *person,
					       int residency);

/**
 * The residency class (::ssc_residency).
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT int ssc_person_residency(const ssc_person *person);

/**
 * Set the phone number (non-key information): 5 to 20 characters of
 * digits, '+', '-' and spaces.
 *
 * @param person the person
 * @param phone the number, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_phone(ssc_person *person,
					   const char *phone);

/**
 * The phone number.
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_phone(const ssc_person *person);

/**
 * Set the address (non-key information): UTF-8, no control characters,
 * at most 256 bytes.
 *
 * @param person the person
 * @param address the address, or NULL to clear
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_address(ssc_person *person,
					     const char *address);

/**
 * The address (UTF-8).
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_address(const ssc_person *person);

/**
 * Set the insurance status and the region where the person is insured
 * (参保地).
 *
 * @param person the person
 * @param insured an ::ssc_insured
 * @param region a 6-digit code with a known province, or NULL
 * @return #SSC_OK or #SSC_EINVAL (person unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_insured(ssc_person *person, int insured,
					     const char *region);

/**
 * The insurance status (::ssc_insured).
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT int ssc_person_insured(const ssc_person *person);

/**
 * The insured region code.
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_insured_region(const ssc_person *person);

/**
 * Set the identity document presented: its type, number and last day of
 * validity.  A resident ID card's number must be a valid ID number.
 *
 * @param person the person
 * @param type an ::ssc_doc_type; `SSC_DOC_UNSET` clears the document
 * @param number 1 to 32 characters of A–Z, a–z, 0–9, '-', '(' and ')'
 * @param valid_until `YYYYMMDD`, or 0 for "long-term" (长期)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EBADID; person unchanged on failure
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_set_document(ssc_person *person, int type,
					      const char *number,
					      uint32_t valid_until);

/**
 * The type of the identity document (::ssc_doc_type).
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT int ssc_person_doc_type(const ssc_person *person);

/**
 * The document number.
 * @param person the person
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_person_doc_number(const ssc_person *person);

/**
 * The document's last day of validity, 0 for long-term or not set.
 * @param person the person
 * @since 1.0
 */
SSC_EXPORT uint32_t ssc_person_doc_valid_until(const ssc_person *person);

/**
 * Whether the document is valid on a date (set and not expired).
 *
 * @param person the person
 * @param on `YYYYMMDD`
 * @return true when a document is set and valid on @p on
 * @since 1.0
 */
SSC_EXPORT bool ssc_person_doc_is_valid(const ssc_person *person,
					uint32_t on);

/**
 * Age in whole years (周岁) on a date.  A 29 February birthday counts on
 * 1 March in common years.
 *
 * @param[out] out the age
 * @param person the person (birth date must be set)
 * @param on `YYYYMMDD`; 0 means today from the context's clock
 * @return #SSC_OK, or #SSC_EINVAL (no birth date, bad date, or @p on
 *         before the birth)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_age(int *out, const ssc_person *person,
				     uint32_t on);

/**
 * The age band (under 7 / under 16 / under 18 / adult) on a date.
 *
 * @param[out] out an ::ssc_age_band
 * @param person the person
 * @param on `YYYYMMDD`; 0 means today from the context's clock
 * @return as for ssc_person_age()
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_person_age_band(int *out, const ssc_person *person,
					  uint32_t on);

/**
 * Whether the person is a minor (under 18) on a date.
 *
 * @param person the person
 * @param on `YYYYMMDD`; 0 means today
 * @return true for a minor; false for an adult or an unknown age
 * @since 1.0
 */
SSC_EXPORT bool ssc_person_is_minor(const ssc_person *person, uint32_t on);

/**
 * Chinese name of a GB 3304 ethnicity code, e.g. "壮族".
 * @return static UTF-8, or NULL for an unknown code
 * @since 1.0
 */
SSC_EXPORT const char *ssc_ethnicity_name(int code);

/**
 * English identifier of a GB 3304 ethnicity code, e.g. "zhuang".
 * @return static storage, or NULL for an unknown code
 * @since 1.0
 */
SSC_EXPORT const char *ssc_ethnicity_id(int code);

/**
 * English identifier of a residency class, e.g. "hong_kong".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_residency_name(int residency);

/**
 * English identifier of an insurance status, e.g. "insured".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_insured_name(int insured);

/**
 * English identifier of an age band, e.g. "under_16".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_age_band_name(int band);

/**
 * English identifier of a document type, e.g. "resident_id".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_doc_type_name(int type);

SSC_END_DECL

#endif /* SOCIALCARD_PERSON_H */
