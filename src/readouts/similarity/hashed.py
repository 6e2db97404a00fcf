"""Hashed sparse rows: the lexical backend's claim vectors, on numpy alone.

Each claim's terms are hashed into a space of ``2**20`` columns (MurmurHash3, 32 bits,
seed 0: the ``murmurhash`` package spaCy is built on), so two documents are encoded
independently and still share columns. Rows are kept in compressed form (CSR: ``indptr``,
sorted ``indices``, ``data``) and only the operations the backend needs are here: row
slices, binary copies, row sums, unit-length rows and the dense matrix of all row-by-row
dot products.

Every result is the one scikit-learn's ``FeatureHasher(input_type="dict",
alternate_sign=False)`` and ``normalize`` and SciPy's sparse products gave when the
backend's weights were fitted, to the last bit: the column of a term, the order of each
sum (products summed by ascending column, squares summed left to right) are theirs.
``tests/test_hashed.py`` checks that against both libraries. Neither is needed at run time
(together they were about 200 MB of a default install).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from murmurhash import hash as murmurhash3_32

HASH_COLUMNS = 2**20
_INT32_MIN = -(2**31)


@dataclass(frozen=True, eq=False)
class HashedRows:
    """Sparse rows over ``width`` columns, in CSR form with sorted, distinct columns."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    width: int = HASH_COLUMNS

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self), self.width)

    def __len__(self) -> int:
        return int(self.indptr.shape[0]) - 1

    def rows(self, selected: slice) -> HashedRows:
        """The rows ``selected`` (a slice, step 1), sharing nothing with this object."""
        start, stop, step = selected.indices(len(self))
        if step != 1:
            raise ValueError("rows() takes a slice with step 1")
        stop = max(start, stop)
        first, last = self.indptr[start], self.indptr[stop]
        return HashedRows(
            self.indptr[start : stop + 1] - first,
            self.indices[first:last].copy(),
            self.data[first:last].copy(),
            self.width,
        )

    def binary(self) -> HashedRows:
        """The same rows with every stored value set to 1."""
        return HashedRows(self.indptr, self.indices, np.ones_like(self.data), self.width)

    def row_sums(self) -> np.ndarray:
        """The sum of each row (as SciPy's ``sum(axis=1)``: ``np.add.reduceat``)."""
        sums = np.zeros(len(self))
        filled = np.flatnonzero(np.diff(self.indptr))
        if filled.size:
            sums[filled] = np.add.reduceat(self.data, self.indptr[filled])
        return sums

    def unit(self) -> HashedRows:
        """Each row divided by its Euclidean length; all-zero rows stay as they are (as
        scikit-learn's ``normalize``: squares summed left to right, then one division)."""
        squares = np.bincount(self._row_of_entry(), self.data * self.data, minlength=len(self))
        lengths = np.sqrt(squares)
        lengths[squares == 0.0] = 1.0
        data = self.data / lengths[self._row_of_entry()]
        return HashedRows(self.indptr, self.indices, data, self.width)

    def dot(self, other: HashedRows) -> np.ndarray:
        """The dense ``(len(self), len(other))`` matrix of row-by-row dot products
        (``self @ other.T``), each summed over shared columns in ascending order, as SciPy's
        sparse product does."""
        if self.width != other.width:
            raise ValueError(f"rows of {self.width} and {other.width} columns")
        columns = len(other)
        # other's entries grouped by column, rows ascending within a column.
        order = np.argsort(other.indices, kind="stable")
        other_columns = other.indices[order]
        other_rows = other._row_of_entry()[order]
        other_data = other.data[order]
        low = np.searchsorted(other_columns, self.indices, side="left")
        counts = np.searchsorted(other_columns, self.indices, side="right") - low
        # One product per (entry of self, entry of other in the same column), in the order
        # of self's entries: by row, then by ascending column.
        entry = np.repeat(np.arange(self.indices.shape[0]), counts)
        starts = np.cumsum(counts) - counts
        position = low[entry] + np.arange(entry.shape[0]) - starts[entry]
        cells = self._row_of_entry()[entry] * columns + other_rows[position]
        # bincount adds its weights in the order given, starting from 0.0.
        products = np.bincount(
            cells, self.data[entry] * other_data[position], minlength=len(self) * columns
        )
        return products.reshape(len(self), columns)

    def toarray(self) -> np.ndarray:
        """The rows as a dense array (for small widths and tests)."""
        dense = np.zeros(self.shape)
        dense[self._row_of_entry(), self.indices] = self.data
        return dense

    def _row_of_entry(self) -> np.ndarray:
        return np.repeat(np.arange(len(self)), np.diff(self.indptr))


def hash_column(term: str, width: int = HASH_COLUMNS) -> int:
    """The column of ``term``: ``abs`` of its signed 32-bit MurmurHash3 (seed 0) of UTF-8,
    modulo ``width``, as scikit-learn's ``FeatureHasher`` computes it."""
    code = murmurhash3_32(term)
    if code == _INT32_MIN:  # abs() would overflow in 32 bits; FeatureHasher's own rule
        return (2**31 - 1 - (width - 1)) % width
    return abs(code) % width


def hash_rows(rows: Iterable[Mapping[str, float]], width: int = HASH_COLUMNS) -> HashedRows:
    """One row per mapping of term to value; a value of 0 is left out, and terms that land
    in one column are added (FeatureHasher with ``input_type="dict"``,
    ``alternate_sign=False``, then SciPy's ``sum_duplicates``)."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in rows:
        cells: dict[int, float] = {}
        for term, value in row.items():
            if value == 0:
                continue
            column = hash_column(term, width)
            cells[column] = cells[column] + value if column in cells else float(value)
        for column in sorted(cells):
            indices.append(column)
            data.append(cells[column])
        indptr.append(len(indices))
    return HashedRows(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=float),
        width,
    )
