/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/reader.h
 * @brief Card readers: open a reader backend, list readers, connect to a
 *        card, move raw APDU bytes, transactions, events and cancel.
 *
 * A ::ssc_reader is one reader backend (PC/SC, the in-process software card
 * or a trace replay) opened in a context, usually from a URI:
 *
 * - `pcsc:` — every PC/SC reader; `pcsc:NAME` — only the reader NAME;
 * - `sim:` — the built-in software card; `sim:PATH.json` — a card made
 *   from a profile file (doc/readers.md);
 * - `replay:FILE` — answers recorded in FILE; `replay-strict:FILE` — the
 *   same, and each command must equal the recorded one.
 *
 * A ::ssc_reader_conn is a connection to the card in one reader.  Bytes
 * move raw here: no GET RESPONSE, no 6Cxx re-send; the APDU layer above
 * adds that policy.  A card or reader that goes away during a command gives
 * #SSC_ECARDREMOVED, #SSC_ENOCARD or #SSC_ENOREADER.
 *
 * Thread rules: a reader and its connections are used by one thread at a
 * time, except ssc_reader_cancel(), which may be called from any thread
 * while another thread waits in ssc_reader_wait_event().
 */
#ifndef SOCIALCARD_READER_H
#define SOCIALCARD_READER_H

#include "common.h"
#include "buffer.h"
#include "types.h"

SSC_BEGIN_DECL

/** An opened reader backend. */
typedef struct ssc_reader ssc_reader;

/** A connection to the card in one reader. */
typedef struct ssc_reader_conn ssc_reader_conn;

/**
 * Which card interface to use, numbered as the `iType` argument of the
 * LD/T 33 terminal interface.  Values are ABI.
 */
typedef enum {
	SSC_READER_MODE_UNSET = 0,                 /**< same as AUTO_CONTACT_FIRST */
	SSC_READER_MODE_CONTACT = 1,               /**< contact (ISO 7816-3) only */
	SSC_READER_MODE_CONTACTLESS = 2,           /**< contactless (ISO 14443) only */
	SSC_READER_MODE_AUTO_CONTACT_FIRST = 3,    /**< either, contact preferred */
	SSC_READER_MODE_AUTO_CONTACTLESS_FIRST = 4 /**< either, contactless preferred */
} ssc_reader_mode;

/** What happens to the card when a connection or transaction ends. */
typedef enum {
	SSC_DISPOSITION_LEAVE = 0,   /**< leave the card as it is */
	SSC_DISPOSITION_RESET = 1,   /**< warm reset */
	SSC_DISPOSITION_UNPOWER = 2, /**< power the card down */
	SSC_DISPOSITION_EJECT = 3    /**< eject, where the reader can */
} ssc_disposition;

/** The transmission protocol of a connection. */
typedef enum {
	SSC_PROTOCOL_UNKNOWN = 0,
	SSC_PROTOCOL_T0 = 1,
	SSC_PROTOCOL_T1 = 2
} ssc_reader_protocol;

/** The interface a connection uses. */
typedef enum {
	SSC_INTERFACE_UNKNOWN = 0,
	SSC_INTERFACE_CONTACT = 1,
	SSC_INTERFACE_CONTACTLESS = 2
} ssc_card_interface;

/** Event bits reported by ssc_reader_wait_event(). */
#define SSC_READER_EVENT_CARD_INSERTED 0x1u
#define SSC_READER_EVENT_CARD_REMOVED 0x2u
#define SSC_READER_EVENT_READER_ADDED 0x4u
#define SSC_READER_EVENT_READER_REMOVED 0x8u

/**
 * Open a reader backend from a URI (see the file comment).
 *
 * @param[out] out the reader, owned by the caller: release it with
 *             ssc_reader_free(); it keeps a reference to @p ctx
 * @param ctx the context to allocate and log in
 * @param uri `pcsc:`, `pcsc:NAME`, `sim:`, `sim:PATH`, `replay:FILE` or
 *        `replay-strict:FILE`; copied
 * @return #SSC_OK
 * @retval SSC_EINVAL an unknown scheme or a missing file name
 * @retval SSC_ENOTSUPPORTED `pcsc:` in a build without PC/SC
 * @retval SSC_EPARSE a malformed profile or trace file
 * @retval SSC_EOS the file cannot be read
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_open(ssc_reader **out, ssc_ctx *ctx,
				      const char *uri);

/**
 * Close a reader backend.  Connections made from it stay usable until they
 * are disconnected; the backend is released with the last of them.
 * NULL is a no-op.
 * @since 1.0
 */
SSC_EXPORT void ssc_reader_free(ssc_reader *reader);

/**
 * The backend's name ("pcsc", "sim", "replay", ...).
 *
 * @return borrowed, valid while @p reader lives
 * @since 1.0
 */
SSC_EXPORT const char *ssc_reader_backend_name(const ssc_reader *reader);

