/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/lifecycle.h
 * @brief The card lifecycle: one transition table (data) of
 *        (states, event) → (states, guard service, effects).
 *
 * The states are those of card.h: the card / SS-application state
 * (::ssc_card_state), the financial sub-state (::ssc_fin_state), the PIN
 * sub-state (::ssc_pin_state) and the electronic card's mirror state,
 * which always equals the card state once the e-card exists.  Final card
 * states (replaced, cancelled, expired) have no outgoing transition.
 *
 * The table is pure data (lib/lifecycle/transitions.def); this header
 * lets a caller walk it, find the transition an event takes from a set of
 * states, and apply it.  Guards (the rules engine) and effects (journal,
 * invalid-card lists, mirror, deadlines) are carried out by the registry
 * (registry.h); doc/lifecycle.md is generated from the same table.
 *
 * Thread rules: everything here is read-only data and pure functions.
 */
#ifndef SOCIALCARD_LIFECYCLE_H
#define SOCIALCARD_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "buffer.h"
#include "types.h"

SSC_BEGIN_DECL

/** Lifecycle events.  Values are ABI. */
typedef enum {
	SSC_EVENT_UNSET = 0,
	SSC_EVENT_APPLY = 1,               /**< individual application (window, kiosk, bank) */
	SSC_EVENT_APPLY_ONLINE = 2,        /**< online application with photo upload */
	SSC_EVENT_APPLY_BATCH = 3,         /**< a row of an employer batch */
	SSC_EVENT_APPROVE = 4,             /**< window application approved */
	SSC_EVENT_PHOTO_APPROVE = 5,       /**< uploaded photo approved (locked) */
	SSC_EVENT_PHOTO_REJECT = 6,        /**< uploaded photo rejected with a reason */
	SSC_EVENT_PHOTO_RESUBMIT = 7,      /**< a new photo after a rejection */
	SSC_EVENT_GENERATE_DATA = 8,       /**< card data generated (batch) */
	SSC_EVENT_BATCH_TO_INDIVIDUAL = 9, /**< 批量转零星 */
	SSC_EVENT_START_PRODUCTION = 10,   /**< production starts */
	SSC_EVENT_FINISH_PRODUCTION = 11,  /**< card made and personalised */
	SSC_EVENT_MAIL = 12,               /**< handed to the mail */
	SSC_EVENT_DELIVER = 13,            /**< mail delivered to the holder */
	SSC_EVENT_COLLECT = 14,            /**< collected by holder or agent */
	SSC_EVENT_COLLECT_BATCH = 15,      /**< collected by the employer's agent */
	SSC_EVENT_ACTIVATE_SS = 16,        /**< SS function activated */
	SSC_EVENT_AUTO_ACTIVATE = 17,      /**< 96 h after batch collection */
	SSC_EVENT_ACTIVATE_FINANCIAL = 18, /**< financial function, at the bank */
	SSC_EVENT_ACTIVATE_LINKED = 19,    /**< bank activation with linked SS activation */
	SSC_EVENT_ACTIVATE_TRANSFER = 20,  /**< 转移激活 after a job transfer */
	SSC_EVENT_REPORT_LOSS = 21,        /**< 挂失 */
	SSC_EVENT_CANCEL_LOSS = 22,        /**< 解挂 */
	SSC_EVENT_REPLACE_LOST = 23,       /**< 补领 (old card replaced) */
	SSC_EVENT_REPLACE_DAMAGED = 24,    /**< 换领 */
	SSC_EVENT_REISSUE = 25,            /**< 换发 */
	SSC_EVENT_INFO_CHANGE = 26,        /**< non-key information change */
	SSC_EVENT_PIN_CHANGE = 27,         /**< PIN change (holder only) */
	SSC_EVENT_PIN_RESET = 28,          /**< PIN reset */
	SSC_EVENT_PIN_BLOCKED = 29,        /**< the chip reported the PIN blocked */
	SSC_EVENT_UNLOCK = 30,             /**< PIN unlocked */
	SSC_EVENT_STATUS_QUERY = 31,       /**< read-only status query */
	SSC_EVENT_CANCEL = 32,             /**< 注销 */
	SSC_EVENT_ROLLBACK = 33,           /**< 回退 of the last reversible step */
	SSC_EVENT_EXPIRE = 34,             /**< the card expired */
	SSC_EVENT_PRODUCTION_OVERDUE = 35  /**< production passed its deadline */
} ssc_event;

/** Highest event value. */
#define SSC_EVENT_MAX 35

/** In a ::ssc_transition "from" field: any value matches. */
#define SSC_LC_ANY (-1)
/** In a ::ssc_transition "to" field: the value is kept. */
#define SSC_LC_SAME (-1)
/** In ::ssc_transition::to_state: the states before the step being undone
 *  (cancel a loss report, rollback). */
#define SSC_LC_PREVIOUS (-2)

/** @name Transition effects (ssc_transition::effects)
 * @{ */
#define SSC_EFFECT_JOURNAL 0x0001u        /**< a journal entry (every row) */
#define SSC_EFFECT_CREATE 0x0002u         /**< creates the card record */
#define SSC_EFFECT_INVALID_ADD 0x0004u    /**< card goes on the invalid lists */
#define SSC_EFFECT_INVALID_REMOVE 0x0008u /**< card comes off the invalid lists */
#define SSC_EFFECT_MIRROR 0x0010u         /**< e-card mirror updated */
#define SSC_EFFECT_DEADLINE_PRODUCTION 0x0020u /**< production deadline */
#define SSC_EFFECT_DEADLINE_AUTO_ACTIVATE 0x0040u /**< 96 h auto-activation */
#define SSC_EFFECT_REVERSIBLE 0x0080u     /**< may be undone by a rollback */
#define SSC_EFFECT_NEW_CARD 0x0100u       /**< a linked new card is created */
#define SSC_EFFECT_QUERY 0x0200u          /**< read only; journaled as a query */
#define SSC_EFFECT_ECARD_ISSUE 0x0400u    /**< the e-card comes into being */
#define SSC_EFFECT_SYSTEM 0x0800u         /**< timed / system event, no actor */
#define SSC_EFFECT_STAFF 0x1000u          /**< staff step, no rules guard */
/** @} */

