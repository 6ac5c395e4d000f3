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
              "       val n: Int = \"five\"\n                    ^");   /* spark-shell's 7-column indent */
    RUN(S, "n", "!error: not found: value n");
    RUN(S, "def f(x: Int) = x\nf(\"a\")", "f: (x: Int)Int\n!error: type mismatch;\n found   : String(\"a\")\n required: Int");
    CHECK_STR(S->r.traceback, "<console>:2: error: type mismatch;\n found   : String(\"a\")\n required: Int\n       f(\"a\")\n         ^");
    RUN(S, "def g(): Int = \"s\"", "!error: type mismatch;\n found   : String(\"s\")\n required: Int");
    RUN(S, "val s: String = 5", "!error: type mismatch;\n found   : Int(5)\n required: String");
    RUN(S, "val m = \"abc\"\nval k: Int = m", "m: String = abc\n!error: type mismatch;\n found   : String\n required: Int");
    RUN(S, "val b: Boolean = 1", "!error: type mismatch;\n found   : Int(1)\n required: Boolean");
    RUN(S, "val i2: Int = 3.5", "!error: type mismatch;\n found   : Double(3.5)\n required: Int");
    RUN(S, "val i3: Int = 3L", "!error: type mismatch;\n found   : Long(3L)\n required: Int");
    RUN(S, "def h(x: Int, y: String) = y * x\nh(2, 3)",
        "h: (x: Int, y: String)String\n!error: type mismatch;\n found   : Int(3)\n required: String");
    RUN(S, "val x2: Long = 3.5f", "!error: type mismatch;\n found   : Float(3.5)\n required: Long");
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

/* Scala 2.12's immutable HashMap / HashSet order beyond four entries */
TEST(scala_hash_order_of_maps_and_sets) {
    Sess *S = sess_new();
    RUN(S, "Map(1->\"a\",2->\"b\",3->\"c\",4->\"d\",5->\"e\",6->\"f\")",
        "res0: scala.collection.immutable.Map[Int,String] = Map(5 -> e, 1 -> a, 6 -> f, 2 -> b, 3 -> c, 4 -> d)");
    RUN(S, "Map(\"apple\"->1,\"banana\"->2,\"cherry\"->3,\"date\"->4,\"elder\"->5,\"fig\"->6,\"grape\"->7)",
        "res1: scala.collection.immutable.Map[String,Int] = Map(elder -> 5, banana -> 2, grape -> 7, fig -> 6, "
        "date -> 4, cherry -> 3, apple -> 1)");
    RUN(S, "Set(1,2,3,4,5,6,7,8,9,10) + 11",
        "res2: scala.collection.immutable.Set[Int] = Set(5, 10, 1, 6, 9, 2, 7, 3, 11, 8, 4)");
    RUN(S, "Set(3.5, 1.0, 2.0, 7.25, 9.0)", "res3: scala.collection.immutable.Set[Double] = Set(7.25, 1.0, 9.0, 2.0, 3.5)");
    RUN(S, "Map((1,2)->\"x\",(3,4)->\"y\",(5,6)->\"z\",(7,8)->\"w\",(9,10)->\"v\")",
        "res4: scala.collection.immutable.Map[(Int, Int),String] = Map((9,10) -> v, (3,4) -> y, (7,8) -> w, (1,2) -> x, (5,6) -> z)");
    RUN(S, "Map(1L->1,2L->2,3L->3,4L->4,5L->5,100L->6)",
        "res5: scala.collection.immutable.Map[Long,Int] = Map(5 -> 5, 1 -> 1, 2 -> 2, 3 -> 3, 4 -> 4, 100 -> 6)");
    RUN(S, "Map(Some(1)->1, Some(2)->2, None->0, Some(3)->3, Some(4)->4)",
        "res6: scala.collection.immutable.Map[Option[Int],Int] = Map(Some(4) -> 4, Some(1) -> 1, Some(3) -> 3, None -> 0, Some(2) -> 2)");
    RUN(S, "Map('a'->1, 'b'->2, 'c'->3, 'd'->4, 'e'->5)",
        "res7: scala.collection.immutable.Map[Char,Int] = Map(e -> 5, a -> 1, b -> 2, c -> 3, d -> 4)");
    RUN(S, "Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4) + (\"z\" -> 26)",
        "res8: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2, c -> 3, z -> 26, d -> 4)");
    RUN(S, "val m5 = Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5)",
        "m5: scala.collection.immutable.Map[String,Int] = Map(e -> 5, a -> 1, b -> 2, c -> 3, d -> 4)");
    RUN(S, "m5.toSeq", "res9: Seq[(String, Int)] = Vector((e,5), (a,1), (b,2), (c,3), (d,4))");
    RUN(S, "m5.toList", "res10: List[(String, Int)] = List((e,5), (a,1), (b,2), (c,3), (d,4))");
    RUN(S, "m5.keys", "res11: Iterable[String] = Set(e, a, b, c, d)");
    RUN(S, "m5.mkString(\",\")", "res12: String = e -> 5,a -> 1,b -> 2,c -> 3,d -> 4");
    RUN(S, "m5.filter(_._2 > 3)", "res13: scala.collection.immutable.Map[String,Int] = Map(e -> 5, d -> 4)");
    RUN(S, "Map(\"a\"->1,\"b\"->2).toSeq", "res14: Seq[(String, Int)] = Vector((a,1), (b,2))");
    RUN(S, "val s6 = Set(\"x\",\"y\",\"z\",\"w\",\"v\",\"u\")\ns6.toSeq",
        "s6: scala.collection.immutable.Set[String] = Set(x, y, u, v, w, z)\nres15: Seq[String] = Vector(x, y, u, v, w, z)");
    sess_free(S);
}

