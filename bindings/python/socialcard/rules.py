# SPDX-License-Identifier: Apache-2.0
"""Eligibility rules: the Situation an applicant is in, and the parts of
a Verdict (Reason, Material, Deadline, Fee) as frozen dataclasses.

    from socialcard import Rulebook, Service, ActorRole, DocType
    from socialcard.rules import Situation, PresentedDoc

    rb = Rulebook()
    v = rb.check(Service.APPLY, Situation(
        actor=ActorRole.HOLDER, insured=True,
        holder_birth_date=datetime.date(1990, 3, 7),
        docs=[PresentedDoc(DocType.RESIDENT_ID)]))
    if not v.allowed:
        print(v.format("en"), [m.id for m in v.missing])
        v.raise_if_refused()           # NotEligible with reasons/missing
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import IntFlag
from typing import Optional, Sequence, Tuple, Union

from . import _capi, _util
from .enums import (ActorRole, Channel, DeadlineUnit, DocForm, DocType,
                    Party, Residency)

__all__ = ["Situation", "PresentedDoc", "PresentedMaterial", "Reason",
           "Material", "Deadline", "Fee", "ServicePoint", "Fact",
           "Evidence", "Change", "MaterialFlag", "PointCapability"]


def _flags(name: str, prefix: str, doc: str) -> type:
    members = {k[len(prefix):]: getattr(_capi, k) for k in dir(_capi)
               if k.startswith(prefix) and isinstance(getattr(_capi, k), int)}
    cls = IntFlag(name, members, module=__name__)
    cls.__doc__ = doc
    return cls


Fact = _flags("Fact", "FACT_", "SSC_FACT_* bits about the holder's cards.")
Evidence = _flags("Evidence", "EVIDENCE_", "SSC_EVIDENCE_* bits.")
Change = _flags("Change", "CHANGE_",
                "SSC_CHANGE_* bits of an information change.")
MaterialFlag = _flags("MaterialFlag", "MATERIAL_",
                      "SSC_MATERIAL_* bits of a presented material.")
PointCapability = _flags("PointCapability", "POINT_",
                         "SSC_POINT_* bits of a service point.")


@dataclass(frozen=True)
class PresentedDoc:
    """An identity document presented: its type, form and whose it is."""
    type: DocType
    form: DocForm = DocForm.ORIGINAL
    owner: Party = Party.HOLDER


@dataclass(frozen=True)
class PresentedMaterial:
    """Another material presented, by vocabulary id (see
    doc/rulepacks.md), with MaterialFlag bits."""
    id: str
    flags: int = 0


DocArg = Union[PresentedDoc, DocType, int, Tuple[int, int, int]]
MaterialArg = Union[PresentedMaterial, str, Tuple[str, int]]


@dataclass
class Situation:
    """What the rules are asked about (ssc_situation), built with keywords:
    ``Situation(actor=ActorRole.AGENT, channel=Channel.WINDOW, ...)``.

    ``holder_birth_date`` is a datetime.date or None (an adult of unknown
    age); ``docs`` PresentedDoc values (a bare DocType means the holder's
    original); ``materials`` PresentedMaterial values or ids."""
    actor: int = ActorRole.HOLDER
    channel: int = Channel.WINDOW
    service_point: Optional[str] = None
    outlet_bank: Optional[str] = None
    holder_birth_date: Optional[_dt.date] = None
    residency: int = Residency.MAINLAND
    insured: bool = False
    card_facts: int = 0
    card_bank: Optional[str] = None
    docs: Sequence[DocArg] = field(default_factory=list)
    materials: Sequence[MaterialArg] = field(default_factory=list)
    evidence: int = 0
    changes: int = 0

    @staticmethod
    def _doc(d: DocArg) -> Tuple[int, int, int]:
        if isinstance(d, PresentedDoc):
            return int(d.type), int(d.form), int(d.owner)
        if isinstance(d, int):
            return int(d), int(DocForm.ORIGINAL), int(Party.HOLDER)
        t, f, o = d
        return int(t), int(f), int(o)

    @staticmethod
    def _material(m: MaterialArg) -> Tuple[str, int]:
        if isinstance(m, PresentedMaterial):
            return m.id, int(m.flags)
        if isinstance(m, str):
            return m, 0
        i, f = m
        return str(i), int(f)

    def _c_args(self) -> tuple:
        return (int(self.actor), int(self.channel), self.service_point,
                self.outlet_bank, _util.ymd_from_date(self.holder_birth_date),
                int(self.residency), 1 if self.insured else 0,
                int(self.card_facts), self.card_bank,
                [self._doc(d) for d in self.docs],
                [self._material(m) for m in self.materials],
                int(self.evidence), int(self.changes))


@dataclass(frozen=True)
class Reason:
    """A reason for refusal, or a note: a stable ``code``, the text in
    Chinese (``zh``) and English (``en``), the ``source`` (seed and
    clause) and the ``rule`` id."""
    code: str
    zh: str
    en: str
    source: Optional[str]
    rule: Optional[str]

    def __str__(self) -> str:
        return self.zh


@dataclass(frozen=True)
class Material:
    """A material the service needs; ``missing`` when it was not among
    what was presented, ``optional`` when the applicant may bring it."""
    id: str
    zh: str
    en: str
    source: Optional[str]
    copies: int
    optional: bool
    missing: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "optional", bool(self.optional))
        object.__setattr__(self, "missing", bool(self.missing))

    def __str__(self) -> str:
        return self.zh


@dataclass(frozen=True)
class Deadline:
    """The processing time limit: ``amount`` working days or hours
    (``unit``), the statutory limit, and ``due`` (an aware datetime from
    now, or None when the calendar lacks the year)."""
    unit: DeadlineUnit
    amount: int
    statutory_working_days: int
    due: Optional[_dt.datetime]
    zh: Optional[str]
    en: Optional[str]
    source: Optional[str]

    @classmethod
    def _from_c(cls, unit, amount, statutory, due_status, due_ms, zh, en,
                source):
        try:
            unit = DeadlineUnit(unit)
        except ValueError:
            pass
        due = _util.datetime_from_ms(due_ms) if due_status == 0 else None
        return cls(unit, amount, statutory, due, zh, en, source)


@dataclass(frozen=True)
class Fee:
    """Whether a fee is charged and how much (fen; -1 = set locally)."""
    charged: bool
    amount_fen: int
    zh: Optional[str]
    en: Optional[str]
    source: Optional[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "charged", bool(self.charged))


@dataclass(frozen=True)
class ServicePoint:
    """A hall, window, bank outlet or kiosk listed by a rule pack."""
    id: str
    kind: Optional[str]
    name: Optional[str]
    address: Optional[str]
    hours: Optional[str]
    phone: Optional[str]
    hall: Optional[str]
    bank: Optional[str]
    capabilities: int
    pack: Optional[str]

