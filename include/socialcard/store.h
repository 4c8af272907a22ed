/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/store.h
 * @brief ssc_store: durable storage of cards, journals, invalid-card lists,
 * e-card mirrors and request results, behind a backend (memory, SQLite,
 * PostgreSQL).
 *
 * The store keeps opaque, library-encoded card records together with the
 * index fields a caller supplies (internal card id, card number, holder ID
 * number, region, state, revision).  Record bytes, journal data, mirror data
 * and request results are encrypted with an AEAD before they reach the
 * backend; the holder's ID number is never stored, only an HMAC-SHA256
 * blind index of it.  A change is a transaction (ssc_store_txn) applied
 * all-or-nothing, with optimistic concurrency on the card's revision.
 *
 * Open a store with ssc_store_open() and a URI:
 * - `memory:` a private in-process store; `memory:NAME` a named in-process
 *   store that every handle opened with the same name in this process
 *   shares (thread-safe);
 * - `sqlite:PATH` an SQLite database file (created if missing);
 *   `sqlite:PATH?vfs=NAME` the same through the registered SQLite VFS NAME;
 * - `postgresql://…` or `postgres://…` a libpq connection URI, or
 *   `postgresql:` followed by a keyword/value conninfo string.
 *
 * Thread rules: a store handle and the iterators and transactions made from
 * it are used by one thread at a time.  Each thread opens its own handle;
 * many handles (threads or processes) may share one SQLite file, one
 * PostgreSQL database or one named memory store.  See doc/storage.md.
 */
#ifndef SOCIALCARD_STORE_H
#define SOCIALCARD_STORE_H

#include "common.h"
#include "buffer.h"
#include "types.h"

SSC_BEGIN_DECL

/** A store handle (opaque). */
typedef struct ssc_store ssc_store;
/** A transaction being built (opaque). */
typedef struct ssc_store_txn ssc_store_txn;
/** An iterator over query results (opaque). */
typedef struct ssc_store_iter ssc_store_iter;

/** Longest text field (card number, region, service, …) in bytes. */
#define SSC_STORE_TEXT_MAX 255
/** Largest record, journal data, mirror data or request result in bytes. */
#define SSC_STORE_DATA_MAX (1024 * 1024)
/** Length of the holder blind index in bytes (HMAC-SHA256). */
#define SSC_STORE_HOLDER_INDEX_LEN 32
/** Length of a data or index key in bytes. */
#define SSC_STORE_KEY_LEN 32

/** The level of an invalid-card list (挂失/注销名单). Values are ABI. */
typedef enum {
	SSC_INVALID_LEVEL_UNSET = 0,
	SSC_INVALID_LEVEL_NATIONAL = 1,   /**< 全国 */
	SSC_INVALID_LEVEL_PROVINCIAL = 2, /**< 省级 */
	SSC_INVALID_LEVEL_MUNICIPAL = 3   /**< 地市级 */
} ssc_invalid_level;

/** AEAD used for personal data at rest.  Values are ABI. */
typedef enum {
	SSC_STORE_CIPHER_DEFAULT = 0,     /**< AES-256-GCM */
	SSC_STORE_CIPHER_AES_256_GCM = 1, /**< AES-256-GCM */
	SSC_STORE_CIPHER_SM4_GCM = 2      /**< SM4-GCM, when OpenSSL provides it */
} ssc_store_cipher;

/** SQLite `synchronous` setting.  Values are ABI. */
typedef enum {
	SSC_STORE_SYNC_DEFAULT = 0, /**< FULL */
	SSC_STORE_SYNC_FULL = 1,    /**< durable at every commit */
	SSC_STORE_SYNC_NORMAL = 2   /**< WAL NORMAL: may lose the last commits on power loss */
} ssc_store_sync;

