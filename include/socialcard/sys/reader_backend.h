/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/sys/reader_backend.h
 * @brief The reader backend vtable, for backend authors, and the built-in
 *        backends' constructors.
 *
 * A backend moves raw bytes: it never interprets status words (no 61xx
 * GET RESPONSE, no 6Cxx re-send, no chaining); that policy lives once in
 * the APDU layer above every backend.
 *
 * Ownership rules:
 * - An implementation embeds ::ssc_reader_backend as the first member of
 *   its own struct, and its connections embed ::ssc_reader_backend_conn as
 *   their first member.  Method tables of built-in backends are
 *   `static const` and copied into the instance.
 * - ssc_reader_new() validates the vtable (version, required methods, not
 *   attached elsewhere) and takes ownership of the backend on success only;
 *   on failure the caller still owns it and releases it with its `free`.
 * - The library calls `free` once, after the reader and every connection
 *   made from it are gone.  `disconnect` releases the connection whatever
 *   it returns.
 *
 * Thread rules: methods are called by one thread at a time, except
 * `cancel`, which may be called from any thread during `wait_event`.
 */
#ifndef SOCIALCARD_SYS_READER_BACKEND_H
#define SOCIALCARD_SYS_READER_BACKEND_H

#include "../common.h"
#include "../buffer.h"
#include "../types.h"
#include "../reader.h"

SSC_BEGIN_DECL

typedef struct ssc_reader_backend ssc_reader_backend;
typedef struct ssc_reader_backend_conn ssc_reader_backend_conn;

/** Current version of ::ssc_reader_backend_conn. */
#define SSC_READER_BACKEND_CONN_VERSION 1

/** The base of a backend's connection; embed it as the first member. */
struct ssc_reader_backend_conn {
	/** #SSC_READER_BACKEND_CONN_VERSION, set by the backend. */
	unsigned int version;
	/** The backend that made the connection, set by the backend. */
	ssc_reader_backend *backend;
	/** An ::ssc_reader_protocol, set by the backend at connect. */
	int protocol;
	/** An ::ssc_card_interface, set by the backend at connect. */
	int iface;
	/** The reader's name, owned by the backend, valid while connected. */
	const char *reader_name;
};

/** Current version of ::ssc_reader_backend. */
#define SSC_READER_BACKEND_VERSION 1
/** Initialiser for ::ssc_reader_backend. */
#define SSC_READER_BACKEND_INIT SSC_VERSIONED_INIT(SSC_READER_BACKEND_VERSION)

/** The reader backend vtable.  Members are only ever appended. */
struct ssc_reader_backend {
	/** #SSC_READER_BACKEND_VERSION. */
	unsigned int version;
	/** Short name, e.g. "pcsc"; static storage. */
	const char *name;
	/** Set by ssc_reader_new(); NULL until then. */
	ssc_ctx *ctx;

	/* ---- required ---- */

	/** Fill @p out with reader names, each followed by a NUL (required). */
	ssc_status (*list_readers)(ssc_reader_backend *be, ssc_buf *out);
	/**
	 * Connect to the card in @p reader (NULL = the backend's choice) on
	 * the interface @p mode allows (an ::ssc_reader_mode, never UNSET).
	 * (required)
	 */
	ssc_status (*connect)(ssc_reader_backend_conn **out,
			      ssc_reader_backend *be, const char *reader,
			      int mode);
	/**
	 * Send @p cmd; write the answer (data + SW) into @p resp, whose
	 * capacity is *@p resp_len on entry; set *@p resp_len to its length.
	 * (required)
	 */
	ssc_status (*transmit)(ssc_reader_backend_conn *conn,
			       const uint8_t *cmd, size_t cmd_len,
			       uint8_t *resp, size_t *resp_len);
	/** End and release @p conn (required). */
	ssc_status (*disconnect)(ssc_reader_backend_conn *conn, int how);
	/** Release the backend (required). */
	void (*free)(ssc_reader_backend *be);

	/* ---- optional: NULL means "not supported" ---- */

	/** Copy the ATR into @p atr (capacity *@p atr_len in, length out). */
	ssc_status (*atr)(ssc_reader_backend_conn *conn, uint8_t *atr,
			  size_t *atr_len);
	/** Exclusive use of the card. */
	ssc_status (*begin_transaction)(ssc_reader_backend_conn *conn);
	/** End exclusive use with an ::ssc_disposition. */
	ssc_status (*end_transaction)(ssc_reader_backend_conn *conn, int how);
	/** Wait for SSC_READER_EVENT_* bits; see ssc_reader_wait_event(). */
	ssc_status (*wait_event)(ssc_reader_backend *be, const char *reader,
				 int timeout_ms, unsigned int *events);
	/** Interrupt wait_event from another thread. */
	ssc_status (*cancel)(ssc_reader_backend *be);
	/** Reconnect after a reset, applying an ::ssc_disposition first. */
	ssc_status (*reconnect)(ssc_reader_backend_conn *conn, int how);
};

