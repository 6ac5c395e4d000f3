"""test_notebooks.py — executes the bundled notebooks with nbclient on the real kernel binary and
checks what they show."""
import os
import nbformat
import pytest
from nbclient import NotebookClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture
def kernel_name(jupyter_path):
    """The kernelspec (from conftest's JUPYTER_PATH) that runs the binary under test."""
    return "dstream-test-message"


def run_notebook(name, kernel_name):
    nb = nbformat.read(os.path.join(ROOT, "notebooks", name), as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
    NotebookClient(nb, kernel_name=kernel_name, timeout=120).execute()
    return nb


def texts(cell):
    out = []
    for o in cell.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            out.append(o.data.get("text/plain", ""))
        elif o.output_type == "error":
            out.append(f"{o.ename}: {o.evalue}")
    return "".join(out)


def test_scala_basics_notebook(kernel_name):
    nb = run_notebook("Scala-Basics.ipynb", kernel_name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "words: List[String] = List(spark, kafka, stream, spark, batch)" in texts(code[0])
    assert "res0: List[(String, Int)] = List((spark,2), " in texts(code[1])
    assert "grace went viral (250 retweets)" in texts(code[2])
    assert "average: 126.5" in texts(code[3])
    assert "java.lang.ArithmeticException: / by zero" in texts(code[3])
    assert "Vector((1,1), (2,2), (3,1), (3,3))" in texts(code[4])
