/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lifecycle.h, journal.h and registry.h: the services layer.  Registry (a
 * registry over a store it opened by URI) and Result (verdict, new states,
 * journal entry id, deadline).  socialcard/registry.py is the entry:
 *
 *   with socialcard.open("sqlite:cards.db", region="500000",
 *                        data_key=k, index_key=i) as reg:
 *       res = reg.activate_financial(card_id=..., actor=ActorRole.HOLDER,
 *                                    channel=Channel.BANK, request_id=...)
 *
 * The versioned C structs never reach Python: a request is a tuple built
 * by registry.py (_request_tuple), parsed here into an ssc_request whose
 * strings the tuple keeps alive while the GIL is released.
 */

/* ---- lifecycle.h -------------------------------------------------------- */
%ignore ssc_lc_states;
%ignore ssc_lc_states_init;
%ignore ssc_transition;
%ignore ssc_lifecycle_row;
%ignore ssc_lifecycle_find;
%ignore ssc_lifecycle_apply;
%ignore ssc_lifecycle_facts;
%ignore SSC_LC_STATES_VERSION;
%ignore SSC_LC_STATES_INIT;
%nothread ssc_event_name;
%nothread ssc_event_from_name;
%nothread ssc_lifecycle_row_count;
%apply ssc_buf *TEXT_OUT { ssc_buf *out };
%include "socialcard/lifecycle.h"

/* ---- journal.h ---------------------------------------------------------- */
%ignore ssc_journal_verify_entries;
%nothread ssc_post_name;
%apply unsigned long *OUTPUT { size_t *out_count };
SSC_OPEN_CHECK(ssc_store, store, "the Store")
%include "socialcard/journal.h"
%apply ssc_buf *BYTES_OUT { ssc_buf *out };

/* ---- registry.h --------------------------------------------------------- */
%ignore ssc_registry_options;
%ignore ssc_registry_options_init;
%ignore ssc_request;
%ignore ssc_request_init;
%ignore ssc_registry_open;
%ignore ssc_registry_open_uri;
%ignore ssc_registry_free;
%ignore ssc_registry_rulebook;
%ignore ssc_registry_store;
%ignore ssc_result_free;
%ignore ssc_result_verdict;
%ignore ssc_result_states;
%ignore ssc_batch_row;
%ignore ssc_registry_batch_import;
%ignore ssc_registry_batch_import_file;
%ignore ssc_registry_batch_status;
%ignore ssc_registry_batch_apply;
%ignore ssc_registry_process_due;
%ignore ssc_registry_apply;
%ignore ssc_registry_approve;
%ignore ssc_registry_reject_photo;
%ignore ssc_registry_resubmit_photo;
%ignore ssc_registry_generate_data;
%ignore ssc_registry_batch_to_individual;
%ignore ssc_registry_start_production;
%ignore ssc_registry_finish_production;
%ignore ssc_registry_mail;
%ignore ssc_registry_deliver;
%ignore ssc_registry_collect;
%ignore ssc_registry_activate_ss;
%ignore ssc_registry_activate_financial;
%ignore ssc_registry_activate_transfer;
%ignore ssc_registry_report_loss;
%ignore ssc_registry_cancel_loss;
%ignore ssc_registry_replace_lost;
%ignore ssc_registry_replace_damaged;
%ignore ssc_registry_reissue;
%ignore ssc_registry_info_change;
%ignore ssc_registry_pin_change;
%ignore ssc_registry_pin_reset;
%ignore ssc_registry_pin_blocked;
%ignore ssc_registry_unlock;
%ignore ssc_registry_status_query;
%ignore ssc_registry_cancel;
%ignore ssc_registry_rollback;
%ignore SSC_REGISTRY_OPTIONS_VERSION;
%ignore SSC_REGISTRY_OPTIONS_INIT;
%ignore SSC_REQUEST_VERSION;
%ignore SSC_REQUEST_INIT;
%ignore ssc_batch_row_fn;
%nothread ssc_result_summary;
%nothread ssc_result_card_id;
%nothread ssc_result_new_card_id;
%nothread ssc_result_entry_id;
%nothread ssc_result_event;
%nothread ssc_result_deadline;
%nothread ssc_result_replayed;
SSC_OUT_OBJECT(ssc_card)
SSC_OPEN_CHECK(ssc_registry, reg, "the Registry")
SSC_OPEN_CHECK(ssc_result, res, "the Result")
%include "socialcard/registry.h"