/** Options for ssc_store_open().  Versioned: see ssc_store_options_init(). */
typedef struct ssc_store_options {
	/** #SSC_STORE_OPTIONS_VERSION. */
	unsigned int version;
	/** ::ssc_store_cipher; 0 = AES-256-GCM.  (v1) */
	int cipher;
	/** Id (number) of the data key, stored next to every sealed value;
	 * with #data_key_name it numbers that provider key.  (v1) */
	uint32_t data_key_id;
	/**
	 * The data key (#SSC_STORE_KEY_LEN bytes) sealing records; copied into
	 * memory that is wiped when the store is freed.  NULL is allowed only
	 * for `memory:` stores, which then draw random keys.  (v1)
	 */
	const uint8_t *data_key;
	/** Bytes at #data_key. (v1) */
	size_t data_key_len;
	/** The key (#SSC_STORE_KEY_LEN bytes) of the ID-number blind index;
	 * copied and wiped like #data_key.  (v1) */
	const uint8_t *index_key;
	/** Bytes at #index_key. (v1) */
	size_t index_key_len;
	/** SQLite: ::ssc_store_sync.  Other backends ignore it.  (v1) */
	int sync;
	/** SQLite: busy timeout per attempt in ms; 0 = 5000.  (v1) */
	int busy_timeout_ms;
	/** Rows fetched per round trip by iterators; 0 = 256.  (v1) */
	unsigned int page_size;
	/** Reserved, must be 0.  (v1) */
	uint32_t flags;
	/**
	 * The data key as a key of the context's key provider
	 * (ssc_ctx_set_key_provider()): its provider key id, an AES-256 key
	 * for AES-256-GCM or an SM4 key for SM4-GCM.  Sealing and opening
	 * then run inside the provider (an HSM never shows the key).  The
	 * number #data_key_id is still what records carry; this name says
	 * which provider key that number means.  Copied.  Set either this or
	 * #data_key, not both.  (v2)
	 */
	const char *data_key_name;
	/** The blind-index key as a provider key id (an HMAC-SHA256 or
	 * HMAC-SM3 key); copied.  Set either this or #index_key.  (v2) */
	const char *index_key_name;
} ssc_store_options;

/** Current version of ::ssc_store_options. */
#define SSC_STORE_OPTIONS_VERSION 2
/** Initialiser for ::ssc_store_options. */
#define SSC_STORE_OPTIONS_INIT SSC_VERSIONED_INIT(SSC_STORE_OPTIONS_VERSION)

/**
 * A card as stored.  As input (ssc_store_txn_set_card()) the caller fills
 * it; as output (ssc_store_load_by_id(), iterators) the library fills it
 * with pointers it owns.
 */
typedef struct ssc_store_card {
	/** #SSC_STORE_CARD_VERSION. */
	unsigned int version;
	/** Internal card id: a UUID in canonical text form.  (v1) */
	const char *card_id;
	/** Card number (社会保障卡卡号), UTF-8.  (v1) */
	const char *card_number;
	/**
	 * Input only: the holder's ID number in plaintext; the library keeps
	 * only its blind index.  NULL on output.  (v1)
	 */
	const char *holder_id;
	/**
	 * The holder's blind index (#SSC_STORE_HOLDER_INDEX_LEN bytes).
	 * Output always; on input used when #holder_id is NULL (pass back the
	 * value of a loaded card).  (v1)
	 */
	const uint8_t *holder_index;
	/** Bytes at #holder_index.  (v1) */
	size_t holder_index_len;
	/** Issuing region code, UTF-8.  (v1) */
	const char *region;
	/** Card state (the lifecycle module's enum).  (v1) */
	int state;
	/** Revision: output only; 1 after creation, +1 per commit.  (v1) */
	int64_t revision;
	/** The encoded card record (plaintext to the caller).  (v1) */
	const uint8_t *record;
	/** Bytes at #record.  (v1) */
	size_t record_len;
	/** Output: id of the data key the record is sealed under.  (v1) */
	uint32_t key_id;
	/** Library-owned storage of an output; NULL in an input.  (v1) */
	void *owner;
} ssc_store_card;

/** Current version of ::ssc_store_card. */
#define SSC_STORE_CARD_VERSION 1
/** Initialiser for ::ssc_store_card. */
#define SSC_STORE_CARD_INIT SSC_VERSIONED_INIT(SSC_STORE_CARD_VERSION)

/** One journal entry of a card.  Data are opaque to the store. */
typedef struct ssc_store_journal_entry {
	/** #SSC_STORE_JOURNAL_ENTRY_VERSION. */
	unsigned int version;
	/** Entry id: a UUID in canonical text form.  (v1) */
	const char *entry_id;
	/** The card's internal id (must be the transaction's card).  (v1) */
	const char *card_id;
	/** Position in the card's journal, >= 1, unique per card.  (v1) */
	int64_t sequence;
	/** Time of the entry, ms since the epoch.  (v1) */
	int64_t time_ms;
	/** Request id of the service call, or NULL.  (v1) */
	const char *request_id;
	/** Service name, UTF-8.  (v1) */
	const char *service;
	/** Chain hash computed by the journal module (0..64 bytes).  (v1) */
	const uint8_t *hash;
	/** Bytes at #hash.  (v1) */
	size_t hash_len;
	/** Encoded entry (sealed at rest).  (v1) */
	const uint8_t *data;
	/** Bytes at #data.  (v1) */
	size_t data_len;
	/** Output: id of the data key #data is sealed under.  (v1) */
	uint32_t key_id;
} ssc_store_journal_entry;