TEST(iterators) {
    Sess *S = sess_new();
    RUN(S, "val it = Iterator(1,2,3)", "it: Iterator[Int] = <iterator>");
    RUN(S, "it.next", "res0: Int = 1");
    RUN(S, "it.hasNext", "res1: Boolean = true");
    RUN(S, "Iterator(1,2,3,4).map(_ * 2).filter(_ > 2).toList", "res2: List[Int] = List(4, 6, 8)");
    RUN(S, "Iterator(1,2,3).size", "res3: Int = 3");
    RUN(S, "Iterator(5,6).foreach(println)", "5\n6\n");
    RUN(S, "Iterator(\"a\",\"b\").toArray", "res5: Array[String] = Array(a, b)");
    RUN(S, "Iterator(1,2,3).sum", "res6: Int = 6");
    RUN(S, "Iterator(1,2,3).mkString(\",\")", "res7: String = 1,2,3");
    RUN(S, "Iterator(1,2,3,4,5).take(2).toList", "res8: List[Int] = List(1, 2)");
    RUN(S, "Iterator(1,2,3).map(_ + 1)", "res9: Iterator[Int] = <iterator>");
    RUN(S, "List(1,2,3).iterator", "res10: Iterator[Int] = <iterator>");
    RUN(S, "Iterator.empty", "res11: Iterator[Nothing] = <iterator>");
    RUN(S, "Iterator(1,2,3).zipWithIndex.toList", "res12: List[(Int, Int)] = List((1,0), (2,1), (3,2))");
    RUN(S, "val it2 = List(1,2,3).iterator\nit2.next()\nit2.toList", "it2: Iterator[Int] = <iterator>\nres13: Int = 1\nres14: List[Int] = List(2, 3)");
    RUN(S, "Iterator.range(0, 5).toList", "res15: List[Int] = List(0, 1, 2, 3, 4)");
    RUN(S, "val ii = Iterator(1,2,3,4)\nii.drop(1).next", "ii: Iterator[Int] = <iterator>\nres16: Int = 2");
    RUN(S, "Iterator(3,1,2).max", "res17: Int = 3");
    RUN(S, "Iterator(1,2,3).reduce(_ + _)", "res18: Int = 6");
    RUN(S, "Iterator(1,2,3).foldLeft(0)(_ + _)", "res19: Int = 6");
    RUN(S, "Iterator(1,2,3).flatMap(x => List(x, x)).toList", "res20: List[Int] = List(1, 1, 2, 2, 3, 3)");
    RUN(S, "Iterator((1,\"a\")).toMap", "res21: scala.collection.immutable.Map[Int,String] = Map(1 -> a)");
    RUN(S, "Iterator(1,2,3).count(_ > 1)", "res22: Int = 2");
    RUN(S, "Iterator(1,2,3).grouped(2).toList.map(_.toList)", "res23: List[List[Int]] = List(List(1, 2), List(3))");
    RUN(S, "println(Iterator(1))", "non-empty iterator\n");
    sess_free(S);
}

