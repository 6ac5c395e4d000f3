"""test_duck_lazy.py — DuckDB stays out of the kernel until a DataFrame or SQL needs it (issue 11):
the binary does not link libduckdb (the loader, kernel/spark/sql/duck.c, dlopens it on first use),
and a started kernel that ran an ordinary cell has no libduckdb mapped, so start-up time and idle
memory are what they were before DuckDB."""

import subprocess

from conftest import kernel_binary


def test_kernel_binary_does_not_link_duckdb():
    binary = kernel_binary()
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    assert "libzmq" in ldd, ldd              # ldd did list the kernel's libraries
    assert "duckdb" not in ldd, ldd
    needed = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
    assert "(NEEDED)" in needed and "duckdb" not in needed, needed


def test_started_kernel_has_no_duckdb_mapped(kernel, run):
    km, _ = kernel
    reply, _ = run("val xs = (1 to 10).map(_ * 2).sum")
    assert reply["content"]["status"] == "ok", reply["content"]
    with open(f"/proc/{km.provisioner.process.pid}/maps") as f:
        maps = f.read()
    assert "libzmq" in maps                  # the maps are the kernel's
    assert "duckdb" not in maps, [line for line in maps.splitlines() if "duckdb" in line]
