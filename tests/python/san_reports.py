"""san_reports.py — pytest plugin (conftest.py loads it): a sanitizer report that a kernel process
wrote to a stream fails the test during which it was written.

Under `make VARIANT=asan pytest` every kernel process writes ASan/UBSan/LSan reports to
build/asan/logs (the Makefile's SAN_ENV), and any file there fails the run.  A process that lost
that environment, or a runtime that ignores log_path, writes its report to stderr instead:
kernels started by jupyter_client, nbclient or scripts inherit pytest's stderr, which pytest
captures per test phase (the default --capture=fd).  This plugin reads what each phase captured
and turns a report into a failure of that phase, showing the report.
"""

import re

import pytest

# A UBSan finding ("file.c:12:5: runtime error: …"), an ASan/LSan error header, or any
# sanitizer's SUMMARY line.
REPORT = re.compile(
    r"^.*:\d+:\d+: runtime error: .*$"
    r"|^==\d+==\s*ERROR: (?:AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)\b.*$"
    r"|^SUMMARY: (?:AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)\b.*$",
    re.M)


def sanitizer_reports(text):
    """The report lines in text (empty when there is none)."""
    return [m.group(0) for m in REPORT.finditer(text or "")]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    # This phase's captured output only (earlier phases' sections are on the report too).
    text = "".join(content for name, content in rep.sections
                   if name.startswith("Captured ") and name.endswith(" " + rep.when))
    found = sanitizer_reports(text)
    if not found:
        return
    msg = ("sanitizer report(s) in the output captured during " + rep.when + " (a kernel process "
           "wrote them to a stream, not to build/asan/logs):\n  " + "\n  ".join(found[:20]))
    if rep.failed and rep.longrepr is not None:
        msg = str(rep.longrepr) + "\n\n" + msg
    rep.outcome = "failed"
    rep.longrepr = msg
