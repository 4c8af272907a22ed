/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The social-security application (SSSE) on the card: selection and FCI,
 * EF05/EF06 items read by tag, PIN verify/change/reload/unblock, the
 * generation-3 authentication steps and UPDATE RECORD for non-key items.
 * Results are plain structs of field bytes (names stay GBK, dates are
 * "YYYYMMDD"); the card model decodes them.  Internal: driven from the
 * reader's public API.
 */
#ifndef SSC_CHIP_SSSE_H
#define SSC_CHIP_SSSE_H

#include "chip/sm.h"

/* "sx1.sh.社会保障" in GBK (card-spec §1). */
extern const uint8_t ssc__ssse_df_name[15];

/* EF short file identifiers (card-spec §2). */
#define SSC__SSSE_SFI_EF05 5
#define SSC__SSSE_SFI_EF06 6

/* How READ RECORD asks for a length: the exact len + 2 (default), or 00
 * (256) as many readers do, relying on 6Cxx. */
#define SSC__SSSE_LE_EXACT 0
#define SSC__SSSE_LE_ZERO 1

typedef struct ssc__ssse_options {
	/* PIN length bounds; default 6..6 (card-spec §3: 4–16 allowed by
	 * LD/T 33, 6 usual); regions configure. */
	size_t pin_min_len, pin_max_len;
	/* SELECT MF 3F00 first and ignore its status word (one kiosk's
	 * workaround); default off. */
	bool select_mf_first;
	int le_mode;
	/* RELOAD (重置) command, card-spec §3 ([U]): 84 24 00 <reload_p2>
	 * with ENC(LV(PIN) ‖ 80…) of reload_block_len bytes ‖ MAC.
	 * Defaults: P2 01, 16 bytes (the observed 16 + 4). */
	uint8_t reload_p2;
	size_t reload_block_len;
	/* UNBLOCK (解锁) command: 84 24 00 <unblock_p2> with MAC only;
	 * default P2 00 ([U]). */
	uint8_t unblock_p2;
} ssc__ssse_options;

void ssc__ssse_options_default(ssc__ssse_options *o);

typedef struct ssc__ssse_fci {
	uint8_t df_name[16];
	size_t df_name_len;
	int dir_sfi;          /* tag 88, -1 when absent */
	int algorithm;        /* SSC__ALG_*; SSC__ALG_DES when absent */
	bool algorithm_present;
} ssc__ssse_fci;

/* Parse an SSSE FCI (6F {84, A5 {88, 9F0C {86 01 aa}}}).  Never reads past
 * len. */
ssc_status ssc__ssse_parse_fci(ssc__ssse_fci *out, const uint8_t *fci,
			       size_t len);

/* Select MF (optionally) and the SSSE DDF; fills *fci. */
ssc_status ssc__ssse_select(ssc__transport *t, const ssc__ssse_options *o,
			    ssc__ssse_fci *fci);

/* READ RECORD of one item by tag in SFI mode (P2 = SFI·8): value into
 * out[0..*out_len) (capacity on entry).  SSC_ENOTFOUND when the card says
 * the item is absent (6A82/6A83), SSC_ESECURITY when authentication is
 * needed (6982), SSC_EAPDU when the record header is wrong. */
ssc_status ssc__ssse_read_item(ssc__transport *t, const ssc__ssse_options *o,
			       uint8_t sfi, uint8_t tag, size_t len,
			       uint8_t *out, size_t *out_len);

/* EF05: card / issuer data. */
typedef struct ssc__ssse_ef05 {
	uint8_t card_id[16];      /* 卡识别码 (tag 01) */
	char card_id_hex[33];     /* upper-case hex */
	char region[7];           /* BCD bytes 1-3 of card_id, "" if not BCD */
	uint8_t card_type;        /* 卡类别 (tag 02), meaning [U] */
	bool has_card_type;
	char spec_version[5];     /* 规范版本 (tag 03), e.g. "2.00" */
	int generation;           /* first char of spec_version */
	uint8_t init_org[12];     /* 初始化机构编号 (tag 04), encoding [U] */
	bool has_init_org;
	char issue_date[9];       /* 发卡日期 (tag 05) YYYYMMDD */
	char expiry_date[9];      /* 卡有效期 (tag 06), "" when absent */
	char card_number[10];     /* 卡号 (tag 07) */
} ssc__ssse_ef05;

/* EF06: holder data (bytes as on the card). */
typedef struct ssc__ssse_ef06 {
	char ssn[19];             /* 社会保障号码 (tag 08) */
	uint8_t name[30];         /* 姓名 GBK, padding stripped (tag 09) */
	size_t name_len;
	uint8_t name_ext[20];     /* 姓名扩展 GBK (tag 4E) */
	size_t name_ext_len;
	bool has_name_ext;        /* false on cards without tag 4E */
	char sex;                 /* 性别 (tag 0A) ASCII digit */
	char ethnicity[3];        /* 民族 (tag 0B) 2 digits */
	char birthplace[7];       /* 出生地 (tag 0C), F padding stripped */
	char birth_date[9];       /* 出生日期 (tag 0D) YYYYMMDD */
} ssc__ssse_ef06;

