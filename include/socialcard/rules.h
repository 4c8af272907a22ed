/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/rules.h
 * @brief Regional rule packs: who may use a service, on which channel,
 *        with which materials, by when — and why not.
 *
 * A ::ssc_rulebook holds the rule packs (JSON data, format in
 * doc/rulepacks.md): the built-in `national` pack and the seed regions
 * (Liujiang 450221/450206, Nanning 450100, Chongqing 500000, Linxiang
 * 430682), plus any pack a deployment loads.  The context's region
 * (ssc_ctx_region()) selects the pack: a code without its own pack falls
 * back to its city (PPCC00), then its province (PP0000), then `national`.
 *
 * ssc_rules_check() evaluates a service for a situation (plain facts about
 * the actor, channel, holder, card and materials presented) and returns a
 * ::ssc_verdict: allowed or refused with EVERY reason, the required
 * materials and which of them are missing, the deadline and the fee, each
 * citing the rule's source (seed and clause).
 *
 * Thread rules: a rulebook may be shared by threads for checking once it
 * is loaded; loading is not concurrent with anything.  A verdict belongs
 * to one thread at a time.
 */
#ifndef SOCIALCARD_RULES_H
#define SOCIALCARD_RULES_H

#include "common.h"
#include "buffer.h"
#include "types.h"
#include "person.h"
#include "calendar.h"

SSC_BEGIN_DECL

/** A set of rule packs and the calendar they count deadlines with. */
typedef struct ssc_rulebook ssc_rulebook;

/** The result of ssc_rules_check(). */
typedef struct ssc_verdict ssc_verdict;

/** Whether a presented document is the original, a copy or an image. */
typedef enum {
	SSC_FORM_UNSET = 0,
	SSC_FORM_ORIGINAL = 1,  /**< 原件 */
	SSC_FORM_COPY = 2,      /**< 复印件 */
	SSC_FORM_ELECTRONIC = 3 /**< scan or uploaded image 电子版/扫描件 */
} ssc_doc_form;

/** Whose document it is. */
typedef enum {
	SSC_PARTY_UNSET = 0,
	SSC_PARTY_HOLDER = 1,   /**< the (future) card holder 本人/申办人 */
	SSC_PARTY_AGENT = 2,    /**< the agent 代办人 / employer's agent */
	SSC_PARTY_GUARDIAN = 3  /**< the guardian 监护人 */
} ssc_party;

/** @name Card facts (ssc_situation::card_facts)
 * @{ */
#define SSC_FACT_HAS_VALID_CARD 0x0001u  /**< holds a valid card */
#define SSC_FACT_PENDING_APPLICATION 0x0002u /**< an application is open */
#define SSC_FACT_CARD_RECEIVED 0x0004u   /**< the card was collected */
#define SSC_FACT_SS_ACTIVE 0x0008u       /**< SS function active */
#define SSC_FACT_FINANCIAL_ACTIVE 0x0010u /**< financial function active */
#define SSC_FACT_LOSS_REPORTED 0x0020u   /**< reported lost (挂失) */
#define SSC_FACT_REPLACEMENT_APPLIED 0x0040u /**< 补领 applied for */
#define SSC_FACT_BATCH_DATA_GENERATED 0x0080u /**< batch card data made */
#define SSC_FACT_BATCH_PRODUCTION_STARTED 0x0100u /**< batch row in production */
#define SSC_FACT_PIN_BLOCKED 0x0200u     /**< SS PIN blocked on the chip */
#define SSC_FACT_TRANSFERRED_IN 0x0400u  /**< insurance moved here; card
					      activated in another area */
#define SSC_FACT_MULTIPLE_ACCOUNTS 0x0800u /**< several insurance accounts */
#define SSC_FACT_RELATION_TRANSFER 0x1000u /**< insurance relation being
						transferred */
#define SSC_FACT_AGENT_CHANGED 0x2000u   /**< the employer's agent collecting
					      is not the one who submitted */
#define SSC_FACT_PHOTO_CHANGE 0x4000u    /**< the photo is to be changed or
					      supplied (补充或更换照片) */
/** @} */

/** @name Evidence gathered at a window (ssc_situation::evidence)
 * @{ */
