"""test_fresh_build.py — the first `make demo` and the first `make test` on a machine without the
-dev packages build and link (issue 9: the Makefile read `pkg-config --libs` before `make deps`
had installed anything, so the first `make demo` failed with undefined references).

Nothing of this machine is trusted to be missing: a copy of the repository's tracked files is
built with fake `pkg-config`, `dpkg-query`, `apt-get` and `sudo` first on the PATH.  Until the
fake `apt-get install` has run, pkg-config knows none of the project's packages and dpkg-query
says their -dev packages are not installed; `apt-get install` (which `make deps` runs) records
its arguments and flips a marker, after which both answer as the real ones do.

`make deps` also fetches DuckDB (scripts/duckdb.sh) into the copy's .deps/duckdb, for real: the
copy's `make test` keeps the DuckDB unit test (tests/unit/test_duck.c), which loads it.

`make demo` runs for real up to the notebooks: scripts/demo.sh of the copy is replaced by one
that runs a one-cell notebook with the real scripts/run-notebooks.py on the kernelspec that
`make install-user` installed (into a private JUPYTER_DATA_DIR).  `make test` runs for real on a
copy whose suites are cut down to one unit-test file and one pytest.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
# Makefile's PKGS, and the Debian packages scripts/deps.sh installs for them
PC_NAMES = {"libzmq", "libczmq", "jansson", "openssl", "rdkafka"}
DEV_PACKAGES = {"libzmq3-dev", "libczmq-dev", "libjansson-dev", "librdkafka-dev", "libssl-dev"}

FAKE = {
    "pkg-config": r'''#!/bin/sh
# fake pkg-config: knows none of the project's packages until the fake apt-get install ran
if [ ! -e "$FRESH_MARKER" ]; then
  for a in "$@"; do
    case " $FRESH_PC_NAMES " in *" $a "*)
      echo "pkg-config fail $*" >>"$FRESH_LOG"
      echo "Package $a was not found in the pkg-config search path." >&2
      exit 1;;
    esac
  done
fi
echo "pkg-config ok $*" >>"$FRESH_LOG"
exec "$FRESH_REAL_PKG_CONFIG" "$@"
''',
    "dpkg-query": r'''#!/bin/sh
# fake dpkg-query: the project's -dev packages are not installed until the fake apt-get install ran
if [ ! -e "$FRESH_MARKER" ]; then
  for a in "$@"; do
    case " $FRESH_DEV_PACKAGES " in *" $a "*)
      echo "dpkg-query: no packages found matching $a" >&2
      exit 1;;
    esac
  done
fi
exec "$FRESH_REAL_DPKG_QUERY" "$@"
''',
    "apt-get": r'''#!/bin/sh
# fake apt-get: records what it was asked; install flips the marker
echo "apt-get $*" >>"$FRESH_LOG"
case " $* " in *" install "*) touch "$FRESH_MARKER";; esac
exit 0
''',
    "sudo": '#!/bin/sh\nexec "$@"\n',
}

ONE_CELL_DEMO = r'''#!/usr/bin/env bash
# demo.sh of the fresh-build test: a one-cell notebook through the real notebook runner
set -euo pipefail
py=$1
here=$(cd "$(dirname "$0")/.." && pwd)
"$py" - "$here/smoke.ipynb" <<'EOF'
import sys, nbformat
nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell("println(6 * 7)"))
nb.metadata["kernelspec"] = {"name": "dstream", "display_name": "dstream", "language": "scala"}
nbformat.write(nb, sys.argv[1])
EOF
"$py" "$here/scripts/run-notebooks.py" --outdir "$here/notebooks/out" "$here/smoke.ipynb"
echo "demo ran"
'''

SMOKE_PYTEST = '''"""test_smoke.py — the fresh-build test's whole pytest suite: one cell on the built kernel."""
from conftest import iopub_for


def test_one_cell(kc):
    msg_id = kc.execute("println(6 * 7)")
    out = "".join(m["content"].get("text", "") for m in iopub_for(kc, msg_id) if m["msg_type"] == "stream")
    assert out == "42\\n"
