/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ssc_person: holder data with validating setters, the GB 3304 ethnicity
 * table, and age computations on the context's clock.
 */
#include <string.h>

#include "card/person_int.h"
#include "util/codec_int.h"
#include "util/gbk.h"

static const struct {
	const char *zh;
	const char *id;
} ethnicities[56] = {
	{ "汉族", "han" },           { "蒙古族", "mongol" },
	{ "回族", "hui" },           { "藏族", "tibetan" },
	{ "维吾尔族", "uyghur" },    { "苗族", "miao" },
	{ "彝族", "yi" },            { "壮族", "zhuang" },
	{ "布依族", "buyei" },       { "朝鲜族", "korean" },
	{ "满族", "manchu" },        { "侗族", "dong" },
	{ "瑶族", "yao" },           { "白族", "bai" },
	{ "土家族", "tujia" },       { "哈尼族", "hani" },
	{ "哈萨克族", "kazakh" },    { "傣族", "dai" },
	{ "黎族", "li" },            { "傈僳族", "lisu" },
	{ "佤族", "va" },            { "畲族", "she" },
	{ "高山族", "gaoshan" },     { "拉祜族", "lahu" },
	{ "水族", "sui" },           { "东乡族", "dongxiang" },
	{ "纳西族", "naxi" },        { "景颇族", "jingpo" },
	{ "柯尔克孜族", "kyrgyz" },  { "土族", "monguor" },
	{ "达斡尔族", "daur" },      { "仫佬族", "mulao" },
	{ "羌族", "qiang" },         { "布朗族", "blang" },
	{ "撒拉族", "salar" },       { "毛南族", "maonan" },
	{ "仡佬族", "gelao" },       { "锡伯族", "xibe" },
	{ "阿昌族", "achang" },      { "普米族", "pumi" },
	{ "塔吉克族", "tajik" },     { "怒族", "nu" },
	{ "乌孜别克族", "uzbek" },   { "俄罗斯族", "russian" },
	{ "鄂温克族", "evenki" },    { "德昂族", "deang" },
	{ "保安族", "bonan" },       { "裕固族", "yugur" },
	{ "京族", "gin" },           { "塔塔尔族", "tatar" },
	{ "独龙族", "derung" },      { "鄂伦春族", "oroqen" },
	{ "赫哲族", "hezhen" },      { "门巴族", "monpa" },
	{ "珞巴族", "lhoba" },       { "基诺族", "jino" },
};

const char *
ssc_ethnicity_name(int code)
{
	if (code >= 1 && code <= 56)
		return ethnicities[code - 1].zh;
	if (code == SSC_ETHNICITY_OTHER)
		return "其他";
	if (code == SSC_ETHNICITY_NATURALISED)
		return "外国血统中国籍人士";
	return NULL;
}

const char *
ssc_ethnicity_id(int code)
{
	if (code >= 1 && code <= 56)
		return ethnicities[code - 1].id;
	if (code == SSC_ETHNICITY_OTHER)
		return "other";
	if (code == SSC_ETHNICITY_NATURALISED)
		return "naturalised";
	return NULL;
}

const char *
ssc_residency_name(int residency)
{
	switch (residency) {
	case SSC_RESIDENCY_UNSET: return "unset";
	case SSC_RESIDENCY_MAINLAND: return "mainland";
	case SSC_RESIDENCY_HONG_KONG: return "hong_kong";
	case SSC_RESIDENCY_MACAU: return "macau";
	case SSC_RESIDENCY_TAIWAN: return "taiwan";
	case SSC_RESIDENCY_FOREIGN: return "foreign";
	default: return "unknown";
	}
}

const char *
ssc_insured_name(int insured)
{
	switch (insured) {
	case SSC_INSURED_UNSET: return "unset";
	case SSC_INSURED_YES: return "insured";
	case SSC_INSURED_NO: return "not_insured";
	case SSC_INSURED_SUSPENDED: return "suspended";
	default: return "unknown";
	}
}