/** Current version of ::ssc_store_journal_entry. */
#define SSC_STORE_JOURNAL_ENTRY_VERSION 1
/** Initialiser for ::ssc_store_journal_entry. */
#define SSC_STORE_JOURNAL_ENTRY_INIT                                           \
	SSC_VERSIONED_INIT(SSC_STORE_JOURNAL_ENTRY_VERSION)

/** An entry of an invalid-card list, keyed by (level, region, card number). */
typedef struct ssc_store_invalid_entry {
	/** #SSC_STORE_INVALID_ENTRY_VERSION. */
	unsigned int version;
	/** ::ssc_invalid_level.  (v1) */
	int level;
	/** Region of the list, UTF-8; "" for the national list.  (v1) */
	const char *region;
	/** Card number listed.  (v1) */
	const char *card_number;
	/** Internal id of the card (must be the transaction's card).  (v1) */
	const char *card_id;
	/** Time listed, ms since the epoch.  (v1) */
	int64_t time_ms;
	/** Reason code or text, UTF-8; may be NULL.  (v1) */
	const char *reason;
	/** Library-owned storage of an output; NULL in an input.  (v1) */
	void *owner;
} ssc_store_invalid_entry;

/** Current version of ::ssc_store_invalid_entry. */
#define SSC_STORE_INVALID_ENTRY_VERSION 1
/** Initialiser for ::ssc_store_invalid_entry. */
#define SSC_STORE_INVALID_ENTRY_INIT                                           \
	SSC_VERSIONED_INIT(SSC_STORE_INVALID_ENTRY_VERSION)

/** The electronic-card mirror of a card (电子社保卡 state). */
typedef struct ssc_store_mirror {
	/** #SSC_STORE_MIRROR_VERSION. */
	unsigned int version;
	/** The card's internal id (must be the transaction's card).  (v1) */
	const char *card_id;
	/** Mirror state.  (v1) */
	int state;
	/** Time of the change, ms since the epoch.  (v1) */
	int64_t time_ms;
	/** Opaque mirror data (sealed at rest).  (v1) */
	const uint8_t *data;
	/** Bytes at #data.  (v1) */
	size_t data_len;
	/** Output: id of the data key #data is sealed under.  (v1) */
	uint32_t key_id;
	/** Library-owned storage of an output; NULL in an input.  (v1) */
	void *owner;
} ssc_store_mirror;

/** Current version of ::ssc_store_mirror. */
#define SSC_STORE_MIRROR_VERSION 1
/** Initialiser for ::ssc_store_mirror. */
#define SSC_STORE_MIRROR_INIT SSC_VERSIONED_INIT(SSC_STORE_MIRROR_VERSION)

/**
 * Initialise options to their defaults.
 * @param[out] opts the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_options_init(ssc_store_options *opts,
					     unsigned int version);

/**
 * Initialise a card struct (all fields empty).
 * @param[out] card the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_card_init(ssc_store_card *card,
					  unsigned int version);

/**
 * Initialise a journal entry struct (all fields empty).
 * @param[out] entry the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_journal_entry_init(
	ssc_store_journal_entry *entry, unsigned int version);

/**
 * Initialise an invalid-list entry struct (all fields empty).
 * @param[out] entry the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_invalid_entry_init(
	ssc_store_invalid_entry *entry, unsigned int version);

/**
 * Initialise a mirror struct (all fields empty).
 * @param[out] mirror the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_mirror_init(ssc_store_mirror *mirror,
					    unsigned int version);

/**
 * Open a store by URI (see the file comment for the schemes).
 * @param[out] out the new store, owned by the caller: ssc_store_free()
 * @param ctx the context; the store keeps a reference
 * @param uri the location, copied
 * @param opts options (keys, cipher, SQLite durability); NULL for defaults,
 *        which only a `memory:` store accepts; copied, key bytes into
 *        memory wiped on free
 * @return #SSC_OK
 * @retval SSC_EINVAL unknown scheme or malformed options
 * @retval SSC_ENOKEY a persistent store without data and index keys
 * @retval SSC_ENOTSUPPORTED the backend or cipher is not built in
 * @retval SSC_ESTORE the backend could not open (detail in the error)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_open(ssc_store **out, ssc_ctx *ctx,
				     const char *uri,
				     const ssc_store_options *opts);

/**
 * Close a store and free its backend; wipes the keys.  NULL is a no-op.
 * Iterators and transactions made from it must be freed first.
 * @param store the store (owned by the caller, released here)
 * @since 1.0
 */
