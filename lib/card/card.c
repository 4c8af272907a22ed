/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ssc_card: the card record with validating setters, the state enums'
 * names, masking for display, and the card number / 卡识别码 codecs.
 */
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include "card/card_int.h"
#include "util/codec_int.h"

static const uint8_t rid[5] = { 0xD1, 0x56, 0x00, 0x00, 0x05 };

static ssc_status
einval(const char *what)
{
	return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID, "%s",
			       what);
}

/* ---- names ------------------------------------------------------------ */

const char *
ssc_card_state_name(int state)
{
	switch (state) {
	case SSC_CARD_STATE_UNSET: return "unset";
	case SSC_CARD_STATE_SUBMITTED: return "submitted";
	case SSC_CARD_STATE_PHOTO_REVIEW: return "photo_review";
	case SSC_CARD_STATE_PHOTO_REJECTED: return "photo_rejected";
	case SSC_CARD_STATE_APPROVED: return "approved";
	case SSC_CARD_STATE_DATA_GENERATED: return "data_generated";
	case SSC_CARD_STATE_IN_PRODUCTION: return "in_production";
	case SSC_CARD_STATE_AWAITING_COLLECTION: return "awaiting_collection";
	case SSC_CARD_STATE_IN_MAIL: return "in_mail";
	case SSC_CARD_STATE_ISSUED: return "issued";
	case SSC_CARD_STATE_ACTIVE: return "active";
	case SSC_CARD_STATE_REPORTED_LOST: return "reported_lost";
	case SSC_CARD_STATE_REPLACED: return "replaced";
	case SSC_CARD_STATE_CANCELLED: return "cancelled";
	case SSC_CARD_STATE_EXPIRED: return "expired";
	default: return "unknown";
	}
}

const char *
ssc_fin_state_name(int state)
{
	switch (state) {
	case SSC_FIN_STATE_UNSET: return "unset";
	case SSC_FIN_STATE_NOT_OPENED: return "not_opened";
	case SSC_FIN_STATE_AWAITING_ACTIVATION: return "awaiting_activation";
	case SSC_FIN_STATE_ACTIVE: return "active";
	case SSC_FIN_STATE_BLOCKED: return "blocked";
	case SSC_FIN_STATE_CLOSED: return "closed";
	default: return "unknown";
	}
}

const char *
ssc_pin_state_name(int state)
{
	switch (state) {
	case SSC_PIN_STATE_UNSET: return "unset";
	case SSC_PIN_STATE_NORMAL: return "normal";
	case SSC_PIN_STATE_LOCKED: return "locked";
	default: return "unknown";
	}
}

const char *
ssc_ecard_state_name(int state)
{
	if (state == SSC_ECARD_STATE_NONE)
		return "none";
	return ssc_card_state_name(state);
}

bool
ssc_card_state_is_final(int state)
{
	return state == SSC_CARD_STATE_REPLACED ||
	       state == SSC_CARD_STATE_CANCELLED ||
	       state == SSC_CARD_STATE_EXPIRED;
}

/* ---- card number and identifier --------------------------------------- */

static bool
number_ok(const char *s, size_t len)
{
	if (len != SSC_CARD_NUMBER_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

ssc_status
ssc_card_number_check(const char *number)
{
	if (!number || !number_ok(number, strlen(number)))
		return einval("card number must be 9 characters [0-9A-Z]");
	return SSC_OK;
}

ssc_status
ssc_card_number_parse(char out[10], const uint8_t *raw, size_t len)
{
	if (!out || !raw)
		return einval("ssc_card_number_parse: NULL argument");
	while (len > SSC_CARD_NUMBER_LEN &&
	       (raw[len - 1] == 0x00 || raw[len - 1] == 0x20 ||
		raw[len - 1] == 0xFF))
		len--;
	if (!number_ok((const char *)raw, len))
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "card number field of %zu bytes is not "
				       "9 characters [0-9A-Z]", len);
	memcpy(out, raw, SSC_CARD_NUMBER_LEN);
	out[SSC_CARD_NUMBER_LEN] = '\0';
	return SSC_OK;
}

ssc_status
ssc_card_identifier_check(const uint8_t *id, size_t len)
{
	if (!id)
		return einval("ssc_card_identifier_check: NULL argument");
	if (len != SSC_CARD_ID_LEN)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "card identifier of %zu bytes, expected "
				       "16", len);
	for (int i = 0; i < 3; i++)
		if ((id[i] >> 4) > 9 || (id[i] & 0x0F) > 9)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_ENCODING,
					       "card identifier: region byte %d "
					       "is not BCD", i + 1);
	if (memcmp(id + 3, rid, sizeof(rid)) != 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "card identifier: bytes 4-8 are not "
				       "D156000005");
	return SSC_OK;
}

ssc_status
ssc_card_identifier_parse(uint8_t out[16], const char *hex)
{
	uint8_t tmp[16];
	ssc_status rc;

	if (!out || !hex)
		return einval("ssc_card_identifier_parse: NULL argument");
	if ((rc = ssc__hex_parse(tmp, sizeof(tmp), hex, strlen(hex))) < 0)
		return rc;
	if ((rc = ssc_card_identifier_check(tmp, sizeof(tmp))) < 0)
		return rc;
	memcpy(out, tmp, sizeof(tmp));
	return SSC_OK;
}

ssc_status
ssc_card_identifier_format(char out[33], const uint8_t id[16])
{
	if (!out || !id)
		return einval("ssc_card_identifier_format: NULL argument");
	ssc__hex_format(out, id, SSC_CARD_ID_LEN);
	return SSC_OK;
}

ssc_status
ssc_card_identifier_region(char out[7], const uint8_t id[16])
{
	if (!out || !id)
		return einval("ssc_card_identifier_region: NULL argument");
	return ssc_bcd_region_decode(out, id, 3);
}

int
ssc_card_generation_of(const char *version)
{
	if (!version || strlen(version) != 4 || version[0] < '1' ||
	    version[0] > '3' || version[1] != '.' || version[2] < '0' ||
	    version[2] > '9' || version[3] < '0' || version[3] > '9')
		return 0;
	return version[0] - '0';
}

/* ---- the card ------------------------------------------------------------ */

bool
ssc__card_uuid_norm(char out[37], const char *s)
{
	uuid_t u;

	if (!s || strlen(s) != SSC_CARD_UUID_LEN || uuid_parse(s, u) != 0)
		return false;
	uuid_unparse_lower(u, out);
	return true;
}

static ssc_status
set_str(ssc_card *c, char **slot, const char *s)
{
	char *copy = NULL;

	if (s) {
		copy = ssc__strdup(c->ctx, s);
		SSC__CHECK_ALLOC(copy);
	}
	if (*slot) {
		ssc__wipe(*slot, strlen(*slot));
		ssc__free(c->ctx, *slot);
	}
	*slot = copy;
	return SSC_OK;
}

