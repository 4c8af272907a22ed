/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/types.h
 * @brief Opaque handle types and the small enums shared by several headers.
 *
 * Enum values are ABI: explicit, never reused; 0 means "unset" wherever a
 * caller fills a struct.
 */
#ifndef SOCIALCARD_TYPES_H
#define SOCIALCARD_TYPES_H

#include "common.h"

SSC_BEGIN_DECL

/** A library context: options, clock, logging, allocator (context.h). */
typedef struct ssc_ctx ssc_ctx;

/** Channel through which a service is requested. */
typedef enum {
	SSC_CHANNEL_UNSET = 0,
	SSC_CHANNEL_WINDOW = 1, /**< service window 服务窗口 */
	SSC_CHANNEL_KIOSK = 2,  /**< self-service kiosk 自助一体机 */
	SSC_CHANNEL_ONLINE = 3, /**< app / WeChat / portal 线上 */
	SSC_CHANNEL_BANK = 4,   /**< partner-bank outlet 合作银行网点 */
	SSC_CHANNEL_PHONE = 5,  /**< hotline 12333 */
	SSC_CHANNEL_MAIL = 6,   /**< express mail 快递 */
	SSC_CHANNEL_BATCH = 7   /**< employer batch submission 单位批量 */
} ssc_channel;

/** Who acts on the holder's behalf. */
typedef enum {
	SSC_ACTOR_UNSET = 0,
	SSC_ACTOR_HOLDER = 1,         /**< the holder in person 本人 */
	SSC_ACTOR_AGENT = 2,          /**< an agent 代办人 */
	SSC_ACTOR_GUARDIAN = 3,       /**< guardian of a minor 监护人 */
	SSC_ACTOR_EMPLOYER_AGENT = 4, /**< employer's agent 单位经办人 */
	SSC_ACTOR_SYSTEM = 5          /**< the library itself (timed transitions) */
} ssc_actor_role;

/** Staff post in the acceptance → processing → feedback chain. */
typedef enum {
	SSC_POST_UNSET = 0,
	SSC_POST_ACCEPTANCE = 1, /**< 受理岗 */
	SSC_POST_PROCESSING = 2, /**< 经办岗 */
	SSC_POST_FEEDBACK = 3    /**< 反馈岗 */
} ssc_post;

/** Identity document types. */
typedef enum {
	SSC_DOC_UNSET = 0,
	SSC_DOC_RESIDENT_ID = 1,        /**< 居民身份证 */
	SSC_DOC_TEMPORARY_ID = 2,       /**< 临时身份证 */
	SSC_DOC_HOUSEHOLD_REGISTER = 3, /**< 户口簿 */
	SSC_DOC_HKMO_PERMIT = 4,        /**< 港澳居民来往内地通行证 */
	SSC_DOC_TW_PERMIT = 5,          /**< 台湾居民来往大陆通行证 */
	SSC_DOC_RESIDENCE_PERMIT = 6,   /**< 港澳台居民居住证 */
	SSC_DOC_PASSPORT = 7,           /**< 护照 */
	SSC_DOC_FOREIGN_PR_CARD = 8,    /**< 外国人永久居留身份证 */
	SSC_DOC_OFFICER_CARD = 9,       /**< 军官证 */
	SSC_DOC_BIRTH_CERTIFICATE = 10, /**< 出生医学证明 */
	SSC_DOC_SS_CARD = 11            /**< the social security card itself */
} ssc_doc_type;

/** Business services (事项), one registry entry point each. */
typedef enum {
	SSC_SERVICE_UNSET = 0,
	SSC_SERVICE_APPLY = 1,               /**< 申领 (individual / online) */
	SSC_SERVICE_APPLY_BATCH = 2,         /**< 单位批量申领 */
	SSC_SERVICE_BATCH_TO_INDIVIDUAL = 3, /**< 批量转零星 */
	SSC_SERVICE_PRODUCE = 4,             /**< 制卡 */
	SSC_SERVICE_COLLECT = 5,             /**< 领取 */
	SSC_SERVICE_ACTIVATE_SS = 6,         /**< 社保功能启用 */
	SSC_SERVICE_ACTIVATE_FINANCIAL = 7,  /**< 金融功能激活 */
	SSC_SERVICE_ACTIVATE_LINKED = 8,     /**< 联动激活 */
	SSC_SERVICE_ACTIVATE_TRANSFER = 9,   /**< 转移激活 */
	SSC_SERVICE_REPORT_LOSS = 10,        /**< 挂失 */
	SSC_SERVICE_CANCEL_LOSS = 11,        /**< 解挂 */
	SSC_SERVICE_REPLACE_LOST = 12,       /**< 补领 */
	SSC_SERVICE_REPLACE_DAMAGED = 13,    /**< 换领 */
	SSC_SERVICE_REISSUE = 14,            /**< 换发 */
	SSC_SERVICE_INFO_CHANGE = 15,        /**< 信息变更 */
	SSC_SERVICE_PIN_CHANGE = 16,         /**< 密码修改 */
	SSC_SERVICE_PIN_RESET = 17,          /**< 密码重置 */
	SSC_SERVICE_UNLOCK = 18,             /**< 解锁 */
	SSC_SERVICE_STATUS_QUERY = 19,       /**< 应用状态查询 */
	SSC_SERVICE_CANCEL = 20,             /**< 注销 */
	SSC_SERVICE_ROLLBACK = 21            /**< 回退 */
} ssc_service;

SSC_END_DECL

#endif /* SOCIALCARD_TYPES_H */