TEST(syntax_real_programs_use) {
    Sess *S = sess_new();
    RUN(S, "var x: String = _", "x: String = null");
    RUN(S, "var y: Int = _", "y: Int = 0");
    sess_run(S, "class H { var s: String = _; var n: Long = _ }\nval h = new H\nh.n");
    CHECK(!strncmp(S->text, "defined class H\nh: H = H@", 25) && strstr(S->text, "\nres0: Long = 0"));
    RUN(S, "h.s == null", "res1: Boolean = true");
    sess_run(S, "class C { def go() = 5 }\nval c = new C\nc go()");   /* x cache() is x.cache() */
    CHECK(strstr(S->text, "\nres2: Int = 5") != NULL);
    /* object X extends App: defining it runs nothing; main runs the body */
    RUN(S, "object Prog extends App { println(\"running Prog\"); val k = 3 }", "defined object Prog");
    RUN(S, "Prog.main(Array())", "running Prog\n");
    RUN(S, "Prog.k", "res4: Int = 3");
    sess_free(S);
}

TEST(system_property_echo) {
    Sess *S = sess_new();
    RUN(S, "System.setProperty(\"a\",\"b\")", "res0: String = null");
    RUN(S, "System.setProperty(\"a\",\"c\")", "res1: String = b");
    RUN(S, "System.getProperty(\"zzz.unset\")", "res2: String = null");
    sess_free(S);
}

/* A function value's type names its result type, inferred from the body (infer.c, types.c). */
TEST(lambda_result_types) {
    Sess *S = sess_new();
    RUN(S, "val f5 = (x: Int) => List(x)", "f5: Int => List[Int] = $Lambda$<id>");
    RUN(S, "val f6 = (x: Int) => Some(x)", "f6: Int => Some[Int] = $Lambda$<id>");
    RUN(S, "val f7 = (x: Int) => (x, List(\"a\"))", "f7: Int => (Int, List[String]) = $Lambda$<id>");
    RUN(S, "val f8 = (x: (String, Int)) => (x._1, x._2 + 1)", "f8: ((String, Int)) => (String, Int) = $Lambda$<id>");
    RUN(S, "val f9 = (xs: Seq[Int]) => xs.map(_ * 2)", "f9: Seq[Int] => Seq[Int] = $Lambda$<id>");
    RUN(S, "val f10 = (m: Map[String, Int]) => m.getOrElse(\"a\", 0)", "f10: Map[String,Int] => Int = $Lambda$<id>");
    RUN(S, "val f3 = (a: Int, b: Int) => (a, b.toString)", "f3: (Int, Int) => (Int, String) = $Lambda$<id>");
    /* a second argument list (foldLeft's), and a block's last expression: spark-shell 3.5.5's echo */
    RUN(S, "val u3 = (values: Seq[Int], state: Option[Int]) => { val c = values.foldLeft(0)(_ + _); Some(c) }",
        "u3: (Seq[Int], Option[Int]) => Some[Int] = $Lambda$<id>");
    RUN(S, "val u4 = (values: Seq[Int]) => values.foldLeft(0L)(_ + _)", "u4: Seq[Int] => Long = $Lambda$<id>");
    RUN(S, "val input: Seq[Seq[String]] = Seq(Seq(\"a\"), Seq(\"b\", \"c\"))", "input: Seq[Seq[String]] = List(List(a), List(b, c))");
    /* Seq(...)'s static type joins its elements' (corpus notebook-concepts-reduceByKeyAndWindow) */
    RUN(S, "val input2 = Seq(Seq(\"spark\", \"kafka\"), Seq(\"flink\"), Seq(), Seq())",
        "input2: Seq[Seq[String]] = List(List(spark, kafka), List(flink), List(), List())");
    sess_free(S);
}

