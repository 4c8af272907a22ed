# SPDX-License-Identifier: Apache-2.0
"""The services layer (registry.h): one method per business service (事项),
each load → check → transition → one atomic store commit, idempotent by
request id.

    import socialcard
    from socialcard import ActorRole, Channel, DocType

    with socialcard.open("sqlite:cards.db", region="500000",
                         data_key=k32, index_key=i32) as reg:
        res = reg.activate_financial(
            card_id=cid, actor=ActorRole.HOLDER, channel=Channel.BANK,
            outlet_bank="ICBC", documents=[DocType.RESIDENT_ID,
                                           DocType.SS_CARD],
            operator="teller-7", request_id=click_id)
        res.states.fin, res.entry_id, res.deadline
        for entry in reg.journal(cid): print(entry)      # masked repr

A refusal by the rules raises NotEligible (``reasons``, ``missing``,
``verdict``, ``result``); an event the card's states do not allow raises
TransitionError; nothing is written in either case.
"""

from __future__ import annotations

import datetime as _dt
import os as _os
import uuid as _uuid
from dataclasses import dataclass, field
from typing import (Any, Callable, Dict, Iterator, List, NamedTuple,
                    Optional, Sequence)

from . import _capi, _util
from . import errors as _errors
from .enums import (ActorRole, BatchEncoding, CardState, Channel, DocType,
                    ErrorCode, Event, FinState, JournalHash, PinState, Post,
                    ProductionMode, StoreCipher, StoreSync)
from .rules import Situation

__all__ = ["Registry", "Result", "States", "BatchRow",
           "BatchReport", "Transition", "transitions", "apply_event",
           "event_name"]

# Python-side service numbers: the index into the C table of registry.i.
_SERVICES = [
    "apply", "approve", "reject_photo", "resubmit_photo", "generate_data",
    "batch_to_individual", "start_production", "finish_production", "mail",
    "deliver", "collect", "activate_ss", "activate_financial",
    "activate_transfer", "report_loss", "cancel_loss", "replace_lost",
    "replace_damaged", "reissue", "info_change", "pin_change", "pin_reset",
    "pin_blocked", "unlock", "status_query", "cancel", "rollback",
]


def _enum(cls, v):
    try:
        return cls(v)
    except ValueError:
        return v


class States(NamedTuple):
    """A card's lifecycle states: card, financial, PIN and e-card."""
    card: Any
    fin: Any
    pin: Any
    ecard: Any

    @classmethod
    def _from_c(cls, t) -> "States":
        c, f, p, e = t
        return cls(_enum(CardState, c), _enum(FinState, f),
                   _enum(PinState, p), _enum(CardState, e) if e else 0)


@dataclass(frozen=True)
class Result:
    """What a service call did: the ``event`` applied, the card acted on
    (``card_id``; ``new_card_id`` of a replacement), the ``entry_id`` of
    the journal entry written (None when refused), the ``states`` after
    the call, the ``deadline`` it set (aware datetime or None), whether
    it was ``replayed`` from an earlier call with the same request id, the
    journal's verdict ``summary`` and the rules' ``verdict`` (a
    socialcard.Verdict, None without a rules guard or on a replay)."""
    event: Any
    card_id: Optional[str]
    new_card_id: Optional[str]
    entry_id: Optional[str]
    states: States
    deadline: Optional[_dt.datetime]
    replayed: bool
    summary: Optional[str]
    verdict: Any = field(default=None, repr=False, compare=False)

    @property
    def allowed(self) -> bool:
        return self.entry_id is not None or self.replayed

    @classmethod
    def _from_c(cls, res) -> "Result":
        verdict = _capi._result_verdict(res)
        if verdict is not None:
            verdict._parent = res           # borrowed from the C result
        ms = _capi.result_deadline(res)
        return cls(_enum(Event, _capi.result_event(res)),
                   _capi.result_card_id(res),
                   _capi.result_new_card_id(res),
                   _capi.result_entry_id(res),
                   States._from_c(_capi._result_states(res)),
                   _util.datetime_from_ms(ms) if ms else None,
                   bool(_capi.result_replayed(res)),
                   _capi.result_summary(res), verdict)


@dataclass(frozen=True)
class BatchRow:
    """The outcome of one row of a batch file: the 1-based ``line``,
    ``status`` (0 or an ErrorCode: EBADID, EEXISTS, EONECARD,
    ENOTELIGIBLE, EPARSE), the ``card_id`` created, an English
    ``message`` (numbers masked), and for a refusal the rules' reason
    codes and missing material ids."""
    line: int
    status: int
    card_id: Optional[str]
    message: Optional[str]
    reasons: List[str]
    missing: List[str]

    @property
    def ok(self) -> bool:
        return self.status == 0


