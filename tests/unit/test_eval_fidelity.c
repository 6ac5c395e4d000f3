/* test_eval_fidelity.c — unit tests of the Scala the interpreter runs as spark-shell 3.5
 * (Scala 2.12) does: the "type mismatch" compile errors of declared types (typecheck.c), and
 * the texts the REPL prints. The expected texts were printed by spark-shell 3.5.5, except that
 * the kernel gives the line in the cell and no REPL indentation. */
#include "test_eval.h"

#include <string.h>

TEST(typecheck_declared_types) {
    Sess *S = sess_new();
    RUN(S, "val n: Int = \"five\"", "!error: type mismatch;\n found   : String(\"five\")\n required: Int");
    CHECK_STR(S->r.traceback, "<console>:1: error: type mismatch;\n found   : String(\"five\")\n required: Int\n"
              "val n: Int = \"five\"\n             ^");
    RUN(S, "n", "!error: not found: value n");
    RUN(S, "def f(x: Int) = x\nf(\"a\")", "f: (x: Int)Int\n!error: type mismatch;\n found   : String(\"a\")\n required: Int");
    CHECK_STR(S->r.traceback, "<console>:2: error: type mismatch;\n found   : String(\"a\")\n required: Int\nf(\"a\")\n  ^");
    RUN(S, "def g(): Int = \"s\"", "!error: type mismatch;\n found   : String(\"s\")\n required: Int");
    RUN(S, "val s: String = 5", "!error: type mismatch;\n found   : Int(5)\n required: String");
    RUN(S, "val m = \"abc\"\nval k: Int = m", "m: String = abc\n!error: type mismatch;\n found   : String\n required: Int");
    RUN(S, "val b: Boolean = 1", "!error: type mismatch;\n found   : Int(1)\n required: Boolean");
    RUN(S, "val i2: Int = 3.5", "!error: type mismatch;\n found   : Double(3.5)\n required: Int");
    RUN(S, "val i3: Int = 3L", "!error: type mismatch;\n found   : Long(3L)\n required: Int");
    RUN(S, "def h(x: Int, y: String) = y * x\nh(2, 3)",
        "h: (x: Int, y: String)Any\n!error: type mismatch;\n found   : Int(3)\n required: String");
    RUN(S, "def blk(x: Int): String = { val y = x + 1; y }", "!error: type mismatch;\n found   : Int\n required: String");
    sess_free(S);
}

TEST(typecheck_accepts_what_scala_accepts) {
    Sess *S = sess_new();
    RUN(S, "val d: Double = 3", "d: Double = 3.0");
    RUN(S, "val l: Long = 3", "l: Long = 3");
    RUN(S, "val fl: Double = 'a'", "fl: Double = 97.0");
    RUN(S, "def q(x: Double) = x\nq(3)", "q: (x: Double)Double\nres0: Double = 3.0");
    RUN(S, "val a: Any = 5", "a: Any = 5");
    RUN(S, "val m = \"abc\"\nval m = 3\nval k: Int = m", "m: String = abc\nm: Int = 3\nk: Int = 3");
    /* a parameter shadows the global of its name */
    RUN(S, "def p(m: String): String = m", "p: (m: String)String");
    RUN(S, "def f(x: Int) = x\ndef g(f: String => String) = f(\"a\")\ng(s => s)",
        "f: (x: Int)Int\ng: (f: String => String)String\nres1: String = a");
    RUN(S, "val s: String = null", "s: String = null");
    sess_free(S);
}
