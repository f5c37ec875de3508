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
