/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/sys/store_backend.h
 * @brief The store backend vtable, for backend authors, and the built-in
 * backends' constructors.
 *
 * A backend persists rows whose values are already sealed by the library
 * (it never sees plaintext record bytes or an ID number, only the blind
 * index) and answers keyset-paged queries.  It owns no business rule: the
 * library validates every input before calling it.
 *
 * Implementers embed ::ssc_store_backend as the first member of their own
 * struct and keep their method table `static const`.  ssc_store_new()
 * takes ownership of a backend on success only and calls its `free` when
 * the store is freed.
 *
 * Thread rules: the library calls a backend from one thread at a time (the
 * thread using the store handle).  Backends sharing state between handles
 * (the named memory store) synchronise it themselves.
 */
#ifndef SOCIALCARD_SYS_STORE_BACKEND_H
#define SOCIALCARD_SYS_STORE_BACKEND_H

#include "../common.h"
#include "../buffer.h"
#include "../store.h"

SSC_BEGIN_DECL

/** Query kinds (ssc_store_query::kind).  Values are ABI. */
typedef enum {
	SSC_STORE_Q_CARD_BY_ID = 1,      /**< key = card id; 0 or 1 card */
	SSC_STORE_Q_CARD_BY_NUMBER = 2,  /**< key = card number; 0 or 1 card */
	SSC_STORE_Q_CARDS_BY_HOLDER = 3, /**< holder_index; card-id order */
	SSC_STORE_Q_CARDS_BY_STATE = 4,  /**< state (<0 any), region (NULL any); card-id order */
	SSC_STORE_Q_JOURNAL = 5,         /**< key = card id; sequence order after after_seq */
	SSC_STORE_Q_INVALID = 6,         /**< level, region; card-number order after `after` */
	SSC_STORE_Q_INVALID_ONE = 7,     /**< level, region, key = card number */
	SSC_STORE_Q_MIRROR = 8,          /**< key = card id */
	SSC_STORE_Q_REQUEST = 9,         /**< key = request id */
	SSC_STORE_Q_RESEAL_CARDS = 10,   /**< cards with key_id != q->key_id; card-id order */
	SSC_STORE_Q_RESEAL_JOURNAL = 11, /**< journal entries with key_id != q->key_id; entry-id order */
	SSC_STORE_Q_RESEAL_MIRRORS = 12, /**< mirrors with key_id != q->key_id; card-id order */
	SSC_STORE_Q_RESEAL_REQUESTS = 13 /**< requests with key_id != q->key_id; request-id order */
} ssc_store_query_kind;

/** A query, as the library passes it to ssc_store_backend::query. */
typedef struct ssc_store_query {
	/** #SSC_STORE_QUERY_VERSION. */
	unsigned int version;
	/** ::ssc_store_query_kind. */
	int kind;
	/** The looked-up key (see the kinds), or NULL. */
	const char *key;
	/** #SSC_STORE_Q_CARDS_BY_HOLDER: the blind index. */
	const uint8_t *holder_index;
	/** Bytes at #holder_index. */
	size_t holder_index_len;
	/** #SSC_STORE_Q_CARDS_BY_STATE: state, negative = any. */
	int state;
	/** Region filter; NULL = any (for INVALID kinds: the list's region). */
	const char *region;
	/** INVALID kinds: ::ssc_invalid_level. */
	int level;
	/** Keyset cursor for the text-ordered kinds: return rows whose order
	 * key is greater (bytewise) than this; NULL = from the start. */
	const char *after;
	/** #SSC_STORE_Q_JOURNAL: return entries with sequence > after_seq. */
	int64_t after_seq;
	/** At most this many rows; 0 = no limit. */
	size_t limit;
	/** RESEAL kinds: the current key id. */
	uint32_t key_id;
} ssc_store_query;

/** Current version of ::ssc_store_query. */
#define SSC_STORE_QUERY_VERSION 1