const char *
ssc_age_band_name(int band)
{
	switch (band) {
	case SSC_AGE_BAND_UNSET: return "unset";
	case SSC_AGE_BAND_UNDER_7: return "under_7";
	case SSC_AGE_BAND_UNDER_16: return "under_16";
	case SSC_AGE_BAND_UNDER_18: return "under_18";
	case SSC_AGE_BAND_ADULT: return "adult";
	default: return "unknown";
	}
}

const char *
ssc_doc_type_name(int type)
{
	switch (type) {
	case SSC_DOC_UNSET: return "unset";
	case SSC_DOC_RESIDENT_ID: return "resident_id";
	case SSC_DOC_TEMPORARY_ID: return "temporary_id";
	case SSC_DOC_HOUSEHOLD_REGISTER: return "household_register";
	case SSC_DOC_HKMO_PERMIT: return "hkmo_permit";
	case SSC_DOC_TW_PERMIT: return "tw_permit";
	case SSC_DOC_RESIDENCE_PERMIT: return "residence_permit";
	case SSC_DOC_PASSPORT: return "passport";
	case SSC_DOC_FOREIGN_PR_CARD: return "foreign_pr_card";
	case SSC_DOC_OFFICER_CARD: return "officer_card";
	case SSC_DOC_BIRTH_CERTIFICATE: return "birth_certificate";
	case SSC_DOC_SS_CARD: return "ss_card";
	default: return "unknown";
	}
}

static ssc_status
einval(const char *what)
{
	return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID, "%s",
			       what);
}

bool
ssc__person_region_ok(const char *code)
{
	return code && ssc__is_digits(code, 6) &&
	       ssc__region_province_known(code);
}

static uint32_t
today_of(const ssc_person *p)
{
	return ssc_date_from_ms(ssc_ctx_now(p->ctx));
}

/* Replace *slot with a copy of s (NULL clears). */
static ssc_status
set_str(ssc_person *p, char **slot, const char *s)
{
	char *copy = NULL;

	if (s) {
		copy = ssc__strdup(p->ctx, s);
		SSC__CHECK_ALLOC(copy);
	}
	if (*slot) {
		ssc__wipe(*slot, strlen(*slot));
		ssc__free(p->ctx, *slot);
	}
	*slot = copy;
	return SSC_OK;
}

ssc_status
ssc_person_new(ssc_person **out, ssc_ctx *ctx)
{
	ssc_person *p;

	if (!out || !ctx)
		return einval("ssc_person_new: NULL argument");
	p = ssc__calloc(ctx, 1, sizeof(*p));
	SSC__CHECK_ALLOC(p);
	p->ctx = ssc_ctx_ref(ctx);
	*out = p;
	return SSC_OK;
}

void
ssc__person_clear(ssc_person *p)
{
	ssc_ctx *ctx = p->ctx;

	set_str(p, &p->name, NULL);
	set_str(p, &p->phone, NULL);
	set_str(p, &p->address, NULL);
	set_str(p, &p->doc_number, NULL);
	ssc__wipe(p, sizeof(*p));
	p->ctx = ctx;
}

void
ssc_person_free(ssc_person *person)
{
	ssc_ctx *ctx;

	if (!person)
		return;
	ctx = person->ctx;
	ssc__person_clear(person);
	ssc__free(ctx, person);
	ssc_ctx_free(ctx);
}

ssc_status
ssc__person_copy(ssc_person *dst, const ssc_person *src)
{
	ssc_person tmp = *src;
	char *name = NULL, *phone = NULL, *address = NULL, *doc = NULL;

	tmp.ctx = dst->ctx;
	if ((src->name && !(name = ssc__strdup(dst->ctx, src->name))) ||
	    (src->phone && !(phone = ssc__strdup(dst->ctx, src->phone))) ||
	    (src->address &&
	     !(address = ssc__strdup(dst->ctx, src->address))) ||
	    (src->doc_number &&
	     !(doc = ssc__strdup(dst->ctx, src->doc_number)))) {
		ssc__free(dst->ctx, name);
		ssc__free(dst->ctx, phone);
		ssc__free(dst->ctx, address);
		ssc__free(dst->ctx, doc);
		return ssc_error_set_oom();
	}
	tmp.name = name;
	tmp.phone = phone;
	tmp.address = address;
	tmp.doc_number = doc;
	ssc__person_clear(dst);
	*dst = tmp;
	return SSC_OK;
}

