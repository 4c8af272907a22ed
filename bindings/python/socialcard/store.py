# SPDX-License-Identifier: Apache-2.0
"""Durable storage of cards, journals, invalid-card lists, e-card mirrors
and request results (store.h).

    import socialcard
    with socialcard.store.open("memory:") as st:
        with st.transaction() as txn:
            txn.set_card(card)                    # base revision 0: create
        stored = st.load(card.uuid)               # StoredCard
        card2 = stored.card()                     # socialcard.Card
        for entry in st.journal(card.uuid): ...   # JournalEntry

URIs: ``memory:`` (private), ``memory:NAME`` (shared in the process),
``sqlite:PATH``, and ``postgresql://…`` when the library was built with
PostgreSQL.  ``data_key`` and ``index_key`` are 32 bytes each; a
``memory:`` store draws random ones when they are omitted.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional

from . import _capi, _util
from .enums import CardState, InvalidLevel, StoreCipher, StoreSync

__all__ = ["open", "Store", "StoreTransaction", "StoreIterator",
           "StoredCard", "JournalEntry", "InvalidEntry", "Mirror"]

Store = _capi.Store
StoreTransaction = _capi.StoreTransaction
StoreIterator = _capi.StoreIterator


def open(uri: str, *, ctx=None, data_key=None, index_key=None,  # noqa: A001
         data_key_id: int = 1, cipher=StoreCipher.DEFAULT,
         sync=StoreSync.DEFAULT, busy_timeout_ms: int = 0,
         page_size: int = 0) -> Store:
    """Open a store by URI; a Store, usable as a context manager.

    Raises InvalidArgument for a bad URI or key, StoreError when the
    backend fails, NotSupported for a backend not built in."""
    if not isinstance(uri, str):
        raise TypeError("uri must be a str")
    return _capi._store_open(_util.context(ctx), uri, int(cipher),
                             data_key_id, data_key, index_key, int(sync),
                             busy_timeout_ms, page_size)


def _state(v: int):
    try:
        return CardState(v)
    except ValueError:
        return v


@dataclass(frozen=True)
class StoredCard:
    """A card as the store keeps it: index fields and the record."""
    card_id: str
    card_number: Optional[str]
    holder_index: bytes
    region: Optional[str]
    state: int
    revision: int
    record: bytes
    key_id: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", _state(self.state))

    def card(self, ctx=None):
        """Decode the record into a socialcard.Card (revision set)."""
        c = _capi.Card.decode(self.record, ctx)
        c.revision = self.revision
        return c

    def __repr__(self) -> str:
        return "StoredCard(card_id=%r, card_number=%r, state=%s, " \
            "revision=%d)" % (self.card_id, self.card_number,
                              getattr(self.state, "name", self.state),
                              self.revision)


@dataclass(frozen=True)
class JournalEntry:
    """One entry of a card's journal."""
    entry_id: str
    card_id: str
    sequence: int
    time_ms: int
    request_id: Optional[str]
    service: Optional[str]
    hash: bytes
    data: bytes
    key_id: int

    @property
    def time(self) -> _dt.datetime:
        return _util.datetime_from_ms(self.time_ms)

    def __repr__(self) -> str:
        # The entry's data holds the request's details (documents,
        # operators, evidence references): never shown.
        return "JournalEntry(entry_id=%r, card_id=%r, sequence=%d, " \
            "time=%s, service=%r, request_id=%r, data=<%d bytes>)" % (
                self.entry_id, self.card_id, self.sequence,
                self.time.isoformat(), self.service, self.request_id,
                len(self.data))


@dataclass(frozen=True)
class InvalidEntry:
    """An entry of an invalid-card list (挂失/注销名单)."""
    level: int
    region: Optional[str]
    card_number: str
    card_id: Optional[str]
    time_ms: int
    reason: Optional[str]

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "level", InvalidLevel(self.level))
        except ValueError:
            pass

    @property
    def time(self) -> _dt.datetime:
        return _util.datetime_from_ms(self.time_ms)


@dataclass(frozen=True)
class Mirror:
    """The electronic card's mirror of a card."""
    card_id: str
    state: int
    time_ms: int
    data: bytes

    @property
    def time(self) -> _dt.datetime:
        return _util.datetime_from_ms(self.time_ms)
