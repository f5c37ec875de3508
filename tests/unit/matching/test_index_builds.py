"""Saved index builds switch as a whole: a reader racing a writer never sees two builds' files."""

import multiprocessing
import os
from datetime import UTC, datetime
from pathlib import Path

from techbridge.matching.index_builds import BUILDS, KEEP_BUILDS, current_build, publish_build, read_manifest

FILES = ("bigram.npy", "unigram.npy", "vectors.npy", "listings.json")


def _write_build(root: Path, number: int) -> None:
    def write(folder: Path) -> None:
        folder.mkdir(parents=True)
        for name in FILES:  # several files, written one after another, as save_engine does
            (folder / name).write_text(f"{number}\n" * 2000, encoding="utf-8")

    publish_build(root, datetime.now(UTC), {"number": number}, write)


def _writer(root: str, count: int) -> None:
    for number in range(1, count + 1):
        _write_build(Path(root), number)


def _reader(root: str, seen: "multiprocessing.Queue[tuple[int, int]]", stop: "multiprocessing.synchronize.Event") -> None:
    mixed = loads = 0
    while not stop.is_set():
        build = current_build(Path(root))
        if build is None:
            continue
        try:
            numbers = {int((build / name).read_text(encoding="utf-8").split()[0]) for name in FILES}
            numbers.add(read_manifest(build)["number"])
        except OSError:
            continue  # pruned after the reader resolved it: the service rebuilds in that case
        loads += 1
        mixed += len(numbers) != 1
    seen.put((loads, mixed))


def test_a_reader_racing_a_writer_always_loads_one_whole_build(tmp_path):
    _write_build(tmp_path, 0)
    ctx = multiprocessing.get_context("spawn")
    seen, stop = ctx.Queue(), ctx.Event()
    readers = [ctx.Process(target=_reader, args=(str(tmp_path), seen, stop)) for _ in range(2)]
    writer = ctx.Process(target=_writer, args=(str(tmp_path), 40))
    for p in (*readers, writer):
        p.start()
    writer.join(120)
    stop.set()
    results = [seen.get(timeout=60) for _ in readers]
    for p in readers:
        p.join(30)
    assert writer.exitcode == 0
    assert sum(loads for loads, _ in results) > 40  # the readers really raced the writer
    assert [mixed for _, mixed in results] == [0, 0]
    assert read_manifest(current_build(tmp_path))["number"] == 40
    assert len(list((tmp_path / BUILDS).iterdir())) == KEEP_BUILDS


def test_no_build_until_one_is_complete_and_a_dead_save_leaves_nothing_loadable(tmp_path):
    assert current_build(tmp_path) is None
    partial = tmp_path / BUILDS / ".20260101T000000000000-999999999.partial"
    partial.mkdir(parents=True)
    (partial / "vectors.npy").write_text("half", encoding="utf-8")
    assert current_build(tmp_path) is None
    _write_build(tmp_path, 1)
    assert read_manifest(current_build(tmp_path))["number"] == 1
    assert not partial.exists()  # its process is gone: cleaned on the next save


def test_the_current_link_is_relative_so_the_folder_can_move(tmp_path):
    _write_build(tmp_path / "a", 7)
    os.rename(tmp_path / "a", tmp_path / "b")
    assert read_manifest(current_build(tmp_path / "b"))["number"] == 7