#define SSC_EVIDENCE_CREDENTIAL_IMAGES 0x1u /**< 留存凭证影像 */
#define SSC_EVIDENCE_SCENE_IMAGES 0x2u      /**< 办理场景影像 */
#define SSC_EVIDENCE_SIGNATURE 0x4u         /**< signature pad or signed form */
/** @} */

/** @name Information being changed (ssc_situation::changes)
 * @{ */
#define SSC_CHANGE_ADDRESS 0x0001u   /**< non-key: address 居住地址 */
#define SSC_CHANGE_PHONE 0x0002u     /**< non-key: phone 联系电话 */
#define SSC_CHANGE_NAME 0x0100u      /**< key: name */
#define SSC_CHANGE_ID_NUMBER 0x0200u /**< key: social security number */
#define SSC_CHANGE_BIRTH_DATE 0x0400u /**< key: birth date */
#define SSC_CHANGE_SEX 0x0800u       /**< key: sex */
/** Mask of the key-information bits. */
#define SSC_CHANGE_KEY_MASK 0xff00u
/** @} */

/** @name Material flags (ssc_presented_material::flags)
 * @{ */
#define SSC_MATERIAL_SIGNED 0x1u     /**< signed by the party it concerns */
#define SSC_MATERIAL_SEALED 0x2u     /**< bears the employer's seal 公章 */
#define SSC_MATERIAL_ELECTRONIC 0x4u /**< an electronic version */
/** @} */

/**
 * An identity document presented.  Fixed layout (not versioned): a new
 * kind of fact is added to ::ssc_situation, never here.
 */
typedef struct ssc_presented_doc {
	int type;  /**< ::ssc_doc_type */
	int form;  /**< ::ssc_doc_form */
	int owner; /**< ::ssc_party */
} ssc_presented_doc;

/**
 * Another material presented, by its vocabulary identifier
 * (doc/rulepacks.md, "Materials"): "photo", "application_form",
 * "undertaking", "unit_letter", "guardian_proof", "realname_phone",
 * "face_verification", ...  Fixed layout (not versioned).
 */
typedef struct ssc_presented_material {
	const char *id;     /**< vocabulary identifier (borrowed) */
	unsigned int flags; /**< SSC_MATERIAL_* */
} ssc_presented_material;

/**
 * The facts a check is made on.  Versioned: initialise with
 * #SSC_SITUATION_INIT or ssc_situation_init().  All pointers are borrowed
 * for the duration of the call.
 */
typedef struct ssc_situation {
	/** #SSC_SITUATION_VERSION. */
	unsigned int version;
	/** ::ssc_actor_role of whoever acts.  (v1) */
	int actor;
	/** ::ssc_channel used.  (v1) */
	int channel;
	/** Service point id from the pack, or NULL.  (v1) */
	const char *service_point;
	/** Bank code of the outlet, when no service_point is given (e.g.
	 * "ICBC"), or NULL.  (v1) */
	const char *outlet_bank;
	/** Holder's birth date YYYYMMDD, or 0 when unknown (then treated as
	 * an adult of unknown age).  (v1) */
	uint32_t holder_birth_date;
	/** ::ssc_residency of the holder; 0 = mainland.  (v1) */
	int residency;
	/** 1 when the holder is insured (参保), else 0.  (v1) */
	int insured;
	/** SSC_FACT_* bits about the holder's cards.  (v1) */
	uint32_t card_facts;
	/** Partner bank code of the holder's card (卡面对应合作银行), or
	 * NULL.  (v1) */
	const char *card_bank;
	/** Documents presented.  (v1) */
	const ssc_presented_doc *docs;
	/** Number of #docs.  (v1) */
	size_t n_docs;
	/** Other materials presented.  (v1) */
	const ssc_presented_material *materials;
	/** Number of #materials.  (v1) */
	size_t n_materials;
	/** SSC_EVIDENCE_* bits.  (v1) */
	uint32_t evidence;
	/** SSC_CHANGE_* bits (information change only).  (v1) */
	uint32_t changes;
} ssc_situation;

/** Current version of ::ssc_situation. */
#define SSC_SITUATION_VERSION 1
/** Initialiser for ::ssc_situation. */
#define SSC_SITUATION_INIT SSC_VERSIONED_INIT(SSC_SITUATION_VERSION)