/* scala.math.BigInt (bigint.c): arbitrary precision, Int operands converted, the texts of
 * spark-shell 3.5.5. */
TEST(bigint_arbitrary_precision) {
    Sess *S = sess_new();
    RUN(S, "def fact(n: BigInt): BigInt = if (n <= 1) 1 else n * fact(n - 1)\nfact(20)",
        "fact: (n: BigInt)BigInt\nres0: BigInt = 2432902008176640000");
    RUN(S, "BigInt(\"123456789012345678901234567890\") * 2", "res1: scala.math.BigInt = 246913578024691357802469135780");
    RUN(S, "BigInt(2).pow(100)", "res2: scala.math.BigInt = 1267650600228229401496703205376");
    RUN(S, "BigInt(10) / 3", "res3: scala.math.BigInt = 3");
    RUN(S, "BigInt(-7) / 2", "res4: scala.math.BigInt = -3");
    RUN(S, "BigInt(-7) % 2", "res5: scala.math.BigInt = -1");
    RUN(S, "BigInt(5) compare BigInt(3)", "res6: Int = 1");
    RUN(S, "BigInt(2).pow(64).toLong", "res7: Long = 0");
    RUN(S, "BigInt(2).pow(40).toInt", "res8: Int = 0");
    RUN(S, "val b: BigInt = 5", "b: BigInt = 5");
    RUN(S, "1 + BigInt(3)", "res9: scala.math.BigInt = 4");
    RUN(S, "BigInt(3) == 3", "res10: Boolean = true");
    RUN(S, "-BigInt(5)", "res11: scala.math.BigInt = -5");
    RUN(S, "BigInt(12).gcd(18)", "res12: scala.math.BigInt = 6");
    RUN(S, "BigInt(255).toString(16)", "res13: String = ff");
    RUN(S, "BigInt(3) max BigInt(4)", "res14: scala.math.BigInt = 4");
    RUN(S, "List(BigInt(1), BigInt(2)).sum", "res15: scala.math.BigInt = 3");
    RUN(S, "BigInt(5) > 3", "res16: Boolean = true");
    RUN(S, "BigInt(\"abc\")", "!java.lang.NumberFormatException: For input string: \"abc\"");
    RUN(S, "BigInt(1) - BigInt(10)", "res18: scala.math.BigInt = -9");
    RUN(S, "List(BigInt(3), BigInt(1)).sorted", "res19: List[scala.math.BigInt] = List(1, 3)");
    RUN(S, "BigInt(123456789L) * BigInt(987654321L) * 1000000007", "res20: scala.math.BigInt = 121932631966163686788446883");
    sess_free(S);
}

/* Scala's and Java's library names spark-shell 3.5.5 sees only after an import (unitscan.c). */
TEST(scala_names_need_imports) {
    Sess *S = sess_new();
    RUN(S, "mutable.Queue[Int]()", "!error: not found: value mutable");
    RUN(S, "new mutable.Queue[Int]()", "!error: not found: value mutable");
    CHECK_STR(S->r.traceback, "<console>:1: error: not found: value mutable\n       new mutable.Queue[Int]()\n           ^");
    RUN(S, "val q2: ArrayBuffer[Int] = null", "!error: not found: type ArrayBuffer");
    RUN(S, "Random.nextInt(1) >= 0", "!error: not found: value Random");
    RUN(S, "new AtomicInteger(1)", "!error: not found: type AtomicInteger");
    RUN(S, "HashMap(1 -> 2)", "!error: not found: value HashMap");
    RUN(S, "util.Random.nextInt(1) >= 0", "res0: Boolean = true");
    RUN(S, "collection.mutable.Queue[Int]()", "res1: scala.collection.mutable.Queue[Int] = Queue()");
    RUN(S, "import scala.collection.mutable\nmutable.Queue(1)", "import scala.collection.mutable\nres2: scala.collection.mutable.Queue[Int] = Queue(1)");
    RUN(S, "import scala.util.Random\nRandom.nextInt(1)", "import scala.util.Random\nres3: Int = 0");
    /* a name bound by the program (a pattern's variable, a parameter) needs no import */
    sess_free(S);
    EXPECT("List((1, 2)).map { case (mutable, immutable) => mutable + immutable }", "res0: List[Int] = List(3)");
    EXPECT("for ((mutable, k) <- List((1, 2))) yield mutable + k", "res0: List[Int] = List(3)");
}

