"""Personal-data masking: find names, e-mails, phones … in text and hide them from roles without PII access.

    masker = build_masker(db.reader)            # cached per engine, names refreshed every 5 min
    answer = mask_answer(answer, principal, masker)
"""

from supportwise.pii.apply import mask_answer, mask_records, masker_for
from supportwise.pii.masker import PiiMasker, build_masker, masker_for_names

__all__ = ["PiiMasker", "build_masker", "masker_for_names", "mask_answer", "mask_records", "masker_for"]