/**
 * Initialise a situation: zero everything and set the version.
 * @param sit the struct to fill.
 * @param version #SSC_SITUATION_VERSION (or an older one).
 * @return #SSC_OK, #SSC_EINVAL, #SSC_EVERSION.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_situation_init(ssc_situation *sit,
					 unsigned int version);

/** One reason for a refusal.  Library-owned, read-only; members are only
 * appended. */
typedef struct ssc_reason {
	const char *code;    /**< stable machine code, e.g. "not_insured" */
	const char *text_zh; /**< Chinese text */
	const char *text_en; /**< English text */
	const char *source;  /**< seed and clause, e.g. "003 §5.1" */
	const char *rule;    /**< rule id within the service */
} ssc_reason;

/** One required material.  Library-owned, read-only; members are only
 * appended. */
typedef struct ssc_material {
	const char *id;      /**< rule id of the material item */
	const char *text_zh; /**< what to bring, in Chinese */
	const char *text_en; /**< the same in English */
	const char *source;  /**< seed and clause */
	unsigned int copies; /**< number of copies (份) the pack states, 0 = n/a */
	int optional;        /**< 1 = may be provided (凭本人意愿) */
	int missing;         /**< 1 = not among what was presented */
} ssc_material;

/** The deadline that applies.  Library-owned, read-only. */
typedef struct ssc_deadline {
	int unit;                 /**< ::ssc_deadline_unit; NONE = no deadline */
	unsigned int amount;      /**< working days or hours */
	unsigned int statutory_working_days; /**< 法定办结时限, 0 = none */
	int due_status;           /**< #SSC_OK, or #SSC_ECALENDAR when the
				       calendar lacks the year */
	int64_t due_ms;           /**< the deadline from now (ms), if due_status OK */
	const char *text_zh;      /**< description */
	const char *text_en;      /**< description */
	const char *source;       /**< seed and clause */
} ssc_deadline;

/** The fee that applies.  Library-owned, read-only. */
typedef struct ssc_fee {
	int charged;          /**< 0 = no fee, 1 = a fee is due */
	long amount_fen;      /**< amount in fen, or -1 when set locally */
	const char *text_zh;  /**< description */
	const char *text_en;  /**< description */
	const char *source;   /**< seed and clause */
} ssc_fee;

/**
 * Create a rulebook with the built-in packs and the built-in calendar.
 *
 * @param[out] out the rulebook; free with ssc_rulebook_free().  Unchanged
 *             on failure.
 * @param ctx context (a reference is kept): allocator, clock and region.
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ENOMEM, #SSC_EPARSE (a built-in pack is
 *         broken: a build error).
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_rulebook_new(ssc_rulebook **out, ssc_ctx *ctx);

/**
 * Free a rulebook.  NULL is a no-op.  Verdicts made from it stay valid.
 * @param rb the rulebook.
 * @since 1.0
 */
SSC_EXPORT void ssc_rulebook_free(ssc_rulebook *rb);

/**
 * Load a rule pack from JSON text; a pack with the same id is replaced.
 * The pack is validated completely (syntax with line and column, content
 * with the field path, its parent chain resolvable); on error nothing
 * changes.
 *
 * @param rb the rulebook.
 * @param json the text (borrowed; need not be NUL-terminated).
 * @param len its length.
 * @return #SSC_OK, #SSC_EPARSE, #SSC_EINVAL, #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_rulebook_load_json(ssc_rulebook *rb,
					     const char *json, size_t len);

/**
 * Load a rule pack from a file, as ssc_rulebook_load_json().
 * @param rb the rulebook.
 * @param path the file (borrowed).
 * @return #SSC_OK, #SSC_EOS, #SSC_EPARSE, #SSC_EINVAL, #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_rulebook_load_file(ssc_rulebook *rb,
					     const char *path);

/**
 * The rulebook's calendar, to load further years into.
 * @param rb the rulebook.
 * @return borrowed; valid while @p rb lives.
 * @since 1.0
 */
SSC_EXPORT ssc_calendar *ssc_rulebook_calendar(ssc_rulebook *rb);

