/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/common.h
 * @brief Export macros, C/C++ linkage guards and the status type.
 *
 * Every public header includes this one first.  Nothing here allocates or
 * has thread rules.
 */
#ifndef SOCIALCARD_COMMON_H
#define SOCIALCARD_COMMON_H

#include <stddef.h>
#include <stdint.h>

/** Opens and closes C linkage around declarations in C++. */
#ifdef __cplusplus
#define SSC_BEGIN_DECL extern "C" { /**< open C linkage */
#define SSC_END_DECL }            /**< close C linkage */
#else
#define SSC_BEGIN_DECL
#define SSC_END_DECL
#endif

/** Marks a declaration as part of the public ABI (default visibility). */
#if defined(_WIN32)
#define SSC_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define SSC_EXPORT __attribute__((visibility("default")))
#else
#define SSC_EXPORT
#endif

/** Marks a declaration as deprecated; it stays until SONAME 2. */
#if defined(__GNUC__)
#define SSC_DEPRECATED __attribute__((deprecated))
#else
#define SSC_DEPRECATED
#endif

/**
 * Initialiser of a versioned struct whose first member is
 * `unsigned int version`: sets the version, zeroes the rest.  Designated in
 * C so that -Wmissing-field-initializers stays quiet.
 */
#if defined(__cplusplus)
#define SSC_VERSIONED_INIT(v) { (v) }
#else
#define SSC_VERSIONED_INIT(v) { .version = (v) }
#endif

SSC_BEGIN_DECL

/**
 * Return type of every function that can fail: #SSC_OK (0) or a negative
 * ::ssc_error_code.  Detail on failure is in ssc_error_last().
 */
typedef int ssc_status;

/** Success. */
#define SSC_OK 0

SSC_END_DECL

#endif /* SOCIALCARD_COMMON_H */
