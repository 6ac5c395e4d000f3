"""test_sanitizers.py — every sanitizer report of the ASan/UBSan build fails `make test`, whatever
stream it was written to (issue 9, defect 8).

1. With the Makefile's own sanitizer flags and SAN_ENV (read with `make print-VAR`), a program
   with undefined behaviour and one with memory errors write their reports to the logs directory,
   none to stderr — gcc's shared libubsan ignored UBSAN_OPTIONS' log_path next to libasan.
2. A report that still reaches a captured stream fails the test during which it was written
   (san_reports.py), shown by running pytest with that plugin on a throwaway test file.
"""

import os
import pathlib
import shlex
import subprocess
import sys

import pytest

from san_reports import sanitizer_reports

REPO = pathlib.Path(__file__).resolve().parents[2]

UB_PROGRAM = r"""
/* san-check.c: one sanitizer finding per argument (written by tests/python/test_sanitizers.py). */
#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) { (void)a; (void)b; return 0; }
int main(int argc, char **argv) {
    int *none = argc > 5 ? (int *)argv : NULL;
    char what = argc > 1 ? argv[1][0] : '-';
    if (what == 'q') qsort(none, 0, sizeof(int), cmp);                       /* UBSan nonnull */
    if (what == 's') { int x = 0x7fffffff; x += argc; printf("%d\n", x); }   /* UBSan overflow */
    if (what == 'u') { char *m = malloc(4); free(m); printf("%d\n", m[argc]); } /* ASan use after free */
    if (what == 'l') { char *m = malloc(40); m[0] = 1; m = NULL; }            /* LeakSanitizer */
    puts("no finding");
    return 0;
}
"""


def make_var(name):
    r = subprocess.run(["make", "-s", "--no-print-directory", "-C", str(REPO), "VARIANT=asan", f"print-{name}"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"make print-{name} failed: {r.stderr}"
    return r.stdout.strip()


@pytest.fixture(scope="module")
def san_build(tmp_path_factory):
    """(binary, environment) built and set up exactly as the Makefile's asan variant does."""
    d = tmp_path_factory.mktemp("san")
    src = d / "san-check.c"
    src.write_text(UB_PROGRAM)
    cc = make_var("CC") or "cc"
    flags = shlex.split(make_var("OPT")) + shlex.split(make_var("SAN_LDFLAGS"))
    binary = d / "san-check"
    r = subprocess.run([cc, "-g", *flags, str(src), "-o", str(binary)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    logs = str((REPO / "build" / "asan" / "logs").resolve())
    env = dict(os.environ)
    names = set()
    for assignment in shlex.split(make_var("SAN_ENV")):
        name, _, value = assignment.partition("=")
        # every runtime logs into build/asan/logs; here into a directory of this test instead
        assert f"log_path={logs}/" in value, f"{name} does not log to {logs}: {value}"
        env[name] = value.replace(logs, str(d / "logs"))
        names.add(name)
    assert {"ASAN_OPTIONS", "UBSAN_OPTIONS"} <= names, names
    return binary, env, d / "logs"


@pytest.mark.parametrize("finding, words", [("q", "null pointer passed as argument 1"),
                                            ("s", "signed integer overflow"),
                                            ("u", "heap-use-after-free"),
                                            ("l", "detected memory leaks")])
def test_sanitizer_reports_go_to_the_logs_directory(san_build, finding, words):
    binary, env, logs = san_build
    if logs.exists():
        for f in logs.iterdir():
            f.unlink()
    logs.mkdir(exist_ok=True)
    r = subprocess.run([str(binary), finding], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode != 0, "the finding did not end the program"
    written = "".join(f.read_text(errors="replace") for f in sorted(logs.iterdir()))
    assert words in written, f"no report in {logs}; stderr was:\n{r.stderr[-3000:]}"
    assert not sanitizer_reports(r.stderr) and words not in r.stderr, f"a report went to stderr:\n{r.stderr[-3000:]}"


def test_no_finding_no_log(san_build):
    binary, env, logs = san_build
    if logs.exists():
        for f in logs.iterdir():
            f.unlink()
    r = subprocess.run([str(binary)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "no finding" in r.stdout, r.stderr
    assert not logs.exists() or not list(logs.iterdir())


PLUGIN_TESTS = r'''
import subprocess
import pytest

def child(text):
    subprocess.run(["sh", "-c", "printf '%s\\n' \"$1\" >&2", "sh", text], check=True)

def test_ubsan_report_from_a_child():
    child("kernel/kafka/producer.c:269:9: runtime error: null pointer passed as argument 1")

@pytest.fixture
def dying_child():
    yield
    child("==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000012")

def test_asan_report_in_teardown(dying_child):
    pass

def test_clean_child():
    child("kernel/x.c:1:2: a warning that is no runtime error")
'''


def test_report_on_a_captured_stream_fails_its_test(tmp_path):
    (tmp_path / "test_children.py").write_text(PLUGIN_TESTS)
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests" / "python"))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "san_reports",
                        "--rootdir", str(tmp_path), str(tmp_path)],
                       env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "1 failed, 2 passed, 1 error" in out, out
    assert "FAILED test_children.py::test_ubsan_report_from_a_child" in out, out
    assert "ERROR test_children.py::test_asan_report_in_teardown" in out, out
    assert "runtime error: null pointer passed as argument 1" in out, out