ssc_status
ssc_person_dup(ssc_person **out, const ssc_person *person)
{
	ssc_person *p;
	ssc_status rc;

	if (!out || !person)
		return einval("ssc_person_dup: NULL argument");
	if ((rc = ssc_person_new(&p, person->ctx)) < 0)
		return rc;
	if ((rc = ssc__person_copy(p, person)) < 0) {
		ssc_person_free(p);
		return rc;
	}
	*out = p;
	return SSC_OK;
}

ssc_status
ssc__person_set_id_at(ssc_person *p, const char *id, uint32_t today)
{
	ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
	ssc_status rc;

	if (!p)
		return einval("ssc_person_set_id_number: NULL person");
	if (!id) {
		ssc__wipe(p->id, sizeof(p->id));
		return SSC_OK;
	}
	if ((rc = ssc_idnumber_parse_at(&info, id, today)) < 0)
		return rc;
	memcpy(p->id, info.number, sizeof(p->id));
	p->birth_date = info.birth_date;
	if (info.sex != SSC_SEX_UNSET)
		p->sex = info.sex;
	ssc__wipe(&info, sizeof(info));
	return SSC_OK;
}

ssc_status
ssc_person_set_id_number(ssc_person *person, const char *id)
{
	if (!person)
		return einval("ssc_person_set_id_number: NULL person");
	return ssc__person_set_id_at(person, id, today_of(person));
}

const char *
ssc_person_id_number(const ssc_person *person)
{
	return person && person->id[0] ? person->id : NULL;
}

ssc_status
ssc_person_set_name(ssc_person *person, const char *name)
{
	ssc_buf gb = SSC_BUF_INIT;
	ssc_status rc;
	size_t len;

	if (!person)
		return einval("ssc_person_set_name: NULL person");
	if (!name)
		return set_str(person, &person->name, NULL);
	len = strlen(name);
	if (len == 0)
		return einval("name is empty");
	if (ssc__utf8_check(name, len, false) < 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "name is not valid UTF-8 or has "
				       "control characters");
	if (name[0] == ' ' || name[len - 1] == ' ')
		return einval("name begins or ends with a space");
	ssc__buf_bind(&gb, person->ctx);
	if ((rc = ssc__utf8_to_gbk(person->ctx, &gb, name, len)) < 0)
		return rc;
	len = gb.size;
	ssc_buf_dispose(&gb);
	if (len > SSC_NAME_FIELD_LEN + SSC_NAME_EXT_FIELD_LEN)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "name is %zu bytes in GB 18030; the card "
				       "holds 50", len);
	return set_str(person, &person->name, name);
}

const char *
ssc_person_name(const ssc_person *person)
{
	return person ? person->name : NULL;
}

ssc_status
ssc_person_set_sex(ssc_person *person, int sex)
{
	if (!person)
		return einval("ssc_person_set_sex: NULL person");
	if (sex != SSC_SEX_UNSET && sex != SSC_SEX_MALE &&
	    sex != SSC_SEX_FEMALE && sex != SSC_SEX_UNSPECIFIED)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown sex value %d", sex);
	/* A foreign permanent residence number (first digit 9) does not
	 * carry the sex. */
	if (person->id[0] && person->id[0] != '9' && sex != person->sex)
		return einval("sex disagrees with the identity number");
	person->sex = sex;
	return SSC_OK;
}

int
ssc_person_sex(const ssc_person *person)
{
	return person ? person->sex : SSC_SEX_UNSET;
}

ssc_status
ssc_person_set_ethnicity(ssc_person *person, int code)
{
	if (!person)
		return einval("ssc_person_set_ethnicity: NULL person");
	if (code != 0 && !ssc_ethnicity_name(code))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown GB 3304 ethnicity code %d",
				       code);
	person->ethnicity = code;
	return SSC_OK;
}

int
ssc_person_ethnicity(const ssc_person *person)
{
	return person ? person->ethnicity : 0;
}

