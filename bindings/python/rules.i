/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rules.h: Rulebook (rule packs + their calendar), Situation (what the
 * applicant brings, a keyword-constructed dataclass in socialcard.rules)
 * and Verdict (allowed, reasons, materials, deadline, fee).
 *
 *   rb = Rulebook(ctx=None)             built-in packs and calendar
 *   v = rb.check(Service.APPLY, Situation(actor=..., docs=[...]))
 *   v.allowed, v.reasons, v.required, v.missing, v.deadline, v.fee
 *   str(v) (Chinese), v.format("en"); v.raise_if_refused() → NotEligible
 *
 * The C structs never reach Python: helpers below turn them into tuples
 * that socialcard/rules.py makes into frozen dataclasses.
 */
%ignore ssc_rulebook_new;
%ignore ssc_rulebook_free;
%ignore ssc_verdict_free;
%ignore ssc_situation;
%ignore ssc_situation_init;
%ignore ssc_presented_doc;
%ignore ssc_presented_material;
%ignore ssc_reason;
%ignore ssc_material;
%ignore ssc_deadline;
%ignore ssc_fee;
%ignore ssc_service_point;
%ignore ssc_rules_check;
%ignore ssc_verdict_reason;
%ignore ssc_verdict_material;
%ignore ssc_verdict_note;
%ignore ssc_verdict_deadline;
%ignore ssc_verdict_fee;
%ignore ssc_rulebook_point;
%ignore SSC_SITUATION_VERSION;
%ignore SSC_SITUATION_INIT;
%ignore SSC_SERVICE_POINT_VERSION;
%ignore SSC_SERVICE_POINT_INIT;
%nothread ssc_service_name;
%nothread ssc_service_from_name;
%include "socialcard/rules.h"

