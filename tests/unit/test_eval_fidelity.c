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

TEST(random_java_sequences) {
    Sess *S = sess_new();
    sess_run(S, "val r = new scala.util.Random(42)");
    CHECK(!strncmp(S->text, "r: scala.util.Random = scala.util.Random@", 41));
    RUN(S, "r.nextInt(100)", "res0: Int = 30");
    RUN(S, "r.nextInt", "res1: Int = 234785527");
    RUN(S, "r.nextDouble", "res2: Double = 0.6832234717598454");
    RUN(S, "r.nextLong", "res3: Long = 5694868678511409995");
    RUN(S, "r.nextBoolean", "res4: Boolean = false");
    RUN(S, "r.nextGaussian", "res5: Double = 0.2669736057242196");
    sess_run(S, "val jr = new java.util.Random(7)");
    CHECK(!strncmp(S->text, "jr: java.util.Random = java.util.Random@", 40));
    RUN(S, "(1 to 5).map(_ => jr.nextInt(10))", "res6: scala.collection.immutable.IndexedSeq[Int] = Vector(6, 4, 5, 4, 0)");
    RUN(S, "jr.nextGaussian", "res7: Double = -0.06578797689860531");
    RUN(S, "jr.nextGaussian", "res8: Double = 1.6987173043484944");
    RUN(S, "jr.nextInt(1 << 20)", "res9: Int = 596796");
    RUN(S, "jr.nextInt(7)", "res10: Int = 0");
    RUN(S, "jr.nextLong", "res11: Long = -873338095399301399");
    sess_run(S, "import scala.util.Random\nval r2 = new Random(1L)");
    RUN(S, "r2.nextInt(1000)", "res12: Int = 985");
    RUN(S, "r2.shuffle(List(1,2,3,4,5))", "res13: List[Int] = List(5, 3, 1, 2, 4)");
    RUN(S, "scala.util.Random.nextInt(10) < 10", "res14: Boolean = true");
    sess_run(S, "val r3 = new java.util.Random(123); r3.nextDouble");
    CHECK(strstr(S->text, "\nres15: Double = 0.7231742029971469"));
    sess_free(S);
}

TEST(float_is_single_precision) {
    Sess *S = sess_new();
    RUN(S, "1f/7", "res0: Float = 0.14285715");
    RUN(S, "val fl = 1.5f * 2", "fl: Float = 3.0");
    RUN(S, "3.toFloat", "res1: Float = 3.0");
    RUN(S, "2.0f + 1", "res2: Float = 3.0");
    RUN(S, "1f/3 + 1.0", "res3: Double = 1.3333333432674408");
    RUN(S, "val fs = List(1f, 2.5f)", "fs: List[Float] = List(1.0, 2.5)");
    RUN(S, "(0.1f + 0.2f).toString", "res4: String = 0.3");
    RUN(S, "new scala.util.Random(42).nextFloat", "res5: Float = 0.7275637");
    sess_free(S);
}