/* Read EF05 (tags 01, 03, 07, then 02, 04, 05, 06).  A generation-3 card
 * answering 6982 gives SSC_ESECURITY ("needs SAM authentication"); the
 * items read before that (card_id, spec_version, generation …) stay in
 * *out so that the caller can authenticate and read again. */
ssc_status ssc__ssse_read_ef05(ssc__transport *t, const ssc__ssse_options *o,
			       ssc__ssse_ef05 *out);
/* Read EF06 (08, 09, 4E, 0A, 0B, 0C, 0D); 4E absent is not an error. */
ssc_status ssc__ssse_read_ef06(ssc__transport *t, const ssc__ssse_options *o,
			       ssc__ssse_ef06 *out);

/* Called when a generation-3 card refuses an item with 6982: authenticate
 * (e.g. ssc__ssse_external_auth_kp with key 0A, card-spec §2.6) and return
 * SSC_OK to have the read retried once, or an error to stop. */
typedef ssc_status (*ssc__ssse_auth_fn)(ssc__transport *t,
					const ssc__ssse_fci *fci,
					const ssc__ssse_ef05 *so_far,
					void *payload);

/* The minimal basic-info read of card-spec §2.8: SELECT (MF) SSSE, EF05,
 * EF06; with auth (may be NULL) called once on a generation-3 refusal. */
ssc_status ssc__ssse_read_basic(ssc__transport *t, const ssc__ssse_options *o,
				ssc__ssse_auth_fn auth, void *payload,
				ssc__ssse_fci *fci, ssc__ssse_ef05 *ef05,
				ssc__ssse_ef06 *ef06);

/* The record-level decoders (also used by the fuzzers). */
ssc_status ssc__ssse_decode_bcd_date(char out[9], const uint8_t *v, size_t len);

/* PIN operations.  tries_left (may be NULL) gets x of 63Cx, 0 when blocked,
 * -1 when the card did not say. */
ssc_status ssc__ssse_verify_pin(ssc__transport *t, const ssc__ssse_options *o,
				const char *pin, int *tries_left);
ssc_status ssc__ssse_change_pin(ssc__transport *t, const ssc__ssse_options *o,
				const char *old_pin, const char *new_pin,
				int *tries_left);
ssc_status ssc__ssse_reload_pin(ssc__transport *t, const ssc__ssse_options *o,
				const ssc__sm_config *sm, const char *new_pin);
ssc_status ssc__ssse_unblock_pin(ssc__transport *t, const ssc__ssse_options *o,
				 const ssc__sm_config *sm);

/* Generation-3 authentication as steps (challenge out -> cryptogram in),
 * so that a key provider or an HSM computes the cryptograms. */
ssc_status ssc__ssse_get_challenge(ssc__transport *t, int algorithm,
				   uint8_t *out, size_t *out_len);
ssc_status ssc__ssse_external_auth(ssc__transport *t, uint8_t key_no,
				   const uint8_t *cryptogram, size_t len);
ssc_status ssc__ssse_internal_auth(ssc__transport *t, const uint8_t *data,
				   size_t len, uint8_t *resp, size_t *resp_len);
/* The steps with a key provider: EXTERNAL AUTHENTICATE with
 * ECB-encrypt(key, challenge); INTERNAL AUTHENTICATE with a random
 * challenge, the card's answer checked against ECB-encrypt(key,
 * challenge) (SSC_EMAC on mismatch).  The cryptogram formula is the
 * ISO 7816 default; card-spec §2.6 leaves the exact one [U], hence the raw
 * steps above. */
ssc_status ssc__ssse_external_auth_kp(ssc__transport *t, ssc_key_provider *kp,
				      const char *key_id, uint8_t key_no,
				      int algorithm);
ssc_status ssc__ssse_internal_auth_kp(ssc__transport *t, ssc_key_provider *kp,
				      const char *key_id, int algorithm);

/* UPDATE RECORD of a non-key item (refuses tags 01, 03, 07, 08).  With sm
 * the command is MAC'd (04 DC …), else plain (00 DC …, after EXTERNAL
 * AUTHENTICATE).  Values shorter than the field are padded as writers do
 * (09: 00, 4E: FF); other items must have their exact length. */
ssc_status ssc__ssse_update_item(ssc__transport *t, const ssc__sm_config *sm,
				 uint8_t sfi, uint8_t tag,
				 const uint8_t *value, size_t len);

/* Personalisation of a blank card: UPDATE RECORD of any item, key items
 * (01, 03, 07, 08) included, plain after EXTERNAL AUTHENTICATE; padded as
 * ssc__ssse_update_item() does. */
ssc_status ssc__ssse_personalise_item(ssc__transport *t, uint8_t sfi,
				      uint8_t tag, const uint8_t *value,
				      size_t len);

#endif /* SSC_CHIP_SSSE_H */
