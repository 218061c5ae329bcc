#!/usr/bin/env python3
"""Executes notebooks as Jupyter would, for NotebooksExecuteTest: every code cell in order, in a fresh
kernel started in the notebooks' folder, with `out` set after the parameters cell as papermill does.

    python3 execute_notebooks.py OUT RESULT_DIR NOTEBOOK...

Writes each executed notebook, outputs included, to RESULT_DIR under its own name. Exits 1 at the
first cell that raises, printing which cell and the error. Needs nbclient, nbformat and ipykernel;
the notebooks' own imports (pyspark, pandas, matplotlib) come from the kernel's path.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT_S = 240


def with_out(nb, out):
    """The notebook with a cell `out = ...` inserted after the one tagged `parameters`."""
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", []))
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(f"out = {out!r}", id="injected-parameters"))
    return nb


def main(out, result_dir, notebooks):
    for path in notebooks:
        nb = with_out(nbformat.read(path, as_version=4), out)
        client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        try:
            client.execute()
        except CellExecutionError as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 1
        finally:
            nbformat.write(nb, os.path.join(result_dir, os.path.basename(path)))
        print(f"{path}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
