"""dstream_kernel — the Spark Streaming on Kafka kernel (a C binary) packaged for pip: the binary,
DuckDB's library it loads on first use, and the kernelspec "dstream" in share/jupyter/kernels."""
import os
import pathlib

__version__ = "0.1.0"

HERE = pathlib.Path(__file__).resolve().parent
BINARY = HERE / "bin" / "dstream-kernel"
DUCKDB = HERE / "lib" / "libduckdb.so"


def environment(env=None):
    """The kernel's environment: DuckDB from this package unless DUCKDB_LIB names another."""
    env = dict(os.environ if env is None else env)
    if not env.get("DUCKDB_LIB") and DUCKDB.exists():
        env["DUCKDB_LIB"] = str(DUCKDB)
    return env
