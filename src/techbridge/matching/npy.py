"""Writing .npy files that other processes may have memory-mapped."""

from __future__ import annotations

import os
from pathlib import Path

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