ssc_status
ssc_card_new(ssc_card **out, ssc_ctx *ctx)
{
	ssc_card *c;
	uuid_t u;
	ssc_status rc;

	if (!out || !ctx)
		return einval("ssc_card_new: NULL argument");
	c = ssc__calloc(ctx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	if ((rc = ssc_person_new(&c->holder, ctx)) < 0) {
		ssc__free(ctx, c);
		return rc;
	}
	c->ctx = ssc_ctx_ref(ctx);
	uuid_generate_random(u);
	uuid_unparse_lower(u, c->uuid);
	*out = c;
	return SSC_OK;
}

void
ssc_card_free(ssc_card *card)
{
	ssc_ctx *ctx;

	if (!card)
		return;
	ctx = card->ctx;
	ssc_person_free(card->holder);
	set_str(card, &card->institution, NULL);
	set_str(card, &card->photo_ref, NULL);
	set_str(card, &card->fin_account, NULL);
	if (card->extra) {
		ssc__wipe(card->extra, card->extra_len);
		ssc__free(ctx, card->extra);
	}
	ssc__wipe(card, sizeof(*card));
	ssc__free(ctx, card);
	ssc_ctx_free(ctx);
}

ssc_status
ssc_card_dup(ssc_card **out, const ssc_card *card)
{
	ssc_card *c;
	ssc_person *holder;
	ssc_status rc;

	if (!out || !card)
		return einval("ssc_card_dup: NULL argument");
	c = ssc__calloc(card->ctx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	*c = *card;
	c->institution = c->photo_ref = c->fin_account = NULL;
	c->extra = NULL;
	c->holder = NULL;
	c->ctx = ssc_ctx_ref(card->ctx);
	if ((rc = ssc_person_dup(&holder, card->holder)) < 0)
		goto fail;
	c->holder = holder;
	if ((rc = set_str(c, &c->institution, card->institution)) < 0 ||
	    (rc = set_str(c, &c->photo_ref, card->photo_ref)) < 0 ||
	    (rc = set_str(c, &c->fin_account, card->fin_account)) < 0)
		goto fail;
	if (card->extra_len) {
		c->extra = ssc__malloc(c->ctx, card->extra_len);
		if (!c->extra) {
			c->extra_len = 0;
			rc = ssc_error_set_oom();
			goto fail;
		}
		memcpy(c->extra, card->extra, card->extra_len);
	}
	*out = c;
	return SSC_OK;
fail:
	c->extra_len = 0;
	ssc_card_free(c);
	return rc;
}

const char *
ssc_card_uuid(const ssc_card *card)
{
	return card ? card->uuid : NULL;
}

ssc_status
ssc_card_set_uuid(ssc_card *card, const char *uuid)
{
	char norm[37];

	if (!card || !ssc__card_uuid_norm(norm, uuid))
		return einval("internal id must be a UUID");
	if (!strcmp(norm, card->replaces) || !strcmp(norm, card->replaced_by))
		return einval("internal id equals a replacement link");
	memcpy(card->uuid, norm, sizeof(norm));
	return SSC_OK;
}

uint64_t
ssc_card_revision(const ssc_card *card)
{
	return card ? card->revision : 0;
}

ssc_status
ssc_card_set_revision(ssc_card *card, uint64_t rev)
{
	if (!card)
		return einval("ssc_card_set_revision: NULL card");
	card->revision = rev;
	return SSC_OK;
}

ssc_status
ssc_card_set_number(ssc_card *card, const char *number)
{
	char up[10];
	size_t len;

	if (!card)
		return einval("ssc_card_set_number: NULL card");
	if (!number) {
		card->number[0] = '\0';
		return SSC_OK;
	}
	len = strlen(number);
	if (len != SSC_CARD_NUMBER_LEN)
		return einval("card number must be 9 characters [0-9A-Z]");
	for (size_t i = 0; i < len; i++)
		up[i] = number[i] >= 'a' && number[i] <= 'z'
				? (char)(number[i] - 'a' + 'A')
				: number[i];
	up[len] = '\0';
	if (!number_ok(up, len))
		return einval("card number must be 9 characters [0-9A-Z]");
	memcpy(card->number, up, sizeof(up));
	return SSC_OK;
}

const char *
ssc_card_number(const ssc_card *card)
{
	return card && card->number[0] ? card->number : NULL;
}

ssc_status
ssc_card_set_identifier(ssc_card *card, const uint8_t id[16])
{
	ssc_status rc;

	if (!card)
		return einval("ssc_card_set_identifier: NULL card");
	if (!id) {
		card->has_ident = false;
		memset(card->ident, 0, sizeof(card->ident));
		card->ident_hex[0] = '\0';
		return SSC_OK;
	}
	if ((rc = ssc_card_identifier_check(id, SSC_CARD_ID_LEN)) < 0) {
		char msg[256];
		snprintf(msg, sizeof(msg), "%s", ssc_error_last()->message);
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s", msg);
	}
	memcpy(card->ident, id, SSC_CARD_ID_LEN);
	ssc__hex_format(card->ident_hex, id, SSC_CARD_ID_LEN);
	card->has_ident = true;
	return SSC_OK;
}

const char *
ssc_card_identifier(const ssc_card *card)
{
	return card && card->has_ident ? card->ident_hex : NULL;
}

ssc_status
ssc_card_set_spec_version(ssc_card *card, const char *version)
{
	int gen;

	if (!card)
		return einval("ssc_card_set_spec_version: NULL card");
	if (!version) {
		card->spec_version[0] = '\0';
		card->generation = 0;
		return SSC_OK;
	}
	if (!(gen = ssc_card_generation_of(version)))
		return einval("spec version must be d.dd with d in 1..3");
	memcpy(card->spec_version, version, 5);
	card->generation = gen;
	return SSC_OK;
}

const char *
ssc_card_spec_version(const ssc_card *card)
{
	return card && card->spec_version[0] ? card->spec_version : NULL;
}

int
ssc_card_generation(const ssc_card *card)
{
	return card ? card->generation : 0;
}

ssc_status
ssc_card_set_generation(ssc_card *card, int generation)
{
	if (!card)
		return einval("ssc_card_set_generation: NULL card");
	if (generation < 0 || generation > 3)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "generation %d is not 1, 2 or 3",
				       generation);
	if (card->spec_version[0] &&
	    generation != ssc_card_generation_of(card->spec_version))
		return einval("generation disagrees with the spec version");
	card->generation = generation;
	return SSC_OK;
}

ssc_status
ssc_card_set_region(ssc_card *card, const char *code)
{
	if (!card)
		return einval("ssc_card_set_region: NULL card");
	if (!code) {
		card->region[0] = '\0';
		return SSC_OK;
	}
	if (!ssc__person_region_ok(code))
		return einval("issuing region is not a 6-digit code of a known "
			      "province");
	memcpy(card->region, code, 7);
	return SSC_OK;
}

const char *
ssc_card_region(const ssc_card *card)
{
	return card && card->region[0] ? card->region : NULL;
}

static bool
printable_ascii(const char *s, size_t min, size_t max)
{
	size_t len = strlen(s);
	if (len < min || len > max)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7E)
			return false;
	return true;
}

