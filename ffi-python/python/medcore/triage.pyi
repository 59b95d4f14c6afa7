"""Triage instruments, single and batch; dict inputs and dict results."""

from collections.abc import Iterable, Mapping
from typing import Any, Optional, final

_In = Mapping[str, Any]
_Out = dict[str, Any]
_News2Row = tuple[
    Optional[float],
    Optional[float],
    bool,
    Optional[bool],
    Optional[float],
    Optional[float],
    Optional[str],
    Optional[float],
]

__all__ = [
    "DispatchRules",
    "EdTriage",
    "dispatch",
    "dispatch_batch",
    "esi",
    "esi_batch",
    "gcs",
    "gcs_batch",
    "jumpstart",
    "mci_batch",
    "mci_triage",
    "mews",
    "mews_batch",
    "news2",
    "news2_batch",
    "news2_summary",
    "news2_summary_batch",
    "news2_totals",
    "pews",
    "pews_batch",
    "qsofa",
    "qsofa_batch",
    "salt",
    "salt_batch",
    "sirs",
    "sirs_batch",
    "start",
]

def news2(input: _In) -> _Out:
    """NEWS2 (RCP 2017): total, risk band, clinical response and each parameter explained."""

def news2_batch(inputs: Iterable[_In]) -> list[_Out]:
    """NEWS2 for many patients, releasing the GIL; the first invalid input raises."""

def news2_summary(input: _In) -> _Out:
    """NEWS2 without the explanation: total, max_possible, points, partial, risk."""

def news2_summary_batch(inputs: Iterable[_In]) -> list[_Out]:
    """``news2_summary`` for many patients, releasing the GIL."""

def news2_totals(rows: Iterable[_News2Row]) -> list[tuple[int, int, bool, str]]:
    """High-volume NEWS2 over tuples (respiration_rate, spo2, spo2_scale2,
    supplemental_oxygen, systolic_bp, pulse, consciousness, temperature); one
    (total, max_possible, partial, risk) per row."""

def qsofa(input: _In) -> _Out:
    """qSOFA (Sepsis-3)."""

def qsofa_batch(inputs: Iterable[_In]) -> list[_Out]: ...
def sirs(input: _In) -> _Out:
    """SIRS criteria."""

def sirs_batch(inputs: Iterable[_In]) -> list[_Out]: ...
def gcs(input: _In) -> _Out:
    """Glasgow Coma Scale."""

def gcs_batch(inputs: Iterable[_In]) -> list[_Out]: ...
def esi(input: _In) -> _Out:
    """Emergency Severity Index: level, decision path, up-triage suggestion."""

def esi_batch(inputs: Iterable[_In]) -> list[_Out]: ...
def salt(input: _In) -> _Out:
    """SALT mass-casualty triage."""

def salt_batch(inputs: Iterable[_In]) -> list[_Out]: ...
def start(input: _In) -> _Out:
    """START (adults)."""

def jumpstart(input: _In) -> _Out:
    """JumpSTART (children)."""

def mci_triage(input: _In) -> _Out:
    """START or JumpSTART, chosen by age."""

def mci_batch(inputs: Iterable[_In]) -> list[_Out]: ...
def mews(input: _In, bands: Optional[_In] = None) -> _Out:
    """MEWS with the Subbe 2001 bands, or ``bands`` of your own."""

def mews_batch(inputs: Iterable[_In], bands: Optional[_In] = None) -> list[_Out]: ...
def pews(input: _In, ages: Optional[_In] = None) -> _Out:
    """PEWS with the default age bands, or ``ages`` of your own."""

def pews_batch(inputs: Iterable[_In], ages: Optional[_In] = None) -> list[_Out]: ...
@final
class DispatchRules:
    """A dispatch-priority rule table (the shipped example, or JSON text of your own)."""

    def __new__(cls, json: Optional[str] = None) -> DispatchRules: ...
    def to_dict(self) -> _Out: ...

def dispatch(rules: DispatchRules, call: _In) -> _Out:
    """Dispatch priority of a call: level, response plan, ARP targets, routing request."""

def dispatch_batch(rules: DispatchRules, calls: Iterable[_In]) -> list[_Out]: ...
@final
class EdTriage:
    """An ED triage scale with its discriminator table (the shipped example, or JSON text)."""

    def __new__(cls, json: Optional[str] = None) -> EdTriage: ...
    def triage(self, input: _In) -> _Out: ...
    def triage_batch(self, inputs: Iterable[_In]) -> list[_Out]: ...