@dataclass
class BatchReport:
    """Counts of a batch import and its rows (iterable)."""
    accepted: int
    refused: int
    rows: List[BatchRow]

    def __iter__(self) -> Iterator[BatchRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def refused_rows(self) -> List[BatchRow]:
        return [r for r in self.rows if not r.ok]


@dataclass(frozen=True)
class Transition:
    """A row of the lifecycle table (lifecycle.h): from which states an
    event goes to which (LC_ANY / LC_SAME / LC_PREVIOUS as in C), the
    Service whose rules guard it (0 = none), EFFECT_* bits and a note."""
    event: Any
    from_state: int
    from_fin: int
    from_pin: int
    to_state: int
    to_fin: int
    to_pin: int
    service: int
    effects: int
    note: Optional[str]


def transitions() -> List[Transition]:
    """The whole lifecycle table, in the library's order."""
    return [Transition(_enum(Event, t[0]), *t[1:])
            for t in _capi._lifecycle_rows()]


def apply_event(event, states: States) -> States:
    """The states after ``event`` (no store involved); TransitionError
    when the event is not allowed from ``states``."""
    c, f, p, e = (int(x) for x in states)
    return States._from_c(_capi._lifecycle_apply(int(event), c, f, p, e))


def event_name(event) -> str:
    """The stable English name of an Event ("activate_financial")."""
    return _capi.event_name(int(event))


def _material_ids(items) -> List[str]:
    # (id, zh, en, source, copies, optional, missing) tuples
    return [t[0] for t in items if t[6]]


def _request_tuple(request_id=None, card_id=None, actor=ActorRole.HOLDER,
                   channel=Channel.WINDOW, operator=None,
                   post=Post.ACCEPTANCE, acceptance_operator=None,
                   processing_operator=None, feedback_operator=None,
                   actor_doc_type=DocType.UNSET, actor_doc_number=None,
                   case_id=None, outlet=None, outlet_bank=None,
                   documents=(), materials=(), evidence=0,
                   evidence_refs=(), facts=0, changes=0, new_phone=None,
                   new_address=None, fee_fen=-1, reason=None,
                   production=ProductionMode.UNSET, batch_id=None,
                   bank_code=None, card_number=None) -> tuple:
    if request_id is None:
        request_id = str(_uuid.uuid4())
    ops = {Post.ACCEPTANCE: acceptance_operator,
           Post.PROCESSING: processing_operator,
           Post.FEEDBACK: feedback_operator}
    if operator is not None:
        post = Post(post)
        if post not in ops:
            raise ValueError("post must be ACCEPTANCE, PROCESSING or "
                             "FEEDBACK")
        if ops[post] is not None and ops[post] != operator:
            raise ValueError("two operators given for the %s post"
                             % post.name)
        ops[post] = operator
    from .rules import PresentedDoc, PresentedMaterial
    if isinstance(documents, (int, PresentedDoc)):
        documents = [documents]          # one document
    if isinstance(materials, (str, PresentedMaterial)):
        materials = [materials]
    if isinstance(evidence_refs, str):
        evidence_refs = [evidence_refs]
    return (request_id, card_id, int(actor), int(actor_doc_type),
            actor_doc_number, ops[Post.ACCEPTANCE], ops[Post.PROCESSING],
            ops[Post.FEEDBACK], case_id, int(channel), outlet, outlet_bank,
            [Situation._doc(d) for d in documents],
            [Situation._material(m) for m in materials], int(evidence),
            list(evidence_refs), int(facts), int(changes), new_phone,
            new_address, int(fee_fen), reason, int(production), batch_id,
            bank_code, card_number)


def _refusal(exc: _errors.Error) -> _errors.Error:
    """Fill a NotEligible from the refusing Result the C layer attached."""
    raw = getattr(exc, "result", None)
    if raw is None or isinstance(raw, Result):
        return exc
    res = Result._from_c(raw)
    exc.result = res
    v = res.verdict
    if v is not None and isinstance(exc, _errors.NotEligible):
        exc.verdict = v
        exc.reasons = [t[0] for t in _capi._verdict_items(v, 0)]
        exc.missing = _material_ids(_capi._verdict_items(v, 2))
    return exc


def _count_rows(data: bytes) -> int:
    lines = [ln for ln in data.splitlines() if ln.strip()]
    return max(0, len(lines) - 1)


class Registry:
    """A registry over a store it opened (socialcard.open()).  One method
    per service; every method takes keyword arguments only:

    ``request_id`` (a new UUID when omitted: pass your own to make a
    retry idempotent), ``card_id``, ``actor`` (ActorRole), ``channel``
    (Channel), ``operator`` + ``post`` (Post; or ``acceptance_operator``,
    ``processing_operator``, ``feedback_operator``), ``case_id``,
    ``actor_doc_type``/``actor_doc_number``, ``outlet``, ``outlet_bank``,
    ``documents`` (PresentedDoc, DocType or (type, form, owner)),
    ``materials`` (PresentedMaterial or ids), ``evidence`` (rules.Evidence
    bits) and ``evidence_refs`` (str references), ``facts``, ``changes``,
    ``new_phone``, ``new_address``, ``fee_fen``, ``reason``,
    ``production`` (ProductionMode), ``batch_id``, ``bank_code``,
    ``card_number``.  Each returns a Result.

    Used by one thread at a time; the GIL is released while the library
    works."""

    def __init__(self, handle, ctx) -> None:
        self._h = handle
        self.ctx = ctx
        self._store = None

    # ---- lifetime ------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._h is None or int(self._h.this) == 0

    def _handle(self):
        if self.closed:
            raise ValueError("the Registry is closed")
        return self._h

    def close(self) -> None:
        """Free the registry and its store now (idempotent); iterators
        over its store are closed first."""
        if self._h is None:
            return
        if self._store is not None:
            self._store.close()
            _capi._registry_detach(self._rulebook)
        _capi._registry_close(self._h)
        self._h = None

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def __repr__(self) -> str:
        if self.closed:
            return "<socialcard.Registry closed>"
        return "<socialcard.Registry region=%r store=%r>" % (
            self.ctx.region, self.store.backend)

    # ---- parts ---------------------------------------------------------

    def _parts(self):
        h = self._handle()
        if self._store is None:
            st, rb = _capi._registry_parts(h)
            st._parent = self._h
            rb._parent = self._h
            self._store, self._rulebook = st, rb
        return self._store, self._rulebook

    @property
    def store(self):
        """The registry's Store (borrowed: closed with the registry)."""
        return self._parts()[0]

    @property
    def rulebook(self):
        """The registry's Rulebook, to load more packs or calendar years."""
        return self._parts()[1]

    # ---- services ------------------------------------------------------

    def _call(self, which: int, holder, kw) -> Result:
        t = _request_tuple(**kw)
        try:
            raw = _capi._registry_call(self._handle(), which, t, holder)
        except _errors.Error as exc:
            raise _refusal(exc) from None
        return Result._from_c(raw)

    def apply(self, holder, **request) -> Result:
        """申领 for ``holder`` (a socialcard.Person with an ID number).
        The channel picks the event (online, batch, individual)."""
        if not isinstance(holder, _capi.Person):
            raise TypeError("holder must be a socialcard.Person")
        return self._call(0, holder, request)

    def load_card(self, card_id: str):
        """The card as a socialcard.Card; NotFound."""
        return _capi.registry_load_card(self._handle(), card_id)

    def find_card(self, card_number: str):
        """The stored card with this card number (store.StoredCard);
        NotFound."""
        return self.store.load_by_number(card_number)

    # ---- journal, lists ------------------------------------------------

    def journal(self, card_id: str, *, after=None, limit: int = 0):
        """Iterate over a card's journal (store.JournalEntry), oldest
        first; the entries' repr masks their content."""
        return self.store.journal(card_id, after=after, limit=limit)

    def verify_journal(self, card_id: str) -> int:
        """Verify a card's hash chain; the number of entries.  Corrupt
        when broken."""
        return _capi.journal_verify(self.store, card_id)

    def export_journal(self, card_id: str) -> str:
        """A card's journal as JSON text (for an audit)."""
        return _capi.journal_export(self.store, card_id)

    def invalid_list(self, level, region=None, *, after=None,
                     limit: int = 0):
        """Iterate over an invalid-card list (store.InvalidEntry)."""
        return self.store.invalid_list(level, region, after=after,
                                       limit=limit)

    # ---- timed transitions and batches ---------------------------------

    def process_due(self) -> int:
        """Apply every timed transition due at the Context's clock (96 h
        auto-activation, overdue production); how many were applied.
        Idempotent: may be re-run after a crash."""
        return _capi._registry_process_due(self._handle())

    def batch_status(self, batch_id: str) -> Dict[Any, int]:
        """How many cards of a batch are in each CardState (non-zero
        counts only)."""
        counts = _capi._registry_batch_status(self._handle(), batch_id)
        return {_enum(CardState, i): n for i, n in enumerate(counts) if n}

    def batch_apply(self, event, **request) -> int:
        """Apply ``event`` (approve, generate_data, start_production,
        finish_production, collect_batch) to every card of
        ``batch_id`` that allows it; the number changed."""
        t = _request_tuple(**request)
        return _capi._registry_batch_apply(self._handle(), t, int(event))

    def batch_import(self, source, *, encoding=BatchEncoding.AUTO,
                     on_row: Optional[Callable[[BatchRow], Any]] = None,
                     progress: Optional[Callable[[int, Optional[int]],
                                                 Any]] = None,
                     **request) -> BatchReport:
        """Import an employer's 制卡明细表 (CSV): ``source`` is a path
        (str or os.PathLike, streamed by the library), a binary or text
        file object, or the bytes.  ``request`` describes the employer's
        agent (actor defaults to EMPLOYER_AGENT; ``request_id`` at most
        100 characters, each row uses "<request_id>:<line>", so a re-import
        is idempotent; ``batch_id``, ``documents``, ``materials``).

        ``on_row(row)`` is called for every row (a BatchRow) and
        ``progress(done, total)`` after each row (``total`` counts the
        file's non-empty lines after the header; None when unknown).  An
        exception in either stops the import and propagates; the rows
        committed before it stay.  Returns a BatchReport."""
        request.setdefault("actor", ActorRole.EMPLOYER_AGENT)
        t = _request_tuple(**request)
        path = None
        data = None
        total: Optional[int] = None
        if isinstance(source, (str, _os.PathLike)):
            path = _os.fspath(source)
            if progress is not None:
                with _open_binary(path) as f:
                    total = _count_rows(f.read())
        elif hasattr(source, "read"):
            data = source.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
        else:
            data = bytes(source)
        if data is not None and progress is not None:
            total = _count_rows(data)
        rows: List[BatchRow] = []

        def cb(line, status, card_id, message, reasons, missing):
            row = BatchRow(line, _enum(ErrorCode, status)
                           if status else 0, card_id, message,
                           [r[0] for r in reasons],
                           _material_ids(missing))
            rows.append(row)
            if on_row is not None:
                on_row(row)
            if progress is not None:
                progress(len(rows), total)

        acc, ref = _capi._registry_batch_import(
            self._handle(), t, data, path, int(encoding), cb)
        return BatchReport(acc, ref, rows)


def _open_binary(path):
    import builtins
    return builtins.open(path, "rb")


def _make_service(name: str, which: int):
    def service(self, **request) -> Result:
        return self._call(which, None, request)
    service.__name__ = name
    service.__qualname__ = "Registry." + name
    service.__doc__ = ("The %s service (ssc_registry_%s); keyword "
                       "arguments as the class describes; a Result."
                       % (name, name))
    return service


for _i, _name in enumerate(_SERVICES):
    if _i:
        setattr(Registry, _name, _make_service(_name, _i))
del _i, _name


def open(uri: str, *, region: Optional[str] = None, ctx=None,  # noqa: A001
         clock=None, log=None, data_key=None, index_key=None,
         key_provider: Optional[Callable[[str], Any]] = None,
         data_key_id: int = 1, cipher=StoreCipher.DEFAULT,
         sync=StoreSync.DEFAULT, journal_hash=JournalHash.DEFAULT,
         max_attempts: int = 0,
         shared_post_packs: Optional[Sequence[str]] = None) -> Registry:
    """Open a store by URI ("memory:", "sqlite:PATH", "postgresql://…")
    and a registry over it, with the built-in rule packs and calendar.

    ``region`` makes a Context in that region (its rule pack applies and
    it is recorded as the issuing region of new cards); or pass ``ctx``
    (then ``clock``/``log`` go unused).  Store keys: ``data_key`` and
    ``index_key`` (32 bytes each; a "memory:" store draws random ones
    when both are omitted), or ``key_provider``, a callable given "data"
    then "index" that returns each key (e.g. from your KMS) — it is
    called once, here, and the keys are not kept in Python."""
    if not isinstance(uri, str):
        raise TypeError("uri must be a str")
    if key_provider is not None:
        if data_key is not None or index_key is not None:
            raise TypeError("give keys or a key_provider, not both")
        data_key = key_provider("data")
        index_key = key_provider("index")
    if ctx is None:
        ctx = _capi.Context(region=region, clock=clock, log=log)
    elif region is not None:
        ctx.region = region
    packs = None
    if shared_post_packs is not None:
        packs = shared_post_packs if isinstance(shared_post_packs, str) \
            else ",".join(shared_post_packs)
    h = _capi._registry_open(ctx, uri, int(cipher), data_key_id, data_key,
                             index_key, int(sync), int(journal_hash),
                             max_attempts, packs)
    return Registry(h, ctx)