/**
 * The id of the pack that applies to a region code (after fall-back).
 * @param rb the rulebook.
 * @param region a 6-digit code, or NULL for national.
 * @return a borrowed pack id such as "500000" or "national"; valid while
 *         @p rb lives and the pack is not replaced.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_rulebook_resolve(const ssc_rulebook *rb,
					    const char *region);

/**
 * Check a service for a situation under the pack of the rulebook
 * context's region (ssc_ctx_region()), with ages and the deadline taken
 * from the context clock in China time.
 *
 * @param[out] out the verdict (also when refused); free with
 *             ssc_verdict_free().  Unchanged on failure.
 * @param rb the rulebook.
 * @param service an ::ssc_service.
 * @param sit the situation.
 * @return #SSC_OK (look at ssc_verdict_allowed()), #SSC_EINVAL,
 *         #SSC_EVERSION, #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_rules_check(ssc_verdict **out,
				      const ssc_rulebook *rb, int service,
				      const ssc_situation *sit);

/**
 * Free a verdict.  NULL is a no-op.
 * @param v the verdict.
 * @since 1.0
 */
SSC_EXPORT void ssc_verdict_free(ssc_verdict *v);

/**
 * Whether the service is allowed: no reason to refuse and no required
 * material missing.
 * @param v the verdict.
 * @return 1 allowed, 0 refused.
 * @since 1.0
 */
SSC_EXPORT int ssc_verdict_allowed(const ssc_verdict *v);

/**
 * The pack that decided (e.g. "500000").
 * @param v the verdict.
 * @return borrowed from @p v.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_verdict_pack(const ssc_verdict *v);

/**
 * Number of reasons for refusal (0 when allowed, or when refused only for
 * missing materials).
 * @param v the verdict.
 * @return the count.
 * @since 1.0
 */
SSC_EXPORT size_t ssc_verdict_reason_count(const ssc_verdict *v);

/**
 * One reason.
 * @param v the verdict.
 * @param i index below ssc_verdict_reason_count().
 * @return borrowed from @p v, or NULL when out of range.
 * @since 1.0
 */
SSC_EXPORT const ssc_reason *ssc_verdict_reason(const ssc_verdict *v,
						size_t i);

/**
 * Whether a reason with this code is among the reasons.
 * @param v the verdict.
 * @param code a reason code.
 * @return 1 or 0.
 * @since 1.0
 */
SSC_EXPORT int ssc_verdict_has_reason(const ssc_verdict *v, const char *code);

/**
 * Number of required (and optional) materials for the situation.
 * @param v the verdict.
 * @return the count.
 * @since 1.0
 */
SSC_EXPORT size_t ssc_verdict_material_count(const ssc_verdict *v);

/**
 * One material.
 * @param v the verdict.
 * @param i index below ssc_verdict_material_count().
 * @return borrowed from @p v, or NULL when out of range.
 * @since 1.0
 */
SSC_EXPORT const ssc_material *ssc_verdict_material(const ssc_verdict *v,
						    size_t i);

/**
 * Number of required materials that are missing.
 * @param v the verdict.
 * @return the count.
 * @since 1.0
 */
SSC_EXPORT size_t ssc_verdict_missing_count(const ssc_verdict *v);

/**
 * The deadline that applies (unit #SSC_DEADLINE_NONE when none).
 * @param v the verdict.
 * @return borrowed from @p v, never NULL.
 * @since 1.0
 */
SSC_EXPORT const ssc_deadline *ssc_verdict_deadline(const ssc_verdict *v);

/**
 * The fee that applies.
 * @param v the verdict.
 * @return borrowed from @p v, never NULL (charged 0 when the pack states
 *         no fee or none).
 * @since 1.0
 */
SSC_EXPORT const ssc_fee *ssc_verdict_fee(const ssc_verdict *v);

/**
 * Number of notes (statements the library cannot check, e.g. "no
 * light-coloured clothes for the photo").
 * @param v the verdict.
 * @return the count.
 * @since 1.0
 */
SSC_EXPORT size_t ssc_verdict_note_count(const ssc_verdict *v);

/**
 * One note, as a reason record (code = rule id).
 * @param v the verdict.
 * @param i index below ssc_verdict_note_count().
 * @return borrowed from @p v, or NULL when out of range.
 * @since 1.0
 */