/* java.util.concurrent.atomic's counters (atomic.c), spark-shell 3.5.5's texts. */
TEST(atomic_counters) {
    Sess *S = sess_new();
    RUN(S, "val a = new java.util.concurrent.atomic.AtomicInteger()", "a: java.util.concurrent.atomic.AtomicInteger = 0");
    RUN(S, "import java.util.concurrent.atomic.{AtomicInteger, AtomicLong}\nval b = new AtomicInteger(5)",
        "import java.util.concurrent.atomic.{AtomicInteger, AtomicLong}\nb: java.util.concurrent.atomic.AtomicInteger = 5");
    RUN(S, "b.incrementAndGet()", "res0: Int = 6");
    RUN(S, "b.getAndIncrement()", "res1: Int = 6");
    RUN(S, "b.addAndGet(3)", "res2: Int = 10");
    RUN(S, "b.get", "res3: Int = 10");
    RUN(S, "b.set(1)", "");
    RUN(S, "b.toString", "res5: String = 1");
    RUN(S, "b", "res6: java.util.concurrent.atomic.AtomicInteger = 1");
    RUN(S, "val c = new AtomicLong(3L)", "c: java.util.concurrent.atomic.AtomicLong = 3");
    RUN(S, "c.incrementAndGet()", "res7: Long = 4");
    RUN(S, "c.getAndAdd(2)", "res8: Long = 4");
    RUN(S, "b.decrementAndGet()", "res9: Int = 0");
    RUN(S, "b.compareAndSet(1, 9)", "res10: Boolean = false");
    RUN(S, "c.get", "res11: Long = 6");
    RUN(S, "new AtomicLong()", "res12: java.util.concurrent.atomic.AtomicLong = 0");
    sess_free(S);
}

/* A class and its companion object (one request, or two with spark-shell's warning), and
 * anonymous classes of user traits and abstract classes: spark-shell 3.5.5's texts. */
TEST(companions_and_anonymous_classes) {
    Sess *S = sess_new();
    RUN(S, "class Foo(val x: Int) { def twice = x * 2 }; object Foo { def apply(x: Int) = new Foo(x) }",
        "defined class Foo\ndefined object Foo");
    RUN(S, "Foo(4).twice", "res0: Int = 8");
    RUN(S, "new Foo(5).twice", "res1: Int = 10");
    RUN(S, "case class Pt(x: Int, y: Int); object Pt { def origin = Pt(0, 0) }", "defined class Pt\ndefined object Pt");
    RUN(S, "Pt.origin", "res2: Pt = Pt(0,0)");
    RUN(S, "Pt(1, 2)", "res3: Pt = Pt(1,2)");
    RUN(S, "class Bar(val y: Int)", "defined class Bar");
    RUN(S, "object Bar { def apply(y: Int) = new Bar(y + 1) }",
        "defined object Bar\nwarning: previously defined class Bar is not a companion to object Bar.\n"
        "Companions must be defined together; you may wish to use :paste mode for this.");
    RUN(S, "Bar(3).y", "res4: Int = 4");
    RUN(S, "trait Shape { def area: Double; def name = \"shape\" }", "defined trait Shape");
    sess_run(S, "val sq = new Shape { def area = 4.0 }");
    CHECK(!strncmp(S->text, "sq: Shape = $anon$1@", 20));
    RUN(S, "sq.area", "res5: Double = 4.0");
    RUN(S, "sq.name", "res6: String = shape");
    sess_run(S, "abstract class Animal(val sound: String) { def speak(): String }\n"
                "val dog = new Animal(\"woof\") { def speak() = sound + \"!\" }\ndog.speak()");
    CHECK(!strncmp(S->text, "defined class Animal\ndog: Animal = $anon$1@", 42));
    CHECK(strstr(S->text, "\nres7: String = woof!") != NULL);
    RUN(S, "trait A { val n: Int; def show = \"n=\" + n }\nclass B extends A { val n = 3 }\nnew B().show",
        "defined trait A\ndefined class B\nres8: String = n=3");
    sess_free(S);
}