/** A recorded request result (backend view; result is sealed). */
typedef struct ssc_store_request {
	/** #SSC_STORE_REQUEST_VERSION. */
	unsigned int version;
	/** The request id. */
	const char *request_id;
	/** The card the request changed. */
	const char *card_id;
	/** Time recorded, ms since the epoch. */
	int64_t time_ms;
	/** Sealed result bytes. */
	const uint8_t *result;
	/** Bytes at #result. */
	size_t result_len;
	/** Key id of the seal. */
	uint32_t key_id;
} ssc_store_request;

/** Current version of ::ssc_store_request. */
#define SSC_STORE_REQUEST_VERSION 1

/**
 * One row handed from a backend to the library.  Exactly the member that
 * matches the query kind is non-NULL.  Everything it points to is borrowed
 * by the library for the duration of the callback only.  In a card,
 * `record` is the sealed value and `holder_id` is NULL.
 */
typedef struct ssc_store_row {
	const ssc_store_card *card;
	const ssc_store_journal_entry *journal;
	const ssc_store_invalid_entry *invalid;
	const ssc_store_mirror *mirror;
	const ssc_store_request *request;
} ssc_store_row;

/**
 * Row callback: return #SSC_OK to continue; any other value stops the query
 * and the backend returns it unchanged.
 */
typedef ssc_status (*ssc_store_row_fn)(const ssc_store_row *row,
				       void *payload);

/**
 * A transaction as the library passes it to ssc_store_backend::commit.
 * Values are sealed; the card's holder_index is set and is the person's
 * distribution key.  Apply everything or nothing.
 */
typedef struct ssc_store_changes {
	/** #SSC_STORE_CHANGES_VERSION. */
	unsigned int version;
	/** The new card; `revision` is base_revision + 1. */
	const ssc_store_card *card;
	/** 0: insert the card (#SSC_EEXISTS if its id or number exists);
	 * else: update it only if its revision is still this
	 * (#SSC_ECONFLICT otherwise, #SSC_ENOTFOUND if absent). */
	int64_t base_revision;
	/** Journal entries to append (#SSC_EEXISTS on a duplicate entry id
	 * or (card id, sequence)). */
	const ssc_store_journal_entry *journal;
	/** Entries at #journal. */
	size_t n_journal;
	/** Invalid-list entries to insert or replace. */
	const ssc_store_invalid_entry *invalid_add;
	/** Entries at #invalid_add. */
	size_t n_invalid_add;
	/** Invalid-list entries to delete (level, region, card_number used). */
	const ssc_store_invalid_entry *invalid_remove;
	/** Entries at #invalid_remove. */
	size_t n_invalid_remove;
	/** Mirror to insert or replace, or NULL. */
	const ssc_store_mirror *mirror;
	/** Request to record (#SSC_EEXISTS if its id exists), or NULL. */
	const ssc_store_request *request;
} ssc_store_changes;

/** Current version of ::ssc_store_changes. */
#define SSC_STORE_CHANGES_VERSION 1

/** A re-seal of one value in place (key rotation). */
typedef struct ssc_store_reseal {
	/** #SSC_STORE_RESEAL_VERSION. */
	unsigned int version;
	/** Which table: one of the SSC_STORE_Q_RESEAL_* kinds. */
	int kind;
	/** Primary key: card id, entry id, card id (mirror) or request id. */
	const char *key;
	/** Rewrite only if the value is still under this key id. */
	uint32_t old_key_id;
	/** Cards: rewrite only if the revision is still this. */
	int64_t revision;
	/** The new key id. */
	uint32_t new_key_id;
	/** The new sealed value. */
	const uint8_t *data;
	/** Bytes at #data. */
	size_t data_len;
} ssc_store_reseal;

/** Current version of ::ssc_store_reseal. */
#define SSC_STORE_RESEAL_VERSION 1

/** The store backend vtable. */
typedef struct ssc_store_backend ssc_store_backend;

struct ssc_store_backend {
	/** #SSC_STORE_BACKEND_VERSION. */
	unsigned int version;
	/** Short name, e.g. "memory", "sqlite", "postgresql". */
	const char *name;
	/** Set by ssc_store_new(); NULL before registration. */
	ssc_ctx *ctx;

