"""libzmq-leak-at-shutdown.py — reproduces a LeakSanitizer report from libzmq 4.3.4 (Debian 12) at
kernel shutdown: a client keeps sending 18 KB requests on shell while a shutdown_request arrives on
control; in about 1 run of 10 the ASan kernel exits with "Direct leak of 18160 byte(s)" whose stack
is malloc, then libzmq.so frames only (a message the shell socket was receiving when it closed).
Reading the shell socket empty before closing it does not change that. Found by the message fuzzer.

    .venv/bin/python fuzz/known/libzmq-leak-at-shutdown.py build/asan/dstream-kernel 20
"""
import sys, os, json
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import fuzz_messages as fm, tempfile
hits = 0
with tempfile.TemporaryDirectory() as w:
    for it in range(int(sys.argv[2])):
        k = fm.Kernel(os.path.abspath(sys.argv[1]), w, fm.sanitizer_env())
        assert k.probe()
        big = json.dumps({"x": "y" * 18000}).encode()
        for i in range(200):
            msg = k.session.msg("kernel_info_request", {})
            h = k.session.pack(msg["header"])
            k.send("shell", [h, big, b"{}", b"{}"])
        msg = k.session.msg("shutdown_request", {"restart": False})
        k.session.send(k.socks["control"], msg)
        rc = k.close()
        t = k.stderr_text()
        if "LeakSanitizer" in t:
            hits += 1
            print(t[t.index("LeakSanitizer") - 50:][:800])
print("hits", hits)
