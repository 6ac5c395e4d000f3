"""dstream_build.py — the PEP 517 build backend behind `pip install .` and `pip wheel .` (in-tree, no
build requirements): `make all` builds the C kernel, then a wheel is written holding the binary,
DuckDB's libduckdb.so (loaded on first use), a `python -m dstream_kernel` launcher (the
`dstream-kernel` command too) and the kernelspec "dstream" under share/jupyter/kernels, where
`jupyter kernelspec list` finds it in the environment that installed it.

The wheel is for machines like the build machine: the binary links the Debian libraries `make deps`
installs (libzmq5, libczmq4, libjansson4, librdkafka1, libssl3), hence the platform tag
linux_x86_64 rather than a manylinux one."""
import base64
import hashlib
import io
import json
import os
import pathlib
import shutil
import subprocess
import sysconfig
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME, VERSION = "dstream_kernel", "0.1.0"
DIST = f"{NAME}-{VERSION}"

METADATA = f"""Metadata-Version: 2.1
Name: dstream-kernel
Version: {VERSION}
Summary: A Jupyter kernel, written in C, that runs Spark Streaming (DStream) Scala cells directly on Kafka
License: Apache-2.0
Requires-Python: >=3.8
Keywords: jupyter,kernel,spark,kafka,scala,streaming

A Jupyter kernel (a C binary) for Spark Streaming's Scala API on Kafka, with an embedded broker.
See README.md in the source tree.
"""


def _tag():
    return "py3-none-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")


def _make():
    """Builds kernel/dstream-kernel; says what to do when the machine lacks the build's packages."""
    r = subprocess.run(["make", "-C", str(ROOT), "all"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError("building the kernel failed (`make all`):\n" + r.stdout[-4000:] +
                           "\nOn a fresh machine run `make deps` first (it installs the -dev packages with apt-get "
                           "and DuckDB into .deps/duckdb), then `pip install .` again.")


def _duckdb_lib():
    """The libduckdb.so the build recorded (DUCKDB_DIR, by default .deps/duckdb)."""
    stamp = ROOT / "build" / "release" / "duckdb-dir"
    lib = pathlib.Path(stamp.read_text().strip()) if stamp.exists() else ROOT / ".deps/duckdb/lib/libduckdb.so"
    if not lib.exists():
        raise RuntimeError(f"{lib} is missing: run `make deps` (it fetches DuckDB), then `pip install .` again")
    return lib


def _kernel_json():
    spec = (ROOT / "kernelspec/dstream/kernel.json.in").read_text()
    spec = spec.replace('"@KERNEL@"', '"python", "-m", "dstream_kernel"')
    json.loads(spec)   # still JSON
    return spec.encode()


def _stripped(binary):
    """The binary without its debug sections (a third of its size), when binutils' strip exists."""
    strip = shutil.which("strip")
    if not strip:
        return binary.read_bytes()
    with tempfile.TemporaryDirectory() as d:
        out = pathlib.Path(d) / "k"
        subprocess.run([strip, "--strip-debug", "-o", str(out), str(binary)], check=True)
        return out.read_bytes()


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _make()
    tag = _tag()
    files = []   # (path in the wheel, bytes, unix mode)
    pkg = ROOT / "python" / NAME
    for f in sorted(pkg.glob("*.py")):
        files.append((f"{NAME}/{f.name}", f.read_bytes(), 0o644))
    files.append((f"{NAME}/bin/dstream-kernel", _stripped(ROOT / "kernel/dstream-kernel"), 0o755))
    files.append((f"{NAME}/lib/libduckdb.so", _duckdb_lib().read_bytes(), 0o644))
    share = f"{DIST}.data/data/share/jupyter/kernels/dstream"
    files.append((f"{share}/kernel.json", _kernel_json(), 0o644))
    for logo in ("logo-32x32.png", "logo-64x64.png"):
        files.append((f"{share}/{logo}", (ROOT / "kernelspec/dstream" / logo).read_bytes(), 0o644))
    info = f"{DIST}.dist-info"
    files.append((f"{info}/METADATA", METADATA.encode(), 0o644))
    files.append((f"{info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: dstream_build\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(), 0o644))
    files.append((f"{info}/entry_points.txt", b"[console_scripts]\ndstream-kernel = dstream_kernel.__main__:main\n", 0o644))
    record = [_record_line(p, d) for p, d, _ in files] + [f"{info}/RECORD,,"]
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode(), 0o644))
    name = f"{DIST}-{tag}.whl"
    with zipfile.ZipFile(pathlib.Path(wheel_directory) / name, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data, mode in files:
            zi = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            zi.external_attr = (0o100000 | mode) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []
