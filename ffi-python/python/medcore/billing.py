"""Billing: MS-DRG grouping, IPPS pricing, invoices and insurance adjudication. Money travels as
decimal strings (exact); pass ``str(Decimal(...))``, never floats.

>>> from medcore import billing
>>> billing.Grouper().group({"age": 67, "sex": "M", "pdx": "I214"})["drg"] > 0
True
"""

from ._native import billing as _native

Grouper = _native.Grouper
Invoice = _native.Invoice
Plan = _native.Plan
Pricer = _native.Pricer
invoice_totals = _native.invoice_totals

__all__ = [
    "Grouper",
    "Invoice",
    "Plan",
    "Pricer",
    "invoice_totals",
]
