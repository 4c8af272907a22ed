/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/mask.h
 * @brief Masking of personal data for display, logs and error messages.
 *
 * Every log line and error message the library writes goes through these
 * rules: an ID number prints as `110101********1234`, a name as `张*`, an
 * account or phone number keeps only its ends.  PIN and key bytes are never
 * formatted at all.  The functions are public so that applications show the
 * same masked forms.
 */
#ifndef SOCIALCARD_MASK_H
#define SOCIALCARD_MASK_H

#include "common.h"
#include "buffer.h"

SSC_BEGIN_DECL

/**
 * Mask an identity number: the first 6 and the last 4 characters stay, the
 * rest become `*`.  Strings shorter than 11 characters are masked entirely.
 * The input is not validated.
 *
 * @param[out] out filled with the masked text (caller disposes)
 * @param id NUL-terminated text
 * @return #SSC_OK, #SSC_EINVAL (NULL argument) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_mask_id_number(ssc_buf *out, const char *id);

/**
 * Mask a UTF-8 name: the first character stays, every further character
 * becomes `*` (`张三` → `张*`, `欧阳娜娜` → `欧***`); a one-character name
 * becomes `*`.
 *
 * @param[out] out filled with the masked text (caller disposes)
 * @param name NUL-terminated UTF-8
 * @return #SSC_OK, #SSC_EINVAL (NULL or invalid UTF-8) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_mask_name(ssc_buf *out, const char *name);

/**
 * Mask a number such as a bank account or a phone number, keeping
 * @p keep_head leading and @p keep_tail trailing characters.  When the text
 * is not longer than @p keep_head + @p keep_tail + 2 it is masked entirely.
 *
 * @param[out] out filled with the masked text (caller disposes)
 * @param text NUL-terminated text
 * @param keep_head leading characters shown
 * @param keep_tail trailing characters shown
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_mask_number(ssc_buf *out, const char *text,
				      size_t keep_head, size_t keep_tail);

SSC_END_DECL

#endif /* SOCIALCARD_MASK_H */