'''


# what a build, the venv and the tests leave in the work tree (.gitignore), for a copy without git
UNTRACKED = shutil.ignore_patterns("build", ".deps", ".venv", "dstream-kernel", "out", "example", "tweetcheckpoint",
                                   "node_modules", "__pycache__", "*.o", "*.pyc", ".pytest_cache", ".cache", ".git")


def tracked_copy(dest):
    """The repository's tracked files as they are in the work tree (no build, no venv)."""
    if (REPO / ".git").exists() and shutil.which("git"):
        files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True).stdout
        for rel in files.decode().split("\0"):
            src = REPO / rel
            if rel and src.is_file() and not src.is_symlink():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
    else:   # a tarball of the sources
        shutil.copytree(REPO, dest, ignore=UNTRACKED, symlinks=True)


@pytest.fixture
def fresh(tmp_path):
    """(repository copy, environment, log path, marker path) for a machine without the -dev packages."""
    real_pc, real_dq = shutil.which("pkg-config"), shutil.which("dpkg-query")
    if not real_pc or not real_dq:
        pytest.fail("pkg-config and dpkg-query are needed (make deps installs pkg-config)")
    repo = tmp_path / "repo"
    tracked_copy(repo)
    # the test suite's own venv stands for the one `make venv` would create (its stamp up to date)
    venv = REPO / ".venv" if (REPO / ".venv" / "bin" / "python").exists() else pathlib.Path(sys.prefix)
    (repo / ".venv").symlink_to(venv.resolve())
    stamp = venv / ".stamp"
    if stamp.exists():
        t = stamp.stat().st_mtime - 60
        os.utime(repo / "tests" / "requirements.txt", (t, t))
    fake = tmp_path / "fakebin"
    fake.mkdir()
    for name, text in FAKE.items():
        (fake / name).write_text(text)
        (fake / name).chmod(0o755)
    log, marker = tmp_path / "calls.log", tmp_path / "installed"
    # nothing of the make running this suite (its VARIANT=asan is in the environment) or of the suite
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "VARIANT", "PYTEST_ARGS", "CFLAGS", "JUPYTER_PATH",
                        "DSTREAM_KERNEL", "DSTREAM_KCLI")}
    env.update(PATH=f"{fake}{os.pathsep}{env['PATH']}", FRESH_LOG=str(log), FRESH_MARKER=str(marker),
               FRESH_PC_NAMES=" ".join(sorted(PC_NAMES)), FRESH_DEV_PACKAGES=" ".join(sorted(DEV_PACKAGES)),
               FRESH_REAL_PKG_CONFIG=real_pc, FRESH_REAL_DPKG_QUERY=real_dq,
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"), JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"))
    return repo, env, log, marker


def check_calls(log, marker):
    """apt-get install ran, asked for every -dev package, and no pkg-config query succeeded before it."""
    assert marker.exists(), "make deps did not run apt-get install"
    calls = log.read_text().splitlines()
    install = [i for i, c in enumerate(calls) if c.startswith("apt-get ") and " install " in f" {c} "]
    assert install, calls
    asked = set(calls[install[0]].split())
    assert DEV_PACKAGES <= asked, f"apt-get install was not asked for {sorted(DEV_PACKAGES - asked)}: {calls[install[0]]}"
    ok = [i for i, c in enumerate(calls) if c.startswith("pkg-config ok ")]
    assert ok and min(ok) > install[0], calls
    assert any("--libs" in calls[i] for i in ok), f"the build never asked pkg-config for --libs after deps: {calls}"
    return calls


def run_make(repo, env, *targets, timeout=1500):
    r = subprocess.run(["make", "-j2", "--no-print-directory", *targets], cwd=repo, env=env,
                       capture_output=True, text=True, timeout=timeout)
    return r, r.stdout + r.stderr


def test_first_make_demo_on_a_fresh_machine(fresh):
    repo, env, log, marker = fresh
    (repo / "scripts" / "demo.sh").write_text(ONE_CELL_DEMO)
    r, out = run_make(repo, env, "demo")
    assert "undefined reference" not in out, out[-6000:]
    assert r.returncode == 0, out[-6000:]
    assert "demo ran" in out, out[-3000:]
    check_calls(log, marker)
    assert (repo / ".deps" / "duckdb" / "include" / "duckdb.h").exists(), out[-3000:]
    link = [line for line in out.splitlines() if " -o kernel/dstream-kernel " in line]
    assert link and "-ljansson" in link[-1] and "-lrdkafka" in link[-1], link
    nb = json.loads((repo / "notebooks" / "out" / "smoke.ipynb").read_text())
    assert "".join(nb["cells"][0]["outputs"][0]["text"]) == "42\n"
    spec = json.loads((pathlib.Path(env["JUPYTER_DATA_DIR"]) / "kernels" / "dstream" / "kernel.json").read_text())
    assert spec["argv"][0] == str(repo / "kernel" / "dstream-kernel")


def test_first_make_test_on_a_fresh_machine(fresh):
    repo, env, log, marker = fresh
    for f in (repo / "tests" / "unit").glob("test_*.c"):
        if f.name not in ("test_hmac.c", "test_duck.c"):
            f.unlink()
    for f in (repo / "tests" / "python").glob("test_*.py"):
        f.unlink()
    (repo / "tests" / "python" / "test_smoke.py").write_text(SMOKE_PYTEST)
    r, out = run_make(repo, env, "test")
    assert "undefined reference" not in out, out[-6000:]
    assert r.returncode == 0, out[-6000:]
    check_calls(log, marker)
    assert len(re.findall(r"(?m)^1 passed in ", out)) == 2, out[-3000:]   # the pytest run of each variant
    assert out.count("unit: ") == 2 and " 0 failed" in out, out[-3000:]
    assert (repo / "kernel" / "dstream-kernel").exists() and (repo / "build" / "asan" / "dstream-kernel").exists()
    assert (repo / ".deps" / "duckdb" / "lib" / "libduckdb.so").exists(), out[-3000:]
    assert out.count("fetching DuckDB") == 1, out[-3000:]     # fetched by the one `make deps`