ssc_status
ssc_card_set_institution(ssc_card *card, const char *code)
{
	if (!card)
		return einval("ssc_card_set_institution: NULL card");
	if (code && !printable_ascii(code, 1, 64))
		return einval("institution: 1 to 64 printable ASCII "
			      "characters");
	return set_str(card, &card->institution, code);
}

const char *
ssc_card_institution(const ssc_card *card)
{
	return card ? card->institution : NULL;
}

ssc_status
ssc_card_set_dates(ssc_card *card, uint32_t issued, uint32_t expires)
{
	if (!card)
		return einval("ssc_card_set_dates: NULL card");
	if ((issued && !ssc_date_is_valid(issued)) ||
	    (expires && !ssc_date_is_valid(expires)))
		return einval("card dates must be calendar dates");
	if (issued && expires && expires < issued)
		return einval("expiry date precedes the issue date");
	card->issued = issued;
	card->expires = expires;
	return SSC_OK;
}

uint32_t
ssc_card_issue_date(const ssc_card *card)
{
	return card ? card->issued : 0;
}

uint32_t
ssc_card_expiry_date(const ssc_card *card)
{
	return card ? card->expires : 0;
}

const ssc_person *
ssc_card_holder(const ssc_card *card)
{
	return card ? card->holder : NULL;
}

ssc_status
ssc_card_set_holder(ssc_card *card, const ssc_person *holder)
{
	if (!card || !holder)
		return einval("ssc_card_set_holder: NULL argument");
	if (holder == card->holder)
		return SSC_OK;
	return ssc__person_copy(card->holder, holder);
}

ssc_status
ssc_card_set_photo_ref(ssc_card *card, const char *ref)
{
	size_t len;

	if (!card)
		return einval("ssc_card_set_photo_ref: NULL card");
	if (ref) {
		len = strlen(ref);
		if (len == 0 || len > 512)
			return einval("photo reference: 1 to 512 bytes");
		if (ssc__utf8_check(ref, len, false) < 0)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_ENCODING,
					       "photo reference is not valid "
					       "UTF-8 or has control "
					       "characters");
	}
	return set_str(card, &card->photo_ref, ref);
}

const char *
ssc_card_photo_ref(const ssc_card *card)
{
	return card ? card->photo_ref : NULL;
}

ssc_status
ssc_card_set_state(ssc_card *card, int state)
{
	if (!card)
		return einval("ssc_card_set_state: NULL card");
	if (state < SSC_CARD_STATE_UNSET || state > SSC_CARD_STATE_EXPIRED)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown card state %d", state);
	card->state = state;
	return SSC_OK;
}

int
ssc_card_get_state(const ssc_card *card)
{
	return card ? card->state : SSC_CARD_STATE_UNSET;
}

ssc_status
ssc_card_set_pin_state(ssc_card *card, int state)
{
	if (!card)
		return einval("ssc_card_set_pin_state: NULL card");
	if (state < SSC_PIN_STATE_UNSET || state > SSC_PIN_STATE_LOCKED)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown PIN state %d", state);
	card->pin_state = state;
	return SSC_OK;
}

int
ssc_card_pin_state(const ssc_card *card)
{
	return card ? card->pin_state : SSC_PIN_STATE_UNSET;
}

ssc_status
ssc_card_set_ecard_state(ssc_card *card, int state)
{
	if (!card)
		return einval("ssc_card_set_ecard_state: NULL card");
	if (state < SSC_ECARD_STATE_NONE || state > SSC_CARD_STATE_EXPIRED)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown e-card state %d", state);
	card->ecard_state = state;
	return SSC_OK;
}

int
ssc_card_ecard_state(const ssc_card *card)
{
	return card ? card->ecard_state : SSC_ECARD_STATE_NONE;
}

bool
ssc_card_ecard_in_sync(const ssc_card *card)
{
	return card && (card->ecard_state == SSC_ECARD_STATE_NONE ||
			card->ecard_state == card->state);
}