/**
 * Initialise a vtable to zero with its version set (for bindings).
 *
 * @param[out] be the struct to fill
 * @param version #SSC_READER_BACKEND_VERSION the caller was built with
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_backend_init(ssc_reader_backend *be,
					      unsigned int version);

/**
 * Open a reader over a backend.
 *
 * @param[out] out the reader, owned by the caller (ssc_reader_free())
 * @param ctx the context; the reader keeps a reference
 * @param be the backend; owned by the reader on success only
 * @return #SSC_OK
 * @retval SSC_EVERSION @p be->version is 0 or newer than this library
 * @retval SSC_EINVAL a required method is NULL, or @p be is attached to a
 *         context already
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_new(ssc_reader **out, ssc_ctx *ctx,
				     ssc_reader_backend *be);

/** Replay option flag: each command must equal the recorded command. */
#define SSC_REPLAY_STRICT 0x1u

/** Options of the replay backend.  Versioned. */
typedef struct ssc_replay_options {
	/** #SSC_REPLAY_OPTIONS_VERSION. */
	unsigned int version;
	/** Trace file to read (copied into memory at creation), or NULL. */
	const char *path;
	/** Or: the trace bytes themselves, copied; used when @ref path is NULL. */
	const uint8_t *data;
	/** Bytes at @ref data. */
	size_t size;
	/** #SSC_REPLAY_STRICT or 0. */
	uint32_t flags;
} ssc_replay_options;

/** Current version of ::ssc_replay_options. */
#define SSC_REPLAY_OPTIONS_VERSION 1
/** Initialiser for ::ssc_replay_options. */
#define SSC_REPLAY_OPTIONS_INIT SSC_VERSIONED_INIT(SSC_REPLAY_OPTIONS_VERSION)

/**
 * Initialise replay options.
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_replay_options_init(ssc_replay_options *opts,
					      unsigned int version);

/**
 * The replay backend: one reader, "replay", whose card answers with the
 * responses of a trace (doc/readers.md, "Trace format").
 *
 * @param[out] out the backend, owned by the caller until ssc_reader_new()
 *             succeeds; release it with its `free` otherwise
 * @param ctx the context to allocate in (may be NULL: libc)
 * @param opts the options; copied
 * @return #SSC_OK, #SSC_EVERSION, #SSC_EINVAL, #SSC_EOS or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_backend_replay_new(ssc_reader_backend **out,
						    ssc_ctx *ctx,
						    const ssc_replay_options *opts);

/** Options of the software-card backend.  Versioned. */
typedef struct ssc_sim_options {
	/** #SSC_SIM_OPTIONS_VERSION. */
	unsigned int version;
	/** A card profile file (JSON), or NULL. */
	const char *profile_path;
	/** Or: the profile JSON text; NULL for the built-in card. */
	const char *profile_json;
} ssc_sim_options;

/** Current version of ::ssc_sim_options. */
#define SSC_SIM_OPTIONS_VERSION 1
/** Initialiser for ::ssc_sim_options. */
#define SSC_SIM_OPTIONS_INIT SSC_VERSIONED_INIT(SSC_SIM_OPTIONS_VERSION)

/**
 * Initialise software-card options.
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_sim_options_init(ssc_sim_options *opts,
					   unsigned int version);

/**
 * The software-card backend: one reader, "sim", holding an in-process
 * social security card (SS application and PBOC debit application) built
 * from a profile.
 *
 * @param[out] out the backend (ownership as for the replay backend)
 * @param ctx the context to allocate in (may be NULL)
 * @param opts the options, or NULL for the built-in card; copied
 * @return #SSC_OK, #SSC_EVERSION, #SSC_EOS or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_backend_sim_new(ssc_reader_backend **out,
						 ssc_ctx *ctx,
						 const ssc_sim_options *opts);

/**
 * The PC/SC backend (pcsc-lite).
 *
 * @param[out] out the backend (ownership as for the replay backend)
 * @param ctx the context to allocate in (may be NULL)
 * @param reader the only reader to use, or NULL for all; copied
 * @return #SSC_OK, #SSC_EREADER (no PC/SC service) or #SSC_ENOTSUPPORTED
 *         (built without PC/SC)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_backend_pcsc_new(ssc_reader_backend **out,
						  ssc_ctx *ctx,
						  const char *reader);

/**
 * A recorder: a backend that forwards to @p inner and writes every ATR,
 * command and response to a trace file (PIN data of VERIFY and CHANGE PIN
 * masked), replayable by the replay backend.
 *
 * @param[out] out the backend (ownership as for the replay backend)
 * @param ctx the context to allocate in (may be NULL)
 * @param inner the backend to wrap; owned by the recorder on success only
 * @param path the trace file to create (truncated); copied
 * @return #SSC_OK, #SSC_EINVAL, #SSC_EVERSION or #SSC_EOS
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_backend_recorder_new(ssc_reader_backend **out,
						      ssc_ctx *ctx,
						      ssc_reader_backend *inner,
						      const char *path);

SSC_END_DECL

#endif /* SOCIALCARD_SYS_READER_BACKEND_H */
