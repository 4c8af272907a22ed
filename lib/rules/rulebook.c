/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rulebook: loading rule packs (built-in ones compiled in from
 * data/rules/, or files a deployment supplies) and resolving a region code
 * to its pack with the PPCC00 / PP0000 / national fall-back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules_int.h"
#include "calendar/embedded.h"

#define RULEPACK_MAX_FILE (4 * 1024 * 1024)

static const struct rules_pack *
find_code(const ssc_rulebook *rb, const char *code)
{
	for (size_t i = 0; i < rb->n_packs; i++) {
		json_t *codes = json_object_get(rb->packs[i].root, "codes");
		size_t j;
		json_t *c;

		if (!strcmp(rb->packs[i].id, code))
			return &rb->packs[i];
		json_array_foreach(codes, j, c)
			if (!strcmp(json_string_value(c), code))
				return &rb->packs[i];
	}
	return NULL;
}

static bool
valid_code(const char *s)
{
	if (!s || strlen(s) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The chain of codes after `code`: PPCC00 then PP0000 (skipping equal). */
static int
parent_codes(const char *code, char out[2][7])
{
	int n = 0;

	if (!valid_code(code))
		return 0;
	if (strcmp(code + 4, "00") != 0) {
		memcpy(out[n], code, 4);
		memcpy(out[n] + 4, "00", 3);
		n++;
	}
	if (strcmp(code + 2, "0000") != 0) {
		memcpy(out[n], code, 2);
		memcpy(out[n] + 2, "0000", 5);
		n++;
	}
	return n;
}

const struct rules_pack *
ssc__rulebook_find(const ssc_rulebook *rb, const char *region)
{
	const struct rules_pack *p;
	char parents[2][7];
	int n;

	if (valid_code(region)) {
		if ((p = find_code(rb, region)))
			return p;
		n = parent_codes(region, parents);
		for (int i = 0; i < n; i++)
			if ((p = find_code(rb, parents[i])))
				return p;
	}
	return find_code(rb, "national");
}

const struct rules_pack *
ssc__rulebook_parent(const ssc_rulebook *rb, const struct rules_pack *pack)
{
	const struct rules_pack *p;
	char parents[2][7];
	int n;

	if (!strcmp(pack->id, "national"))
		return NULL;
	n = parent_codes(pack->id, parents);
	for (int i = 0; i < n; i++)
		if ((p = find_code(rb, parents[i])) && p != pack)
			return p;
	return find_code(rb, "national");
}

const char *
ssc_rulebook_resolve(const ssc_rulebook *rb, const char *region)
{
	const struct rules_pack *p;

	if (!rb)
		return NULL;
	p = ssc__rulebook_find(rb, region);
	return p ? p->id : NULL;
}

/* Every pack's fall-back chain must reach national without a cycle (two
 * packs listing each other's parent codes would loop). */
static bool
chains_ok(const ssc_rulebook *rb)
{
	for (size_t i = 0; i < rb->n_packs; i++) {
		const struct rules_pack *p = &rb->packs[i];
		int steps = 0;
		while (p && strcmp(p->id, "national") != 0) {
			if (++steps > SSC__RULES_MAX_CHAIN)
				return false;
			p = ssc__rulebook_parent(rb, p);
		}
	}
	return true;
}

static ssc_status
cycle_error(const char *id)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_RULES,
			       "rule pack %s: codes: the fall-back chain "
			       "would loop or exceed %d packs",
			       id, SSC__RULES_MAX_CHAIN);
}

ssc_status
ssc_rulebook_load_json(ssc_rulebook *rb, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root, *codes, *c;
	const char *id;
	struct rules_pack *grown;
	char *idcopy;
	size_t i, j;
	ssc_status rc;

	if (!rb || (!text && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_rulebook_load_json: NULL argument");
	root = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES,
			  &jerr);
	if (!root)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_RULES,
				       "rule pack: line %d, column %d: %s",
				       jerr.line, jerr.column, jerr.text);
	if ((rc = ssc__rulepack_validate(root)) != SSC_OK) {
		json_decref(root);
		return rc;
	}
	id = json_string_value(json_object_get(root, "id"));
	if (strcmp(id, "national") != 0 && !find_code(rb, "national")) {
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_RULES,
				     "rule pack %s: no national pack loaded "
				     "to extend", id);
		json_decref(root); /* after the message: id lives in root */
		return rc;
	}
	/* A region code may answer for one pack only. */
	codes = json_object_get(root, "codes");
	json_array_foreach(codes, i, c) {
		const struct rules_pack *other =
			find_code(rb, json_string_value(c));
		if (other && strcmp(other->id, id) != 0) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_RULES,
					     "rule pack: codes[%zu]: region "
					     "%s already belongs to pack %s",
					     i, json_string_value(c),
					     other->id);
			json_decref(root);
			return rc;
		}
	}
	for (j = 0; j < rb->n_packs; j++) {
		if (!strcmp(rb->packs[j].id, id)) {
			json_t *old = rb->packs[j].root;
			rb->packs[j].root = root;
			if (!chains_ok(rb)) {
				rb->packs[j].root = old;
				rc = cycle_error(id); /* id lives in root */
				json_decref(root);
				return rc;
			}
			json_decref(old);
			return SSC_OK;
		}
	}
	idcopy = ssc__strdup(rb->ctx, id);
	grown = idcopy ? ssc__realloc(rb->ctx, rb->packs,
				      (rb->n_packs + 1) * sizeof *grown)
		       : NULL;
	if (!grown) {
		ssc__free(rb->ctx, idcopy);
		json_decref(root);
		return ssc_error_set_oom();
	}
	rb->packs = grown;
	grown[rb->n_packs].id = idcopy;
	grown[rb->n_packs].root = root;
	rb->n_packs++;
	if (!chains_ok(rb)) {
		rb->n_packs--;
		rc = cycle_error(id); /* id lives in root */
		ssc__free(rb->ctx, idcopy);
		json_decref(root);
		return rc;
	}
	return SSC_OK;
}