%{
static PyObject *
ssc_py_str_or_none(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return ssc_py_text_new(s, strlen(s));
}

static PyObject *
ssc_py_reason_tuple(const ssc_reason *r)
{
	return Py_BuildValue("(NNNNN)", ssc_py_str_or_none(r->code),
			     ssc_py_str_or_none(r->text_zh),
			     ssc_py_str_or_none(r->text_en),
			     ssc_py_str_or_none(r->source),
			     ssc_py_str_or_none(r->rule));
}

/* kind 0: reasons, 1: notes, 2: materials. */
static PyObject *
ssc_py_verdict_items(const ssc_verdict *v, int kind)
{
	size_t n, i;
	PyObject *list, *item;

	if (!v) {
		PyErr_SetString(PyExc_ValueError, "no verdict");
		return NULL;
	}
	n = kind == 0 ? ssc_verdict_reason_count(v)
		      : kind == 1 ? ssc_verdict_note_count(v)
				  : ssc_verdict_material_count(v);
	if (!(list = PyList_New(0)))
		return NULL;
	for (i = 0; i < n; i++) {
		if (kind == 2) {
			const ssc_material *m = ssc_verdict_material(v, i);
			if (!m)
				continue;
			item = Py_BuildValue("(NNNNIii)",
					     ssc_py_str_or_none(m->id),
					     ssc_py_str_or_none(m->text_zh),
					     ssc_py_str_or_none(m->text_en),
					     ssc_py_str_or_none(m->source),
					     m->copies, m->optional, m->missing);
		} else {
			const ssc_reason *r = kind == 0
				? ssc_verdict_reason(v, i) : ssc_verdict_note(v, i);
			if (!r)
				continue;
			item = ssc_py_reason_tuple(r);
		}
		if (!item || PyList_Append(list, item) < 0) {
			Py_XDECREF(item);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(item);
	}
	return list;
}

/* (unit, amount, statutory_working_days, due_status, due_ms, zh, en,
 *  source), or None without a deadline. */
static PyObject *
ssc_py_verdict_deadline(const ssc_verdict *v)
{
	const ssc_deadline *d = v ? ssc_verdict_deadline(v) : NULL;

	if (!d || d->unit == SSC_DEADLINE_NONE)
		Py_RETURN_NONE;
	return Py_BuildValue("(iIIiLNNN)", d->unit, d->amount,
			     d->statutory_working_days, d->due_status,
			     (long long)d->due_ms,
			     ssc_py_str_or_none(d->text_zh),
			     ssc_py_str_or_none(d->text_en),
			     ssc_py_str_or_none(d->source));
}

/* (charged, amount_fen, zh, en, source), or None. */
static PyObject *
ssc_py_verdict_fee(const ssc_verdict *v)
{
	const ssc_fee *f = v ? ssc_verdict_fee(v) : NULL;

	if (!f)
		Py_RETURN_NONE;
	return Py_BuildValue("(ilNNN)", f->charged, f->amount_fen,
			     ssc_py_str_or_none(f->text_zh),
			     ssc_py_str_or_none(f->text_en),
			     ssc_py_str_or_none(f->source));
}

/* The service points of a region's pack as a list of tuples. */
static PyObject *
ssc_py_rulebook_points(const ssc_rulebook *rb, const char *region)
{
	size_t n, i;
	PyObject *list, *item;
	ssc_status rc;

	if (!rb) {
		PyErr_SetString(PyExc_ValueError, "no rulebook");
		return NULL;
	}
	n = ssc_rulebook_point_count(rb, region);
	if (!(list = PyList_New(0)))
		return NULL;
	for (i = 0; i < n; i++) {
		ssc_service_point p = SSC_SERVICE_POINT_INIT;
		if ((rc = ssc_rulebook_point(&p, rb, region, i)) < 0) {
			Py_DECREF(list);
			return ssc_py_raise(rc);
		}
		item = Py_BuildValue("(NNNNNNNNIN)", ssc_py_str_or_none(p.id),
				     ssc_py_str_or_none(p.kind),
				     ssc_py_str_or_none(p.name),
				     ssc_py_str_or_none(p.address),
				     ssc_py_str_or_none(p.hours),
				     ssc_py_str_or_none(p.phone),
				     ssc_py_str_or_none(p.hall),
				     ssc_py_str_or_none(p.bank),
				     (unsigned int)p.capabilities,
				     ssc_py_str_or_none(p.pack));
		if (!item || PyList_Append(list, item) < 0) {
			Py_XDECREF(item);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(item);
	}
	return list;
}

static int
ssc_py_opt_text(const char **out, PyObject *o)
{
	return ssc_py_text_get(out, o, 1);
}

/*
 * rules_check(rb, service, actor, channel, service_point, outlet_bank,
 *             birth, residency, insured, facts, card_bank,
 *             docs: [(type, form, owner)], materials: [(id, flags)],
 *             evidence, changes) → Verdict (owned)
 */
static PyObject *
ssc_py_rules_check(const ssc_rulebook *rb, int service, int actor,
		   int channel, PyObject *service_point, PyObject *outlet_bank,
		   unsigned int birth, int residency, int insured,
		   unsigned int facts, PyObject *card_bank, PyObject *docs,
		   PyObject *materials, unsigned int evidence,
		   unsigned int changes)
{
	ssc_situation sit = SSC_SITUATION_INIT;
	ssc_presented_doc *dv = NULL;
	ssc_presented_material *mv = NULL;
	PyObject *dt = NULL, *mt = NULL, *result = NULL;
	ssc_verdict *verdict = NULL;
	Py_ssize_t i, nd = 0, nm = 0;
	ssc_status rc;

	if (!rb) {
		PyErr_SetString(PyExc_ValueError, "no rulebook");
		return NULL;
	}
	sit.actor = actor;
	sit.channel = channel;
	sit.holder_birth_date = birth;
	sit.residency = residency;
	sit.insured = insured;
	sit.card_facts = facts;
	sit.evidence = evidence;
	sit.changes = changes;
	if (ssc_py_opt_text(&sit.service_point, service_point) < 0 ||
	    ssc_py_opt_text(&sit.outlet_bank, outlet_bank) < 0 ||
	    ssc_py_opt_text(&sit.card_bank, card_bank) < 0)
		return NULL;
	if (!(dt = PySequence_Tuple(docs)) ||
	    !(mt = PySequence_Tuple(materials)))
		goto out;
	nd = PyTuple_GET_SIZE(dt);
	nm = PyTuple_GET_SIZE(mt);
	if ((nd && !(dv = PyMem_Calloc((size_t)nd, sizeof(*dv)))) ||
	    (nm && !(mv = PyMem_Calloc((size_t)nm, sizeof(*mv))))) {
		PyErr_NoMemory();
		goto out;
	}
	for (i = 0; i < nd; i++)
		if (!PyArg_ParseTuple(PyTuple_GET_ITEM(dt, i),
				      "iii;a document is (type, form, owner)",
				      &dv[i].type, &dv[i].form, &dv[i].owner))
			goto out;
	for (i = 0; i < nm; i++)
		if (!PyArg_ParseTuple(PyTuple_GET_ITEM(mt, i),
				      "sI;a material is (id, flags)",
				      &mv[i].id, &mv[i].flags))
			goto out;
	sit.docs = dv;
	sit.n_docs = (size_t)nd;
	sit.materials = mv;
	sit.n_materials = (size_t)nm;
	/* The tuples keep every string alive while the GIL is released. */
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_rules_check(&verdict, rb, service, &sit);
	Py_END_ALLOW_THREADS
	if (ssc_py_take_pending()) {
		ssc_verdict_free(verdict);
		goto out;
	}
	if (rc < 0) {
		ssc_py_raise(rc);
		goto out;
	}
	result = SWIG_NewPointerObj(SWIG_as_voidptr(verdict),
				    SWIGTYPE_p_ssc_verdict, SWIG_POINTER_OWN);
out:
	PyMem_Free(dv);
	PyMem_Free(mv);
	Py_XDECREF(dt);
	Py_XDECREF(mt);
	return result;
}
%}
%nothread ssc_py_verdict_items;
%nothread ssc_py_verdict_deadline;
%nothread ssc_py_verdict_fee;
%nothread ssc_py_rulebook_points;
%nothread ssc_py_rules_check;
%rename(_verdict_items) ssc_py_verdict_items;
%rename(_verdict_deadline) ssc_py_verdict_deadline;
%rename(_verdict_fee) ssc_py_verdict_fee;
%rename(_rulebook_points) ssc_py_rulebook_points;
%rename(_rules_check) ssc_py_rules_check;
PyObject *ssc_py_verdict_items(const ssc_verdict *v, int kind);
PyObject *ssc_py_verdict_deadline(const ssc_verdict *v);
PyObject *ssc_py_verdict_fee(const ssc_verdict *v);
PyObject *ssc_py_rulebook_points(const ssc_rulebook *rb, const char *region);
%typemap(in) PyObject *ANY_OBJ "$1 = $input;";
%apply PyObject *ANY_OBJ { PyObject *service_point, PyObject *outlet_bank,
			   PyObject *card_bank, PyObject *docs,
			   PyObject *materials };
PyObject *ssc_py_rules_check(const ssc_rulebook *rb, int service, int actor,
			     int channel, PyObject *service_point,
			     PyObject *outlet_bank, unsigned int birth,
			     int residency, int insured, unsigned int facts,
			     PyObject *card_bank, PyObject *docs,
			     PyObject *materials, unsigned int evidence,
			     unsigned int changes);

/* ---- Rulebook --------------------------------------------------------- */

%rename(Rulebook) ssc_rulebook;
%nodefaultctor ssc_rulebook;
struct ssc_rulebook {};
%nothread ssc_rulebook::ssc_rulebook;
%exception ssc_rulebook::~ssc_rulebook {
	$action
}
%exception ssc_rulebook::ssc_rulebook {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_rulebook::ssc_rulebook %{
def __init__(self, ctx=None):
    """The built-in rule packs and calendar, in ``ctx`` (a private
    Context when None).  The Context's region picks the pack."""
    _socialcard.Rulebook_swiginit(self, $action(_util.context(ctx)))
%}
%extend ssc_rulebook {
	ssc_rulebook(ssc_ctx *ctx) {
		ssc_rulebook *rb = NULL;
		ssc_status rc = ssc_rulebook_new(&rb, ctx);
		if (rc < 0)
			ssc_py_raise(rc);
		return rb;
	}
	~ssc_rulebook() {
		ssc_rulebook_free($self);
	}
	%pythoncode %{
    def load_json(self, text: str) -> None:
        """Add or replace a rule pack from JSON text (ParseError)."""
        rulebook_load_json(self, text)

    def load_file(self, path) -> None:
        """Add or replace a rule pack from a file."""
        import os
        rulebook_load_file(self, os.fspath(path))

    @property
    def calendar(self) -> "Calendar":
        """The rulebook's Calendar, borrowed: it keeps the rulebook
        alive; load further years into it."""
        cal = rulebook_calendar(self)
        cal._parent = self
        return cal

    def resolve(self, region=None):
        """Id of the pack that applies to ``region`` after fall-back
        (city, province, national), e.g. "500000"; None: "national".
        check() uses the pack of the Context's region."""
        return rulebook_resolve(self, region)

    def service_points(self, region=None):
        """The service points of the pack for ``region``, a list of
        socialcard.rules.ServicePoint."""
        from .rules import ServicePoint
        return [ServicePoint(*t) for t in _rulebook_points(self, region)]

    def check(self, service, situation=None, **kwargs) -> "Verdict":
        """Check ``service`` (socialcard.Service or its name) for a
        Situation, or for one built from the keyword arguments."""
        from .rules import Situation
        if situation is None:
            situation = Situation(**kwargs)
        elif kwargs:
            raise TypeError("give a Situation or keywords, not both")
        if isinstance(service, str):
            code = service_from_name(service)
            if not code:
                raise _errors.InvalidArgument(
                    "unknown service %r" % service, code=_enums.ErrorCode.EINVAL)
            service = code
        return _rules_check(self, int(service), *situation._c_args())

    def __repr__(self):
        return "<socialcard.Rulebook>"
	%}
}

/* ---- Verdict ---------------------------------------------------------- */

%rename(Verdict) ssc_verdict;
%nodefaultctor ssc_verdict;
struct ssc_verdict {};
%exception ssc_verdict::~ssc_verdict {
	$action
}
%extend ssc_verdict {
	~ssc_verdict() {
		ssc_verdict_free($self);
	}
	%pythoncode %{
    @property
    def allowed(self) -> bool:
        return bool(verdict_allowed(self))

    def __bool__(self):
        return bool(verdict_allowed(self))

    @property
    def pack(self) -> str:
        """Id of the rule pack that decided."""
        return verdict_pack(self)

    @property
    def reasons(self):
        """Why it is refused: a list of socialcard.rules.Reason."""
        from .rules import Reason
        return [Reason(*t) for t in _verdict_items(self, 0)]

    @property
    def notes(self):
        """Things to tell the applicant: a list of Reason."""
        from .rules import Reason
        return [Reason(*t) for t in _verdict_items(self, 1)]

    @property
    def required(self):
        """Every material the service needs: a list of Material."""
        from .rules import Material
        return [Material(*t) for t in _verdict_items(self, 2)]

    @property
    def missing(self):
        """The required, non-optional materials not presented."""
        return [m for m in self.required if m.missing]

    @property
    def deadline(self):
        """The processing deadline (socialcard.rules.Deadline) or None."""
        from .rules import Deadline
        t = _verdict_deadline(self)
        return None if t is None else Deadline._from_c(*t)

    @property
    def fee(self):
        """The fee (socialcard.rules.Fee) or None."""
        from .rules import Fee
        t = _verdict_fee(self)
        return None if t is None else Fee(*t)

    def has_reason(self, code: str) -> bool:
        return bool(verdict_has_reason(self, code))

    def format(self, lang: str = "zh") -> str:
        """The verdict as text, in Chinese ("zh") or English ("en")."""
        return _util.text(verdict_format(self, lang))

    def __str__(self):
        return self.format("zh")

    def __format__(self, spec):
        """``f"{verdict:en}"``; an empty spec is Chinese."""
        return self.format(spec or "zh")

    def error(self):
        """A NotEligible exception describing this refused verdict, with
        ``reasons`` (reason codes), ``missing`` (material ids) and
        ``verdict`` set; None when the verdict allows the service."""
        if self.allowed:
            return None
        reasons = self.reasons
        missing = self.missing
        message = "; ".join(r.en or r.code for r in reasons)
        if missing:
            message += ("; " if message else "") + "missing: " + \
                ", ".join(m.id for m in missing)
        exc = _errors.NotEligible(
            message or "refused by the rules",
            reasons=[r.code for r in reasons],
            missing=[m.id for m in missing],
            code=_enums.ErrorCode.ENOTELIGIBLE,
            klass=_enums.ErrorClass.RULES)
        exc.verdict = self
        return exc

    def raise_if_refused(self) -> "Verdict":
        """Raise NotEligible (see error()) unless allowed; else return
        the verdict."""
        exc = self.error()
        if exc is not None:
            raise exc
        return self

    def __repr__(self):
        return "<socialcard.Verdict %s pack=%r reasons=%s missing=%s>" % (
            "allowed" if self.allowed else "refused", self.pack,
            [r.code for r in self.reasons], [m.id for m in self.missing])
	%}
}

%pythoncode %{
from . import errors as _errors
%}