SSC_EXPORT void ssc_store_free(ssc_store *store);

/**
 * The name of the store's backend ("memory", "sqlite", "postgresql", …).
 * @param store the store
 * @return borrowed, valid while the store lives; NULL for a NULL store
 * @since 1.0
 */
SSC_EXPORT const char *ssc_store_backend_name(const ssc_store *store);

/**
 * Register an older data key, so records sealed under it can still be read
 * (and re-sealed by ssc_store_reencrypt()).
 * @param store the store
 * @param key_id the key's id; must differ from the current data key id
 * @param key #SSC_STORE_KEY_LEN bytes, copied into wiped memory
 * @param key_len bytes at @p key
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EEXISTS (id already registered)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_add_old_key(ssc_store *store, uint32_t key_id,
					    const uint8_t *key, size_t key_len);

/**
 * Register an older data key that lives in the context's key provider
 * (ssc_ctx_set_key_provider()), so records sealed under key number
 * @p key_id can still be read (and re-sealed by ssc_store_reencrypt()).
 * The provider is asked about the key now and used by id on every open.
 * @param store the store
 * @param key_id the number the records carry; must differ from the
 *        current data key id and every registered one
 * @param key_name the key's id in the provider (1–64 bytes); copied
 * @return #SSC_OK
 * @retval SSC_EINVAL NULL argument, bad name, or not an AES-256/SM4 key
 * @retval SSC_ENOKEY no provider attached, or it has no such key
 * @retval SSC_EEXISTS @p key_id is already registered
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_add_old_key_name(ssc_store *store,
						 uint32_t key_id,
						 const char *key_name);

/**
 * Load a card by its internal id.
 * @param[out] out filled on success (caller set out->version); release it
 *             with ssc_store_card_dispose()
 * @param store the store
 * @param card_id a UUID text
 * @return #SSC_OK
 * @retval SSC_ENOTFOUND no such card
 * @retval SSC_ECORRUPT the record failed authentication
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_load_by_id(ssc_store_card *out,
					   ssc_store *store,
					   const char *card_id);

/**
 * Load a card by its card number.
 * @param[out] out as for ssc_store_load_by_id()
 * @param store the store
 * @param card_number the card number
 * @return #SSC_OK
 * @retval SSC_ENOTFOUND no such card
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_load_by_number(ssc_store_card *out,
					       ssc_store *store,
					       const char *card_number);

/**
 * Release what the library put into a card filled by a load; the struct is
 * reset to empty (version kept).  NULL, and a card the caller filled
 * (owner NULL), are no-ops.
 * @param card the card; its pointers are invalid afterwards
 * @since 1.0
 */
SSC_EXPORT void ssc_store_card_dispose(ssc_store_card *card);

/**
 * The blind index of an ID number under this store's index key.
 * @param[out] out #SSC_STORE_HOLDER_INDEX_LEN bytes
 * @param store the store
 * @param id_number the holder's ID number (a trailing 'x' counts as 'X')
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_holder_index(
	uint8_t out[SSC_STORE_HOLDER_INDEX_LEN], const ssc_store *store,
	const char *id_number);

/**
 * Start a transaction.
 * @param[out] out the transaction, owned by the caller: ssc_store_txn_free()
 * @param store the store it will be committed to
 * @return #SSC_OK or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_new(ssc_store_txn **out,
					ssc_store *store);

/**
 * Free a transaction (committed or not).  NULL is a no-op.
 * @param txn the transaction (owned by the caller, released here)
 * @since 1.0
 */
SSC_EXPORT void ssc_store_txn_free(ssc_store_txn *txn);