/* `value foo is not a member of T`: the caret under the member's name, as scalac puts it
 * (spark-shell 3.5.5's texts, the kernel's line in the cell). */
TEST(not_a_member_caret) {
    Sess *S = sess_new();
    RUN(S, "val xs = List(1, 2)", "xs: List[Int] = List(1, 2)");
    RUN(S, "xs.map(_ + 1).foo(3)", "!error: value foo is not a member of List[Int]");
    CHECK_STR(S->r.traceback, "<console>:1: error: value foo is not a member of List[Int]\n"
              "       xs.map(_ + 1).foo(3)\n                     ^");
    sess_run(S, "val zz = xs.sum.foo");
    CHECK_STR(S->r.traceback, "<console>:1: error: value foo is not a member of Int\n"
              "       val zz = xs.sum.foo\n                       ^");
    sess_run(S, "xs.map(x => x.foo)");
    CHECK_STR(S->r.traceback, "<console>:1: error: value foo is not a member of Int\n"
              "       xs.map(x => x.foo)\n                     ^");
    sess_run(S, "xs foo 3");
    CHECK_STR(S->r.traceback, "<console>:1: error: value foo is not a member of List[Int]\n"
              "       xs foo 3\n          ^");
    sess_run(S, "\"a\" + 1.foo");
    CHECK_STR(S->r.traceback, "<console>:1: error: value foo is not a member of Int\n"
              "       \"a\" + 1.foo\n               ^");
    sess_free(S);
}

/* java.util.Properties is a Hashtable of Objects: put/setProperty echo Object (null for a new key,
 * then the old value); a java.util.HashMap[K, V] of a primitive V gives V's zero for an absent key
 * (Scala unboxes Java's null); texts from spark-shell 3.5.5 (corpus java-collections) */
TEST(java_map_put_get_results) {
    Sess *S = sess_new();
    RUN(S, "val props = new java.util.Properties()", "props: java.util.Properties = {}");
    RUN(S, "props.put(\"k\", \"a\")", "res0: Object = null");
    RUN(S, "props.put(\"k\", \"b\")", "res1: Object = a");
    RUN(S, "props.setProperty(\"acks\", \"all\")", "res2: Object = null");
    RUN(S, "props.getProperty(\"k\")", "res3: String = b");
    RUN(S, "val hm = new java.util.HashMap[String, Int]()", "hm: java.util.HashMap[String,Int] = {}");
    RUN(S, "hm.put(\"a\", 1)", "res4: Int = 0");
    RUN(S, "hm.put(\"a\", 2)", "res5: Int = 1");
    RUN(S, "hm.get(\"zz\") + 1", "res6: Int = 1");
    RUN(S, "val im = new java.util.HashMap[Int, Int]()\nim.get(2)", "im: java.util.HashMap[Int,Int] = {}\nres7: Int = 0");
    RUN(S, "val sm = new java.util.HashMap[String, String]()\nsm.get(\"x\")", "sm: java.util.HashMap[String,String] = {}\nres8: String = null");
    sess_free(S);
}

/* a class's var parameter is assignable in its methods and from outside (corpus scala-classes-print) */
TEST(class_var_parameter_assignable) {
    Sess *S = sess_new();
    RUN(S, "class Counter(var n: Int) { def inc(): Unit = n += 1 }", "defined class Counter");
    RUN(S, "val n2 = { val c = new Counter(1); c.inc(); c.inc(); c.n }", "n2: Int = 3");
    RUN(S, "class K(var n: Int) { def inc(): Unit = { n = n + 1 } }\nval k2 = { val k = new K(5); k.inc(); k.n = k.n * 2; k.n }",
        "defined class K\nk2: Int = 12");
    sess_free(S);
}