ssc_status
ssc__person_set_birth_date_at(ssc_person *p, uint32_t ymd, uint32_t today)
{
	if (!p)
		return einval("ssc_person_set_birth_date: NULL person");
	if (ymd && !ssc_date_is_valid(ymd))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "birth date %08u is not a calendar date",
				       (unsigned)ymd);
	if (ymd && today && ymd > today)
		return einval("birth date is in the future");
	if (p->id[0] && ymd != p->birth_date)
		return einval("birth date disagrees with the identity number");
	p->birth_date = ymd;
	return SSC_OK;
}

ssc_status
ssc_person_set_birth_date(ssc_person *person, uint32_t ymd)
{
	if (!person)
		return einval("ssc_person_set_birth_date: NULL person");
	return ssc__person_set_birth_date_at(person, ymd, today_of(person));
}

uint32_t
ssc_person_birth_date(const ssc_person *person)
{
	return person ? person->birth_date : 0;
}

static ssc_status
set_code(char slot[7], const char *code, const char *what)
{
	if (!code) {
		slot[0] = '\0';
		return SSC_OK;
	}
	if (!ssc__person_region_ok(code))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s is not a 6-digit code of a known "
				       "province", what);
	memcpy(slot, code, 7);
	return SSC_OK;
}

ssc_status
ssc_person_set_birth_place(ssc_person *person, const char *code)
{
	if (!person)
		return einval("ssc_person_set_birth_place: NULL person");
	return set_code(person->birth_place, code, "birth place");
}

const char *
ssc_person_birth_place(const ssc_person *person)
{
	return person && person->birth_place[0] ? person->birth_place : NULL;
}

ssc_status
ssc_person_set_residency(ssc_person *person, int residency)
{
	if (!person)
		return einval("ssc_person_set_residency: NULL person");
	if (residency < SSC_RESIDENCY_UNSET || residency > SSC_RESIDENCY_FOREIGN)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown residency class %d", residency);
	person->residency = residency;
	return SSC_OK;
}

int
ssc_person_residency(const ssc_person *person)
{
	return person ? person->residency : SSC_RESIDENCY_UNSET;
}

ssc_status
ssc_person_set_phone(ssc_person *person, const char *phone)
{
	size_t len, digits = 0;

	if (!person)
		return einval("ssc_person_set_phone: NULL person");
	if (!phone)
		return set_str(person, &person->phone, NULL);
	len = strlen(phone);
	for (size_t i = 0; i < len; i++) {
		char c = phone[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == '+' && i == 0) && c != '-' && c != ' ')
			return einval("phone number: only digits, a leading "
				      "'+', '-' and spaces");
	}
	if (len < 5 || len > 20 || digits < 5)
		return einval("phone number must have 5 to 20 characters");
	return set_str(person, &person->phone, phone);
}

const char *
ssc_person_phone(const ssc_person *person)
{
	return person ? person->phone : NULL;
}

ssc_status
ssc_person_set_address(ssc_person *person, const char *address)
{
	size_t len;

	if (!person)
		return einval("ssc_person_set_address: NULL person");
	if (!address)
		return set_str(person, &person->address, NULL);
	len = strlen(address);
	if (len == 0 || len > 256)
		return einval("address must have 1 to 256 bytes");
	if (ssc__utf8_check(address, len, false) < 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "address is not valid UTF-8 or has "
				       "control characters");
	return set_str(person, &person->address, address);
}

const char *
ssc_person_address(const ssc_person *person)
{
	return person ? person->address : NULL;
}

ssc_status
ssc_person_set_insured(ssc_person *person, int insured, const char *region)
{
	if (!person)
		return einval("ssc_person_set_insured: NULL person");
	if (insured < SSC_INSURED_UNSET || insured > SSC_INSURED_SUSPENDED)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown insured status %d", insured);
	if (region && !ssc__person_region_ok(region))
		return einval("insured region is not a 6-digit code of a "
			      "known province");
	person->insured = insured;
	return set_code(person->insured_region, region, "insured region");
}

int
ssc_person_insured(const ssc_person *person)
{
	return person ? person->insured : SSC_INSURED_UNSET;
}

