"""Execute notebooks headlessly with the project kernel (nbclient).

Usage: execute.py [--timeout SECONDS] [--out-dir DIR] NOTEBOOK...

Stops at the first failing cell and prints the notebook, the cell number, its
source and what the kernel wrote to stderr: tslab sends the real error message
only there (its error replies have an empty value). Exit status 1 on failure,
2 on bad arguments. Never uses allow_errors: a failed cell fails the run.
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def cell_report(path, index, cell, why):
    lines = [f"FAILED {path}: cell {index + 1} ({why})", "----- cell source -----", cell.source]
    stderr = [o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    lines.append("----- kernel stderr -----")
    lines.append("".join(stderr).rstrip() or "(nothing on stderr)")
    for e in errors:
        detail = ": ".join(x for x in (e.get("ename", ""), e.get("evalue", "")) if x)
        if detail:
            lines.append(f"----- error -----\n{detail}")
    return "\n".join(lines)


def run(path, timeout, out_dir):
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if not kernel:
        print(f"FAILED {path}: notebook metadata names no kernel (kernelspec.name)", file=sys.stderr)
        return False
    failed = {}

    def on_cell_error(cell, cell_index, execute_reply):
        failed.setdefault("index", cell_index)

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        interrupt_on_timeout=True,
        allow_errors=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_error=on_cell_error,
    )
    started = time.monotonic()
    ok = True
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        ok = False
        index = failed.get("index")
        if index is None:
            index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count") is None), 0)
        why = f"timed out after {timeout} s" if isinstance(err, CellTimeoutError) or "Timeout" in str(err) else "raised an error"
        print(cell_report(path, index, nb.cells[index], why), file=sys.stderr)
    except DeadKernelError as err:
        ok = False
        print(f"FAILED {path}: the kernel died: {err}", file=sys.stderr)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    if ok:
        print(f"ok {path} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--out-dir")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    results = [run(p, args.timeout, args.out_dir) for p in args.notebooks]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
