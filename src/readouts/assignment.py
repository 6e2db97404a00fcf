"""The linear sum assignment: SciPy's algorithm on numpy, so SciPy is not needed at run time.

:func:`linear_sum_assignment` is the shortest augmenting path method (Crouse, "On
implementing 2D rectangular assignment algorithms", IEEE Trans. Aerospace and Electronic
Systems 52(4), 2016) in the form SciPy implements it (``scipy.optimize.
linear_sum_assignment``, PM Larsen's C++; BSD licence). It follows that implementation
step for step, ties included: the columns are scanned in the same order, and among columns
of equal path cost an unassigned one is taken the same way, so where several assignments
are optimal it picks the one SciPy picks, and the alignment and the match model fitted
with SciPy see the same pairs. ``tests/test_assignment.py`` compares the two on random,
integer (tie-heavy), constant and rectangular matrices.

The scan over the remaining columns is one vectorised numpy step, so the Python-level work
is one step per column visited on each augmenting path.
"""

from __future__ import annotations

import numpy as np


def linear_sum_assignment(
    cost: np.ndarray, maximize: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of an assignment of least (``maximize``: greatest) total cost:
    ``min(rows, columns)`` pairs, the row indices ascending, as SciPy returns them."""
    matrix = np.asarray(cost, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"expected a matrix (2-d array), got a {matrix.ndim}-d array")
    if matrix.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    transpose = matrix.shape[1] < matrix.shape[0]
    if transpose:
        matrix = matrix.T
    matrix = -matrix if maximize else matrix.copy()
    if np.isnan(matrix).any() or (matrix == -np.inf).any():
        raise ValueError("matrix contains invalid numeric entries")
    col4row = _solve(np.ascontiguousarray(matrix))
    if transpose:
        order = np.argsort(col4row)
        return col4row[order], order.astype(np.int64)
    return np.arange(matrix.shape[0], dtype=np.int64), col4row


def _solve(cost: np.ndarray) -> np.ndarray:
    """The column of each row (``rows <= columns``) by successive shortest augmenting paths,
    with dual variables ``u`` (rows) and ``v`` (columns)."""
    rows, columns = cost.shape
    u = np.zeros(rows)
    v = np.zeros(columns)
    shortest = np.empty(columns)
    path = np.full(columns, -1, dtype=np.int64)
    col4row = np.full(rows, -1, dtype=np.int64)
    row4col = np.full(columns, -1, dtype=np.int64)
    in_rows = np.zeros(rows, dtype=bool)
    in_columns = np.zeros(columns, dtype=bool)
    # The reverse order makes a constant matrix's solution the identity, as in SciPy.
    initial = np.arange(columns - 1, -1, -1, dtype=np.int64)
    for current in range(rows):
        in_rows[:] = False
        in_columns[:] = False
        shortest[:] = np.inf
        remaining = initial.copy()
        left = columns
        row = current
        low = 0.0
        sink = -1
        while sink == -1:
            in_rows[row] = True
            scan = remaining[:left]
            reduced = low + cost[row, scan] - u[row] - v[scan]
            before = shortest[scan]
            better = reduced < before
            costs = np.where(better, reduced, before)
            shortest[scan] = costs
            path[scan[better]] = row
            low = float(costs.min())
            if low == np.inf:
                raise ValueError("cost matrix is infeasible")
            # SciPy's scan keeps the first column of least cost, unless a later one of
            # the same cost is unassigned: then the last such.
            ties = np.flatnonzero(costs == low)
            free = ties[row4col[scan[ties]] == -1]
            index = int(free[-1]) if free.size else int(ties[0])
            column = int(remaining[index])
            if row4col[column] == -1:
                sink = column
            else:
                row = int(row4col[column])
            in_columns[column] = True
            left -= 1
            remaining[index] = remaining[left]
        u[current] += low
        others = np.flatnonzero(in_rows)
        others = others[others != current]
        u[others] += low - shortest[col4row[others]]
        visited = np.flatnonzero(in_columns)
        v[visited] -= low - shortest[visited]
        column = sink
        while True:
            row = int(path[column])
            row4col[column] = row
            col4row[row], column = column, int(col4row[row])
            if row == current:
                break
    return col4row
