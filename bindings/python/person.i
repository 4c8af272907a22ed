/* SPDX-License-Identifier: Apache-2.0 */
/*
 * person.h: the Person class over ssc_person.
 *
 *   Person(ctx=None)                  a new, empty person
 *   p.id_number, p.name, p.sex, ...    properties (setters validate)
 *   repr(p)                            ID number and name masked
 *
 * A Person returned by Card.holder is borrowed from its card: it keeps the
 * card alive (attribute _parent) and edits the card's holder in place.
 */
%ignore ssc_person_new;
%ignore ssc_person_free;
SSC_OUT_OBJECT(ssc_person)
%newobject ssc_person_dup;
%include "socialcard/person.h"

%rename(Person) ssc_person;
%nodefaultctor ssc_person;
struct ssc_person {};
%nothread ssc_person::ssc_person;
%exception ssc_person::~ssc_person {
	$action
}
%exception ssc_person::ssc_person {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_person::ssc_person %{
def __init__(self, ctx=None):
    """An empty person in ``ctx`` (a private Context when None)."""
    _socialcard.Person_swiginit(self, $action(_util.context(ctx)))
%}
%extend ssc_person {
	ssc_person(ssc_ctx *ctx) {
		ssc_person *p = NULL;
		ssc_status rc = ssc_person_new(&p, ctx);
		if (rc < 0)
			ssc_py_raise(rc);
		return p;
	}
	~ssc_person() {
		ssc_person_free($self);
	}
	%pythoncode %{
    id_number = property(person_id_number, person_set_id_number,
                         doc="Social security number (the citizen ID "
                         "number); setting validates it (BadIdNumber).")
    name = property(person_name, person_set_name, doc="Name (UTF-8).")
    sex = property(lambda self: _enum(_enums.Sex, person_sex(self)),
                   lambda self, v: person_set_sex(self, int(v)),
                   doc="Sex (socialcard.Sex).")
    ethnicity = property(person_ethnicity,
                         lambda self, v: person_set_ethnicity(self, int(v)),
                         doc="GB/T 3304 ethnicity code (0 = unset).")
    birth_date = property(
        lambda self: _util.date_from_ymd(person_birth_date(self)),
        lambda self, v: person_set_birth_date(self, _util.ymd_from_date(v)),
        doc="Birth date (datetime.date or None).")
    birth_place = property(person_birth_place, person_set_birth_place,
                           doc="Region code of the birth place.")
    residency = property(
        lambda self: _enum(_enums.Residency, person_residency(self)),
        lambda self, v: person_set_residency(self, int(v)),
        doc="socialcard.Residency.")
    phone = property(person_phone, person_set_phone, doc="Phone number.")
    address = property(person_address, person_set_address,
                       doc="Address (居住地址).")

    @property
    def insured(self):
        """socialcard.Insured."""
        return _enum(_enums.Insured, person_insured(self))

    @property
    def insured_region(self):
        """Region code where the person is insured, or None."""
        return person_insured_region(self)

    def set_insured(self, insured, region=None) -> None:
        """Set the insurance status and its region together."""
        person_set_insured(self, int(insured), region)

    @property
    def document(self):
        """(DocType, number, valid_until date or None), or None."""
        t = person_doc_type(self)
        if not t:
            return None
        return (_enum(_enums.DocType, t), person_doc_number(self),
                _util.date_from_ymd(person_doc_valid_until(self)))

    def set_document(self, doc_type, number, valid_until=None) -> None:
        """Set the identity document presented (type, number, expiry)."""
        person_set_document(self, int(doc_type), number,
                            _util.ymd_from_date(valid_until))

    def document_is_valid(self, on) -> bool:
        """Whether a document is set and valid on the date ``on``."""
        return bool(person_doc_is_valid(self, _util.ymd_from_date(on)))

    def age(self, on=None) -> int:
        """Age in whole years on ``on`` (default: today by the Context's
        clock)."""
        return person_age(self, _util.ymd_from_date(on))

    def age_band(self, on=None):
        """socialcard.AgeBand on ``on`` (default today)."""
        return _enum(_enums.AgeBand, person_age_band(self,
                                                     _util.ymd_from_date(on)))

    def is_minor(self, on=None) -> bool:
        return bool(person_is_minor(self, _util.ymd_from_date(on)))

    def copy(self) -> "Person":
        """A deep copy, owned by the caller."""
        return person_dup(self)

    __copy__ = copy

    def __deepcopy__(self, memo):
        return person_dup(self)

    def __repr__(self):
        from . import mask_id_number, mask_name
        id_number = person_id_number(self)
        name = person_name(self)
        return "<socialcard.Person id_number=%s name=%s>" % (
            repr(mask_id_number(id_number)) if id_number else None,
            repr(mask_name(name)) if name else None)
	%}
}

%pythoncode %{
from . import _util
from . import enums as _enums


def _enum(cls, value):
    try:
        return cls(value)
    except ValueError:
        return value
%}
