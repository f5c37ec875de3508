"""Full-engine scale bench (issue 18): build and save, then load in a fresh process and match.

Each phase runs in a process of its own, so its memory figures are its own: `build` indexes n
synthetic achievements and saves the engine; `serve` loads the saved files (as a web worker
does at start-up), reports its resident memory, the p50/p95 of `match` without the query
embedding, and how long a new listing takes to be found. `--baseline-src` runs the same
phases on another checkout's code (e.g. /work/main/src) in the same run, for the ratio.

    python bench/engine_scale.py --sizes 100000 1000000 --baseline-src /work/main/src --baseline-max 100000
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_scale import pct, rss_mb, synth_listings, synth_vectors  # noqa: E402

from techbridge.matching.catalog import Catalog, MatchFilters  # noqa: E402
from techbridge.matching.dense import normalize_rows  # noqa: E402
from techbridge.matching.engine import MatchingEngine  # noqa: E402
from techbridge.matching.evaluate import default_dev_dir, load_corpus  # noqa: E402
from techbridge.matching.passages import split_sentences  # noqa: E402
from techbridge.matching.settings import MatchSettings  # noqa: E402
from techbridge.matching.store import load_engine, save_engine  # noqa: E402
from techbridge.matching.types import ACHIEVEMENT, DEMAND, Listing  # noqa: E402

N_QUERIES = 30
CHUNK = 10_000  # synthetic vectors are made this many at a time (synth_vectors' mixing copies 3 rows each)


def memory_mb() -> dict[str, float]:
    """Current resident memory split into anonymous (private) and file-backed (shareable) pages."""
    fields = {"VmRSS": "rss_mb", "RssAnon": "rss_anon_mb", "RssFile": "rss_file_mb"}
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in fields:
            out[fields[key]] = int(value.split()[0]) / 1024
    return out


def corpus_material() -> tuple[list[str], np.ndarray]:
    """Corpus sentences (texts are drawn from them) and unit corpus vectors (mixed into vectors)."""
    corpus, cached = load_corpus(default_dev_dir())
    base = normalize_rows(np.asarray(cached, dtype=np.float32))
    return [s for x in corpus for s in split_sentences(x.text) if len(s) >= 15], base


def demands(sentences: list[str], base: np.ndarray) -> tuple[list[Listing], np.ndarray]:
    """The same 30 demand queries and vectors in every process."""
    texts = ["".join(random.Random(i).sample(sentences, 4)) for i in range(N_QUERIES)]
    listings = [Listing(id=f"Q{i}", kind=DEMAND, title=t[:20], text=t) for i, t in enumerate(texts)]
    return listings, synth_vectors(base, N_QUERIES, np.random.default_rng(1))


class SynthRows(Sequence[np.ndarray]):
    """Synthetic vectors (synth_vectors of CHUNK rows at a time from default_rng(seed)) as one-row
    arrays, made a chunk at a time on demand.

    Reading in order generates each chunk once (going back replays the generator from the seed),
    so the bench never holds the whole matrix beside the engine's own.
    """

    def __init__(self, base: np.ndarray, n: int, seed: int) -> None:
        self.base, self.n, self.seed = base, n, seed
        self._chunk, self._rows = -1, np.zeros((0, base.shape[1]), np.float32)
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):  # type: ignore[override]
        if not 0 <= i < self.n:
            raise IndexError(i)
        c = i // CHUNK
        if c < self._chunk:
            self._chunk, self._rng = -1, np.random.default_rng(self.seed)
        while self._chunk < c:
            self._chunk += 1
            self._rows = synth_vectors(self.base, min(CHUNK, self.n - self._chunk * CHUNK), self._rng)
        j = i - c * CHUNK
        return self._rows[j : j + 1]

    def __iter__(self) -> Iterator[np.ndarray]:
        return (self[i] for i in range(self.n))


def build_phase(n: int, workdir: Path) -> dict:
    """Index n synthetic achievements in one pass and save the engine."""
    sentences, base = corpus_material()
    listings = synth_listings(sentences, n, random.Random(n))
    vectors = SynthRows(base, n, n)
    settings = MatchSettings()
    t = time.perf_counter()
    engine = MatchingEngine(settings=settings)
    engine.catalogs[ACHIEVEMENT] = Catalog.build(settings, listings, vectors)
    res: dict = {"build_s": time.perf_counter() - t, "after_build": memory_mb()}
    del listings, vectors
    gc.collect()
    t = time.perf_counter()
    save_engine(engine, workdir)
    res["save_s"] = time.perf_counter() - t
    res["peak_rss_mb"] = rss_mb()
    return res


def serve_phase(workdir: Path) -> dict:
    """Load the saved engine as a worker would, then match and publish."""
    sentences, base = corpus_material()
    queries, qvecs = demands(sentences, base)
    del sentences, base
    gc.collect()
    before = memory_mb()
    t = time.perf_counter()
    engine = load_engine(MatchingEngine(settings=MatchSettings()), workdir)
    res: dict = {"load_s": time.perf_counter() - t, "before_load": before, "after_load": memory_mb()}
    millis = []
    for q, v in zip(queries + queries, np.vstack([qvecs, qvecs]), strict=True):
        t = time.perf_counter()
        engine.match(q, k=10, query_vectors=v[None, :], filters=MatchFilters())
        millis.append((time.perf_counter() - t) * 1000)
    res["first_match_ms"] = millis[0]
    res["match_p50_ms"], res["match_p95_ms"] = pct(millis, 50), pct(millis, 95)
    new = Listing(id="NEW", kind=ACHIEVEMENT, title="全新成果", text=queries[0].text)
    t = time.perf_counter()
    engine.upsert(new, qvecs[0][None, :])
    top = engine.match(queries[0], k=1, query_vectors=qvecs[0][None, :])[0].listing_id
    res["new_listing_searchable_ms"] = (time.perf_counter() - t) * 1000
    res["new_listing_found"] = top == "NEW"
    res["after_matches"] = memory_mb()
    res["peak_rss_mb"] = rss_mb()
    return res


def run_phase(phase: str, n: int, workdir: Path, src: str | None) -> dict:
    """One phase in a fresh interpreter (src first on its path), its JSON report back."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    cmd = [sys.executable, __file__, "--phase", phase, "--n", str(n), "--workdir", str(workdir)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench(n: int, src: str | None) -> dict:
    """Build, then serve, n listings with the code at src (None: this checkout)."""
    with tempfile.TemporaryDirectory() as tmp:
        res = {"n": n, "code": src or "this checkout"}
        res["build"] = run_phase("build", n, Path(tmp), src)
        print(json.dumps(res, ensure_ascii=False), flush=True)
        res["serve"] = run_phase("serve", n, Path(tmp), src)
        res["disk_mb"] = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 2**20
    print(json.dumps(res, ensure_ascii=False), flush=True)
    return res