/* Integer/Long radix strings, Double.MinPositiveValue, Set -- (corpus scala-int-overflow,
 * scala-double-edge, scala-map-set; texts from spark-shell 3.5.5) */
TEST(radix_strings_minpositive_set_minus) {
    Sess *S = sess_new();
    RUN(S, "Integer.toHexString(255)", "res0: String = ff");
    RUN(S, "Integer.toBinaryString(10)", "res1: String = 1010");
    RUN(S, "java.lang.Long.toHexString(-1L)", "res2: String = ffffffffffffffff");
    RUN(S, "Integer.toHexString(-1)", "res3: String = ffffffff");
    RUN(S, "Double.MinPositiveValue", "res4: Double = 4.9E-324");
    RUN(S, "Set(1, 2, 3) -- Set(1)", "res5: scala.collection.immutable.Set[Int] = Set(2, 3)");
    sess_free(S);
}

/* Math.floorMod/floorDiv; a Range's groups are IndexedSeqs (corpus scala-int-overflow,
 * scala-groupBy; texts from spark-shell 3.5.5) */
TEST(floor_mod_and_range_groups) {
    Sess *S = sess_new();
    RUN(S, "Math.floorMod(-7, 3)", "res0: Int = 2");
    RUN(S, "(-7) % 3", "res1: Int = -1");
    RUN(S, "(1 to 7).grouped(3).toList",
        "res2: List[scala.collection.immutable.IndexedSeq[Int]] = List(Vector(1, 2, 3), Vector(4, 5, 6), Vector(7))");
    sess_free(S);
}

/* scala.math.Ordering passed explicitly: sorted(ord), sortBy(f)(ord), max/maxBy with one,
 * Ordering.by, reverse (stable, as Scala's sort); a mutable Map's or Set's toSeq is an
 * ArrayBuffer (corpus scala-sorting, scala-map-set; texts from spark-shell 3.5.5) */
TEST(ordering_and_mutable_toseq) {
    Sess *S = sess_new();
    sess_run(S, "val counts = List((\"spark\", 5), (\"kafka\", 9), (\"scala\", 5), (\"dstream\", 1))");
    RUN(S, "counts.map(_._2).sorted(Ordering[Int].reverse)", "res0: List[Int] = List(9, 5, 5, 1)");
    RUN(S, "counts.sortBy(_._2)(Ordering[Int].reverse).take(2)", "res1: List[(String, Int)] = List((kafka,9), (spark,5))");
    RUN(S, "counts.sorted(Ordering.by[(String, Int), Int](_._2))",
        "res2: List[(String, Int)] = List((dstream,1), (spark,5), (scala,5), (kafka,9))");
    RUN(S, "counts.max(Ordering.by[(String, Int), Int](_._2))", "res3: (String, Int) = (kafka,9)");
    RUN(S, "counts.maxBy(_._2)(Ordering[Int].reverse)", "res4: (String, Int) = (dstream,1)");
    RUN(S, "counts.sortBy(_._1)(Ordering[String].reverse)",
        "res5: List[(String, Int)] = List((spark,5), (scala,5), (kafka,9), (dstream,1))");
    RUN(S, "Ordering[Int].compare(1, 2)", "res6: Int = -1");
    RUN(S, "Array(3, 1, 2).sorted(Ordering[Int].reverse)", "res7: Array[Int] = Array(3, 2, 1)");
    RUN(S, "List(3, 1, 2).min(Ordering[Int].reverse)", "res8: Int = 3");
    RUN(S, "val c = scala.collection.mutable.Map[String, Int]()\nc(\"x\") = 2\nc.toSeq",
        "c: scala.collection.mutable.Map[String,Int] = Map()\nres10: Seq[(String, Int)] = ArrayBuffer((x,2))");
    RUN(S, "scala.collection.mutable.Set(1).toSeq", "res11: Seq[Int] = ArrayBuffer(1)");
    sess_free(S);
}