	/**
	 * Required: run a query, calling @p fn for every row in the order the
	 * kind defines, at most q->limit rows.
	 * @return #SSC_OK (also when no row matched), the callback's status,
	 *         or a store error
	 */
	ssc_status (*query)(ssc_store_backend *be, const ssc_store_query *q,
			    ssc_store_row_fn fn, void *payload);
	/**
	 * Required: apply a transaction atomically (see ::ssc_store_changes).
	 * Retries internally on transient contention (busy, serialization
	 * failure, deadlock), boundedly.
	 */
	ssc_status (*commit)(ssc_store_backend *be, const ssc_store_changes *c);
	/** Required: release the backend and everything it owns. */
	void (*free)(ssc_store_backend *be);

	/**
	 * Optional: rewrite one sealed value in place.  Returns #SSC_OK when
	 * rewritten, #SSC_ECONFLICT when the row changed (key id or revision)
	 * or disappeared.  If NULL, ssc_store_reencrypt() is not supported.
	 */
	ssc_status (*reseal)(ssc_store_backend *be, const ssc_store_reseal *r);
	/**
	 * Optional: integrity check; fills @p report (may be NULL).  If NULL,
	 * the library runs a trivial query instead.
	 */
	ssc_status (*health)(ssc_store_backend *be, ssc_buf *report);
};

/** Current version of ::ssc_store_backend. */
#define SSC_STORE_BACKEND_VERSION 1

/**
 * Make a store over a backend.
 * @param[out] out the new store: ssc_store_free()
 * @param ctx the context; the store keeps a reference
 * @param be the backend; the store takes ownership on success only (on
 *        failure the caller still owns it); refused if already registered
 * @param opts keys and cipher (NULL: random keys, for tests)
 * @return #SSC_OK, #SSC_EINVAL, #SSC_EVERSION, #SSC_ENOKEY or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_new(ssc_store **out, ssc_ctx *ctx,
				    ssc_store_backend *be,
				    const ssc_store_options *opts);

/**
 * The backend of a store (for tests and wrappers).
 * @param store the store
 * @return borrowed; owned by the store and valid while it lives
 * @since 1.0
 */
SSC_EXPORT ssc_store_backend *ssc_store_backend_of(ssc_store *store);

/**
 * A memory backend.
 * @param[out] out the backend, owned by the caller until registered; free
 *             it with its `free` method if never registered
 * @param ctx context for allocation (a reference is kept)
 * @param name NULL or "" for a private store; otherwise the name of a store
 *        shared by every memory backend of this name in the process, which
 *        lives while one of them does
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_backend_memory_new(ssc_store_backend **out,
						   ssc_ctx *ctx,
						   const char *name);

/**
 * An SQLite backend on a database file (created and migrated on open).
 * @param[out] out the backend (see ssc_store_backend_memory_new())
 * @param ctx context for allocation (a reference is kept)
 * @param path the file path, UTF-8
 * @param opts sync and busy timeout; NULL for defaults
 * @return #SSC_OK
 * @retval SSC_ENOTSUPPORTED built without SQLite
 * @retval SSC_ESCHEMA the file's schema is newer than this library
 * @retval SSC_ESTORE the file could not be opened or migrated
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_backend_sqlite_new(
	ssc_store_backend **out, ssc_ctx *ctx, const char *path,
	const ssc_store_options *opts);

/**
 * A PostgreSQL backend (schema created and migrated on connect).
 * @param[out] out the backend (see ssc_store_backend_memory_new())
 * @param ctx context for allocation (a reference is kept)
 * @param conninfo a libpq connection URI or keyword/value string
 * @param opts NULL for defaults
 * @return #SSC_OK
 * @retval SSC_ENOTSUPPORTED built without libpq
 * @retval SSC_ESCHEMA the database's schema is newer than this library
 * @retval SSC_ESTORE the connection failed or the server is unsafe
 *         (fsync or full_page_writes off)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_store_backend_postgresql_new(
	ssc_store_backend **out, ssc_ctx *ctx, const char *conninfo,
	const ssc_store_options *opts);

SSC_END_DECL

#endif /* SOCIALCARD_SYS_STORE_BACKEND_H */