SSC_EXPORT const ssc_reason *ssc_verdict_note(const ssc_verdict *v, size_t i);

/**
 * Render the verdict as text: outcome, reasons, materials (missing ones
 * marked), deadline, fee and notes, each with its source.
 *
 * @param[out] out filled with UTF-8 text (replaced).
 * @param v the verdict.
 * @param lang "zh" or "en".
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_verdict_format(ssc_buf *out, const ssc_verdict *v,
					 const char *lang);

/** @name Service-point capabilities (ssc_service_point::capabilities)
 * @{ */
#define SSC_POINT_ACCEPT 0x001u        /**< accepts individual applications */
#define SSC_POINT_BATCH 0x002u         /**< accepts employer batches */
#define SSC_POINT_DISTRICT_HALL 0x004u /**< a district (城区) service hall */
#define SSC_POINT_COUNTY_HALL 0x008u   /**< a county-level service hall */
#define SSC_POINT_INSTANT_ISSUE 0x010u /**< instant issuance 即时制卡 */
#define SSC_POINT_ACTIVATE 0x020u      /**< activation */
#define SSC_POINT_UNLOCK 0x040u        /**< PIN unlock */
#define SSC_POINT_PIN 0x080u           /**< PIN change and reset */
#define SSC_POINT_LOSS 0x100u          /**< loss reports and cancellation */
/** @} */

/**
 * A service point of a pack (hall, window, partner-bank outlet, kiosk).
 * Versioned: the caller sets #version (#SSC_SERVICE_POINT_INIT), the
 * library fills the rest.  Strings are borrowed from the rulebook: valid
 * until the pack is replaced or the rulebook freed; absent ones are "".
 */
typedef struct ssc_service_point {
	/** #SSC_SERVICE_POINT_VERSION. */
	unsigned int version;
	/** Point id, as used in ssc_situation::service_point.  (v1) */
	const char *id;
	/** "hall", "window", "bank" or "kiosk".  (v1) */
	const char *kind;
	/** Name.  (v1) */
	const char *name;
	/** Address.  (v1) */
	const char *address;
	/** Opening hours, as published.  (v1) */
	const char *hours;
	/** Telephone.  (v1) */
	const char *phone;
	/** For a window: the id of its hall.  (v1) */
	const char *hall;
	/** For a bank outlet: the bank code (e.g. "ICBC").  (v1) */
	const char *bank;
	/** SSC_POINT_* bits.  (v1) */
	uint32_t capabilities;
	/** Id of the pack that lists the point.  (v1) */
	const char *pack;
} ssc_service_point;

/** Current version of ::ssc_service_point. */
#define SSC_SERVICE_POINT_VERSION 1
/** Initialiser for ::ssc_service_point. */
#define SSC_SERVICE_POINT_INIT SSC_VERSIONED_INIT(SSC_SERVICE_POINT_VERSION)

/**
 * Number of service points that apply to a region: those of its pack and
 * of the packs it inherits from.
 * @param rb the rulebook.
 * @param region a 6-digit code, or NULL for national.
 * @return the count (0 on NULL @p rb).
 * @since 1.0
 */
SSC_EXPORT size_t ssc_rulebook_point_count(const ssc_rulebook *rb,
					   const char *region);

/**
 * One service point of a region, nearest pack first.
 * @param[out] out filled (its version set by the caller).
 * @param rb the rulebook.
 * @param region a 6-digit code, or NULL for national.
 * @param i index below ssc_rulebook_point_count().
 * @return #SSC_OK, #SSC_EINVAL, #SSC_EVERSION, #SSC_ENOTFOUND (index out
 *         of range).
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_rulebook_point(ssc_service_point *out,
					 const ssc_rulebook *rb,
					 const char *region, size_t i);

/**
 * Stable text name of a service ("apply", "activate_ss", ...), as used in
 * rule packs.
 * @param service an ::ssc_service.
 * @return a static string, or NULL when unknown.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_service_name(int service);

/**
 * The ::ssc_service of a text name.
 * @param name e.g. "pin_reset".
 * @return the service, or #SSC_SERVICE_UNSET when unknown.
 * @since 1.0
 */
SSC_EXPORT int ssc_service_from_name(const char *name);

SSC_END_DECL

#endif /* SOCIALCARD_RULES_H */