/** The states a transition looks at. */
typedef struct ssc_lc_states {
	/** #SSC_LC_STATES_VERSION. */
	unsigned int version;
	/** ::ssc_card_state.  (v1) */
	int card;
	/** ::ssc_fin_state.  (v1) */
	int fin;
	/** ::ssc_pin_state.  (v1) */
	int pin;
	/** E-card state (0 = none, else equal to #card).  (v1) */
	int ecard;
} ssc_lc_states;

/** Current version of ::ssc_lc_states. */
#define SSC_LC_STATES_VERSION 1
/** Initialiser for ::ssc_lc_states. */
#define SSC_LC_STATES_INIT SSC_VERSIONED_INIT(SSC_LC_STATES_VERSION)

/**
 * One row of the transition table.  Library-owned, read-only; members
 * are only appended.
 */
typedef struct ssc_transition {
	int event;          /**< ::ssc_event */
	int from_state;     /**< ::ssc_card_state or #SSC_LC_ANY */
	int from_fin;       /**< ::ssc_fin_state or #SSC_LC_ANY */
	int from_pin;       /**< ::ssc_pin_state or #SSC_LC_ANY */
	int to_state;       /**< ::ssc_card_state, #SSC_LC_SAME or #SSC_LC_PREVIOUS */
	int to_fin;         /**< ::ssc_fin_state or #SSC_LC_SAME */
	int to_pin;         /**< ::ssc_pin_state or #SSC_LC_SAME */
	int service;        /**< ::ssc_service whose rules guard it; 0 = none */
	unsigned int effects; /**< SSC_EFFECT_* */
	const char *note;   /**< English note for the documentation */
} ssc_transition;

/**
 * Initialise a states struct (all unset).
 * @param[out] st the struct.
 * @param version #SSC_LC_STATES_VERSION (or older).
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_lc_states_init(ssc_lc_states *st,
					 unsigned int version);

/**
 * Number of rows of the transition table.
 * @return the count.
 * @since 1.0
 */
SSC_EXPORT size_t ssc_lifecycle_row_count(void);

/**
 * One row of the table.
 * @param i index below ssc_lifecycle_row_count().
 * @return static storage, or NULL when out of range.
 * @since 1.0
 */
SSC_EXPORT const ssc_transition *ssc_lifecycle_row(size_t i);

/**
 * Find the row an event takes from a set of states (the first that
 * matches).
 *
 * @param[out] out the row (static storage).
 * @param from the current states (borrowed).
 * @param event an ::ssc_event.
 * @return #SSC_OK
 * @retval SSC_ETRANSITION the event is not allowed from these states
 *         (always from a final state)
 * @retval SSC_EINVAL NULL argument or unknown event
 * @retval SSC_EVERSION bad struct version
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_lifecycle_find(const ssc_transition **out,
					 const ssc_lc_states *from, int event);

/**
 * Apply an event to a set of states: find the row and compute the new
 * states.  The e-card follows the card state once it exists; a final
 * card state closes an opened financial application.
 *
 * @param[out] out the new states (its version is set); unchanged on
 *             failure.
 * @param[out] out_row the row taken (may be NULL).
 * @param from the current states (borrowed).
 * @param event an ::ssc_event.
 * @param previous the states before the step being undone, for rows whose
 *        target is #SSC_LC_PREVIOUS; NULL when not known (then such rows
 *        fail with #SSC_ETRANSITION).
 * @return #SSC_OK, #SSC_ETRANSITION, #SSC_EINVAL or #SSC_EVERSION.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_lifecycle_apply(ssc_lc_states *out,
					  const ssc_transition **out_row,
					  const ssc_lc_states *from, int event,
					  const ssc_lc_states *previous);

/**
 * Stable English identifier of an event ("apply", "report_loss", ...).
 * @param event an ::ssc_event.
 * @return static storage, or NULL when unknown.
 * @since 1.0
 */
SSC_EXPORT const char *ssc_event_name(int event);

/**
 * The event of an identifier.
 * @param name e.g. "collect_batch".
 * @return the ::ssc_event, or #SSC_EVENT_UNSET when unknown.
 * @since 1.0
 */
SSC_EXPORT int ssc_event_from_name(const char *name);

/**
 * The rules' card facts (SSC_FACT_* of rules.h) implied by a set of
 * states: received, SS active, financial active, loss reported, PIN
 * blocked, batch data generated / in production, valid card, pending
 * application.
 *
 * @param st the states (borrowed; NULL gives 0).
 * @return SSC_FACT_* bits.
 * @since 1.0
 */
SSC_EXPORT uint32_t ssc_lifecycle_facts(const ssc_lc_states *st);

/**
 * The transition table as a Graphviz `dot` digraph of the card states
 * (edges labelled with events; sub-state rows as self loops).
 *
 * @param[out] out filled with the text (replaced).
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_lifecycle_dot(ssc_buf *out);

/**
 * The transition table as a Markdown table (one line per row).
 *
 * @param[out] out filled with the text (replaced).
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_lifecycle_markdown(ssc_buf *out);

SSC_END_DECL

#endif /* SOCIALCARD_LIFECYCLE_H */
