/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/region.h
 * @brief Administrative division codes (GB/T 2260), compiled into the
 *        library from `data/regions/gbt2260.tsv`.
 *
 * The table holds every province, every prefecture-level division and the
 * counties of the seed regions, including abolished codes (e.g. 450221
 * 柳江县, now 450206 柳江区) because old identity numbers and cards keep
 * them.  Strings returned are static UTF-8.
 *
 * Thread rules: read-only data; thread-safe.
 */
#ifndef SOCIALCARD_REGION_H
#define SOCIALCARD_REGION_H

#include <stdbool.h>

#include "common.h"

SSC_BEGIN_DECL

/** Level of a division.  Values are ABI. */
typedef enum {
	SSC_REGION_LEVEL_UNSET = 0,      /**< unknown code */
	SSC_REGION_LEVEL_PROVINCE = 1,   /**< 省级 (XX0000) */
	SSC_REGION_LEVEL_PREFECTURE = 2, /**< 地级 (NNNN00) */
	SSC_REGION_LEVEL_COUNTY = 3      /**< 县级 */
} ssc_region_level;

/**
 * The name of a division.
 *
 * @param code six digits, NUL-terminated
 * @return static UTF-8 (e.g. "柳江区"), or NULL when the code is unknown
 * @since 1.0
 */
SSC_EXPORT const char *ssc_region_name(const char *code);

/**
 * The level of a division.
 *
 * @return an ::ssc_region_level; #SSC_REGION_LEVEL_UNSET when unknown
 * @since 1.0
 */
SSC_EXPORT int ssc_region_level_of(const char *code);

/**
 * The division one level up (county → prefecture, prefecture → province).
 *
 * @return static 6-digit code, or NULL for provinces and unknown codes
 * @since 1.0
 */
SSC_EXPORT const char *ssc_region_parent(const char *code);

/**
 * Whether a known code is still in use.
 *
 * @return true for a current code; false for an abolished or unknown one
 * @since 1.0
 */
SSC_EXPORT bool ssc_region_is_current(const char *code);

/**
 * The code that replaced an abolished one (450221 → 450206).
 *
 * @return static 6-digit code, or NULL (current, unknown or no successor)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_region_successor(const char *code);

/**
 * The year an abolished code went out of use.
 *
 * @return the year, or 0 for current and unknown codes
 * @since 1.0
 */
SSC_EXPORT int ssc_region_abolished_year(const char *code);

/**
 * English identifier of a level: "unset", "province", "prefecture",
 * "county".
 *
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_region_level_name(int level);

SSC_END_DECL

#endif /* SOCIALCARD_REGION_H */