const char *
ssc_person_insured_region(const ssc_person *person)
{
	return person && person->insured_region[0] ? person->insured_region
						   : NULL;
}

ssc_status
ssc_person_set_document(ssc_person *person, int type, const char *number,
			uint32_t valid_until)
{
	size_t len;

	if (!person)
		return einval("ssc_person_set_document: NULL person");
	if (type == SSC_DOC_UNSET) {
		person->doc_type = SSC_DOC_UNSET;
		person->doc_valid_until = 0;
		return set_str(person, &person->doc_number, NULL);
	}
	if (type < SSC_DOC_RESIDENT_ID || type > SSC_DOC_SS_CARD)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown document type %d", type);
	if (!number)
		return einval("document number missing");
	len = strlen(number);
	if (len < 1 || len > 32)
		return einval("document number must have 1 to 32 characters");
	for (size_t i = 0; i < len; i++) {
		char c = number[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || c == '-' || c == '(' ||
		      c == ')'))
			return einval("document number: only letters, digits, "
				      "'-', '(' and ')'");
	}
	if (valid_until && !ssc_date_is_valid(valid_until))
		return einval("document validity is not a calendar date");
	if (type == SSC_DOC_RESIDENT_ID || type == SSC_DOC_TEMPORARY_ID) {
		ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
		ssc_status rc = ssc_idnumber_parse_at(&info, number, 0);
		if (rc < 0)
			return rc;
		if (set_str(person, &person->doc_number, info.number) < 0)
			return SSC_ENOMEM;
	} else if (set_str(person, &person->doc_number, number) < 0) {
		return SSC_ENOMEM;
	}
	person->doc_type = type;
	person->doc_valid_until = valid_until;
	return SSC_OK;
}

int
ssc_person_doc_type(const ssc_person *person)
{
	return person ? person->doc_type : SSC_DOC_UNSET;
}

const char *
ssc_person_doc_number(const ssc_person *person)
{
	return person ? person->doc_number : NULL;
}

uint32_t
ssc_person_doc_valid_until(const ssc_person *person)
{
	return person ? person->doc_valid_until : 0;
}

bool
ssc_person_doc_is_valid(const ssc_person *person, uint32_t on)
{
	if (!person || person->doc_type == SSC_DOC_UNSET ||
	    !ssc_date_is_valid(on))
		return false;
	return person->doc_valid_until == 0 || on <= person->doc_valid_until;
}

ssc_status
ssc_person_age(int *out, const ssc_person *person, uint32_t on)
{
	int age;

	if (!out || !person)
		return einval("ssc_person_age: NULL argument");
	if (!person->birth_date)
		return einval("birth date not set");
	if (on == 0)
		on = today_of(person);
	if (!ssc_date_is_valid(on))
		return einval("reference date is not a calendar date");
	age = ssc__years_between(person->birth_date, on);
	if (age < 0)
		return einval("reference date is before the birth date");
	*out = age;
	return SSC_OK;
}

ssc_status
ssc_person_age_band(int *out, const ssc_person *person, uint32_t on)
{
	int age;
	ssc_status rc;

	if (!out)
		return einval("ssc_person_age_band: NULL argument");
	if ((rc = ssc_person_age(&age, person, on)) < 0)
		return rc;
	if (age < SSC_AGE_PHOTO_REQUIRED)
		*out = SSC_AGE_BAND_UNDER_7;
	else if (age < SSC_AGE_OWN_ID_DOCUMENT)
		*out = SSC_AGE_BAND_UNDER_16;
	else if (age < SSC_AGE_ADULT)
		*out = SSC_AGE_BAND_UNDER_18;
	else
		*out = SSC_AGE_BAND_ADULT;
	return SSC_OK;
}

bool
ssc_person_is_minor(const ssc_person *person, uint32_t on)
{
	int age;
	ssc__error_saved saved;
	bool minor;

	ssc__error_save(&saved);
	minor = ssc_person_age(&age, person, on) == SSC_OK &&
		age < SSC_AGE_ADULT;
	ssc__error_restore(&saved);
	return minor;
}
