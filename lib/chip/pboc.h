/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The financial application (PBOC 2.0/3.0 UnionPay debit) on the same
 * chip (card-spec §4): PSE/PPSE discovery, UnionPay AIDs, SELECT, GPO with
 * a PDOL filled from terminal data, READ RECORD over the AFL, GET DATA,
 * the data objects social-card work needs, the holder-ID cross-check
 * against EF06, and issuer-script style MAC'd commands.  Internal.
 */
#ifndef SSC_CHIP_PBOC_H
#define SSC_CHIP_PBOC_H

#include "chip/sm.h"
#include "chip/ssse.h"

/* UnionPay AIDs (card-spec §4.1): debit (the one on social cards), credit,
 * quasi-credit, e-cash. */
extern const uint8_t ssc__pboc_aid_debit[8];
extern const uint8_t ssc__pboc_aid_credit[8];
extern const uint8_t ssc__pboc_aid_quasi_credit[8];
extern const uint8_t ssc__pboc_aid_ecash[8];
extern const char ssc__pboc_pse[14];  /* "1PAY.SYS.DDF01" */
extern const char ssc__pboc_ppse[14]; /* "2PAY.SYS.DDF01" */

#define SSC__PBOC_MAX_APPS 8

typedef struct ssc__pboc_app {
	uint8_t aid[16];
	size_t aid_len;
	uint8_t label[16];
	size_t label_len;
	int priority; /* 87, -1 when absent */
} ssc__pboc_app;

typedef struct ssc__pboc_options {
	bool contactless;      /* PPSE (2PAY) instead of PSE (1PAY) */
	/* Terminal data for the PDOL, as data objects; entries the card
	 * asks for that are missing here get these defaults (card-spec
	 * §4.2): 9F1A 0156, 5F2A 0156, 9F02/9F03 zero amount, 9C 00,
	 * 9F7A 00, 9A today from the context clock, 9F37 random,
	 * 9F66 from contactless_ttq.  Anything else is zero-filled. */
	const uint8_t *terminal_tlv;
	size_t terminal_len;
	uint8_t contactless_ttq[4]; /* 9F66; default 28 00 00 00 ([U]) */
	/* Try the UnionPay AIDs directly when PSE/PPSE is absent. */
	bool aid_fallback;     /* default true */
} ssc__pboc_options;

void ssc__pboc_options_default(ssc__pboc_options *o);

typedef struct ssc__pboc_fci {
	uint8_t aid[16];
	size_t aid_len;
	uint8_t label[16];
	size_t label_len;
	uint8_t pdol[252];
	size_t pdol_len;
	bool has_pdol;
} ssc__pboc_fci;

/* Parse the FCI of a selected ADF (6F {84, A5 {50, 87, 9F38, …}}). */
ssc_status ssc__pboc_parse_fci(ssc__pboc_fci *out, const uint8_t *fci,
			       size_t len);

/* PSE / PPSE: the list of applications, highest priority first. */
ssc_status ssc__pboc_list_apps(ssc__transport *t, const ssc__pboc_options *o,
			       ssc__pboc_app apps[SSC__PBOC_MAX_APPS],
			       size_t *n);

ssc_status ssc__pboc_select_app(ssc__transport *t, const uint8_t *aid,
				size_t aid_len, ssc__pboc_fci *fci);

/* GPO with the PDOL filled; AIP and AFL out (AFL validated). */
ssc_status ssc__pboc_gpo(ssc__transport *t, const ssc__pboc_options *o,
			 const ssc__pboc_fci *fci, uint8_t aip[2],
			 uint8_t *afl, size_t *afl_len);
ssc_status ssc__pboc_check_afl(const uint8_t *afl, size_t len);

/* What the read flow extracts (bytes and digit strings). */
typedef struct ssc__pboc_card {
	uint8_t aid[16];
	size_t aid_len;
	uint8_t aip[2];
	char pan[20];            /* 5A, F padding stripped */
	uint8_t track2[19];      /* 57 raw */
	size_t track2_len;
	char track2_pan[20];
	char track2_expiry[5];   /* YYMM */
	char service_code[4];
	char expiry[9];          /* 5F24 as YYYYMMDD */
	char effective[9];       /* 5F25 as YYYYMMDD, "" absent */
	int pan_seq;             /* 5F34, -1 absent */
	uint8_t name[45];        /* 5F20 bytes (may be GBK) */
	size_t name_len;
	uint8_t holder_id[40];   /* 9F61 bytes, padding stripped */
	size_t holder_id_len;
	bool has_holder_id;
	int holder_id_type;      /* 9F62: 00 ID card … ; -1 absent */
	int atc;                 /* 9F36, -1 absent */
	int last_online_atc;     /* 9F13, -1 absent */
	int pin_tries;           /* 9F17, -1 absent */
	char ecash_balance[13];  /* 9F79 n12 digits (fen), "" absent */
} ssc__pboc_card;

/* Collect the data objects of one record / template into *card. */
ssc_status ssc__pboc_collect(ssc__pboc_card *card, const uint8_t *data,
			     size_t len);

/* GET DATA (80 CA) of a 2-byte tag; SSC_ENOTFOUND when the card has none. */
ssc_status ssc__pboc_get_data(ssc__transport *t, uint16_t tag, uint8_t *out,
			      size_t *out_len);

/* The whole read flow: discovery (or AID fallback), SELECT, GPO, records
 * over the AFL, GET DATA 9F36 / 9F13 / 9F17 / 9F79. */
ssc_status ssc__pboc_read(ssc__transport *t, const ssc__pboc_options *o,
			  ssc__pboc_card *out);

/* Holder ID (9F61, type 00) vs EF06 社会保障号码: SSC_EMISMATCH (masked
 * numbers in the message) when they differ; *compared tells whether a
 * comparison was possible (9F61 present with type ID card or absent type). */
ssc_status ssc__pboc_check_holder(const ssc__pboc_card *fin,
				  const ssc__ssse_ef06 *ef06, bool *compared);

/* Offline plaintext VERIFY (00 20 00 80 08, ISO format-2 block);
 * tries_left as for the SSSE PIN operations. */
ssc_status ssc__pboc_verify_pin(ssc__transport *t, const char *pin,
				int *tries_left);

/* Issuer-script style commands, MAC'd (84 …, IV = challenge per sm):
 * APPLICATION BLOCK 84 1E, APPLICATION UNBLOCK 84 18, PIN UNBLOCK
 * 84 24 00 00, PIN CHANGE 84 24 00 01 with the enciphered new PIN. */
ssc_status ssc__pboc_app_block(ssc__transport *t, const ssc__sm_config *sm);
ssc_status ssc__pboc_app_unblock(ssc__transport *t, const ssc__sm_config *sm);
ssc_status ssc__pboc_pin_unblock(ssc__transport *t, const ssc__sm_config *sm);
ssc_status ssc__pboc_pin_change(ssc__transport *t, const ssc__sm_config *sm,
				const char *new_pin, size_t min_len,
				size_t max_len);

#endif /* SSC_CHIP_PBOC_H */
