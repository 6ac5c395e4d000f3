"""run-notebooks.py — executes notebooks with nbclient on the dstream kernel.

usage: run-notebooks.py [--inplace] [--outdir DIR] [--kernel NAME] NOTEBOOK...
Executed copies go to DIR (default notebooks/out); --inplace rewrites the notebooks themselves
(that is how the committed outputs are produced). Exits non-zero if a cell errors."""
import argparse, os, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ap = argparse.ArgumentParser()
ap.add_argument("notebooks", nargs="+")
ap.add_argument("--inplace", action="store_true")
ap.add_argument("--outdir", default=os.path.join(os.path.dirname(__file__), "..", "notebooks", "out"))
ap.add_argument("--kernel", default="dstream")
ap.add_argument("--timeout", type=int, default=600)
args = ap.parse_args()
failed = 0
for path in args.notebooks:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    try:
        client.execute()
    except CellExecutionError as e:
        failed += 1
        print(f"{path}: a cell failed:\n{str(e)[:2000]}", file=sys.stderr)
    out = path if args.inplace else os.path.join(args.outdir, os.path.basename(path))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    nbformat.write(nb, out)
    print(f"executed {path} -> {os.path.abspath(out)}")
sys.exit(1 if failed else 0)