/**
 * Set the card the transaction writes (required before commit).
 * @param txn the transaction
 * @param card the new card; every pointer is copied; the revision field is
 *        ignored; holder_id or holder_index must be given
 * @param base_revision the revision the card was computed from; 0 creates
 *        the card
 * @return #SSC_OK, #SSC_EINVAL (nothing changed) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_set_card(ssc_store_txn *txn,
					     const ssc_store_card *card,
					     int64_t base_revision);

/**
 * Add a journal entry to the transaction.
 * @param txn the transaction
 * @param entry the entry; every pointer is copied; its card_id must be the
 *        transaction's card (checked at commit); key_id is ignored
 * @return #SSC_OK, #SSC_EINVAL (nothing changed) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_add_journal(
	ssc_store_txn *txn, const ssc_store_journal_entry *entry);

/**
 * Put a card on an invalid list (replaces an entry with the same level,
 * region and card number).
 * @param txn the transaction
 * @param entry the entry; every pointer is copied; region "" (or NULL)
 *        exactly for the national level; card_id required and must be the
 *        transaction's card (checked at commit)
 * @return #SSC_OK, #SSC_EINVAL (nothing changed) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_add_invalid(
	ssc_store_txn *txn, const ssc_store_invalid_entry *entry);

/**
 * Take a card number off an invalid list (no-op if absent).
 * @param txn the transaction
 * @param level ::ssc_invalid_level
 * @param region the list's region ("" or NULL for national)
 * @param card_number the card number
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_remove_invalid(ssc_store_txn *txn,
						   int level,
						   const char *region,
						   const char *card_number);

/**
 * Set the e-card mirror of the transaction's card (replaces a mirror set
 * earlier on this transaction).
 * @param txn the transaction
 * @param mirror the mirror; every pointer is copied; its card_id must be
 *        the transaction's card (checked at commit)
 * @return #SSC_OK, #SSC_EINVAL (nothing changed) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_set_mirror(ssc_store_txn *txn,
					       const ssc_store_mirror *mirror);

/**
 * Record a request id and its result bytes with the transaction, for
 * idempotency: the commit fails with #SSC_EEXISTS when the id was recorded
 * before, and ssc_store_request_lookup() returns the result.
 * @param txn the transaction
 * @param request_id the request id, UTF-8, copied
 * @param result result bytes, copied (sealed at rest); may be NULL if 0
 * @param result_len bytes at @p result
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_txn_set_request(ssc_store_txn *txn,
						const char *request_id,
						const uint8_t *result,
						size_t result_len);

/**
 * Commit a transaction all-or-nothing.  The transaction stays valid and
 * may be committed again after a failure (e.g. after reloading).
 * @param[out] out_revision the card's new revision; may be NULL
 * @param store the store
 * @param txn the transaction
 * @return #SSC_OK
 * @retval SSC_ECONFLICT the card's revision is no longer the base revision
 * @retval SSC_EEXISTS creating a card whose id or number exists, or a
 *         request id, journal entry id or sequence already recorded
 * @retval SSC_ENOTFOUND updating a card that does not exist
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_commit(int64_t *out_revision,
				       ssc_store *store, ssc_store_txn *txn);

/**
 * Look up the result recorded with a request id.
 * @param[out] out the result bytes (replaced)
 * @param store the store
 * @param request_id the request id
 * @return #SSC_OK or #SSC_ENOTFOUND
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_request_lookup(ssc_buf *out, ssc_store *store,
					       const char *request_id);

/**
 * Look up one entry of an invalid list.
 * @param[out] out filled on success (caller set out->version); release
 *             with ssc_store_invalid_entry_dispose()
 * @param store the store
 * @param level ::ssc_invalid_level
 * @param region the list's region ("" or NULL for national)
 * @param card_number the card number
 * @return #SSC_OK or #SSC_ENOTFOUND
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_invalid_lookup(ssc_store_invalid_entry *out,
					       ssc_store *store, int level,
					       const char *region,
					       const char *card_number);

/**
 * Release what the library put into an invalid entry filled by
 * ssc_store_invalid_lookup().  NULL is a no-op.
 * @param entry the entry; its pointers are invalid afterwards
 * @since 1.0
 */
SSC_EXPORT void ssc_store_invalid_entry_dispose(ssc_store_invalid_entry *entry);

/**
 * Load the e-card mirror of a card.
 * @param[out] out filled on success (caller set out->version); release
 *             with ssc_store_mirror_dispose()
 * @param store the store
 * @param card_id the card's internal id
 * @return #SSC_OK or #SSC_ENOTFOUND
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_mirror_load(ssc_store_mirror *out,
					    ssc_store *store,
					    const char *card_id);

/**
 * Release what the library put into a mirror filled by
 * ssc_store_mirror_load().  NULL is a no-op.
 * @param mirror the mirror; its pointers are invalid afterwards
 * @since 1.0
 */