/* scala.util.Try and Either (try.c): Try(expr) catches what expr throws, the REPL types
 * (scala.util.Try[Int], a def's declared Either[String,Int], map's scala.util.Either[..]),
 * patterns, recover, toOption; texts from spark-shell 3.5.5 (corpus scala-either-try) */
TEST(try_and_either) {
    Sess *S = sess_new();
    RUN(S, "import scala.util.{Try, Success, Failure}", "import scala.util.{Try, Success, Failure}");
    RUN(S, "Try(\"42\".toInt)", "res0: scala.util.Try[Int] = Success(42)");
    RUN(S, "Try(\"4x2\".toInt)",
        "res1: scala.util.Try[Int] = Failure(java.lang.NumberFormatException: For input string: \"4x2\")");
    RUN(S, "Try(\"4x\".toInt).getOrElse(0)", "res2: Int = 0");
    RUN(S, "Try(10 / 0) match { case Success(v) => s\"ok $v\"; case Failure(e) => s\"failed: ${e.getMessage}\" }",
        "res3: String = failed: / by zero");
    RUN(S, "Try(\"x\".toInt).recover { case _: NumberFormatException => -1 }", "res4: scala.util.Try[Int] = Success(-1)");
    RUN(S, "Seq(\"1\", \"b\", \"3\").flatMap(s => Try(s.toInt).toOption)", "res5: Seq[Int] = List(1, 3)");
    RUN(S, "def parse(s: String): Either[String, Int] = if (s.forall(_.isDigit)) Right(s.toInt) else Left(s\"bad: $s\")",
        "parse: (s: String)Either[String,Int]");
    RUN(S, "parse(\"12\")", "res6: Either[String,Int] = Right(12)");
    RUN(S, "parse(\"x1\").map(_ * 2)", "res7: scala.util.Either[String,Int] = Left(bad: x1)");
    RUN(S, "parse(\"7\").fold(e => -1, v => v)", "res8: Int = 7");
    RUN(S, "Seq(\"1\", \"a\").map(parse)", "res9: Seq[Either[String,Int]] = List(Right(1), Left(bad: a))");
    RUN(S, "Right(12)", "res10: scala.util.Right[Nothing,Int] = Right(12)");
    RUN(S, "parse(\"5\").swap", "res11: scala.util.Either[Int,String] = Left(5)");
    RUN(S, "parse(\"x\") match { case Right(v) => v; case Left(e) => e.length }", "res12: Int = 6");
    RUN(S, "parse(\"q\").toOption", "res13: Option[Int] = None");
    RUN(S, "Try(undefinedName)", "!error: not found: value undefinedName");   /* a compile error is not caught */
    sess_free(S);
}

/* toByte/toShort keep the low bits as the JVM does, echoed Byte/Short (corpus scala-int-overflow;
 * texts from spark-shell 3.5.5) */
TEST(to_byte_and_short) {
    Sess *S = sess_new();
    RUN(S, "300.toByte", "res0: Byte = 44");
    RUN(S, "70000.toShort", "res1: Short = 4464");
    RUN(S, "300.toByte + 1", "res2: Int = 45");
    sess_free(S);
}

/* a case class's Product members and its companion's tupled (corpus scala-case-class; texts from
 * spark-shell 3.5.5) */
TEST(case_class_product_and_tupled) {
    Sess *S = sess_new();
    RUN(S, "case class Event(user: String, count: Int, tags: List[String] = Nil)", "defined class Event");
    RUN(S, "Event(\"ann\", 2).productArity", "res0: Int = 3");
    RUN(S, "Event.tupled((\"d\", 4, Nil))", "res1: Event = Event(d,4,List())");
    sess_free(S);
}

/* String.padTo; Option(null) (texts from spark-shell 3.5.5) */
TEST(string_padto_option_null) {
    Sess *S = sess_new();
    RUN(S, "\"abc\".padTo(6, '*')", "res0: String = abc***");
    RUN(S, "Option(null)", "res1: Option[Null] = None");
    sess_free(S);
}