/**
 * List the readers the backend sees.
 *
 * @param[out] out filled with the names, each followed by one NUL byte
 *             (a multi-string; ssc_buf::size counts every byte); the caller
 *             disposes it with ssc_buf_dispose()
 * @param reader the reader backend
 * @return #SSC_OK (an empty buffer when there are no readers)
 * @retval SSC_EREADER the reader service failed
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_list(ssc_buf *out, ssc_reader *reader);

/**
 * Connect to the card in a reader.
 *
 * @param[out] out the connection, owned by the caller: end it with
 *             ssc_reader_disconnect()
 * @param reader the reader backend
 * @param name the reader's name as listed, or NULL for the first reader
 *        holding a card that @p mode accepts (or the name the URI gave);
 *        copied
 * @param mode an ::ssc_reader_mode
 * @return #SSC_OK
 * @retval SSC_ENOREADER no such reader
 * @retval SSC_ENOCARD no card, or only a card on the other interface
 * @retval SSC_ESHARING the card is in exclusive use elsewhere
 * @retval SSC_EINVAL a mode outside ::ssc_reader_mode
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_connect(ssc_reader_conn **out,
					 ssc_reader *reader, const char *name,
					 int mode);

/**
 * The card's answer to reset.
 *
 * @param[out] out filled with the ATR bytes; disposed by the caller
 * @param conn the connection
 * @return #SSC_OK, #SSC_ENOTSUPPORTED (backend without ATR), or a reader
 *         error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_conn_atr(ssc_buf *out, ssc_reader_conn *conn);

/**
 * The protocol the connection uses.
 *
 * @return an ::ssc_reader_protocol
 * @since 1.0
 */
SSC_EXPORT int ssc_reader_conn_protocol(const ssc_reader_conn *conn);

/**
 * The interface the connection uses.
 *
 * @return an ::ssc_card_interface
 * @since 1.0
 */
SSC_EXPORT int ssc_reader_conn_interface(const ssc_reader_conn *conn);

/**
 * The name of the reader the connection is in.
 *
 * @return borrowed, valid while @p conn lives
 * @since 1.0
 */
SSC_EXPORT const char *ssc_reader_conn_reader_name(const ssc_reader_conn *conn);

/**
 * Send one command APDU as is and return the card's answer as is (data
 * and SW1 SW2), with no status-word policy.
 *
 * @param[out] out filled with the response bytes (at least 2); disposed by
 *             the caller
 * @param conn the connection
 * @param cmd the command bytes; borrowed for the call
 * @param len 4 to 65544 bytes
 * @return #SSC_OK
 * @retval SSC_EINVAL a length outside 4..65544
 * @retval SSC_ECARDREMOVED the card went away
 * @retval SSC_ENOREADER the reader went away
 * @retval SSC_EPROTOCOL the transport failed or answered under 2 bytes
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_transmit_raw(ssc_buf *out, ssc_reader_conn *conn,
					      const uint8_t *cmd, size_t len);

/**
 * Take exclusive use of the card for a multi-command operation.
 *
 * @return #SSC_OK, #SSC_ENOTSUPPORTED, or a reader error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_begin_transaction(ssc_reader_conn *conn);

/**
 * End a transaction begun with ssc_reader_begin_transaction().
 *
 * @param how an ::ssc_disposition for the card
 * @return #SSC_OK, #SSC_ENOTSUPPORTED, or a reader error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_end_transaction(ssc_reader_conn *conn, int how);

/**
 * Re-establish a connection, e.g. after #SSC_ECARDRESET.
 *
 * @param how an ::ssc_disposition applied to the card first
 * @return #SSC_OK, #SSC_ENOTSUPPORTED, or a reader error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_reconnect(ssc_reader_conn *conn, int how);

/**
 * End a connection and release it, whatever the outcome.  NULL is a no-op
 * returning #SSC_OK.
 *
 * @param conn the connection; invalid afterwards
 * @param how an ::ssc_disposition for the card
 * @return #SSC_OK, or the reader error met while ending (the connection is
 *         released anyway)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_disconnect(ssc_reader_conn *conn, int how);

/**
 * Wait until a card is inserted or removed, or a reader appears or goes.
 *
 * The first call compares against the state when the reader was opened;
 * each later call against the state the previous call reported.
 *
 * @param[out] events set to the SSC_READER_EVENT_* bits that happened
 * @param reader the reader backend
 * @param name watch only this reader, or NULL for all
 * @param timeout_ms how long to wait; negative = without limit
 * @return #SSC_OK when something happened
 * @retval SSC_ETIMEOUT nothing happened in time (@p events is 0)
 * @retval SSC_ECANCELLED ssc_reader_cancel() was called
 * @retval SSC_ENOTSUPPORTED the backend has no events
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_wait_event(unsigned int *events,
					    ssc_reader *reader,
					    const char *name, int timeout_ms);

/**
 * Make a ssc_reader_wait_event() running in another thread return
 * #SSC_ECANCELLED.  Safe to call from any thread.
 *
 * @return #SSC_OK or #SSC_ENOTSUPPORTED
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_cancel(ssc_reader *reader);

SSC_END_DECL

#endif /* SOCIALCARD_READER_H */