SSC_EXPORT void ssc_store_mirror_dispose(ssc_store_mirror *mirror);

/**
 * Iterate a card's journal in sequence order.
 * @param[out] out the iterator, owned by the caller: ssc_store_iter_free()
 * @param store the store
 * @param card_id the card's internal id
 * @param after cursor: a value of ssc_store_iter_cursor() to resume after,
 *        or NULL to start at the beginning
 * @param limit most entries to return; 0 = all (fetched page by page)
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_journal(ssc_store_iter **out,
					     ssc_store *store,
					     const char *card_id,
					     const char *after, size_t limit);

/**
 * Iterate an invalid list in card-number order.
 * @param[out] out the iterator: ssc_store_iter_free()
 * @param store the store
 * @param level ::ssc_invalid_level
 * @param region the list's region ("" or NULL for national)
 * @param after cursor to resume after, or NULL
 * @param limit most entries; 0 = all
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_invalid(ssc_store_iter **out,
					     ssc_store *store, int level,
					     const char *region,
					     const char *after, size_t limit);

/**
 * Iterate cards in a state (and region) in card-id order, for batch work.
 * @param[out] out the iterator: ssc_store_iter_free()
 * @param store the store
 * @param state the state to select; negative = any state
 * @param region the region to select; NULL = any
 * @param after cursor to resume after, or NULL
 * @param limit most cards; 0 = all
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_cards(ssc_store_iter **out,
					   ssc_store *store, int state,
					   const char *region,
					   const char *after, size_t limit);

/**
 * Iterate the cards of one holder (by ID number, through the blind index)
 * in card-id order: a person may have several card rows (old, replaced).
 * @param[out] out the iterator: ssc_store_iter_free()
 * @param store the store
 * @param id_number the holder's ID number
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_holder(ssc_store_iter **out,
					    ssc_store *store,
					    const char *id_number);

/**
 * Next card of a card iterator.
 * @param[out] out borrowed, valid until the next call on @p it; NULL at the end
 * @param it an iterator from ssc_store_iter_cards() or ssc_store_iter_holder()
 * @return #SSC_OK (also at the end), #SSC_EINVAL for another iterator kind,
 *         or a store error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_next_card(const ssc_store_card **out,
					       ssc_store_iter *it);

/**
 * Next entry of a journal iterator.
 * @param[out] out borrowed, valid until the next call on @p it; NULL at the end
 * @param it an iterator from ssc_store_iter_journal()
 * @return #SSC_OK (also at the end), #SSC_EINVAL, or a store error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_next_journal(
	const ssc_store_journal_entry **out, ssc_store_iter *it);

/**
 * Next entry of an invalid-list iterator.
 * @param[out] out borrowed, valid until the next call on @p it; NULL at the end
 * @param it an iterator from ssc_store_iter_invalid()
 * @return #SSC_OK (also at the end), #SSC_EINVAL, or a store error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_iter_next_invalid(
	const ssc_store_invalid_entry **out, ssc_store_iter *it);

/**
 * The cursor after the last row returned, to resume a later iterator
 * (pass it as `after`).
 * @param it the iterator
 * @return borrowed, valid until the next call on @p it; NULL before the
 *         first row
 * @since 1.0
 */
SSC_EXPORT const char *ssc_store_iter_cursor(const ssc_store_iter *it);

/**
 * Free an iterator; rows it returned become invalid.  NULL is a no-op.
 * @param it the iterator (owned by the caller, released here)
 * @since 1.0
 */
SSC_EXPORT void ssc_store_iter_free(ssc_store_iter *it);

/**
 * Re-seal every value not under the current data key (key rotation).
 * Values whose key is not registered (ssc_store_add_old_key()) are left
 * as they are and make the call fail with #SSC_ENOKEY at the end.
 * @param[out] out_count values rewritten; may be NULL
 * @param store the store
 * @return #SSC_OK
 * @retval SSC_ENOKEY some values are under an unknown key
 * @retval SSC_ENOTSUPPORTED the backend cannot rewrite in place
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_reencrypt(uint64_t *out_count,
					  ssc_store *store);

/**
 * Check the backend's integrity (SQLite: PRAGMA integrity_check; others:
 * a round trip).
 * @param[out] report text of the check ("ok" when healthy); may be NULL
 * @param store the store
 * @return #SSC_OK or #SSC_ECORRUPT (report says why) or a store error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_health(ssc_buf *report, ssc_store *store);

SSC_END_DECL

#endif /* SOCIALCARD_STORE_H */