ssc_status
ssc_card_set_fin(ssc_card *card, int state, const char *bank_code,
		 const char *account)
{
	size_t len;

	if (!card)
		return einval("ssc_card_set_fin: NULL card");
	if (state < SSC_FIN_STATE_UNSET || state > SSC_FIN_STATE_CLOSED)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown financial state %d", state);
	if (bank_code) {
		len = strlen(bank_code);
		if (len < 1 || len > 12)
			return einval("bank code: 1 to 12 characters "
				      "[0-9A-Z]");
		for (size_t i = 0; i < len; i++)
			if (!((bank_code[i] >= '0' && bank_code[i] <= '9') ||
			      (bank_code[i] >= 'A' && bank_code[i] <= 'Z')))
				return einval("bank code: 1 to 12 characters "
					      "[0-9A-Z]");
	}
	if (account) {
		len = strlen(account);
		if (len < 8 || len > 32 || !ssc__is_digits(account, len))
			return einval("account number must be 8 to 32 digits");
	}
	if (set_str(card, &card->fin_account, account) < 0)
		return SSC_ENOMEM;
	if (bank_code)
		memcpy(card->fin_bank, bank_code, strlen(bank_code) + 1);
	else
		card->fin_bank[0] = '\0';
	card->fin_state = state;
	return SSC_OK;
}

int
ssc_card_fin_state(const ssc_card *card)
{
	return card ? card->fin_state : SSC_FIN_STATE_UNSET;
}

const char *
ssc_card_fin_bank(const ssc_card *card)
{
	return card && card->fin_bank[0] ? card->fin_bank : NULL;
}

const char *
ssc_card_fin_account(const ssc_card *card)
{
	return card ? card->fin_account : NULL;
}

ssc_status
ssc_card_fin_account_masked(ssc_buf *out, const ssc_card *card)
{
	char m[SSC__MASK_MAX];

	if (!out || !card)
		return einval("ssc_card_fin_account_masked: NULL argument");
	if (!card->fin_account)
		return ssc_buf_set(out, "", 0);
	ssc__mask_number(m, card->fin_account, 4, 4);
	return ssc_buf_set(out, m, strlen(m));
}

static ssc_status
set_link(ssc_card *card, char slot[37], const char *uuid)
{
	char norm[37];

	if (!card)
		return einval("replacement link: NULL card");
	if (!uuid) {
		slot[0] = '\0';
		return SSC_OK;
	}
	if (!ssc__card_uuid_norm(norm, uuid))
		return einval("replacement link must be a UUID");
	if (!strcmp(norm, card->uuid))
		return einval("a card cannot replace itself");
	memcpy(slot, norm, sizeof(norm));
	return SSC_OK;
}

ssc_status
ssc_card_set_replaces(ssc_card *card, const char *uuid)
{
	return set_link(card, card ? card->replaces : NULL, uuid);
}

const char *
ssc_card_replaces(const ssc_card *card)
{
	return card && card->replaces[0] ? card->replaces : NULL;
}

ssc_status
ssc_card_set_replaced_by(ssc_card *card, const char *uuid)
{
	return set_link(card, card ? card->replaced_by : NULL, uuid);
}

const char *
ssc_card_replaced_by(const ssc_card *card)
{
	return card && card->replaced_by[0] ? card->replaced_by : NULL;
}

ssc_status
ssc_card_describe(ssc_buf *out, const ssc_card *card)
{
	char id[SSC__MASK_MAX], name[SSC__MASK_MAX], acct[SSC__MASK_MAX],
		phone[SSC__MASK_MAX];
	ssc_buf tmp = SSC_BUF_INIT;
	const ssc_person *h;
	ssc_status rc;

	if (!out || !card)
		return einval("ssc_card_describe: NULL argument");
	h = card->holder;
	ssc__mask_id(id, h->id[0] ? h->id : "-");
	ssc__mask_name(name, h->name ? h->name : "-");
	if (card->fin_account)
		ssc__mask_number(acct, card->fin_account, 4, 4);
	else
		strcpy(acct, "-");
	if (h->phone)
		ssc__mask_number(phone, h->phone, 3, 4);
	else
		strcpy(phone, "-");
	tmp.alloc = out->alloc;
	tmp.alloc_payload = out->alloc_payload;
	rc = ssc__buf_printf(&tmp,
			     "card %s no %s gen %d region %s state %s "
			     "holder %s %s phone %s fin %s bank %s account %s "
			     "pin %s ecard %s rev %llu",
			     card->uuid, card->number[0] ? card->number : "-",
			     card->generation,
			     card->region[0] ? card->region : "-",
			     ssc_card_state_name(card->state), id, name, phone,
			     ssc_fin_state_name(card->fin_state),
			     card->fin_bank[0] ? card->fin_bank : "-", acct,
			     ssc_pin_state_name(card->pin_state),
			     ssc_ecard_state_name(card->ecard_state),
			     (unsigned long long)card->revision);
	if (rc < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}
