"""Writing .npy files that other processes may have memory-mapped."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import numpy as np


def save_array(path: Path, array: np.ndarray) -> None:
    """Write array to path atomically: a worker mapping the old file keeps its pages intact.

    np.save over the old file would truncate it under the mappings (SIGBUS on the next read);
    renaming a new file over it leaves the old inode alive until its last mapping closes.
    """
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.save(f, array)
    os.replace(tmp, path)


def save_padded(path: Path, rows: np.ndarray, spare_rows: int) -> None:
    """Write rows followed by spare zero rows as one .npy (as save_array of their concatenation),
    streaming both parts rather than building the padded copy in memory."""
    rows = np.ascontiguousarray(rows)
    header = {"descr": np.lib.format.dtype_to_descr(rows.dtype), "fortran_order": False,
              "shape": (len(rows) + spare_rows, *rows.shape[1:])}
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.lib.format.write_array_header_1_0(f, header)
        rows.tofile(f)
        np.zeros((spare_rows, *rows.shape[1:]), rows.dtype).tofile(f)
    os.replace(tmp, path)


def load_mapped(path: Path, mode: Literal["r", "c"] = "r") -> np.ndarray:
    """A saved array memory-mapped ("r" read-only, "c" copy-on-write), as a plain ndarray view.

    The view keeps the mapping alive (through its base) but drops np.memmap's Python-level
    __getitem__ and __array_finalize__: a match slices the postings hundreds of times, and
    through the subclass each slice cost microseconds.
    """
    return np.load(path, mmap_mode=mode).view(np.ndarray)


def is_mapped(array: np.ndarray) -> bool:
    """True if the array's memory is a file mapping (the array or one of its bases is a memmap)."""
    base: object = array
    while isinstance(base, np.ndarray):
        if isinstance(base, np.memmap):
            return True
        base = base.base
    return False
