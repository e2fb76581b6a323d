import numpy as np
import pytest

from matching.encoder import (
    DEFAULT_MODEL_ID,
    CachedEncoder,
    Encoder,
    HashingEncoder,
    InMemoryVectorStore,
    SentenceTransformerEncoder,
    cache_key,
    default_model_path,
)
from matching.text import text_hash


def test_hashing_encoder_is_normalised_deterministic_and_lexical():
    enc = HashingEncoder()
    a = enc.encode(["städning av kontor", "städning av kontor", "truck på lager", ""])
    assert a.dtype == np.float32 and a.shape == (4, enc.dim)
    assert np.allclose(np.linalg.norm(a, axis=1), 1)
    assert np.array_equal(a[0], a[1])
    assert a[0] @ HashingEncoder().encode(["städning"])[0] > a[2] @ HashingEncoder().encode(["städning"])[0]
    assert isinstance(enc, Encoder)


class Counting:
    model_id = "counting"

    def __init__(self):
        self.seen: list[str] = []
        self.inner = HashingEncoder(dim=16)

    def encode(self, texts):
        self.seen += texts
        return self.inner.encode(texts)


def test_cached_encoder_encodes_each_unchanged_text_once():
    inner, store = Counting(), InMemoryVectorStore()
    enc = CachedEncoder(inner, store)
    first = enc.encode(["Städar gärna", "Kör truck", "Städar gärna"])
    again = enc.encode(["städar  gärna", "Kör truck", "Ny text"])  # same normalised text: cached
    assert inner.seen == ["Städar gärna", "Kör truck", "Ny text"]
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert len(store) == 3 and enc.encoded == 3
    assert cache_key("counting", "Kör truck") == f"counting:{text_hash('kör truck')}"
    # a second encoder on the same store (another worker) encodes nothing
    inner2 = Counting()
    CachedEncoder(inner2, store).encode(["Kör truck", "Ny text"])
    assert inner2.seen == []


def test_cache_keys_depend_on_the_model():
    store = InMemoryVectorStore()
    CachedEncoder(Counting(), store).encode(["a"])
    other = Counting()
    other.model_id = "other"
    CachedEncoder(other, store).encode(["a"])
    assert other.seen == ["a"]


def test_sentence_transformer_encoder_loads_lazily():
    enc = SentenceTransformerEncoder()
    assert enc._model is None and enc.model_id == DEFAULT_MODEL_ID
    assert (default_model_path() / "config.json").is_file()


@pytest.mark.slow
def test_default_model_encodes_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    enc = SentenceTransformerEncoder()
    v = enc.encode(["Jag gillar att laga mat.", "Köksbiträde i restaurang."])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert enc.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_a_texts_vector_does_not_depend_on_what_it_is_encoded_with():
    """The pre-encoding job encodes texts alone, a run in bulk: both must give the same vectors."""
    from matching import default_encoder

    enc = default_encoder()
    texts = ["Vill arbeta med växtodling.", "Lagerarbete, truckkort.", "Kassa och kundmöten i butik.",
             "Köksbiträde", "Städning av kontor på kvällstid, gärna med tydliga skriftliga instruktioner."]
    together = enc.encode(texts)
    alone = np.stack([enc.encode([t])[0] for t in texts])
    assert np.array_equal(together, alone)


def test_default_encoder_is_shared_per_model():
    from matching import default_encoder

    assert default_encoder() is default_encoder(None)
    assert default_encoder("some/other-model") is not default_encoder()
    assert default_encoder("some/other-model").model_id == "some/other-model"
