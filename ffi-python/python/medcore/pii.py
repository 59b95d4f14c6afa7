"""PII: keyed tokenization, AES-256-GCM field encryption with keyrings (rotation, rewrap,
KMS/Vault unwrap callbacks), deterministic encryption and blind indexes, masking and HIPAA Safe
Harbor de-identification.

>>> from medcore import pii
>>> pii.mask("ssn", "123-45-6789")
'***-**-6789'
"""

from ._native import pii as _native

ColumnContext = _native.ColumnContext
FieldContext = _native.FieldContext
Keyring = _native.Keyring
Tokenizer = _native.Tokenizer
age_category = _native.age_category
deidentify_pid = _native.deidentify_pid
envelope_info = _native.envelope_info
mask = _native.mask
mask_batch = _native.mask_batch
normalize = _native.normalize
zip3 = _native.zip3

__all__ = [
    "ColumnContext",
    "FieldContext",
    "Keyring",
    "Tokenizer",
    "age_category",
    "deidentify_pid",
    "envelope_info",
    "mask",
    "mask_batch",
    "normalize",
    "zip3",
]