ssc_status
ssc_rulebook_load_file(ssc_rulebook *rb, const char *path)
{
	FILE *f;
	char *buf;
	size_t n;
	ssc_status rc;

	if (!rb || !path)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_rulebook_load_file: NULL argument");
	f = fopen(path, "rb");
	if (!f)
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					      SSC_NATIVE_ERRNO,
					      (uint32_t)errno,
					      "rule pack: cannot open %s: %s",
					      path, strerror(errno));
	buf = ssc__malloc(rb->ctx, RULEPACK_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return ssc_error_set_oom();
	}
	n = fread(buf, 1, RULEPACK_MAX_FILE + 1, f);
	if (ferror(f) || n > RULEPACK_MAX_FILE) {
		int err = ferror(f) ? errno : EFBIG;
		fclose(f);
		ssc__free(rb->ctx, buf);
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					      SSC_NATIVE_ERRNO, (uint32_t)err,
					      "rule pack: cannot read %s "
					      "(error or larger than 4 MiB)",
					      path);
	}
	fclose(f);
	rc = ssc_rulebook_load_json(rb, buf, n);
	ssc__free(rb->ctx, buf);
	return rc;
}

ssc_status
ssc_rulebook_new(ssc_rulebook **out, ssc_ctx *ctx)
{
	ssc_rulebook *rb;
	ssc_status rc;

	if (!out || !ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_rulebook_new: NULL argument");
	rb = ssc__calloc(ctx, 1, sizeof *rb);
	SSC__CHECK_ALLOC(rb);
	rb->ctx = ssc_ctx_ref(ctx);
	if ((rc = ssc_calendar_new(&rb->cal, ctx, 0)) != SSC_OK) {
		ssc_rulebook_free(rb);
		return rc;
	}
	/* national first: the others extend it. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ssc__builtin_rulepacks_count; i++) {
			const struct ssc__embedded_file *f =
				&ssc__builtin_rulepacks[i];
			bool is_nat = !strcmp(f->name, "national.json");
			if (is_nat != (pass == 0))
				continue;
			rc = ssc_rulebook_load_json(rb, f->data, f->size);
			if (rc != SSC_OK) {
				ssc__log(ctx, SSC_LOG_ERROR,
					 "built-in rule pack %s: %s", f->name,
					 ssc_error_last()->message);
				ssc_rulebook_free(rb);
				return rc;
			}
		}
	}
	*out = rb;
	return SSC_OK;
}

ssc_status
ssc__rulebook_clone(ssc_rulebook **out, const ssc_rulebook *rb)
{
	ssc_rulebook *c;
	ssc_status rc;

	c = ssc__calloc(rb->ctx, 1, sizeof *c);
	SSC__CHECK_ALLOC(c);
	c->ctx = ssc_ctx_ref(rb->ctx);
	c->packs = ssc__calloc(rb->ctx, rb->n_packs ? rb->n_packs : 1,
			       sizeof *c->packs);
	if (!c->packs) {
		ssc_rulebook_free(c);
		return ssc_error_set_oom();
	}
	for (size_t i = 0; i < rb->n_packs; i++) {
		c->packs[i].id = ssc__strdup(rb->ctx, rb->packs[i].id);
		if (!c->packs[i].id) {
			ssc_rulebook_free(c);
			return ssc_error_set_oom();
		}
		c->packs[i].root = json_incref(rb->packs[i].root);
		c->n_packs++;
	}
	if ((rc = ssc_calendar_new(&c->cal, rb->ctx, 0)) != SSC_OK) {
		ssc_rulebook_free(c);
		return rc;
	}
	*out = c;
	return SSC_OK;
}

void
ssc_rulebook_free(ssc_rulebook *rb)
{
	ssc_ctx *ctx;

	if (!rb)
		return;
	ctx = rb->ctx;
	for (size_t i = 0; i < rb->n_packs; i++) {
		ssc__free(ctx, rb->packs[i].id);
		json_decref(rb->packs[i].root);
	}
	ssc__free(ctx, rb->packs);
	ssc_calendar_free(rb->cal);
	ssc__free(ctx, rb);
	ssc_ctx_free(ctx);
}

ssc_calendar *
ssc_rulebook_calendar(ssc_rulebook *rb)
{
	return rb ? rb->cal : NULL;
}
