/* SPDX-License-Identifier: Apache-2.0 */
/*
 * card.h: the Card class over ssc_card, and the card number / 卡识别码
 * codecs.
 *
 *   Card(ctx=None)                 a new card with a fresh internal id
 *   Card.decode(record, ctx=None)  from its canonical record (bytes)
 *   card.encode() / bytes(card)    the record
 *   card.holder                    the holder, a Person borrowed from the
 *                                  card (keeps the card alive)
 *   repr(card)                     the library's masked description
 */
%ignore ssc_card_new;
%ignore ssc_card_free;
%rename(_card_decode) ssc_card_decode;
SSC_OUT_OBJECT(ssc_card)
%newobject ssc_card_dup;
%nothread ssc_card_number_check;
%nothread ssc_card_number_parse;
%nothread ssc_card_identifier_check;
%nothread ssc_card_identifier_parse;
%nothread ssc_card_identifier_format;
%nothread ssc_card_identifier_region;
%nothread ssc_card_generation_of;
%nothread ssc_card_state_name;
%nothread ssc_fin_state_name;
%nothread ssc_pin_state_name;
%nothread ssc_ecard_state_name;
%nothread ssc_card_state_is_final;
%include "socialcard/card.h"

%rename(Card) ssc_card;
%nodefaultctor ssc_card;
struct ssc_card {};
%nothread ssc_card::ssc_card;
%exception ssc_card::~ssc_card {
	$action
}
%exception ssc_card::ssc_card {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_card::ssc_card %{
def __init__(self, ctx=None):
    """An empty card in ``ctx`` (a private Context when None), with a
    fresh internal id."""
    _socialcard.Card_swiginit(self, $action(_util.context(ctx)))
%}
%extend ssc_card {
	ssc_card(ssc_ctx *ctx) {
		ssc_card *c = NULL;
		ssc_status rc = ssc_card_new(&c, ctx);
		if (rc < 0)
			ssc_py_raise(rc);
		return c;
	}
	~ssc_card() {
		ssc_card_free($self);
	}
	%pythoncode %{
    @staticmethod
    def decode(record, ctx=None) -> "Card":
        """A card from its canonical record (bytes-like).  Raises Corrupt
        for a malformed record, SchemaError for a newer format."""
        return _card_decode(_util.context(ctx), record)

    def encode(self) -> bytes:
        """The canonical record; equal cards give equal bytes."""
        return card_encode(self)

    __bytes__ = encode

    def __eq__(self, other):
        if not isinstance(other, Card):
            return NotImplemented
        return card_encode(self) == card_encode(other)

    __hash__ = None

    def copy(self) -> "Card":
        """A deep copy (same internal id), owned by the caller."""
        return card_dup(self)

    __copy__ = copy

    def __deepcopy__(self, memo):
        return card_dup(self)

    uuid = property(card_uuid, card_set_uuid,
                    doc="Internal id (lower-case UUID).")
    revision = property(card_revision, card_set_revision,
                        doc="Revision for optimistic concurrency.")
    number = property(card_number, card_set_number,
                      doc="Card number 卡号 (9 characters) or None.")
    spec_version = property(card_spec_version, card_set_spec_version,
                            doc="Spec version 规范版本 (\"3.00\") or None.")
    generation = property(card_generation, card_set_generation,
                          doc="Generation 1, 2, 3 (0 = unknown).")
    region = property(card_region, card_set_region,
                      doc="Issuing region code.")
    institution = property(card_institution, card_set_institution,
                           doc="Issuing institution code.")
    photo_ref = property(card_photo_ref, card_set_photo_ref,
                         doc="Photo store reference.")
    replaces = property(card_replaces, card_set_replaces,
                        doc="Internal id of the card this one replaced.")
    replaced_by = property(card_replaced_by, card_set_replaced_by,
                           doc="Internal id of the card that replaced it.")
    state = property(lambda self: _enum(_enums.CardState,
                                        card_get_state(self)),
                     lambda self, v: card_set_state(self, int(v)),
                     doc="socialcard.CardState.")
    pin_state = property(lambda self: _enum(_enums.PinState,
                                            card_pin_state(self)),
                         lambda self, v: card_set_pin_state(self, int(v)),
                         doc="socialcard.PinState.")
    ecard_state = property(lambda self: _enum(_enums.CardState,
                                              card_ecard_state(self)),
                           lambda self, v: card_set_ecard_state(self, int(v)),
                           doc="Electronic card state: CardState, or 0 "
                           "(CardState.UNSET) when there is none.")

    @property
    def identifier(self):
        """Card identifier 卡识别码 as 32 hex characters, or None.  Set
        with 16 bytes, 32 hex characters or None."""
        return card_identifier(self)

    @identifier.setter
    def identifier(self, value):
        if isinstance(value, str):
            value = card_identifier_parse(value)
        card_set_identifier(self, value)

    @property
    def ecard_in_sync(self) -> bool:
        return bool(card_ecard_in_sync(self))

    @property
    def issue_date(self):
        return _util.date_from_ymd(card_issue_date(self))

    @property
    def expiry_date(self):
        return _util.date_from_ymd(card_expiry_date(self))

    def set_dates(self, issued=None, expires=None) -> None:
        """Set issue and expiry dates together (datetime.date or None)."""
        card_set_dates(self, _util.ymd_from_date(issued),
                       _util.ymd_from_date(expires))

    @property
    def holder(self) -> "Person":
        """The holder: a Person borrowed from this card (edits apply to
        the card; it keeps the card alive).  Assigning copies a Person in."""
        p = card_holder(self)
        p._parent = self
        return p

    @holder.setter
    def holder(self, person):
        card_set_holder(self, person)

    @property
    def fin_state(self):
        return _enum(_enums.FinState, card_fin_state(self))

    @property
    def fin_bank(self):
        return card_fin_bank(self)

    @property
    def fin_account(self):
        """The full account number (for the chip and the bank only)."""
        return card_fin_account(self)

    @property
    def fin_account_masked(self) -> str:
        return _util.text(card_fin_account_masked(self))

    def set_fin(self, state, bank_code=None, account=None) -> None:
        """Set the financial application's state, bank and account."""
        card_set_fin(self, int(state), bank_code, account)

    def describe(self) -> str:
        """One line with ID number, name, phone and account masked."""
        return _util.text(card_describe(self))

    def __repr__(self):
        return "<socialcard.Card %s>" % _util.text(card_describe(self))
	%}
}
