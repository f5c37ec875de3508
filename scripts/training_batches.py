"""Draw and check batches of training demands (data/training/demands/batch_NN.jsonl).

    python scripts/training_batches.py draw 22 23 --out /tmp/batches   # INPUT files for writers
    python scripts/training_batches.py check /tmp/batches/input_22.jsonl data/training/demands/batch_22.jsonl

`draw` picks 80 `fewclue-*` papers per batch (WRITER_BRIEF: training demands are grounded on those
only) outside the humanities and social sciences, never a paper an existing batch already used,
seeded by the batch number so a rerun draws the same papers. `check` enforces the limits every kept
batch was written to (data/training/README.md); it prints one line per problem and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "dev-eval" / "corpus.jsonl"
KEPT = ROOT / "data" / "training" / "demands"
BATCH_SIZE = 80
FIRST_NEW_BATCH = 22
SEED = 20261204
# Disciplines where no Tianjin or Hebei organisation would post a technology need (the dev set has none).
EXCLUDED = frozenset(
    "历史学 民族学 公共管理 哲学 理论经济学 新闻传播学 艺术学 体育学 农林经济管理 政治学 应用经济学 "
    "图书馆、情报与档案管理 法学 工商管理 教育学 军事学 中国语言文学 社会学 心理学 天文学".split()
)
REGIONS = ("天津市", "石家庄", "唐山", "保定", "廊坊", "沧州", "邯郸", "邢台", "衡水", "张家口", "承德", "秦皇岛", "雄安新区")
ORG_TYPES = frozenset({"企业", "医院", "合作社", "园区", "事业单位"})
FORBIDDEN_WORDS = ("论文", "研究表明", "大学", "学院", "课题组", "作者")
TITLE_CHARS = (8, 25)
DESCRIPTION_CHARS = (120, 220)
MAX_FOUR_CHAR_RUNS = 2
MAX_SHARED_BIGRAMS = 0.12
HAN = re.compile(r"[\u4e00-\u9fff]")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def used_papers() -> set[str]:
    """Papers of the batches drawn by the earlier rule (00–21): the new draw never repeats them."""
    return {r["paper_id"] for path in KEPT.glob("batch_*.jsonl") if int(path.stem[6:]) < FIRST_NEW_BATCH
            for r in load_jsonl(path)}


def draw(batches: list[int], out: Path) -> None:
    used = used_papers()
    pool = sorted(
        (r for r in load_jsonl(CORPUS)
         if r["id"].startswith("fewclue-") and r["discipline"] not in EXCLUDED and r["id"] not in used),
        key=lambda r: r["id"],
    )
    random.Random(SEED).shuffle(pool)
    out.mkdir(parents=True, exist_ok=True)
    for number in batches:
        # Batches 22 and up take consecutive slices of the unused pool, in the order drawn.
        start = (number - FIRST_NEW_BATCH) * BATCH_SIZE
        chosen = pool[start : start + BATCH_SIZE]
        with (out / f"input_{number:02d}.jsonl").open("w", encoding="utf-8") as f:
            for r in chosen:
                title = r["title"]
                abstract = r["text"][len(title) :].lstrip("。") if title and r["text"].startswith(title) else r["text"]
                f.write(json.dumps({"id": r["id"], "title": "", "abstract": abstract, "keywords": [],
                                    "discipline": r["discipline"]}, ensure_ascii=False) + "\n")
        print(f"input_{number:02d}.jsonl: {len(chosen)} papers")


def runs(text: str, n: int) -> set[str]:
    """Every n-character run of text with at least four Chinese characters (n >= 4) in it."""
    return {text[i : i + n] for i in range(len(text) - n + 1) if len(HAN.findall(text[i : i + n])) >= min(n, 4)}


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if HAN.match(text[i]) and HAN.match(text[i + 1])}


def problems(paper: dict, demand: dict) -> list[str]:
    if demand.get("paper_id") != paper["id"]:
        return [f"paper_id {demand.get('paper_id')} where {paper['id']} was expected (order or count)"]
    if demand.get("skip"):
        return []
    found = []
    title, description = str(demand.get("title", "")), str(demand.get("description", ""))
    if not TITLE_CHARS[0] <= len(title) <= TITLE_CHARS[1]:
        found.append(f"title has {len(title)} characters")
    if not DESCRIPTION_CHARS[0] <= len(description) <= DESCRIPTION_CHARS[1]:
        found.append(f"description has {len(description)} characters")
    if not str(demand.get("region", "")).startswith(REGIONS):
        found.append(f"region {demand.get('region')!r}")
    budget = demand.get("budget_wan")
    if not isinstance(budget, int) or not 10 <= budget <= 2000:
        found.append(f"budget_wan {budget!r}")
    if demand.get("org_type") not in ORG_TYPES:
        found.append(f"org_type {demand.get('org_type')!r}")
    if not demand.get("industry"):
        found.append("industry missing")
    text = title + "。" + description
    found += [f"says {word}" for word in FORBIDDEN_WORDS if word in text]
    abstract = paper["abstract"]
    copied = sorted(runs(text, 6) & runs(abstract, 6))
    if copied:
        found.append(f"copies 6-character runs of the abstract: {copied[:3]}")
    four = sorted(runs(text, 4) & runs(abstract, 4))
    if len(four) > MAX_FOUR_CHAR_RUNS:
        found.append(f"{len(four)} four-character runs of the abstract: {four[:5]}")
    mine = bigrams(text)
    if mine:
        share = len(mine & bigrams(abstract)) / len(mine)
        if share > MAX_SHARED_BIGRAMS:
            found.append(f"{share:.0%} of its bigrams are in the abstract")
    return found


def check(input_path: Path, output_path: Path) -> int:
    papers, demands = load_jsonl(input_path), load_jsonl(output_path)
    bad = 0
    if len(papers) != len(demands):
        print(f"{len(demands)} lines for {len(papers)} papers")
        bad += 1
    for number, (paper, demand) in enumerate(zip(papers, demands, strict=False), start=1):
        for problem in problems(paper, demand):
            print(f"line {number} ({paper['id']}): {problem}")
            bad += 1
    written = sum(1 for d in demands if not d.get("skip"))
    print(f"{written} written, {len(demands) - written} skipped, {bad} problems")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("draw")
    d.add_argument("batches", nargs="+", type=int)
    d.add_argument("--out", type=Path, required=True)
    c = commands.add_parser("check")
    c.add_argument("input", type=Path)
    c.add_argument("output", type=Path)
    args = parser.parse_args()
    if args.command == "draw":
        if min(args.batches) < FIRST_NEW_BATCH:
            parser.error("batches below 22 were drawn by an earlier rule; new batches start at 22")
        draw(args.batches, args.out)
        return 0
    return check(args.input, args.output)


if __name__ == "__main__":
    sys.exit(main())
