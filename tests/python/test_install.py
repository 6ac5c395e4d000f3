"""test_install.py — `make install` lays out the binary and kernelspec under DESTDIR/PREFIX, and
`make install-user` makes `jupyter kernelspec list` show dstream (in a temporary data dir)."""
import json
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]


def test_make_install_layout(tmp_path):
    subprocess.run(["make", "-s", "install", f"DESTDIR={tmp_path}", "PREFIX=/opt/dstream"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    binary = tmp_path / "opt/dstream/bin/dstream-kernel"
    spec = tmp_path / "opt/dstream/share/jupyter/kernels/dstream"
    assert os.access(binary, os.X_OK)
    kj = json.loads((spec / "kernel.json").read_text())
    assert kj["argv"] == ["/opt/dstream/bin/dstream-kernel", "-f", "{connection_file}"]
    assert kj["display_name"] == "Spark Streaming on Kafka (C)"
    assert kj["language"] == "scala"
    assert kj["interrupt_mode"] in ("signal", "message")
    assert (spec / "logo-32x32.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (spec / "logo-64x64.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("dstream-kernel ")


def test_install_user_shows_in_kernelspec_list(tmp_path):
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "data"))
    binary = str(REPO / "kernel" / "dstream-kernel")
    subprocess.run(["bash", str(REPO / "scripts/install-user.sh"), binary, sys.executable], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    listing = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"], env=env,
                             capture_output=True, text=True, check=True).stdout
    specs = json.loads(listing)["kernelspecs"]
    assert "dstream" in specs
    assert specs["dstream"]["spec"]["argv"][0] == binary


def test_pip_install_in_a_fresh_venv(tmp_path):
    """`pip install .` (the in-tree PEP 517 backend, scripts/pep517/dstream_build.py) in a fresh venv:
    the kernelspec lands in the venv's share/jupyter, `jupyter kernelspec list` there shows it, and
    a kernel started from it runs Scala and DuckDB (the wheel's own libduckdb.so). `pip wheel .`
    gives the same files as one wheel for other machines with the same Debian libraries."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py, pip = venv / "bin/python", venv / "bin/pip"
    # jupyter_client from PyPI: the fresh venv is a Jupyter of its own
    subprocess.run([str(pip), "install", "-q", str(REPO), "jupyter_client"], check=True, cwd=tmp_path)
    spec_dir = venv / "share/jupyter/kernels/dstream"
    kj = json.loads((spec_dir / "kernel.json").read_text())
    assert kj["argv"] == ["python", "-m", "dstream_kernel", "-f", "{connection_file}"]
    assert kj["display_name"] == "Spark Streaming on Kafka (C)"
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "DUCKDB_LIB")}
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "no-user-data")     # only the venv's own kernelspecs
    listing = subprocess.run([str(venv / "bin/jupyter"), "kernelspec", "list", "--json"], env=env,
                             capture_output=True, text=True, check=True).stdout
    specs = json.loads(listing)["kernelspecs"]
    assert pathlib.Path(specs["dstream"]["resource_dir"]) == spec_dir
    out = subprocess.run([str(venv / "bin/dstream-kernel"), "--version"], capture_output=True, text=True,
                         check=True, env=env).stdout
    assert out.startswith("dstream-kernel ")
    duck = subprocess.run([str(py), "-c", "import dstream_kernel; print(dstream_kernel.environment()['DUCKDB_LIB'])"],
                          capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert duck.startswith(str(venv)) and pathlib.Path(duck).stat().st_size > 1_000_000
    run = r'''
import jupyter_client
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="dstream")
try:
    for code in ["1 + 1", 'spark.sql("select 41 + 1 as x").show()']:
        out = []
        kc.execute_interactive(code, timeout=90, output_hook=lambda m: out.append(
            m["content"].get("text") or m["content"].get("data", {}).get("text/plain") or m["content"].get("evalue") or ""))
        print("".join(out))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
'''
    res = subprocess.run([str(py), "-c", run], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "res0: Int = 2" in res.stdout and "| 42|" in res.stdout, res.stdout
    # the same files as one wheel
    subprocess.run([str(pip), "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(REPO)], check=True, cwd=tmp_path)
    import zipfile
    (wheel,) = (tmp_path / "dist").glob("dstream_kernel-*-py3-none-linux_x86_64.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"dstream_kernel/bin/dstream-kernel", "dstream_kernel/lib/libduckdb.so",
            "dstream_kernel-0.1.0.data/data/share/jupyter/kernels/dstream/kernel.json"} <= names
