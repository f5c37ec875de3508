"""Split long listing texts into sentence-sized passages for sentence-level matching."""

from __future__ import annotations

import re

# Sentence enders; an ASCII "." counts only when it is not a decimal point (CSL abstracts
# often end sentences with "." instead of "。").
_ENDERS = re.compile(r"(?<=[。！？；!?;])|(?<=\.)(?![0-9])")
_COMMAS = re.compile(r"(?<=[，,、：:])")

MIN_CHARS = 8
MAX_CHARS = 160
# Sentence vectors serve one thing, the best sentence pair of an explanation; the full-text vector is
# what ranks. Keeping a listing's 4 longest sentences keeps 98% of that pair's similarity at 0.78 of the
# passages on the demo listings (bench/bench_passages.py; see its table in bench/README.md).
MAX_SENTENCE_PASSAGES = 4


def split_sentences(text: str, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> list[str]:
    """Split text into sentences, merging fragments and chopping run-on sentences at commas."""
    out: list[str] = []
    for raw in _ENDERS.split(text):
        piece = raw.strip()
        if not piece:
            continue
        for chunk in _chop(piece, max_chars):
            # A fragment like "(1)" or "结果表明：" carries no meaning alone.
            if out and len(chunk) < min_chars:
                out[-1] += chunk
            else:
                out.append(chunk)
    if len(out) > 1 and len(out[0]) < min_chars:
        out[1] = out[0] + out[1]
        out.pop(0)
    return out


def sentence_passages(text: str, limit: int = MAX_SENTENCE_PASSAGES) -> list[str]:
    """The sentences of text that get their own vector: the longest `limit`, in text order.

    A pure function of the text, so a stored vector's text hash says which sentences it holds.
    """
    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return sentences
    longest = sorted(range(len(sentences)), key=lambda i: (-len(sentences[i]), i))[:limit]
    return [sentences[i] for i in sorted(longest)]


def _chop(sentence: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence at commas into pieces of at most about max_chars."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for part in _COMMAS.split(sentence):
        if current and len(current) + len(part) > max_chars:
            pieces.append(current)
            current = ""
        current += part
    if current:
        pieces.append(current)
    # A comma-free run longer than max_chars is cut hard so the encoder's window holds it.
    return [p[i : i + max_chars] for p in pieces for i in range(0, len(p), max_chars)]
