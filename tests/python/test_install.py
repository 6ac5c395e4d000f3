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