def print_table(rows: list[dict]) -> None:
    print("\n| N | code | build s | build peak RSS MB | load s | RSS after load MB (anon / file) | "
          "match p50 / p95 ms | new listing found ms | disk MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        b, s = r["build"], r["serve"]
        mem = s["after_load"]
        print(f"| {r['n']:,} | {r['code']} | {b['build_s']:.0f} | {b['peak_rss_mb']:.0f} | {s['load_s']:.1f} | "
              f"{mem['rss_mb']:.0f} ({mem['rss_anon_mb']:.0f} / {mem['rss_file_mb']:.0f}) | "
              f"{s['match_p50_ms']:.1f} / {s['match_p95_ms']:.1f} | "
              f"{s['new_listing_searchable_ms']:.0f}{'' if s['new_listing_found'] else ' (NOT found)'} | "
              f"{r['disk_mb']:.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--baseline-src", help="another checkout's src/ to measure beside this one")
    ap.add_argument("--baseline-max", type=int, default=100_000, help="largest size for the baseline")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--phase", choices=["build", "serve"], help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        res = build_phase(args.n, args.workdir) if args.phase == "build" else serve_phase(args.workdir)
        print(json.dumps(res))
        return
    rows = []
    for n in args.sizes:
        if args.baseline_src and n <= args.baseline_max:
            rows.append(bench(n, args.baseline_src))
        rows.append(bench(n, None))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()
