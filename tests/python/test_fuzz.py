"""test_fuzz.py — the three fuzzers, briefly, with fixed seeds (a failure reproduces with the same
seed; each test says where the failing input was kept), and the regressions they found.

- the wire fuzzer (fuzz/fuzz_wire.c, libFuzzer) on the wire decoder, through scripts/fuzz.sh;
- the message fuzzer (fuzz/fuzz_messages.py): signed requests of every type with odd fields to the
  kernel binary under test ($DSTREAM_KERNEL), which must answer kernel_info after every batch;
- the cell fuzzer (fuzz/fuzz_cells.c, built as build/$VARIANT/fuzz-cells, $DSTREAM_FUZZ_CELLS):
  mutated notebook and docs cells in-process; every cell ends in a result or a clean error.

Each checks the stderr of the processes it starts for sanitizer reports itself (log_path=stderr),
whatever the environment's log_path says. `make fuzz` runs the same fuzzers for longer.
"""

import os
import pathlib
import subprocess
import sys

import pytest

from conftest import REPO, kernel_binary, shell_reply

sys.path.insert(0, str(REPO / "fuzz"))
import fuzz_messages  # noqa: E402

SEED = 1


def fuzz_env():
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "log_path=stderr", "detect_leaks=1",
                                                 "allocator_may_return_null=1", "max_allocation_size_mb=1024"]))
    env["UBSAN_OPTIONS"] = ":".join(filter(None, [env.get("UBSAN_OPTIONS"), "log_path=stderr", "print_stacktrace=1"]))
    return env


def test_wire_fuzzer(tmp_path):
    env = fuzz_env()
    env.update(FUZZ_ONLY="wire", FUZZ_RUNS="300000", FUZZ_SEED=str(SEED), FUZZ_CORPUS=str(tmp_path / "corpus"))
    p = subprocess.run(["bash", str(REPO / "scripts" / "fuzz.sh")], env=env, capture_output=True, text=True,
                       timeout=600)
    out = p.stdout + p.stderr
    assert p.returncode == 0, f"wire fuzzer failed (input kept in build/fuzz/crash-*):\n{out[-6000:]}"
    assert "Done 300000 runs" in out
    assert not fuzz_messages.sanitizer_report(out), out[-6000:]


def test_message_fuzzer(tmp_path):
    out = REPO / "build" / "fuzz" / "messages-test"
    try:
        stats = fuzz_messages.run(kernel_binary(), count=1500, seed=SEED, outdir=out, log=lambda s: None)
    except fuzz_messages.FuzzFailure as e:
        pytest.fail(str(e))
    assert stats["messages"] == 1500 and stats["kernels"] >= 1


def cells_binary():
    path = os.environ.get("DSTREAM_FUZZ_CELLS")
    if not path:
        variant = "asan" if "/build/asan/" in kernel_binary() else "release"
        path = str(REPO / "build" / variant / "fuzz-cells")
    if not os.access(path, os.X_OK):
        pytest.fail(f"cell fuzzer {path} is missing (make fuzz-cells, or set DSTREAM_FUZZ_CELLS)")
    return path


def test_cell_fuzzer(tmp_path):
    seeds = sorted(str(p) for p in [*REPO.glob("notebooks/*.ipynb"), *REPO.glob("docs/*.md")])
    out = REPO / "build" / "fuzz" / "cells-test"
    p = subprocess.run([cells_binary(), "--seed", str(SEED), "--count", "400", "--interrupt-ms", "500", "--out", str(out), *seeds],
                       env=fuzz_env(), capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, f"cell fuzzer found something (cells kept in {out}):\n{p.stdout[-8000:]}\n{p.stderr[-2000:]}"
    assert "400 cells run" in p.stdout, p.stdout


# ---- regressions found by the fuzzers ----------------------------------------------------------

@pytest.mark.parametrize("session", sorted(p.name for p in (REPO / "fuzz" / "known").glob("*.scala")))
def test_known_cell_findings_replay_clean(session):
    """Each session the cell fuzzer once crashed on (fuzz/known/) now ends in results or clean errors."""
    p = subprocess.run([cells_binary(), "--replay", str(REPO / "fuzz" / "known" / session)],
                       env=fuzz_env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and ": ok" in p.stdout + p.stderr, f"{p.stdout[-4000:]}\n{p.stderr[-4000:]}"


def test_complete_on_a_megabyte_line_answers(kc):
    """The cell fuzzer: complete_request on a long Scala line split the whole line into words for
    the Kafka magics' completion, growing the word array one slot per word (quadratic; under ASan,
    whose realloc always copies, a 250 KB line took 40 s and a 1 MB line many minutes)."""
    code = "x => " * 200_000 + "x"
    reply = shell_reply(kc, kc.complete(code, len(code)), timeout=60)
    assert reply["content"]["status"] == "ok"
    code = "%consume " + "w " * 200_000
    reply = shell_reply(kc, kc.complete(code, len(code)), timeout=60)
    assert reply["content"]["status"] == "ok"


def test_inspect_on_a_long_line_of_conditions_answers(kc):
    """The cell fuzzer: inspect_request on `true` in 2 MB of `if (true) …` looked for a lambda
    parameter named `true` at every earlier occurrence, each time scanning the cell from its start
    for the enclosing parenthesis (quadratic: about 75 s on the release build, a hang under ASan)."""
    code = "if (true) " * 200_000 + "1 else 2"
    reply = shell_reply(kc, kc.inspect(code, len(code) - 12), timeout=30)
    assert reply["content"]["status"] == "ok"
    reply = shell_reply(kc, kc.complete(code, len(code) - 12), timeout=30)
    assert reply["content"]["status"] == "ok"


def test_lone_surrogates_reach_the_frontend(run):
    """The cell fuzzer: a Scala string may hold a lone surrogate ("\\uD800"), which the interpreter
    keeps in its 3-byte form; the echo, the printed line and the error message were dropped
    (json_string refused them, and the stream's repair kept the 3 bytes). Now each lone surrogate
    becomes U+FFFD and a pair becomes its character."""
    reply, msgs = run('"\\uD800" + "x"')
    assert reply["content"]["status"] == "ok"
    results = [m["content"]["data"].get("text/plain", "") for m in msgs if m["msg_type"] == "execute_result"]
    assert results and results[0].endswith("\ufffdx"), results
    reply, msgs = run('println("a\\uD800b\\uD83D\\uDE00c")')
    text = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
    assert text == "a\ufffdb\U0001F600c\n", repr(text)
    reply, msgs = run('throw new RuntimeException("bad \\uD800")')
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "java.lang.RuntimeException" or "RuntimeException" in reply["content"]["ename"]
    assert reply["content"]["evalue"] == "bad \ufffd", reply["content"]
    assert any("bad \ufffd" in line for line in reply["content"]["traceback"]), reply["content"]["traceback"]
