/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/registry.h
 * @brief The services layer: one call per business service (事项), each
 *        load → check → transition → one atomic store commit, idempotent
 *        by request id.
 *
 * A registry is opened over a store (store.h).  Every service call takes
 * a versioned ::ssc_request (who acts, in which posts, on which channel,
 * the documents and materials presented, the evidence retained, the
 * request id) and returns an ::ssc_result (verdict, new states, journal
 * entry id, deadline).  A call:
 *
 * - looks the request id up first: a request id already recorded returns
 *   the first result again and changes nothing; the same id with a
 *   different request fails with #SSC_EIDEMPOTENCY;
 * - loads the card and its journal (the hash chain is verified), finds the
 *   event's row of the lifecycle table (lifecycle.h) — #SSC_ETRANSITION
 *   when the event is not allowed from the card's states — and checks the
 *   row's guard with the rules of the region's pack (rules.h) —
 *   #SSC_ENOTELIGIBLE with the verdict (all reasons, missing materials)
 *   when refused; nothing is written in either case;
 * - commits the new card record, the journal entry, the invalid-list and
 *   e-card mirror changes and the request's result in ONE store
 *   transaction; a concurrent update (#SSC_ECONFLICT) is retried from the
 *   load a bounded number of times.
 *
 * Replacements (补领 / 换领 / 换发) touch two cards and so take two
 * commits: first the new card (its id derived from the request id), then
 * the old card with the request's result.  A failure between them leaves
 * the old card unchanged and the new card in `submitted`, linked to it; a
 * retry with the same request id completes the replacement.
 *
 * Thread rules: a registry is used by one thread at a time (like its
 * context and store handle); several registries, in threads or
 * processes, may share one database.
 */
#ifndef SOCIALCARD_REGISTRY_H
#define SOCIALCARD_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "buffer.h"
#include "types.h"
#include "person.h"
#include "rules.h"
#include "store.h"
#include "card.h"
#include "lifecycle.h"
#include "reader.h"

SSC_BEGIN_DECL

/* The key provider (socialcard/sys/key_provider.h), used by instant
 * issuance; declared here as an incomplete struct. */
struct ssc_key_provider;

/** A registry (opaque). */
typedef struct ssc_registry ssc_registry;
/** The result of a service call (opaque). */
typedef struct ssc_result ssc_result;

/** How a card is produced (ssc_request::production).  Values are ABI. */
typedef enum {
	SSC_PRODUCTION_UNSET = 0,
	SSC_PRODUCTION_INSTANT = 1,  /**< 即时制卡 at a window or bank outlet */
	SSC_PRODUCTION_FALLBACK = 2, /**< equipment or network failed: 24 h */
	SSC_PRODUCTION_ONLINE = 3,   /**< online application: 5 working days */
	SSC_PRODUCTION_BATCH = 4     /**< employer batch: 10 working days */
} ssc_production_mode;

/** Options of ssc_registry_open(). */
typedef struct ssc_registry_options {
	/** #SSC_REGISTRY_OPTIONS_VERSION. */
	unsigned int version;
	/** ::ssc_journal_hash of new journal entries; 0 = SHA-256.  (v1) */
	int journal_hash;
	/** Attempts on #SSC_ECONFLICT; 0 = 5.  (v1) */
	unsigned int max_attempts;
	/**
	 * Comma-separated rule-pack ids (e.g. "500000,450100") whose regions
	 * allow one operator to fill several posts of a case; NULL = none.
	 * Copied.  (v1)
	 */
	const char *shared_post_packs;
} ssc_registry_options;

/** Current version of ::ssc_registry_options. */
#define SSC_REGISTRY_OPTIONS_VERSION 1
/** Initialiser for ::ssc_registry_options. */
#define SSC_REGISTRY_OPTIONS_INIT                                              \
	SSC_VERSIONED_INIT(SSC_REGISTRY_OPTIONS_VERSION)

/**
 * A service request.  Versioned: initialise with #SSC_REQUEST_INIT or
 * ssc_request_init().  Every pointer is borrowed for the call.
 */
typedef struct ssc_request {
	/** #SSC_REQUEST_VERSION. */
	unsigned int version;
	/** Request id (a UUID is advised): 1 to 128 printable ASCII
	 * characters; required.  (v1) */
	const char *request_id;
	/** Internal id of the card acted on; NULL for an application.  (v1) */
	const char *card_id;
	/** ::ssc_actor_role of whoever acts.  (v1) */
	int actor;
	/** ::ssc_doc_type of the actor's own document.  (v1) */
	int actor_doc_type;
	/** Number of the actor's document (journaled masked), or NULL.  (v1) */
	const char *actor_doc_number;
	/** Operator id in the acceptance post 受理岗, or NULL.  (v1) */
	const char *acceptance_operator;
	/** Operator id in the processing post 经办岗, or NULL.  (v1) */
	const char *processing_operator;
	/** Operator id in the feedback post 反馈岗, or NULL.  (v1) */
	const char *feedback_operator;
	/** Case id linking the calls of one case (separation of duties
	 * across calls), or NULL.  (v1) */
	const char *case_id;
	/** ::ssc_channel.  (v1) */
	int channel;
	/** Outlet / service point id (the rules' service point), or NULL.
	 * (v1) */
	const char *outlet;
	/** Bank code of a partner-bank outlet, or NULL.  (v1) */
	const char *outlet_bank;
	/** Documents presented.  (v1) */
	const ssc_presented_doc *docs;
	/** Number of #docs.  (v1) */
	size_t n_docs;
	/** Other materials presented.  (v1) */
	const ssc_presented_material *materials;
	/** Number of #materials.  (v1) */
	size_t n_materials;
	/** SSC_EVIDENCE_* bits of the evidence retained.  (v1) */
	uint32_t evidence;
	/** References to the evidence (credential scans, scene images,
	 * signature pad record, face-verification result id).  (v1) */
	const char *const *evidence_refs;
	/** Number of #evidence_refs.  (v1) */
	size_t n_evidence_refs;
	/** SSC_FACT_* bits only the caller knows (transferred in, multiple
	 * accounts, relation transfer, agent changed, photo change).  (v1) */
	uint32_t facts;
	/** SSC_CHANGE_* bits of an information change.  (v1) */
	uint32_t changes;
	/** New phone (information change), or NULL.  (v1) */
	const char *new_phone;
	/** New address (information change), or NULL.  (v1) */
	const char *new_address;
	/** Fee paid or offset, in fen; -1 or 0 = none.  (v1) */
	long fee_fen;
	/** Reason (rollback, photo rejection, cancellation), or NULL.  (v1) */
	const char *reason;
	/** ::ssc_production_mode (start of production).  (v1) */
	int production;
	/** Employer batch id, or NULL.  (v1) */
	const char *batch_id;
	/** Partner bank code of the card (application), or NULL.  (v1) */
	const char *bank_code;
	/** Card number to record when production finishes; NULL = derived
	 * from the card's internal id.  (v1) */
	const char *card_number;
	/** Expiry date YYYYMMDD to record when production finishes; 0 =
	 * none (third-generation cards).  (v1) */
	uint32_t expiry_date;
} ssc_request;

/** Current version of ::ssc_request. */
#define SSC_REQUEST_VERSION 1
/** Initialiser for ::ssc_request. */
#define SSC_REQUEST_INIT SSC_VERSIONED_INIT(SSC_REQUEST_VERSION)

/**
 * Initialise options.
 * @param[out] opts the struct.
 * @param version #SSC_REGISTRY_OPTIONS_VERSION (or older).
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_options_init(ssc_registry_options *opts,
						unsigned int version);

/**
 * Initialise a request (all empty, fee -1).
 * @param[out] req the struct.
 * @param version #SSC_REQUEST_VERSION (or older).
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_request_init(ssc_request *req, unsigned int version);

/**
 * Open a registry over a store, with the built-in rule packs and
 * calendar.  The context's region selects the rule pack and is recorded
 * as the issuing region of new cards.
 *
 * @param[out] out the registry: ssc_registry_free().  Unchanged on
 *             failure.
 * @param ctx the context (a reference is kept).
 * @param store the store (borrowed: it must outlive the registry).
 * @param opts options, or NULL for the defaults (copied).
 * @return #SSC_OK, #SSC_EINVAL, #SSC_EVERSION or #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_open(ssc_registry **out, ssc_ctx *ctx,
					ssc_store *store,
					const ssc_registry_options *opts);

/**
 * Open a store by URI ("memory:", "sqlite:cards.db", "postgresql://…";
 * see ssc_store_open()) and a registry over it; the registry owns that
 * store.
 *
 * @param[out] out the registry: ssc_registry_free().
 * @param ctx the context (a reference is kept).
 * @param uri the store's URI (copied).
 * @param store_opts store options (keys), or NULL (memory only).
 * @param opts registry options, or NULL.
 * @return as ssc_store_open() and ssc_registry_open().
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_open_uri(
	ssc_registry **out, ssc_ctx *ctx, const char *uri,
	const ssc_store_options *store_opts, const ssc_registry_options *opts);

/**
 * Free a registry (and the store it opened by URI).  NULL is a no-op.
 * @param reg the registry.
 * @since 1.0
 */
SSC_EXPORT void ssc_registry_free(ssc_registry *reg);

/**
 * The registry's rulebook, to load further packs or calendar years.
 * @param reg the registry.
 * @return borrowed; valid while @p reg lives.
 * @since 1.0
 */
SSC_EXPORT ssc_rulebook *ssc_registry_rulebook(ssc_registry *reg);

/**
 * The registry's store.
 * @param reg the registry.
 * @return borrowed; valid while @p reg lives.
 * @since 1.0
 */
SSC_EXPORT ssc_store *ssc_registry_store(ssc_registry *reg);

/**
 * Load a card of the registry's store.
 * @param[out] out the card: ssc_card_free().
 * @param reg the registry.
 * @param card_id the card's internal id.
 * @return #SSC_OK, #SSC_ENOTFOUND, #SSC_ECORRUPT, #SSC_EINVAL,
 *         #SSC_ENOMEM or a store error.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_load_card(ssc_card **out,
					     ssc_registry *reg,
					     const char *card_id);

/** @name Results
 * Every service returns its result in `*out` on #SSC_OK, and also on
 * #SSC_ENOTELIGIBLE (then with the refusing verdict and nothing written).
 * @{ */

/**
 * Free a result.  NULL is a no-op.
 * @param res the result.
 * @since 1.0
 */
SSC_EXPORT void ssc_result_free(ssc_result *res);

/**
 * The rules' verdict of the guard, or NULL when the event has no rules
 * guard or the result is a replay of an earlier call.
 * @param res the result.
 * @return borrowed from @p res.
 * @since 1.0
 */
SSC_EXPORT const ssc_verdict *ssc_result_verdict(const ssc_result *res);

/**
 * The verdict summary recorded in the journal (e.g. "allowed (500000)").
 * @param res the result.
 * @return borrowed from @p res, or NULL.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_result_summary(const ssc_result *res);

/**
 * The internal id of the card acted on (the new card of an application).
 * @param res the result.
 * @return borrowed from @p res.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_result_card_id(const ssc_result *res);

/**
 * The internal id of the new card of a replacement, else NULL.
 * @param res the result.
 * @return borrowed from @p res, or NULL.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_result_new_card_id(const ssc_result *res);

/**
 * The id of the journal entry written, or NULL (refused).
 * @param res the result.
 * @return borrowed from @p res, or NULL.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_result_entry_id(const ssc_result *res);

/**
 * The card's states after the call.
 * @param[out] out filled (version set).
 * @param res the result.
 * @return #SSC_OK or #SSC_EINVAL.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_result_states(ssc_lc_states *out,
					const ssc_result *res);

/**
 * The event applied (::ssc_event).
 * @param res the result.
 * @return the event, 0 for NULL.
 * @since 1.0
 */
SSC_EXPORT int ssc_result_event(const ssc_result *res);

/**
 * The deadline set by the call (production, auto-activation), ms since
 * the epoch; 0 when none.
 * @param res the result.
 * @return the deadline.
 * @since 1.0
 */
SSC_EXPORT int64_t ssc_result_deadline(const ssc_result *res);

/**
 * Whether the result is the recorded result of an earlier call with the
 * same request id (nothing was changed by this call).
 * @param res the result.
 * @return 1 or 0.
 * @since 1.0
 */
SSC_EXPORT int ssc_result_replayed(const ssc_result *res);
/** @} */

/** @name Services
 * Each: @param[out] out the result (see "Results"); @param reg the
 * registry; @param req the request (borrowed).  @return #SSC_OK,
 * #SSC_ENOTELIGIBLE, #SSC_ETRANSITION, #SSC_EDUTY, #SSC_EIDEMPOTENCY,
 * #SSC_EINVAL, #SSC_EVERSION, #SSC_ENOTFOUND, #SSC_ECORRUPT,
 * #SSC_ENOMEM, #SSC_ECONFLICT (retries exhausted) or a store error.
 * @{ */

/**
 * 申领: apply for a card for @p holder.  The channel decides the event:
 * #SSC_CHANNEL_ONLINE → online application (photo to review),
 * #SSC_CHANNEL_BATCH or an employer's agent → a batch row, else an
 * individual application.  Other cards of the holder (一人一卡) are
 * found through the store's holder index.
 * @param holder the holder (borrowed; copied into the card); needs an ID
 *        number.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_apply(ssc_result **out, ssc_registry *reg,
					 const ssc_request *req,
					 const ssc_person *holder);
/** Approve: a window application, or an uploaded photo under review.
 * @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_approve(ssc_result **out,
					   ssc_registry *reg,
					   const ssc_request *req);
/** Reject the uploaded photo (ssc_request::reason required).
 * @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_reject_photo(ssc_result **out,
						ssc_registry *reg,
						const ssc_request *req);
/** Resubmit a photo after a rejection. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_resubmit_photo(ssc_result **out,
						  ssc_registry *reg,
						  const ssc_request *req);
/** Generate the card data of an approved batch row. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_generate_data(ssc_result **out,
						 ssc_registry *reg,
						 const ssc_request *req);
/** 批量转零星: take a row out of its batch (holder in person). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_batch_to_individual(ssc_result **out,
						       ssc_registry *reg,
						       const ssc_request *req);
/** Start production (ssc_request::production sets the deadline).
 * @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_start_production(ssc_result **out,
						    ssc_registry *reg,
						    const ssc_request *req);
/** Production finished: the card number is recorded. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_finish_production(ssc_result **out,
						     ssc_registry *reg,
						     const ssc_request *req);
/** Send the card by express mail. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_mail(ssc_result **out, ssc_registry *reg,
					const ssc_request *req);
/** The mailed card was delivered. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_deliver(ssc_result **out,
					   ssc_registry *reg,
					   const ssc_request *req);
/** 领取: collection by the holder or an agent; by an employer's agent it
 * is a batch collection (auto-activation 96 h later). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_collect(ssc_result **out,
					   ssc_registry *reg,
					   const ssc_request *req);
/** 社保功能启用 (window, or online with a face-verification result among
 * the materials). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_activate_ss(ssc_result **out,
					       ssc_registry *reg,
					       const ssc_request *req);
/** 金融功能激活 at the partner bank; when the SS function is not yet
 * active, the linked activation (联动激活) is attempted in the same
 * commit (its refusal leaves the SS function as it is). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_activate_financial(ssc_result **out,
						      ssc_registry *reg,
						      const ssc_request *req);
/** 转移激活 after a transfer (SSC_FACT_TRANSFERRED_IN). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_activate_transfer(ssc_result **out,
						     ssc_registry *reg,
						     const ssc_request *req);
/** 挂失 (phone, window, kiosk, online). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_report_loss(ssc_result **out,
					       ssc_registry *reg,
					       const ssc_request *req);
/** 解挂, only while no replacement was applied for. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_cancel_loss(ssc_result **out,
					       ssc_registry *reg,
					       const ssc_request *req);
/** 补领 of a lost card: a new linked card (ssc_result_new_card_id()).
 * @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_replace_lost(ssc_result **out,
						ssc_registry *reg,
						const ssc_request *req);
/** 换领 of a damaged card. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_replace_damaged(ssc_result **out,
						   ssc_registry *reg,
						   const ssc_request *req);
/** 换发 (expiry, new generation). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_reissue(ssc_result **out,
					   ssc_registry *reg,
					   const ssc_request *req);
/** 信息变更 of non-key information (new_phone, new_address). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_info_change(ssc_result **out,
					       ssc_registry *reg,
					       const ssc_request *req);
/** 密码修改 (holder in person only). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_pin_change(ssc_result **out,
					      ssc_registry *reg,
					      const ssc_request *req);
/** 密码重置 (holder or agent). @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_pin_reset(ssc_result **out,
					     ssc_registry *reg,
					     const ssc_request *req);
/** Record that the chip blocked the PIN. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_pin_blocked(ssc_result **out,
					       ssc_registry *reg,
					       const ssc_request *req);
/** 解锁 of a blocked PIN. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_unlock(ssc_result **out,
					  ssc_registry *reg,
					  const ssc_request *req);
/** 应用状态查询: read only, journaled as a query. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_status_query(ssc_result **out,
						ssc_registry *reg,
						const ssc_request *req);
/** 注销. @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_cancel(ssc_result **out,
					  ssc_registry *reg,
					  const ssc_request *req);
/** 回退 of the last reversible step (ssc_request::reason required).
 * @since 1.0 */
SSC_EXPORT ssc_status ssc_registry_rollback(ssc_result **out,
					    ssc_registry *reg,
					    const ssc_request *req);
/** @} */

/**
 * 即时制卡: instant issuance at a window or partner-bank outlet.  The card
 * (approved, or already in production from an interrupted call) goes into
 * production; the blank card in the reader is personalised — EF05 spec
 * version, card identifier (卡识别码), issue date and card number, EF06
 * social security number, name, sex and birth date — after EXTERNAL
 * AUTHENTICATE with key 0A, and everything is read back; only then are
 * production, collection and SS activation recorded, in one commit.  When
 * the chip step fails the card stays in production and the call may be
 * repeated (with the same or a new request id); items already on the chip
 * with the same value are not written again, different ones fail with
 * #SSC_EMISMATCH.  Never is a card recorded as issued that the chip does
 * not hold.
 *
 * @param[out] out the result (see "Results").
 * @param reg the registry.
 * @param req the holder's request at the window (borrowed); request_id at
 *        most 120 characters.
 * @param conn a connection to the blank card (borrowed).
 * @param kp the key provider holding the personalisation key (borrowed).
 * @param key_id the key's id in @p kp.
 * @return as the other services, plus reader and card errors
 *         (#SSC_ECARD, #SSC_ESECURITY, #SSC_ECARDREMOVED, ...).
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_issue_instant(
	ssc_result **out, ssc_registry *reg, const ssc_request *req,
	ssc_reader_conn *conn, struct ssc_key_provider *kp,
	const char *key_id);

/**
 * Apply every timed transition due at the context clock: the 96-hour
 * auto-activation of batch-collected cards, the overdue flag of
 * productions past their deadline, and the expiry of cards whose expiry
 * date (China time) has passed (they go on the invalid lists).  Each is its own atomic commit with a
 * request id derived from the card and journal position, so the call is
 * idempotent and may be re-run after a crash.
 *
 * @param[out] out_applied transitions applied by this call; may be NULL.
 * @param reg the registry.
 * @return #SSC_OK or the first error (transitions before it stay applied).
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_process_due(size_t *out_applied,
					       ssc_registry *reg);

/** @name Employer batches (单位批量)
 * @{ */

/** Charset of a batch file (ssc_registry_batch_import()). */
typedef enum {
	SSC_BATCH_ENCODING_AUTO = 0, /**< UTF-8 if the first non-ASCII field
				          is valid UTF-8, else GBK */
	SSC_BATCH_ENCODING_UTF8 = 1, /**< UTF-8 (a BOM is skipped) */
	SSC_BATCH_ENCODING_GBK = 2   /**< GBK / GB 18030 */
} ssc_batch_encoding;

/** The outcome of one row of a batch file.  Library-owned, valid during
 * the callback; members are only appended. */
typedef struct ssc_batch_row {
	size_t line;     /**< 1-based line where the row starts */
	int status;      /**< #SSC_OK, or why the row was not stored:
			      #SSC_EBADID (ID number, check digit),
			      #SSC_EEXISTS (person twice in the file),
			      #SSC_EONECARD (holds a valid card),
			      #SSC_ENOTELIGIBLE (rules; see #verdict, e.g. a
			      missing photo), #SSC_EPARSE (malformed row) */
	const char *card_id; /**< the card created, or NULL */
	const char *message; /**< English explanation (numbers masked) */
	const ssc_verdict *verdict; /**< the refusing verdict, or NULL */
} ssc_batch_row;

/** Called once per data row of a batch file; a non-zero return stops
 * the import with that status. */
typedef ssc_status (*ssc_batch_row_fn)(const ssc_batch_row *row,
				       void *payload);

/**
 * Import an employer's 制卡明细表 (CSV) row by row.  The header row names
 * the columns: 姓名 (required); 社会保障号码, 公民身份号码, 身份证号码 or
 * 证件号码 (required); 照片 (photo file); 身份证扫描件 (ID front/back
 * scans); 户口本扫描件 (household-register pages); 联系电话; 合作银行.
 * Each row is one application of the employer's agent (@p req: actor,
 * documents, the batch-level materials, batch_id) with the row's photo and
 * scans added as the materials "batch_photos", "batch_id_scans" and
 * "batch_register_scans", under the request id "<request_id>:<line>" —
 * so re-importing a file is idempotent — and is committed on its own:
 * a refused row stores nothing.
 *
 * @param[out] out_accepted rows stored (or already stored); may be NULL.
 * @param[out] out_refused rows refused; may be NULL.
 * @param reg the registry.
 * @param req the employer agent's request (borrowed); request_id at most
 *        100 characters.
 * @param data the file's bytes (borrowed).
 * @param len its length.
 * @param encoding an ::ssc_batch_encoding.
 * @param fn per-row callback, or NULL.
 * @param payload for @p fn.
 * @return #SSC_OK (look at the counts), #SSC_EPARSE (no usable header:
 *         nothing stored), #SSC_EINVAL, or the first store error.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_batch_import(
	size_t *out_accepted, size_t *out_refused, ssc_registry *reg,
	const ssc_request *req, const uint8_t *data, size_t len, int encoding,
	ssc_batch_row_fn fn, void *payload);

/**
 * As ssc_registry_batch_import(), streaming a file in blocks.
 * @param path the file (borrowed).
 * @return as ssc_registry_batch_import(), or #SSC_EOS.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_batch_import_file(
	size_t *out_accepted, size_t *out_refused, ssc_registry *reg,
	const ssc_request *req, const char *path, int encoding,
	ssc_batch_row_fn fn, void *payload);

/** Number of entries of the counts of ssc_registry_batch_status(). */
#define SSC_BATCH_STATE_COUNT 15

/**
 * Batch status: how many cards of a batch are in each card state.
 * @param[out] counts indexed by ::ssc_card_state.
 * @param reg the registry.
 * @param batch_id the batch.
 * @return #SSC_OK, #SSC_EINVAL or a store error.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_batch_status(
	size_t counts[SSC_BATCH_STATE_COUNT], ssc_registry *reg,
	const char *batch_id);

/**
 * Apply one event to every card of a batch (ssc_request::batch_id) that
 * allows it: approve, generate_data, start_production (batch mode),
 * finish_production or collect_batch (the employer's agent collecting).
 * Each card is its own atomic call with the request id
 * "<request_id>:<card id>"; a card refused by the rules is left as it is.
 *
 * @param[out] out_done cards changed (or already changed by an earlier run
 *             of the same request); may be NULL.
 * @param reg the registry.
 * @param req the request (borrowed); request_id at most 90 characters.
 * @param event one of the events above.
 * @return #SSC_OK, #SSC_EINVAL or the first store error.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_registry_batch_apply(size_t *out_done,
					       ssc_registry *reg,
					       const ssc_request *req,
					       int event);
/** @} */

SSC_END_DECL

#endif /* SOCIALCARD_REGISTRY_H */
