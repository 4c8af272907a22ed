/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h: Store (a handle on memory:, sqlite:PATH or postgresql://…),
 * StoreTransaction (all-or-nothing change) and StoreIterator (Python
 * iterator over an ssc_store_iter).  socialcard.store.open() is the entry:
 *
 *   with socialcard.store.open("sqlite:cards.db", data_key=k, index_key=i)
 *           as st:
 *       with st.transaction() as txn:
 *           txn.set_card(card)                 # a socialcard.Card
 *       for entry in st.journal(card.uuid): ...
 *
 * The versioned C structs never reach Python: helpers below fill them
 * from arguments and turn outputs into tuples, which socialcard/store.py
 * makes into dataclasses.  Every backend call releases the GIL.
 */
%ignore ssc_store_options;
%ignore ssc_store_card;
%ignore ssc_store_journal_entry;
%ignore ssc_store_invalid_entry;
%ignore ssc_store_mirror;
%ignore ssc_store_options_init;
%ignore ssc_store_card_init;
%ignore ssc_store_journal_entry_init;
%ignore ssc_store_invalid_entry_init;
%ignore ssc_store_mirror_init;
%ignore ssc_store_open;
%ignore ssc_store_free;
%ignore ssc_store_load_by_id;
%ignore ssc_store_load_by_number;
%ignore ssc_store_card_dispose;
%ignore ssc_store_txn_free;
%ignore ssc_store_txn_set_card;
%ignore ssc_store_txn_add_journal;
%ignore ssc_store_txn_add_invalid;
%ignore ssc_store_txn_set_mirror;
%ignore ssc_store_invalid_lookup;
%ignore ssc_store_invalid_entry_dispose;
%ignore ssc_store_mirror_load;
%ignore ssc_store_mirror_dispose;
%ignore ssc_store_iter_next_card;
%ignore ssc_store_iter_next_journal;
%ignore ssc_store_iter_next_invalid;
%ignore ssc_store_iter_free;
%ignore SSC_STORE_OPTIONS_VERSION;
%ignore SSC_STORE_OPTIONS_INIT;
%ignore SSC_STORE_CARD_VERSION;
%ignore SSC_STORE_CARD_INIT;
%ignore SSC_STORE_JOURNAL_ENTRY_VERSION;
%ignore SSC_STORE_JOURNAL_ENTRY_INIT;
%ignore SSC_STORE_INVALID_ENTRY_VERSION;
%ignore SSC_STORE_INVALID_ENTRY_INIT;
%ignore SSC_STORE_MIRROR_VERSION;
%ignore SSC_STORE_MIRROR_INIT;
%apply ssc_buf *BYTES_OUT { ssc_buf *report };
SSC_OUT_OBJECT(ssc_store_txn)
SSC_OUT_OBJECT(ssc_store_iter)
SSC_OPEN_CHECK(ssc_store, store, "the Store")
%include "socialcard/store.h"

%{
static PyObject *
ssc_py_opt_str(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return ssc_py_text_new(s, strlen(s));
}

static PyObject *
ssc_py_opt_bytes(const uint8_t *p, size_t n)
{
	return PyBytes_FromStringAndSize(p ? (const char *)p : "",
					 (Py_ssize_t)n);
}

static PyObject *
ssc_py_store_card_tuple(const ssc_store_card *c)
{
	return Py_BuildValue("(NNNNiLNI)", ssc_py_opt_str(c->card_id),
			     ssc_py_opt_str(c->card_number),
			     ssc_py_opt_bytes(c->holder_index,
					      c->holder_index_len),
			     ssc_py_opt_str(c->region), c->state,
			     (long long)c->revision,
			     ssc_py_opt_bytes(c->record, c->record_len),
			     (unsigned int)c->key_id);
}

static PyObject *
ssc_py_journal_tuple(const ssc_store_journal_entry *e)
{
	return Py_BuildValue("(NNLLNNNNI)", ssc_py_opt_str(e->entry_id),
			     ssc_py_opt_str(e->card_id),
			     (long long)e->sequence, (long long)e->time_ms,
			     ssc_py_opt_str(e->request_id),
			     ssc_py_opt_str(e->service),
			     ssc_py_opt_bytes(e->hash, e->hash_len),
			     ssc_py_opt_bytes(e->data, e->data_len),
			     (unsigned int)e->key_id);
}

static PyObject *
ssc_py_invalid_tuple(const ssc_store_invalid_entry *e)
{
	return Py_BuildValue("(iNNNLN)", e->level, ssc_py_opt_str(e->region),
			     ssc_py_opt_str(e->card_number),
			     ssc_py_opt_str(e->card_id), (long long)e->time_ms,
			     ssc_py_opt_str(e->reason));
}

/* A bytes-like argument or None (NULL, 0). */
static int
ssc_py_opt_bytes_get(ssc_py_bytes *b, PyObject *o)
{
	memset(b, 0, sizeof(*b));
	if (!o || o == Py_None)
		return 0;
	return ssc_py_bytes_get(b, o);
}

static ssc_store *
ssc_py_store_open(ssc_ctx *ctx, const char *uri, int cipher,
		  unsigned int data_key_id, PyObject *data_key,
		  PyObject *index_key, int sync, int busy_timeout_ms,
		  unsigned int page_size)
{
	ssc_store_options o = SSC_STORE_OPTIONS_INIT;
	ssc_py_bytes dk, ik;
	ssc_store *st = NULL;
	ssc_status rc;

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
	o.cipher = cipher;
	o.data_key_id = data_key_id;
	o.data_key = dk.data;
	o.data_key_len = dk.len;
	o.index_key = ik.data;
	o.index_key_len = ik.len;
	o.sync = sync;
	o.busy_timeout_ms = busy_timeout_ms;
	o.page_size = page_size;
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_store_open(&st, ctx, uri, &o);
	Py_END_ALLOW_THREADS
	ssc_py_bytes_release(&dk);
	ssc_py_bytes_release(&ik);
	if (ssc_py_take_pending()) {
		ssc_store_free(st);
		return NULL;
	}
	if (rc < 0) {
		ssc_py_raise(rc);
		return NULL;
	}
	return st;
}

static PyObject *
ssc_py_store_load(ssc_store *store, const char *key, int by_number)
{
	ssc_store_card c = SSC_STORE_CARD_INIT;
	PyObject *t;
	ssc_status rc;

	if (!store || !key) {
		PyErr_SetString(PyExc_ValueError, "closed store or no key");
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = by_number ? ssc_store_load_by_number(&c, store, key)
		       : ssc_store_load_by_id(&c, store, key);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return ssc_py_raise(rc);
	t = ssc_py_store_card_tuple(&c);
	ssc_store_card_dispose(&c);
	return t;
}

static PyObject *
ssc_py_store_invalid_lookup(ssc_store *store, int level, const char *region,
			    const char *card_number)
{
	ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;
	PyObject *t;
	ssc_status rc;

	if (!store) {
		PyErr_SetString(PyExc_ValueError, "the Store is closed");
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_store_invalid_lookup(&e, store, level, region, card_number);
	Py_END_ALLOW_THREADS
	if (rc == SSC_ENOTFOUND) {
		ssc_error_clear();
		Py_RETURN_NONE;
	}
	if (rc < 0)
		return ssc_py_raise(rc);
	t = ssc_py_invalid_tuple(&e);
	ssc_store_invalid_entry_dispose(&e);
	return t;
}

static PyObject *
ssc_py_store_mirror_load(ssc_store *store, const char *card_id)
{
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	PyObject *t;
	ssc_status rc;

	if (!store) {
		PyErr_SetString(PyExc_ValueError, "the Store is closed");
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_store_mirror_load(&m, store, card_id);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return ssc_py_raise(rc);
	t = Py_BuildValue("(NiLN)", ssc_py_opt_str(m.card_id), m.state,
			  (long long)m.time_ms,
			  ssc_py_opt_bytes(m.data, m.data_len));
	ssc_store_mirror_dispose(&m);
	return t;
}

/* kind 0: cards, 1: journal, 2: invalid list.  None at the end. */
static PyObject *
ssc_py_store_iter_next(ssc_store_iter *it, int kind)
{
	const ssc_store_card *c = NULL;
	const ssc_store_journal_entry *j = NULL;
	const ssc_store_invalid_entry *v = NULL;
	ssc_status rc;

	if (!it) {
		PyErr_SetString(PyExc_ValueError, "the iterator is closed");
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = kind == 0 ? ssc_store_iter_next_card(&c, it)
		       : kind == 1 ? ssc_store_iter_next_journal(&j, it)
				   : ssc_store_iter_next_invalid(&v, it);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return ssc_py_raise(rc);
	if (c)
		return ssc_py_store_card_tuple(c);
	if (j)
		return ssc_py_journal_tuple(j);
	if (v)
		return ssc_py_invalid_tuple(v);
	Py_RETURN_NONE;
}

static PyObject *
ssc_py_txn_set_card(ssc_store_txn *txn, const char *card_id,
		    const char *card_number, const char *holder_id,
		    PyObject *holder_index, const char *region, int state,
		    PyObject *record, long long base_revision)
{
	ssc_store_card c = SSC_STORE_CARD_INIT;
	ssc_py_bytes hi, rec;
	ssc_status rc;

	if (!txn) {
		PyErr_SetString(PyExc_ValueError, "the transaction is closed");
		return NULL;
	}
	if (ssc_py_opt_bytes_get(&hi, holder_index) < 0)
		return NULL;
	if (ssc_py_opt_bytes_get(&rec, record) < 0) {
		ssc_py_bytes_release(&hi);
		return NULL;
	}
	c.card_id = card_id;
	c.card_number = card_number;
	c.holder_id = holder_id;
	c.holder_index = hi.data;
	c.holder_index_len = hi.len;
	c.region = region;
	c.state = state;
	c.record = rec.data;
	c.record_len = rec.len;
	rc = ssc_store_txn_set_card(txn, &c, (int64_t)base_revision);
	ssc_py_bytes_release(&hi);
	ssc_py_bytes_release(&rec);
	if (rc < 0)
		return ssc_py_raise(rc);
	Py_RETURN_NONE;
}

static PyObject *
ssc_py_txn_add_journal(ssc_store_txn *txn, const char *entry_id,
		       const char *card_id, long long sequence,
		       long long time_ms, const char *request_id,
		       const char *service, PyObject *hash, PyObject *data)
{
	ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
	ssc_py_bytes h, d;
	ssc_status rc;

	if (!txn) {
		PyErr_SetString(PyExc_ValueError, "the transaction is closed");
		return NULL;
	}
	if (ssc_py_opt_bytes_get(&h, hash) < 0)
		return NULL;
	if (ssc_py_opt_bytes_get(&d, data) < 0) {
		ssc_py_bytes_release(&h);
		return NULL;
	}
	e.entry_id = entry_id;
	e.card_id = card_id;
	e.sequence = sequence;
	e.time_ms = time_ms;
	e.request_id = request_id;
	e.service = service;
	e.hash = h.data;
	e.hash_len = h.len;
	e.data = d.data;
	e.data_len = d.len;
	rc = ssc_store_txn_add_journal(txn, &e);
	ssc_py_bytes_release(&h);
	ssc_py_bytes_release(&d);
	if (rc < 0)
		return ssc_py_raise(rc);
	Py_RETURN_NONE;
}

static PyObject *
ssc_py_txn_add_invalid(ssc_store_txn *txn, int level, const char *region,
		       const char *card_number, const char *card_id,
		       long long time_ms, const char *reason)
{
	ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_status rc;

	if (!txn) {
		PyErr_SetString(PyExc_ValueError, "the transaction is closed");
		return NULL;
	}
	e.level = level;
	e.region = region;
	e.card_number = card_number;
	e.card_id = card_id;
	e.time_ms = time_ms;
	e.reason = reason;
	if ((rc = ssc_store_txn_add_invalid(txn, &e)) < 0)
		return ssc_py_raise(rc);
	Py_RETURN_NONE;
}

static PyObject *
ssc_py_txn_set_mirror(ssc_store_txn *txn, const char *card_id, int state,
		      long long time_ms, PyObject *data)
{
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	ssc_py_bytes d;
	ssc_status rc;

	if (!txn) {
		PyErr_SetString(PyExc_ValueError, "the transaction is closed");
		return NULL;
	}
	if (ssc_py_opt_bytes_get(&d, data) < 0)
		return NULL;
	m.card_id = card_id;
	m.state = state;
	m.time_ms = time_ms;
	m.data = d.data;
	m.data_len = d.len;
	rc = ssc_store_txn_set_mirror(txn, &m);
	ssc_py_bytes_release(&d);
	if (rc < 0)
		return ssc_py_raise(rc);
	Py_RETURN_NONE;
}

/* close(): free the C object now and leave a NULL handle behind. */
static void
ssc_py_store_detach(PyObject *obj)
{
	SwigPyObject *s = SWIG_Python_GetSwigThis(obj);

	if (!s || !s->ptr)
		return;
	if (s->own) {
		if (s->ty == SWIGTYPE_p_ssc_store) {
			ssc_store *st = (ssc_store *)s->ptr;
			Py_BEGIN_ALLOW_THREADS
			ssc_store_free(st);
			Py_END_ALLOW_THREADS
		} else if (s->ty == SWIGTYPE_p_ssc_store_txn) {
			ssc_store_txn_free((ssc_store_txn *)s->ptr);
		} else if (s->ty == SWIGTYPE_p_ssc_store_iter) {
			ssc_store_iter_free((ssc_store_iter *)s->ptr);
		} else {
			return;
		}
	}
	s->ptr = NULL;
	s->own = 0;
}
%}

%typemap(in) PyObject *ANY_OBJ "$1 = $input;";
%apply PyObject *ANY_OBJ { PyObject *data_key, PyObject *index_key,
			   PyObject *holder_index, PyObject *record,
			   PyObject *hash, PyObject *data, PyObject *obj };
%typemap(check) ssc_store *store "";
%newobject ssc_py_store_open;
%nothread ssc_py_store_open;
%nothread ssc_py_store_load;
%nothread ssc_py_store_invalid_lookup;
%nothread ssc_py_store_mirror_load;
%nothread ssc_py_store_iter_next;
%nothread ssc_py_txn_set_card;
%nothread ssc_py_txn_add_journal;
%nothread ssc_py_txn_add_invalid;
%nothread ssc_py_txn_set_mirror;
%nothread ssc_py_store_detach;
%exception ssc_py_store_open {
	$action
	if (!result)
		SWIG_fail;
}
%rename(_store_open) ssc_py_store_open;
%rename(_store_load) ssc_py_store_load;
%rename(_store_invalid_lookup) ssc_py_store_invalid_lookup;
%rename(_store_mirror_load) ssc_py_store_mirror_load;
%rename(_store_iter_next) ssc_py_store_iter_next;
%rename(_txn_set_card) ssc_py_txn_set_card;
%rename(_txn_add_journal) ssc_py_txn_add_journal;
%rename(_txn_add_invalid) ssc_py_txn_add_invalid;
%rename(_txn_set_mirror) ssc_py_txn_set_mirror;
%rename(_store_detach) ssc_py_store_detach;
ssc_store *ssc_py_store_open(ssc_ctx *ctx, const char *uri, int cipher,
			     unsigned int data_key_id, PyObject *data_key,
			     PyObject *index_key, int sync,
			     int busy_timeout_ms, unsigned int page_size);
PyObject *ssc_py_store_load(ssc_store *store, const char *key,
			    int by_number);
PyObject *ssc_py_store_invalid_lookup(ssc_store *store, int level,
				      const char *region,
				      const char *card_number);
PyObject *ssc_py_store_mirror_load(ssc_store *store, const char *card_id);
PyObject *ssc_py_store_iter_next(ssc_store_iter *it, int kind);
PyObject *ssc_py_txn_set_card(ssc_store_txn *txn, const char *card_id,
			      const char *card_number, const char *holder_id,
			      PyObject *holder_index, const char *region,
			      int state, PyObject *record,
			      long long base_revision);
PyObject *ssc_py_txn_add_journal(ssc_store_txn *txn, const char *entry_id,
				 const char *card_id, long long sequence,
				 long long time_ms, const char *request_id,
				 const char *service, PyObject *hash,
				 PyObject *data);
PyObject *ssc_py_txn_add_invalid(ssc_store_txn *txn, int level,
				 const char *region, const char *card_number,
				 const char *card_id, long long time_ms,
				 const char *reason);
PyObject *ssc_py_txn_set_mirror(ssc_store_txn *txn, const char *card_id,
				int state, long long time_ms, PyObject *data);
void ssc_py_store_detach(PyObject *obj);
SSC_OPEN_CHECK(ssc_store, store, "the Store")

/* ---- Store ------------------------------------------------------------- */

%rename(Store) ssc_store;
%nodefaultctor ssc_store;
struct ssc_store {};
%exception ssc_store::~ssc_store {
	$action
}
%extend ssc_store {
	~ssc_store() {
		ssc_store_free($self);
	}
	%pythoncode %{
    @property
    def closed(self) -> bool:
        return int(self.this) == 0

    def close(self) -> None:
        """Release the handle now (idempotent); later use raises
        ValueError.  Its open transactions and iterators are closed
        first (the C objects need their store)."""
        for child in list(self.__dict__.get("_children", ())):
            _store_detach(child)
        _store_detach(self)

    def _adopt(self, child):
        # The child's C object uses the store's until it is freed: the
        # child holds the store's SWIG pointer object (freed after the
        # child's own, whatever order the gc clears them in), and close()
        # closes registered children first.
        import weakref
        child._store = self
        child._store_this = self.this
        if "_children" not in self.__dict__:
            self._children = weakref.WeakSet()
        self._children.add(child)
        return child

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def backend(self) -> str:
        """"memory", "sqlite" or "postgresql"."""
        return store_backend_name(self)

    def add_old_key(self, key_id: int, key) -> None:
        """Register a retired data key so records sealed under it stay
        readable (until reencrypt())."""
        store_add_old_key(self, key_id, key)

    def load(self, card_id: str):
        """The stored card with this internal id (StoredCard); NotFound,
        Corrupt."""
        from .store import StoredCard
        return StoredCard(*_store_load(self, card_id, 0))

    def load_by_number(self, card_number: str):
        """The stored card with this card number (StoredCard)."""
        from .store import StoredCard
        return StoredCard(*_store_load(self, card_number, 1))

    def holder_index(self, id_number: str) -> bytes:
        """The blind index the store keeps of an ID number."""
        return store_holder_index(self, id_number)

    def transaction(self) -> "StoreTransaction":
        """A new transaction; ``with`` commits it on a clean exit."""
        return self._adopt(store_txn_new(self))

    def commit(self, txn) -> int:
        """Apply ``txn`` all-or-nothing; the card's new revision.  Raises
        Conflict when the stored revision is not the transaction's
        base."""
        rev = store_commit(self, txn)
        txn.revision = rev
        return rev

    def request(self, request_id: str) -> bytes:
        """The result stored with a request id (NotFound)."""
        return store_request_lookup(self, request_id)

    def invalid(self, level, card_number: str, region=None):
        """The invalid-list entry (InvalidEntry) or None."""
        from .store import InvalidEntry
        t = _store_invalid_lookup(self, int(level), region, card_number)
        return None if t is None else InvalidEntry(*t)

    def mirror(self, card_id: str):
        """The e-card mirror of a card (Mirror); NotFound."""
        from .store import Mirror
        return Mirror(*_store_mirror_load(self, card_id))

    def journal(self, card_id: str, *, after=None, limit: int = 0):
        """Iterate over a card's journal (JournalEntry), oldest first."""
        return StoreIterator._make(
            store_iter_journal(self, card_id, after, limit), 1, self)

    def invalid_list(self, level, region=None, *, after=None,
                     limit: int = 0):
        """Iterate over an invalid-card list (InvalidEntry)."""
        return StoreIterator._make(
            store_iter_invalid(self, int(level), region, after, limit), 2,
            self)

    def cards(self, state=None, region=None, *, after=None, limit: int = 0):
        """Iterate over stored cards (StoredCard), by state and region
        (None = any)."""
        st = -1 if state is None else int(state)
        return StoreIterator._make(
            store_iter_cards(self, st, region, after, limit), 0, self)

    def cards_of_holder(self, id_number: str):
        """Iterate over the cards of one holder (StoredCard)."""
        return StoreIterator._make(store_iter_holder(self, id_number), 0,
                                   self)

    def reencrypt(self) -> int:
        """Re-seal everything under the current data key; the count."""
        return store_reencrypt(self)

    def health(self) -> str:
        """The backend's health report (text)."""
        return _util.text(store_health(self))

    def __repr__(self):
        if self.closed:
            return "<socialcard.Store closed>"
        return "<socialcard.Store backend=%r>" % store_backend_name(self)
	%}
}

/* ---- StoreTransaction -------------------------------------------------- */

%rename(StoreTransaction) ssc_store_txn;
%nodefaultctor ssc_store_txn;
struct ssc_store_txn {};
%exception ssc_store_txn::~ssc_store_txn {
	$action
}
%extend ssc_store_txn {
	~ssc_store_txn() {
		ssc_store_txn_free($self);
	}
	%pythoncode %{
    revision = None

    def set_card(self, card=None, *, base_revision=None, card_id=None,
                 card_number=None, holder_id=None, holder_index=None,
                 region=None, state=None, record=None) -> None:
        """The card to write.  Give a socialcard.Card (its id, number,
        holder's ID number, region, state, record and revision are used;
        keywords override), or the fields one by one.  ``base_revision``
        0 creates the card."""
        if card is not None:
            card_id = card.uuid if card_id is None else card_id
            card_number = card.number if card_number is None else card_number
            if holder_id is None and holder_index is None:
                holder_id = card.holder.id_number
            region = card.region if region is None else region
            state = card.state if state is None else state
            record = card.encode() if record is None else record
            if base_revision is None:
                base_revision = card.revision
        _txn_set_card(self, card_id, card_number, holder_id, holder_index,
                      region, int(state or 0), record,
                      int(base_revision or 0))

    def add_journal(self, *, entry_id, card_id, sequence, time, service,
                    request_id=None, hash=None, data=None) -> None:
        """Append a journal entry (time: aware datetime or int ms)."""
        _txn_add_journal(self, entry_id, card_id, int(sequence),
                         _util.ms_from_datetime(time), request_id, service,
                         hash, data)

    def add_invalid(self, *, level, card_number, card_id, time,
                    region=None, reason=None) -> None:
        """List a card on an invalid-card list."""
        _txn_add_invalid(self, int(level), region, card_number, card_id,
                         _util.ms_from_datetime(time), reason)

    def remove_invalid(self, level, card_number, region=None) -> None:
        store_txn_remove_invalid(self, int(level), region, card_number)

    def set_mirror(self, *, card_id, state, time, data=None) -> None:
        """Set the e-card mirror of the card."""
        _txn_set_mirror(self, card_id, int(state),
                        _util.ms_from_datetime(time), data)

    def set_request(self, request_id: str, result=b"") -> None:
        """Remember the result of an idempotent request."""
        store_txn_set_request(self, request_id, result)

    def commit(self) -> int:
        """Commit through the Store that made it; the new revision."""
        return self._store.commit(self)

    def close(self) -> None:
        _store_detach(self)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.close()
        return False

    def __repr__(self):
        return "<socialcard.StoreTransaction revision=%r>" % self.revision
	%}
}

/* ---- StoreIterator ----------------------------------------------------- */

%rename(StoreIterator) ssc_store_iter;
%nodefaultctor ssc_store_iter;
struct ssc_store_iter {};
%exception ssc_store_iter::~ssc_store_iter {
	$action
}
%extend ssc_store_iter {
	~ssc_store_iter() {
		ssc_store_iter_free($self);
	}
	%pythoncode %{
    @staticmethod
    def _make(it, kind, store):
        it._kind = kind
        return store._adopt(it)

    def __iter__(self):
        return self

    def __next__(self):
        from .store import InvalidEntry, JournalEntry, StoredCard
        if int(self.this) == 0:
            raise StopIteration
        t = _store_iter_next(self, self._kind)
        if t is None:
            raise StopIteration
        return (StoredCard, JournalEntry, InvalidEntry)[self._kind](*t)

    @property
    def cursor(self):
        """The cursor to resume after the last item returned (pass as
        ``after=``), or None."""
        if int(self.this) == 0:
            return None
        return store_iter_cursor(self)

    def close(self) -> None:
        _store_detach(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
	%}
}
