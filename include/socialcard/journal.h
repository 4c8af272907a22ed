/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/journal.h
 * @brief The per-card journal: append-only, hash-chained entries, one per
 *        applied lifecycle event (and per status query).
 *
 * Entries are written by the registry (registry.h) in the same store
 * commit as the state change.  Each entry records the request id, the
 * time (context clock), the service and event, the states before and
 * after, the actor (holder / agent / guardian / employer agent) with the
 * type of the document shown and its number MASKED, the staff operator of
 * each post (受理 / 经办 / 反馈), the channel, the outlet, references to
 * the evidence retained (credential scans, scene images, signature pad
 * record, face-verification result id), the fee, a verdict summary and any
 * deadline.  Entries are encoded as JSON (UTF-8) and sealed at rest by the
 * store.
 *
 * Chain: hash_n = H(tag ‖ hash_{n-1} ‖ sequence_n (8 bytes big-endian) ‖
 * entry id ‖ data_n), hash_0 = 32 zero bytes, H = SHA-256 or SM3 (OpenSSL
 * EVP); the stored hash is one tag byte (::ssc_journal_hash) followed by
 * the 32-byte digest, so a chain may mix algorithms across a migration.
 * Changing, removing, inserting or reordering an entry breaks the chain.
 *
 * Thread rules: as for the store handle passed in.
 */
#ifndef SOCIALCARD_JOURNAL_H
#define SOCIALCARD_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "buffer.h"
#include "types.h"
#include "store.h"

SSC_BEGIN_DECL

/** Hash of the journal chain.  Values are ABI (and the stored tag). */
typedef enum {
	SSC_JOURNAL_HASH_DEFAULT = 0, /**< SHA-256 */
	SSC_JOURNAL_HASH_SHA256 = 1,  /**< SHA-256 */
	SSC_JOURNAL_HASH_SM3 = 2      /**< SM3 (GB/T 32905) */
} ssc_journal_hash;

/** Length of a stored chain hash: tag byte + 32-byte digest. */
#define SSC_JOURNAL_HASH_LEN 33

/**
 * Check the hash chain of entries given in sequence order.
 *
 * @param[out] out_bad index of the first entry that does not verify
 *             (set only when #SSC_ECORRUPT is returned); may be NULL.
 * @param entries the entries (borrowed), as returned by the store's
 *        journal iterator.
 * @param n number of entries.
 * @return #SSC_OK
 * @retval SSC_ECORRUPT a hash, a sequence number (gap, repeat, reorder)
 *         or an entry's data does not match the chain
 * @retval SSC_ENOTSUPPORTED the hash algorithm of an entry is not
 *         available in this OpenSSL
 * @retval SSC_EINVAL NULL argument
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_journal_verify_entries(
	size_t *out_bad, const ssc_store_journal_entry *entries, size_t n);

/**
 * Read a card's journal from a store and check its chain.
 *
 * @param[out] out_count number of entries checked; may be NULL.
 * @param store the store (borrowed).
 * @param card_id the card's internal id.
 * @return #SSC_OK, #SSC_ECORRUPT (the chain or a sealed entry is broken),
 *         #SSC_EINVAL, #SSC_ENOMEM or a store error.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_journal_verify(size_t *out_count, ssc_store *store,
					 const char *card_id);

/**
 * A card's journal as a JSON array (one object per entry, in sequence
 * order, with "seq" and "hash" (hex) added): for audit screens and
 * exports.  Document numbers in it are masked.
 *
 * @param[out] out filled with UTF-8 JSON (replaced).
 * @param store the store (borrowed).
 * @param card_id the card's internal id.
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ECORRUPT, #SSC_ENOMEM or a store
 *         error.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_journal_export(ssc_buf *out, ssc_store *store,
					 const char *card_id);

/**
 * Stable name of a post: "acceptance", "processing", "feedback".
 * @param post an ::ssc_post.
 * @return static storage, or NULL when unknown.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_post_name(int post);

SSC_END_DECL

#endif /* SOCIALCARD_JOURNAL_H */