%{
typedef ssc_status (*ssc_py_service_fn)(ssc_result **, ssc_registry *,
					const ssc_request *);

/* Index = the Python-side service number (registry.py _SERVICES). */
static const ssc_py_service_fn ssc_py_services[] = {
	NULL, /* 0: apply, which also takes the holder */
	ssc_registry_approve,
	ssc_registry_reject_photo,
	ssc_registry_resubmit_photo,
	ssc_registry_generate_data,
	ssc_registry_batch_to_individual,
	ssc_registry_start_production,
	ssc_registry_finish_production,
	ssc_registry_mail,
	ssc_registry_deliver,
	ssc_registry_collect,
	ssc_registry_activate_ss,
	ssc_registry_activate_financial,
	ssc_registry_activate_transfer,
	ssc_registry_report_loss,
	ssc_registry_cancel_loss,
	ssc_registry_replace_lost,
	ssc_registry_replace_damaged,
	ssc_registry_reissue,
	ssc_registry_info_change,
	ssc_registry_pin_change,
	ssc_registry_pin_reset,
	ssc_registry_pin_blocked,
	ssc_registry_unlock,
	ssc_registry_status_query,
	ssc_registry_cancel,
	ssc_registry_rollback,
};

/* A request parsed from its tuple; arrays on the PyMem heap. */
typedef struct ssc_py_request {
	ssc_request req;
	ssc_presented_doc *docs;
	ssc_presented_material *mats;
	const char **refs;
	PyObject *dt, *mt, *rt; /* tuples keeping the items alive */
} ssc_py_request;

static void
ssc_py_request_release(ssc_py_request *r)
{
	PyMem_Free(r->docs);
	PyMem_Free(r->mats);
	PyMem_Free((void *)r->refs);
	Py_XDECREF(r->dt);
	Py_XDECREF(r->mt);
	Py_XDECREF(r->rt);
	memset(r, 0, sizeof(*r));
}

/* Fill @p r from the tuple of registry.py's _request_tuple().  The
 * strings belong to @p t, which the caller keeps alive. */
static int
ssc_py_request_get(ssc_py_request *r, PyObject *t)
{
	ssc_request *q = &r->req;
	PyObject *docs, *mats, *refs;
	Py_ssize_t i, n;
	long fee;

	memset(r, 0, sizeof(*r));
	ssc_request_init(q, SSC_REQUEST_VERSION);
	if (!PyTuple_Check(t)) {
		PyErr_SetString(PyExc_TypeError, "a request is a tuple");
		return -1;
	}
	if (!PyArg_ParseTuple(t, "sziizzzzzizzOOIOIIzzlzizzz;malformed request",
			      &q->request_id, &q->card_id, &q->actor,
			      &q->actor_doc_type, &q->actor_doc_number,
			      &q->acceptance_operator,
			      &q->processing_operator, &q->feedback_operator,
			      &q->case_id, &q->channel, &q->outlet,
			      &q->outlet_bank, &docs, &mats, &q->evidence,
			      &refs, &q->facts, &q->changes, &q->new_phone,
			      &q->new_address, &fee, &q->reason,
			      &q->production, &q->batch_id, &q->bank_code,
			      &q->card_number))
		return -1;
	q->fee_fen = fee;
	if (!(r->dt = PySequence_Tuple(docs)) ||
	    !(r->mt = PySequence_Tuple(mats)) ||
	    !(r->rt = PySequence_Tuple(refs)))
		goto fail;
	if ((n = PyTuple_GET_SIZE(r->dt)) > 0) {
		if (!(r->docs = PyMem_Calloc((size_t)n, sizeof(*r->docs))))
			goto nomem;
		for (i = 0; i < n; i++)
			if (!PyArg_ParseTuple(PyTuple_GET_ITEM(r->dt, i),
					      "iii;a document is (type, form, owner)",
					      &r->docs[i].type, &r->docs[i].form,
					      &r->docs[i].owner))
				goto fail;
		q->docs = r->docs;
		q->n_docs = (size_t)n;
	}
	if ((n = PyTuple_GET_SIZE(r->mt)) > 0) {
		if (!(r->mats = PyMem_Calloc((size_t)n, sizeof(*r->mats))))
			goto nomem;
		for (i = 0; i < n; i++)
			if (!PyArg_ParseTuple(PyTuple_GET_ITEM(r->mt, i),
					      "sI;a material is (id, flags)",
					      &r->mats[i].id, &r->mats[i].flags))
				goto fail;
		q->materials = r->mats;
		q->n_materials = (size_t)n;
	}
	if ((n = PyTuple_GET_SIZE(r->rt)) > 0) {
		if (!(r->refs = PyMem_Calloc((size_t)n, sizeof(*r->refs))))
			goto nomem;
		for (i = 0; i < n; i++)
			if (ssc_py_text_get(&r->refs[i],
					    PyTuple_GET_ITEM(r->rt, i), 0) < 0)
				goto fail;
		q->evidence_refs = r->refs;
		q->n_evidence_refs = (size_t)n;
	}
	return 0;
nomem:
	PyErr_NoMemory();
fail:
	ssc_py_request_release(r);
	return -1;
}

static PyObject *
ssc_py_result_obj(ssc_result *res)
{
	return SWIG_NewPointerObj(SWIG_as_voidptr(res), SWIGTYPE_p_ssc_result,
				  SWIG_POINTER_OWN);
}

/*
 * Run service @p which with the request tuple @p t (and @p holder for
 * apply, 0).  The Result (owned); a refusal raises NotEligible with the
 * attribute `result` set to the refusing Result.
 */
static PyObject *
ssc_py_registry_call(ssc_registry *reg, int which, PyObject *t,
		     const ssc_person *holder)
{
	ssc_py_request r;
	ssc_result *res = NULL;
	ssc_py_service_fn fn = NULL;
	PyObject *obj;
	ssc_status rc;

	if (!reg) {
		PyErr_SetString(PyExc_ValueError, "the Registry is closed");
		return NULL;
	}
	if (which < 0 || (size_t)which >= sizeof(ssc_py_services) /
					   sizeof(ssc_py_services[0])) {
		PyErr_SetString(PyExc_ValueError, "unknown service");
		return NULL;
	}
	fn = ssc_py_services[which];
	if (!fn && !holder) {
		PyErr_SetString(PyExc_TypeError, "apply needs a holder");
		return NULL;
	}
	if (ssc_py_request_get(&r, t) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = fn ? fn(&res, reg, &r.req)
		: ssc_registry_apply(&res, reg, &r.req, holder);
	Py_END_ALLOW_THREADS
	ssc_py_request_release(&r);
	if (ssc_py_take_pending()) {
		ssc_result_free(res);
		return NULL;
	}
	if (rc < 0) {
		if (!res)
			return ssc_py_raise(rc);
		if (!(obj = ssc_py_result_obj(res))) {
			ssc_result_free(res);
			return NULL;
		}
		ssc_py_raise_attr(rc, "result", obj);
		Py_DECREF(obj);
		return NULL;
	}
	return ssc_py_result_obj(res);
}

static ssc_registry *
ssc_py_registry_open(ssc_ctx *ctx, const char *uri, int cipher,
		     unsigned int data_key_id, PyObject *data_key,
		     PyObject *index_key, int sync, int journal_hash,
		     unsigned int max_attempts, const char *shared_post_packs)
{
	ssc_store_options so = SSC_STORE_OPTIONS_INIT;
	ssc_registry_options ro = SSC_REGISTRY_OPTIONS_INIT;
	ssc_py_bytes dk, ik;
	ssc_registry *reg = NULL;
	ssc_status rc;

	if (!ctx) {
		PyErr_SetString(PyExc_ValueError, "the Context is closed");
		return NULL;
	}
	if (!uri) {
		PyErr_SetString(PyExc_TypeError, "uri must be a str");
		return NULL;
	}
	if (ssc_py_opt_bytes_get(&dk, data_key) < 0)
		return NULL;
	if (ssc_py_opt_bytes_get(&ik, index_key) < 0) {
		ssc_py_bytes_release(&dk);
		return NULL;
	}
	so.cipher = cipher;
	so.data_key_id = data_key_id;
	so.data_key = dk.data;
	so.data_key_len = dk.len;
	so.index_key = ik.data;
	so.index_key_len = ik.len;
	so.sync = sync;
	ro.journal_hash = journal_hash;
	ro.max_attempts = max_attempts;
	ro.shared_post_packs = shared_post_packs;
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_registry_open_uri(&reg, ctx, uri, &so, &ro);
	Py_END_ALLOW_THREADS
	ssc_py_bytes_release(&dk);
	ssc_py_bytes_release(&ik);
	if (ssc_py_take_pending()) {
		ssc_registry_free(reg);
		return NULL;
	}
	if (rc < 0) {
		ssc_py_raise(rc);
		return NULL;
	}
	return reg;
}

/* close(): free the registry now and leave a NULL handle behind. */
static void
ssc_py_registry_close(PyObject *obj)
{
	SwigPyObject *s = SWIG_Python_GetSwigThis(obj);
	ssc_registry *reg;

	if (!s || s->ty != SWIGTYPE_p_ssc_registry || !s->ptr)
		return;
	reg = (ssc_registry *)s->ptr;
	s->ptr = NULL;
	if (s->own) {
		Py_BEGIN_ALLOW_THREADS
		ssc_registry_free(reg);
		Py_END_ALLOW_THREADS
	}
	s->own = 0;
}

/* A borrowed proxy whose owner goes: leave a NULL handle behind. */
static void
ssc_py_registry_detach(PyObject *obj)
{
	SwigPyObject *s = SWIG_Python_GetSwigThis(obj);

	if (s && !s->own)
		s->ptr = NULL;
}

/* The registry's store and rulebook: borrowed proxies. */
static PyObject *
ssc_py_registry_parts(ssc_registry *reg)
{
	if (!reg) {
		PyErr_SetString(PyExc_ValueError, "the Registry is closed");
		return NULL;
	}
	return Py_BuildValue("(NN)",
		SWIG_NewPointerObj(SWIG_as_voidptr(ssc_registry_store(reg)),
				   SWIGTYPE_p_ssc_store, 0),
		SWIG_NewPointerObj(SWIG_as_voidptr(ssc_registry_rulebook(reg)),
				   SWIGTYPE_p_ssc_rulebook, 0));
}

/* (card, fin, pin, ecard) of a result. */
static PyObject *
ssc_py_result_states(const ssc_result *res)
{
	ssc_lc_states st = SSC_LC_STATES_INIT;
	ssc_status rc;

	if (!res) {
		PyErr_SetString(PyExc_ValueError, "the Result is closed");
		return NULL;
	}
	if ((rc = ssc_result_states(&st, res)) < 0)
		return ssc_py_raise(rc);
	return Py_BuildValue("(iiii)", st.card, st.fin, st.pin, st.ecard);
}

/* The verdict of a result, borrowed (None without one). */
static PyObject *
ssc_py_result_verdict(const ssc_result *res)
{
	const ssc_verdict *v = res ? ssc_result_verdict(res) : NULL;

	if (!v)
		Py_RETURN_NONE;
	return SWIG_NewPointerObj(SWIG_as_voidptr((ssc_verdict *)v),
				  SWIGTYPE_p_ssc_verdict, 0);
}

static PyObject *
ssc_py_registry_process_due(ssc_registry *reg)
{
	size_t n = 0;
	ssc_status rc;

	if (!reg) {
		PyErr_SetString(PyExc_ValueError, "the Registry is closed");
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_registry_process_due(&n, reg);
	Py_END_ALLOW_THREADS
	if (ssc_py_take_pending())
		return NULL;
	if (rc < 0)
		return ssc_py_raise(rc);
	return PyLong_FromSize_t(n);
}

static PyObject *
ssc_py_registry_batch_status(ssc_registry *reg, const char *batch_id)
{
	size_t counts[SSC_BATCH_STATE_COUNT];
	PyObject *list;
	ssc_status rc;
	size_t i;

	if (!reg) {
		PyErr_SetString(PyExc_ValueError, "the Registry is closed");
		return NULL;
	}
	memset(counts, 0, sizeof(counts));
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_registry_batch_status(counts, reg, batch_id);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return ssc_py_raise(rc);
	if (!(list = PyList_New(SSC_BATCH_STATE_COUNT)))
		return NULL;
	for (i = 0; i < SSC_BATCH_STATE_COUNT; i++)
		PyList_SET_ITEM(list, (Py_ssize_t)i, PyLong_FromSize_t(counts[i]));
	return list;
}

static PyObject *
ssc_py_registry_batch_apply(ssc_registry *reg, PyObject *t, int event)
{
	ssc_py_request r;
	size_t done = 0;
	ssc_status rc;

	if (!reg) {
		PyErr_SetString(PyExc_ValueError, "the Registry is closed");
		return NULL;
	}
	if (ssc_py_request_get(&r, t) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_registry_batch_apply(&done, reg, &r.req, event);
	Py_END_ALLOW_THREADS
	ssc_py_request_release(&r);
	if (ssc_py_take_pending())
		return NULL;
	if (rc < 0)
		return ssc_py_raise(rc);
	return PyLong_FromSize_t(done);
}

/* The per-row callback of a batch import: calls the Python callable with
 * (line, status, card_id, message, reasons, missing) under the GIL; an
 * exception stops the import and is re-raised when it returns. */
struct ssc_py_batch_payload {
	PyObject *fn;
	PyObject *exc_type, *exc_value, *exc_tb;
};

static ssc_status
ssc_py_batch_row_cb(const ssc_batch_row *row, void *payload)
{
	struct ssc_py_batch_payload *p = payload;
	PyGILState_STATE g = PyGILState_Ensure();
	PyObject *reasons = NULL, *missing = NULL, *ret = NULL;
	ssc_status rc = SSC_OK;

	if (row->verdict) {
		reasons = ssc_py_verdict_items(row->verdict, 0);
		missing = reasons ? ssc_py_verdict_items(row->verdict, 2) : NULL;
	} else {
		reasons = PyList_New(0);
		missing = reasons ? PyList_New(0) : NULL;
	}
	if (reasons && missing)
		ret = PyObject_CallFunction(p->fn, "nizzOO",
					    (Py_ssize_t)row->line, row->status,
					    row->card_id, row->message,
					    reasons, missing);
	Py_XDECREF(reasons);
	Py_XDECREF(missing);
	if (!ret) {
		if (!p->exc_type)
			PyErr_Fetch(&p->exc_type, &p->exc_value, &p->exc_tb);
		else
			PyErr_WriteUnraisable(p->fn);
		PyErr_Clear();
		rc = SSC_EUSER;
	}
	Py_XDECREF(ret);
	PyGILState_Release(g);
	return rc;
}

/*
 * batch import of @p data (bytes-like) or the file @p path (exactly one);
 * (accepted, refused).
 */
static PyObject *
ssc_py_registry_batch_import(ssc_registry *reg, PyObject *t, PyObject *data,
			     const char *path, int encoding, PyObject *fn)
{
	struct ssc_py_batch_payload p;
	ssc_py_request r;
	ssc_py_bytes b;
	size_t acc = 0, ref = 0;
	ssc_status rc;

	memset(&p, 0, sizeof(p));
	if (!reg) {
		PyErr_SetString(PyExc_ValueError, "the Registry is closed");
		return NULL;
	}
	if (fn != Py_None && !PyCallable_Check(fn)) {
		PyErr_SetString(PyExc_TypeError, "the row callback must be callable");
		return NULL;
	}
	p.fn = fn == Py_None ? NULL : fn;
	if (ssc_py_opt_bytes_get(&b, data) < 0)
		return NULL;
	if (ssc_py_request_get(&r, t) < 0) {
		ssc_py_bytes_release(&b);
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	if (path)
		rc = ssc_registry_batch_import_file(&acc, &ref, reg, &r.req,
						    path, encoding,
						    p.fn ? ssc_py_batch_row_cb : NULL,
						    &p);
	else
		rc = ssc_registry_batch_import(&acc, &ref, reg, &r.req,
					       b.data, b.len, encoding,
					       p.fn ? ssc_py_batch_row_cb : NULL,
					       &p);
	Py_END_ALLOW_THREADS
	ssc_py_request_release(&r);
	ssc_py_bytes_release(&b);
	if (p.exc_type) {
		ssc_error_clear();
		PyErr_Restore(p.exc_type, p.exc_value, p.exc_tb);
		return NULL;
	}
	if (ssc_py_take_pending())
		return NULL;
	if (rc < 0)
		return ssc_py_raise(rc);
	return Py_BuildValue("(nn)", (Py_ssize_t)acc, (Py_ssize_t)ref);
}

/* Every row of the transition table as a tuple. */
static PyObject *
ssc_py_lifecycle_rows(void)
{
	size_t i, n = ssc_lifecycle_row_count();
	PyObject *list = PyList_New(0), *item;

	if (!list)
		return NULL;
	for (i = 0; i < n; i++) {
		const ssc_transition *tr = ssc_lifecycle_row(i);
		if (!tr)
			continue;
		item = Py_BuildValue("(iiiiiiiiIN)", tr->event, tr->from_state,
				     tr->from_fin, tr->from_pin, tr->to_state,
				     tr->to_fin, tr->to_pin, tr->service,
				     tr->effects, ssc_py_opt_str(tr->note));
		if (!item || PyList_Append(list, item) < 0) {
			Py_XDECREF(item);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(item);
	}
	return list;
}

/* Apply @p event to states (card, fin, pin, ecard): the new states, or
 * TransitionError. */
static PyObject *
ssc_py_lifecycle_apply(int event, int card, int fin, int pin, int ecard)
{
	ssc_lc_states in = SSC_LC_STATES_INIT, out = SSC_LC_STATES_INIT;
	ssc_status rc;

	in.card = card;
	in.fin = fin;
	in.pin = pin;
	in.ecard = ecard;
	if ((rc = ssc_lifecycle_apply(&out, NULL, &in, event, NULL)) < 0)
		return ssc_py_raise(rc);
	return Py_BuildValue("(iiii)", out.card, out.fin, out.pin, out.ecard);
}
%}
%nothread ssc_py_registry_call;
%nothread ssc_py_registry_open;
%nothread ssc_py_registry_close;
%nothread ssc_py_registry_parts;
%nothread ssc_py_registry_detach;
%rename(_registry_detach) ssc_py_registry_detach;
%nothread ssc_py_result_states;
%nothread ssc_py_result_verdict;
%nothread ssc_py_registry_process_due;
%nothread ssc_py_registry_batch_status;
%nothread ssc_py_registry_batch_apply;
%nothread ssc_py_registry_batch_import;
%nothread ssc_py_lifecycle_rows;
%nothread ssc_py_lifecycle_apply;
%rename(_registry_call) ssc_py_registry_call;
%rename(_registry_open) ssc_py_registry_open;
%rename(_registry_close) ssc_py_registry_close;
%rename(_registry_parts) ssc_py_registry_parts;
%rename(_result_states) ssc_py_result_states;
%rename(_result_verdict) ssc_py_result_verdict;
%rename(_registry_process_due) ssc_py_registry_process_due;
%rename(_registry_batch_status) ssc_py_registry_batch_status;
%rename(_registry_batch_apply) ssc_py_registry_batch_apply;
%rename(_registry_batch_import) ssc_py_registry_batch_import;
%rename(_lifecycle_rows) ssc_py_lifecycle_rows;
%rename(_lifecycle_apply) ssc_py_lifecycle_apply;
%typemap(in) PyObject *ANY_OBJ "$1 = $input;";
%apply PyObject *ANY_OBJ { PyObject *t, PyObject *data, PyObject *fn,
			   PyObject *data_key, PyObject *index_key,
			   PyObject *obj };
%newobject ssc_py_registry_open;
%typemap(out) ssc_registry *ssc_py_registry_open {
	if (!$1)
		SWIG_fail;
	$result = SWIG_NewPointerObj(SWIG_as_voidptr($1), SWIGTYPE_p_ssc_registry,
				     SWIG_POINTER_OWN);
}
PyObject *ssc_py_registry_call(ssc_registry *reg, int which, PyObject *t,
			       const ssc_person *holder);
ssc_registry *ssc_py_registry_open(ssc_ctx *ctx, const char *uri, int cipher,
				   unsigned int data_key_id,
				   PyObject *data_key, PyObject *index_key,
				   int sync, int journal_hash,
				   unsigned int max_attempts,
				   const char *shared_post_packs);
void ssc_py_registry_close(PyObject *obj);
PyObject *ssc_py_registry_parts(ssc_registry *reg);
void ssc_py_registry_detach(PyObject *obj);
PyObject *ssc_py_result_states(const ssc_result *res);
PyObject *ssc_py_result_verdict(const ssc_result *res);
PyObject *ssc_py_registry_process_due(ssc_registry *reg);
PyObject *ssc_py_registry_batch_status(ssc_registry *reg,
				       const char *batch_id);
PyObject *ssc_py_registry_batch_apply(ssc_registry *reg, PyObject *t,
				      int event);
PyObject *ssc_py_registry_batch_import(ssc_registry *reg, PyObject *t,
				       PyObject *data, const char *path,
				       int encoding, PyObject *fn);
PyObject *ssc_py_lifecycle_rows(void);
PyObject *ssc_py_lifecycle_apply(int event, int card, int fin, int pin,
				 int ecard);

/* ---- Registry ----------------------------------------------------------- */


%rename(Registry) ssc_registry;
%nodefaultctor ssc_registry;
struct ssc_registry {};
%exception ssc_registry::~ssc_registry {
	$action
}
%extend ssc_registry {
	~ssc_registry() {
		ssc_registry_free($self);
	}
	%pythoncode %{
    def __repr__(self):
        return "<socialcard._capi.Registry>"
	%}
}

/* ---- Result ------------------------------------------------------------- */

%rename(Result) ssc_result;
%nodefaultctor ssc_result;
struct ssc_result {};
%exception ssc_result::~ssc_result {
	$action
}
%extend ssc_result {
	~ssc_result() {
		ssc_result_free($self);
	}
	%pythoncode %{
    def __repr__(self):
        return "<socialcard._capi.Result>"
	%}
}
