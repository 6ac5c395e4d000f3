/* test_eval.c — unit tests of the evaluator (kernel/lang/): the session helper the other
 * test_eval_*.c files share, then the core language with the exact output Scala 2.12's REPL
 * and println give: arithmetic and promotion, Double printing, string concatenation, ==,
 * val/var/lazy val, defs (defaults, named arguments, currying, recursion, return), closures,
 * lambdas and placeholders, tuples, pattern matching, loops, exceptions, interpolation,
 * classes, objects and case classes, imports. */
#include "test_eval.h"

#include <stdlib.h>
#include <ctype.h>
#include <string.h>

/* ---- the session helper ---- */

static void buf_add(char **b, size_t *len, size_t *cap, const char *s, size_t n) {
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *b = realloc(*b, *cap);
    }
    memcpy(*b + *len, s, n);
    *len += n;
    (*b)[*len] = 0;
}

static void hook_write(void *ud, int stream, const char *s, size_t n) {
    Sess *S = ud;
    if (stream == 2) buf_add(&S->err, &S->err_len, &S->err_cap, s, n);
    else buf_add(&S->out, &S->out_len, &S->out_cap, s, n);
}

Sess *sess_new(void) {
    Sess *S = calloc(1, sizeof *S);
    S->I = interp_new();
    InterpHooks h = {.ud = S, .write = hook_write};
    interp_set_hooks(S->I, &h);
    return S;
}

void sess_free(Sess *S) {
    cell_result_clear(&S->r);
    interp_free(S->I);
    free(S->out);
    free(S->err);
    free(S->text);
    free(S);
}

const char *sess_run(Sess *S, const char *src) {
    cell_result_clear(&S->r);
    S->out_len = S->err_len = 0;
    if (S->out) S->out[0] = 0;
    if (S->err) S->err[0] = 0;
    interp_run_cell(S->I, src, &S->r);
    char *t = NULL;
    size_t len = 0, cap = 0;
    buf_add(&t, &len, &cap, "", 0);
    if (S->out_len) buf_add(&t, &len, &cap, S->out, S->out_len);
    if (S->r.echo) buf_add(&t, &len, &cap, S->r.echo, strlen(S->r.echo));
    if (!S->r.ok) {
        buf_add(&t, &len, &cap, "!", 1);
        buf_add(&t, &len, &cap, S->r.ename ? S->r.ename : "?", strlen(S->r.ename ? S->r.ename : "?"));
        buf_add(&t, &len, &cap, ": ", 2);
        buf_add(&t, &len, &cap, S->r.evalue ? S->r.evalue : "", strlen(S->r.evalue ? S->r.evalue : ""));
    }
    /* a function's JVM identity ($Lambda$N/0xADDR@HASH, as spark-shell prints one) as $Lambda$<id> */
    for (char *p = t; (p = strstr(p, "$Lambda$")) != NULL;) {
        char *q = p + 8, *start = q;
        while (*q >= '0' && *q <= '9') q++;
        if (q == start || strncmp(q, "/0x", 3)) { p += 8; continue; }
        for (q += 3; isxdigit((unsigned char)*q); q++) {}
        if (*q != '@') { p += 8; continue; }
        for (q++; isxdigit((unsigned char)*q); q++) {}
        memcpy(p + 8, "<id>", 4);
        memmove(p + 12, q, strlen(q) + 1);
        p += 12;
    }
    free(S->text);
    S->text = t;
    return t;
}

/* ---- numbers ---- */

TEST(eval_int_arithmetic) {
    EXPECT("1 + 2 * 3", "res0: Int = 7");
    EXPECT("7 / 2", "res0: Int = 3");
    EXPECT("-7 / 2", "res0: Int = -3");
    EXPECT("-7 % 3", "res0: Int = -1");
    EXPECT("7 % -3", "res0: Int = 1");
    EXPECT("(1 + 2) * 3 - 4", "res0: Int = 5");
    EXPECT("2147483647 + 1", "res0: Int = -2147483648");
    EXPECT("Int.MaxValue * 2", "res0: Int = -2");
    EXPECT("Int.MinValue / -1", "res0: Int = -2147483648");
    EXPECT("-Int.MinValue", "res0: Int = -2147483648");
    EXPECT("1 << 33", "res0: Int = 2");
    EXPECT("-16 >> 2", "res0: Int = -4");
    EXPECT("-16 >>> 28", "res0: Int = 15");
    EXPECT("6 & 3 | 8 ^ 1", "res0: Int = 11");
    EXPECT("~5", "res0: Int = -6");
    EXPECT("10 max 3", "res0: Int = 10");
    EXPECT("-5.abs", "res0: Int = 5");
}

TEST(eval_long_promotion) {
    EXPECT("2147483647L + 1", "res0: Long = 2147483648");
    EXPECT("10L * 3", "res0: Long = 30");
    EXPECT("3 * 10L", "res0: Long = 30");
    EXPECT("Long.MaxValue + 1", "res0: Long = -9223372036854775808");
    EXPECT("1L << 40", "res0: Long = 1099511627776");
    EXPECT("100000 * 100000", "res0: Int = 1410065408");
    EXPECT("100000L * 100000", "res0: Long = 10000000000");
    EXPECT("val x: Long = 5\nx", "x: Long = 5\nres0: Long = 5");
    EXPECT("7L / 2", "res0: Long = 3");
    EXPECT("5.toLong", "res0: Long = 5");
    EXPECT("5000000000L.toInt", "res0: Int = 705032704");
}

TEST(eval_double_promotion) {
    EXPECT("7.0 / 2", "res0: Double = 3.5");
    EXPECT("7 / 2.0", "res0: Double = 3.5");
    EXPECT("1 / 2 * 2.0", "res0: Double = 0.0");
    EXPECT("3 * 1.5", "res0: Double = 4.5");
    EXPECT("2L + 0.5", "res0: Double = 2.5");
    EXPECT("-7.5 % 2", "res0: Double = -1.5");
    EXPECT("1e300 % 7", "res0: Double = 1.0");
    EXPECT("5.0 / 0", "res0: Double = Infinity");
    EXPECT("-5.0 / 0", "res0: Double = -Infinity");
    EXPECT("1.0 % 0", "res0: Double = NaN");
    EXPECT("3.99.toInt", "res0: Int = 3");
    EXPECT("-3.99.toInt", "res0: Int = -3");
    EXPECT("1e10.toInt", "res0: Int = 2147483647");
    EXPECT("5.toDouble", "res0: Double = 5.0");
    EXPECT("math.sqrt(2)", "res0: Double = 1.4142135623730951");
    EXPECT("math.pow(2, 10)", "res0: Double = 1024.0");
    EXPECT("math.round(2.5)", "res0: Long = 3");
    EXPECT("math.max(1, 2)", "res0: Int = 2");
}

TEST(eval_division_by_zero) {
    EXPECT("5 / 0", "!java.lang.ArithmeticException: / by zero");
    EXPECT("5 % 0", "!java.lang.ArithmeticException: / by zero");
    EXPECT("5L / 0L", "!java.lang.ArithmeticException: / by zero");
    EXPECT("val z = 0\n10 / z", "z: Int = 0\n!java.lang.ArithmeticException: / by zero");
}

/* Bitwise operators are Int's and Long's: on a Double they are no member (as in Scala), not a
 * comparison (which `1.0 << 2` was when operators were told apart by their first character). */
TEST(eval_bit_operators_not_on_double) {
    EXPECT("1.0 << 2", "!error: value << is not a member of Double");
    EXPECT("8.0 >> 1", "!error: value >> is not a member of Double");
    EXPECT("8.0 >>> 1", "!error: value >>> is not a member of Double");
    EXPECT("1.0 & 2", "!error: value & is not a member of Double");
    EXPECT("(1 << 2, 8L >> 1, -8 >>> 28, 6 & 3, 6 | 3, 6 ^ 3, 1.5 <= 2, 2.5 >= 3)",
           "res0: (Int, Long, Int, Int, Int, Int, Boolean, Boolean) = (4,4,15,2,7,5,true,false)");
}

TEST(eval_double_printing) {
    EXPECT("1.0", "res0: Double = 1.0");
    EXPECT("0.1", "res0: Double = 0.1");
    EXPECT("1.0e10", "res0: Double = 1.0E10");
    EXPECT("1e-5", "res0: Double = 1.0E-5");
    EXPECT("0.0 / 0", "res0: Double = NaN");
    EXPECT("100.0", "res0: Double = 100.0");
    EXPECT("1e7", "res0: Double = 1.0E7");
    EXPECT("9999999.0", "res0: Double = 9999999.0");
    EXPECT("0.001", "res0: Double = 0.001");
    EXPECT("0.0001", "res0: Double = 1.0E-4");
    EXPECT("0.1 + 0.2", "res0: Double = 0.30000000000000004");
    EXPECT("100.0 / 3", "res0: Double = 33.333333333333336");
    EXPECT("-0.0", "res0: Double = -0.0");
    EXPECT("1.5e-7", "res0: Double = 1.5E-7");
    EXPECT("123456789.123", "res0: Double = 1.23456789123E8");
    EXPECT("Double.MaxValue", "res0: Double = 1.7976931348623157E308");
    EXPECT("println(2.0 * 3)", "6.0\n");
    EXPECT("println(1e21)", "1.0E21\n");
}

/* ---- strings and chars ---- */

TEST(eval_string_concat) {
    EXPECT("\"a\" + 1", "res0: String = a1");
    EXPECT("\"a\" + 1 + 2", "res0: String = a12");
    EXPECT("1 + 2 + \"a\"", "res0: String = 3a");
    EXPECT("\"v=\" + 1.0", "res0: String = v=1.0");
    EXPECT("\"n\" + null", "res0: String = nnull");
    EXPECT("\"\" + List(1, 2)", "res0: String = List(1, 2)");
    EXPECT("\"x\" + Some(1) + None", "res0: String = xSome(1)None");
    EXPECT("\"t\" + (1, \"a\")", "res0: String = t(1,a)");
    EXPECT("\"b\" + true", "res0: String = btrue");
    EXPECT("\"L\" + 5L", "res0: String = L5");
    EXPECT("\"m\" + Map(\"a\" -> 1)", "res0: String = mMap(a -> 1)");
    EXPECT("var s = \"a\"\ns += 1\ns", "s: String = a\nres1: String = a1");
}

TEST(eval_chars) {
    EXPECT("'a' + 1", "res0: Int = 98");
    EXPECT("('a' + 1).toChar", "res0: Char = b");
    EXPECT("'a'.toInt", "res0: Int = 97");
    EXPECT("\"x\" + 'c'", "res0: String = xc");
    EXPECT("'a' + \"b\"", "res0: String = ab");
    EXPECT("'a' < 'b'", "res0: Boolean = true");
    EXPECT("'a' == 97", "res0: Boolean = true");
    EXPECT("'7'.asDigit", "res0: Int = 7");
    EXPECT("'x'.isLetter", "res0: Boolean = true");
    EXPECT("'a'.toUpper", "res0: Char = A");
    EXPECT("'a' * 2", "res0: Int = 194");
    EXPECT("println('z')", "z\n");
}

/* ---- equality ---- */

TEST(eval_equality) {
    EXPECT("List(1, 2) == Vector(1, 2)", "res0: Boolean = true");
    EXPECT("List(1, 2) != List(1, 3)", "res0: Boolean = true");
    EXPECT("1 == 1.0", "res0: Boolean = true");
    EXPECT("1L == 1", "res0: Boolean = true");
    EXPECT("\"a\" + \"b\" == \"ab\"", "res0: Boolean = true");
    EXPECT("Some(1) == Some(1)", "res0: Boolean = true");
    EXPECT("(1, \"a\") == (1, \"a\")", "res0: Boolean = true");
    EXPECT("Map(1 -> 2, 3 -> 4) == Map(3 -> 4, 1 -> 2)", "res0: Boolean = true");
    EXPECT("Set(1, 2) == Set(2, 1)", "res0: Boolean = true");
    EXPECT("Array(1) == Array(1)", "res0: Boolean = false");
    EXPECT("Array(1) sameElements Array(1)", "res0: Boolean = true");
    EXPECT("null == null", "res0: Boolean = true");
    EXPECT("val s: String = null\ns == \"a\"", "s: String = null\nres0: Boolean = false");
    EXPECT("None == None", "res0: Boolean = true");
    EXPECT("List() == Nil", "res0: Boolean = true");
    EXPECT("1 equals 1", "res0: Boolean = true");
}

/* ---- val, var, lazy val ---- */

TEST(eval_val_var_lazy) {
    EXPECT("val x = 1\nx + 1", "x: Int = 1\nres0: Int = 2");
    EXPECT("var y = 1\ny += 2\ny", "y: Int = 1\nres1: Int = 3");
    EXPECT("var y = 1\ny = 7", "y: Int = 1\ny: Int = 7");
    EXPECT("var y = 10\ny -= 2\ny *= 3\ny /= 4\ny", "y: Int = 10\nres3: Int = 6");
    EXPECT("val x = 1\nx = 2", "x: Int = 1\n!error: reassignment to val x");
    EXPECT("lazy val z = { println(\"init\"); 42 }\nprintln(\"before\")\nz + z",
           "z: Int = <lazy>\nbefore\ninit\nres1: Int = 84");
    EXPECT("val (a, b) = (1, \"two\")", "a: Int = 1\nb: String = two");
    EXPECT("val List(p, q) = List(3, 4)\np * q", "p: Int = 3\nq: Int = 4\nres0: Int = 12");
    EXPECT("val o: Option[Int] = None\nval Some(v) = o", "o: Option[Int] = None\n!scala.MatchError: None (of class scala.None$)");
    EXPECT("var (i, j) = (1, 2)\ni = 5\ni + j", "i: Int = 1\nj: Int = 2\ni: Int = 5\nres0: Int = 7");
}

/* ---- defs ---- */

TEST(eval_defs) {
    EXPECT("def f(x: Int, y: Int = 10): Int = x + y\nf(1)\nf(1, 2)\nf(y = 3, x = 4)",
           "f: (x: Int, y: Int)Int\nres0: Int = 11\nres1: Int = 3\nres2: Int = 7");
    EXPECT("def add(a: Int)(b: Int): Int = a + b\nadd(1)(2)", "add: (a: Int)(b: Int)Int\nres0: Int = 3");
    EXPECT("def fact(n: Int): Long = if (n <= 1) 1 else n * fact(n - 1)\nfact(20)",
           "fact: (n: Int)Long\nres0: Long = 2432902008176640000");
    EXPECT("def fib(n: Int): Int = if (n < 2) n else fib(n - 1) + fib(n - 2)\nfib(20)",
           "fib: (n: Int)Int\nres0: Int = 6765");
    EXPECT("def ret(x: Int): Int = { if (x > 0) return 1; 2 }\nret(5) + ret(-1)",
           "ret: (x: Int)Int\nres0: Int = 3");
    EXPECT("def g(): Unit = println(\"hi\")\ng()", "g: ()Unit\nhi\n");
    EXPECT("def sum(xs: Int*): Int = xs.sum\nsum(1, 2, 3)\nsum(List(4, 5): _*)",
           "sum: (xs: Int*)Int\nres0: Int = 6\nres1: Int = 9");
    EXPECT("def early(xs: List[Int]): Int = { for (x <- xs) if (x > 2) return x; -1 }\nearly(List(1, 5, 7))",
           "early: (xs: List[Int])Int\nres0: Int = 5");
    EXPECT("def f(x: Int) = x\nf(y = 1)", "f: (x: Int)Int\n!error: f does not have a parameter y");
    EXPECT("def f(x: Int) = x\nf()", "f: (x: Int)Int\n!error: not enough arguments for f: unspecified value parameter x");
    /* mutual recursion among defs of one cell */
    EXPECT("def even(n: Int): Boolean = if (n == 0) true else odd(n - 1)\n"
           "def odd(n: Int): Boolean = if (n == 0) false else even(n - 1)\neven(10)",
           "even: (n: Int)Boolean\nodd: (n: Int)Boolean\nres0: Boolean = true");
    /* a def without parameters is called when named */
    EXPECT("def n = 42\nn + 1", "n: Int\nres0: Int = 43");
    EXPECT("def m() = 7\nm + m()", "m: ()Int\nres0: Int = 14");
    EXPECT("object A { def k = 5; def twice = k * 2 }\nA.twice", "defined object A\nres0: Int = 10");
    EXPECT("def inc(x: Int) = x + 1\nList(1, 2).map(inc)", "inc: (x: Int)Int\nres0: List[Int] = List(2, 3)");
    /* local defs and nested scopes */
    EXPECT("def outer(n: Int): Int = { def inner(k: Int): Int = k * n; inner(3) }\nouter(2)",
           "outer: (n: Int)Int\nres0: Int = 6");
}

TEST(eval_def_inferred_types) {
    EXPECT("def f(x: Int) = x * 2", "f: (x: Int)Int");
    EXPECT("def g(x: Int, y: Double) = x + y", "g: (x: Int, y: Double)Double");
    EXPECT("def h(s: String) = s + \"!\"", "h: (s: String)String");
    EXPECT("def p(x: Int) = x > 2", "p: (x: Int)Boolean");
    EXPECT("def q(x: Int) = if (x > 0) \"pos\" else \"neg\"", "q: (x: Int)String");
    EXPECT("def u() = println(1)", "u: ()Unit");
    EXPECT("def n = 42", "n: Int");
    EXPECT("def l(x: Long) = x + 1", "l: (x: Long)Long");
    EXPECT("def t(x: Int) = (x, \"a\")", "t: (x: Int)(Int, String)");
    EXPECT("def s(x: Int) = s\"v$x\"", "s: (x: Int)String");
}

TEST(eval_closures) {
    EXPECT("var count = 0\nval incr = () => { count += 1; count }\nincr()\nincr()\ncount",
           "count: Int = 0\nincr: () => Int = $Lambda$<id>\nres0: Int = 1\nres1: Int = 2\nres2: Int = 2");
    EXPECT("def adder(n: Int) = (x: Int) => x + n\nval add5 = adder(5)\nadd5(10)",
           "adder: (n: Int)Int => Int\nadd5: Int => Int = $Lambda$<id>\nres0: Int = 15");
    EXPECT("def counter() = { var c = 0; () => { c += 1; c } }\nval c1 = counter()\nc1(); c1()\nc1()",
           "counter: ()() => Int\nc1: () => Int = $Lambda$<id>\nres0: Int = 2\nres1: Int = 3");
    /* each for iteration binds a fresh variable */
    EXPECT("{ val fs = for (i <- 1 to 3) yield () => i; fs.map(f => f()).sum }", "res0: Int = 6");
}

TEST(eval_lambdas_placeholders) {
    EXPECT("List(1, 2, 3).map(_ * 2)", "res0: List[Int] = List(2, 4, 6)");
    EXPECT("List(1, 2, 3).reduce(_ + _)", "res0: Int = 6");
    EXPECT("List(\"a\", \"bb\").map(_.length)", "res0: List[Int] = List(1, 2)");
    EXPECT("List((1, \"a\"), (2, \"b\")).map(_._2)", "res0: List[String] = List(a, b)");
    EXPECT("val sq = (x: Int) => x * x\nsq(7)", "sq: Int => Int = $Lambda$<id>\nres0: Int = 49");
    EXPECT("val add = (a: Int, b: Int) => a + b\nadd(2, 3)", "add: (Int, Int) => Int = $Lambda$<id>\nres0: Int = 5");
    EXPECT("List(1, 2, 3).map { x => x + 1 }", "res0: List[Int] = List(2, 3, 4)");
    EXPECT("List((1, 2), (3, 4)).map { case (a, b) => a * b }", "res0: List[Int] = List(2, 12)");
    EXPECT("List(1, 2, 3, 4).filter(_ % 2 == 0)", "res0: List[Int] = List(2, 4)");
    EXPECT("List(3, 1, 2).sortWith(_ > _)", "res0: List[Int] = List(3, 2, 1)");
    EXPECT("val f: Int => Int = _ + 1\nf(1)", "f: Int => Int = $Lambda$<id>\nres0: Int = 2");
    EXPECT("List(\"b\", \"a\").map(_.toUpperCase).sorted", "res0: List[String] = List(A, B)");
    EXPECT("(1 to 3).map(i => i * i).toList", "res0: List[Int] = List(1, 4, 9)");
    EXPECT("List(1, 2).foreach(println)", "1\n2\n");
    EXPECT("{ val compose = ((x: Int) => x + 1) andThen ((y: Int) => y * 2); compose(3) }", "res0: Int = 8");
}

TEST(eval_tuples) {
    EXPECT("val t = (1, \"two\", 3.0)\nt._1\nt._2\nt._3",
           "t: (Int, String, Double) = (1,two,3.0)\nres0: Int = 1\nres1: String = two\nres2: Double = 3.0");
    EXPECT("1 -> \"a\"", "res0: (Int, String) = (1,a)");
    EXPECT("((1, 2), 3)._1._2", "res0: Int = 2");
    EXPECT("(1, 2).swap", "res0: (Int, Int) = (2,1)");
    EXPECT("println((1, \"a\"))", "(1,a)\n");
    EXPECT("(1, 2)._3", "!error: value _3 is not a member of (Int, Int)");
}

/* ---- pattern matching ---- */

static const char *MATCHER =
    "def m(x: Any): String = x match {\n"
    "  case 1 => \"one\"\n"
    "  case \"s\" => \"str\"\n"
    "  case (a, b) => s\"tuple $a $b\"\n"
    "  case Some(v) => \"some \" + v\n"
    "  case None => \"none\"\n"
    "  case List(a, b) => s\"list2 $a $b\"\n"
    "  case h :: t => s\"cons $h $t\"\n"
    "  case i: Int if i > 10 => \"big int\"\n"
    "  case i: Int => \"int \" + i\n"
    "  case d: Double => \"double\"\n"
    "  case 'c' | 'd' => \"c or d\"\n"
    "  case l @ List(_*) => \"list \" + l.size\n"
    "  case _ => \"other\"\n"
    "}";

TEST(eval_match) {
    Sess *S = sess_new();
    RUN(S, MATCHER, "m: (x: Any)String");
    RUN(S, "m(1)", "res0: String = one");
    RUN(S, "m(\"s\")", "res1: String = str");
    RUN(S, "m((1, 2))", "res2: String = tuple 1 2");
    RUN(S, "m(Some(3))", "res3: String = some 3");
    RUN(S, "m(None)", "res4: String = none");
    RUN(S, "m(List(1, 2))", "res5: String = list2 1 2");
    RUN(S, "m(List(1, 2, 3))", "res6: String = cons 1 List(2, 3)");
    RUN(S, "m(42)", "res7: String = big int");
    RUN(S, "m(5)", "res8: String = int 5");
    RUN(S, "m(1.5)", "res9: String = double");
    RUN(S, "m('d')", "res10: String = c or d");
    RUN(S, "m(List())", "res11: String = list 0");
    RUN(S, "m(true)", "res12: String = other");
    sess_free(S);
}

TEST(eval_match_more) {
    EXPECT("5 match { case 1 => \"a\" }", "!scala.MatchError: 5 (of class java.lang.Integer)");
    EXPECT("\"zz\" match { case \"a\" => 1 }", "!scala.MatchError: zz (of class java.lang.String)");
    EXPECT("List(1, 2, 3) match { case a :: b :: rest => a + b + rest.sum }", "res0: Int = 6");
    EXPECT("List(1, 2, 3) match { case List(1, rest @ _*) => rest }", "res0: List[Int] = List(2, 3)");
    EXPECT("Nil match { case Nil => \"empty\"; case _ => \"no\" }", "res0: String = empty");
    EXPECT("(1, (2, 3)) match { case (a, (b, c)) => a + b + c }", "res0: Int = 6");
    EXPECT("Some((1, \"x\")) match { case Some((n, s)) => s * n }", "res0: String = x");
    EXPECT("val x = 3\n3 match { case `x` => \"same\"; case _ => \"diff\" }", "x: Int = 3\nres0: String = same");
    EXPECT("println((5: Any) match { case s: String => s; case n: Int => n + 1 })", "6\n");
    EXPECT("List(1, -2, 3).map { case n if n < 0 => 0; case n => n }", "res0: List[Int] = List(1, 0, 3)");
    EXPECT("(2, \"b\") match { case (1 | 2, s) => s }", "res0: String = b");
    EXPECT("Array(1, 2) match { case Array(a, b) => a + b }", "res0: Int = 3");
    EXPECT("val p = (1, 2)\np match { case t @ (a, _) => t._2 + a }", "p: (Int, Int) = (1,2)\nres0: Int = 3");
    EXPECT("Option(null) match { case None => \"null!\"; case Some(_) => \"x\" }", "res0: String = null!");
    EXPECT("List(Some(1), None, Some(3)).collect { case Some(x) => x }", "res0: List[Int] = List(1, 3)");
    EXPECT("-1 match { case -1 => \"minus one\" }", "res0: String = minus one");
}

/* case class copy with named and positional arguments (spark-shell 3.5.5: res1: User = User(ann,31)) */
TEST(eval_case_class_copy) {
    Sess *C = sess_new();
    RUN(C, "case class User(name: String, age: Int)\nval u = User(\"ann\", 30)", "defined class User\nu: User = User(ann,30)");
    RUN(C, "u.copy(age = 31)", "res0: User = User(ann,31)");
    RUN(C, "u.copy(name = \"bob\", age = 2)", "res1: User = User(bob,2)");
    RUN(C, "u.copy()", "res2: User = User(ann,30)");
    RUN(C, "u.copy(\"cy\")", "res3: User = User(cy,30)");
    RUN(C, "u", "res4: User = User(ann,30)");
    RUN(C, "u.copy(nme = \"x\")", "!error: unknown parameter name: nme");
    sess_free(C);
}

TEST(eval_case_classes) {
    Sess *S = sess_new();
    RUN(S, "case class Point(x: Int, y: Int)", "defined class Point");
    RUN(S, "val p = Point(1, 2)", "p: Point = Point(1,2)");
    RUN(S, "p.x + p.y", "res0: Int = 3");
    RUN(S, "p == Point(1, 2)", "res1: Boolean = true");
    RUN(S, "p == Point(2, 1)", "res2: Boolean = false");
    RUN(S, "p match { case Point(a, b) => a * 10 + b }", "res3: Int = 12");
    RUN(S, "println(p)", "Point(1,2)\n");
    RUN(S, "List(Point(1, 1), Point(0, 5)).sortBy(_.x)", "res5: List[Point] = List(Point(0,5), Point(1,1))");
    RUN(S, "Set(Point(1, 1), Point(1, 1)).size", "res6: Int = 1");
    RUN(S, "case class Person(name: String, age: Int = 30)\nPerson(\"Ann\")",
        "defined class Person\nres7: Person = Person(Ann,30)");
    RUN(S, "new Point(3, 4)", "res8: Point = Point(3,4)");
    RUN(S, "p.isInstanceOf[Point]", "res9: Boolean = true");
    RUN(S, "val Point(px, py) = p", "px: Int = 1\npy: Int = 2");
    sess_free(S);
}

TEST(eval_classes_objects) {
    Sess *S = sess_new();
    RUN(S, "class Counter(start: Int) {\n  var n = start\n  def inc(): Int = { n += 1; n }\n"
           "  override def toString = s\"Counter($n)\"\n}",
        "defined class Counter");
    RUN(S, "val c = new Counter(5)", "c: Counter = Counter(5)");
    RUN(S, "c.inc()\nc.inc()", "res0: Int = 6\nres1: Int = 7");
    RUN(S, "c.n", "res2: Int = 7");
    RUN(S, "c.n = 0\nc", "c.n: Int = 0\nres3: Counter = Counter(0)");
    RUN(S, "object Util { def twice(x: Int) = x * 2; val k = 3 }", "defined object Util");
    RUN(S, "Util.twice(4) + Util.k", "res4: Int = 11");
    RUN(S, "class Animal(val name: String) { def speak: String = name + \" speaks\" }\n"
           "class Dog(name: String) extends Animal(name)\nnew Animal(\"Rex\").speak",
        "defined class Animal\ndefined class Dog\nres5: String = Rex speaks");
    RUN(S, "class Box[T](val v: T) { def get: T = v }\nnew Box(3).get", "defined class Box\nres6: Int = 3");
    RUN(S, "class Base(val id: Int) { def describe: String = s\"#$id \" + kind; def kind = \"base\" }\n"
           "class Special(n: Int) extends Base(n * 10) { override def kind = \"special\" }\n"
           "new Special(4).describe",
        "defined class Base\ndefined class Special\nres7: String = #40 special");
    RUN(S, "new Special(1).isInstanceOf[Base]", "res8: Boolean = true");
    RUN(S, "object Config { val name = \"app\"; var n = 1 }\nConfig.n += 1\nConfig.n",
        "defined object Config\nres10: Int = 2");
    sess_free(S);
}

/* ---- control flow ---- */

TEST(eval_for_loops) {
    EXPECT("for (i <- 1 to 3) print(i)", "123");
    EXPECT("for (i <- 1 to 3; j <- 1 to 2 if i != j) print(s\"$i$j \")", "12 21 31 32 ");
    EXPECT("for (i <- 0 until 10 by 3) print(i)", "0369");
    EXPECT("for (i <- 3 to 1 by -1) print(i)", "321");
    EXPECT("for (x <- List(\"a\", \"b\")) println(x)", "a\nb\n");
    EXPECT("for ((k, v) <- Map(\"a\" -> 1, \"b\" -> 2)) println(k + v)", "a1\nb2\n");
    EXPECT("for (i <- 1 to 2; sq = i * i) print(sq)", "14");
    EXPECT("for (c <- \"hey\") print(c.toUpper)", "HEY");
    EXPECT("for (Some(x) <- List(Some(1), None, Some(2))) print(x)", "12");
}

TEST(eval_for_yield) {
    EXPECT("for (i <- 1 to 3) yield i * 2",
           "res0: scala.collection.immutable.IndexedSeq[Int] = Vector(2, 4, 6)");
    EXPECT("for (x <- List(1, 2, 3) if x > 1) yield x", "res0: List[Int] = List(2, 3)");
    EXPECT("for (i <- 0 until 2; j <- List(\"a\", \"b\")) yield (i, j)",
           "res0: scala.collection.immutable.IndexedSeq[(Int, String)] = Vector((0,a), (0,b), (1,a), (1,b))");
    EXPECT("for (x <- List(1, 2); y <- List(10, 20)) yield x * y", "res0: List[Int] = List(10, 20, 20, 40)");
    EXPECT("for (x <- Set(1, 2)) yield x + 1", "res0: scala.collection.immutable.Set[Int] = Set(2, 3)");
    EXPECT("for (x <- Array(1, 2)) yield x", "res0: Array[Int] = Array(1, 2)");
    EXPECT("for (x <- Vector(1, 2)) yield x * 3", "res0: scala.collection.immutable.Vector[Int] = Vector(3, 6)");
    EXPECT("for (x <- Some(2)) yield x * 2", "res0: Option[Int] = Some(4)");
    EXPECT("val xs = for { i <- 1 to 4 if i % 2 == 0 } yield i\nxs.sum",
           "xs: scala.collection.immutable.IndexedSeq[Int] = Vector(2, 4)\nres0: Int = 6");
}

TEST(eval_while) {
    EXPECT("var i = 0\nwhile (i < 3) { print(i); i += 1 }\ni", "i: Int = 0\n012res1: Int = 3");
    EXPECT("var i = 5\ndo { i -= 1 } while (i > 10)\ni", "i: Int = 5\nres1: Int = 4");
    EXPECT("var n = 0; var s = 0\nwhile (n < 100000) { s += n; n += 1 }\ns",
           "n: Int = 0\ns: Int = 0\nres1: Int = 704982704");
    EXPECT("var x = 0\nwhile (x) {}", "x: Int = 0\n!error: type mismatch: the condition is not a Boolean");
}

TEST(eval_if) {
    EXPECT("if (1 > 2) \"a\" else \"b\"", "res0: String = b");
    /* known gap: if/else branches of different numeric types are not widened (Scala: 1.0) */
    EXPECT("val x = if (true) 1 else 2", "x: Int = 1");
    EXPECT("if (false) 1", "res0: AnyVal = ()");
    EXPECT("val v = if (3 > 2) { val k = 5; k * 2 } else 0", "v: Int = 10");
    EXPECT("!(1 == 1) || (2 > 1 && 3 != 4)", "res0: Boolean = true");
}

TEST(eval_exceptions) {
    EXPECT("try { 1 / 0 } catch { case e: ArithmeticException => println(\"caught \" + e.getMessage); -1 } "
           "finally { println(\"fin\") }",
           "caught / by zero\nfin\nres0: Int = -1");
    EXPECT("try { throw new IllegalArgumentException(\"bad\") } catch { case e: Exception => e.toString }",
           "res0: String = java.lang.IllegalArgumentException: bad");
    EXPECT("try { throw new RuntimeException(\"x\") } catch { case e: IllegalStateException => 1 }",
           "!java.lang.RuntimeException: x");
    EXPECT("throw new Exception(\"boom\")", "!java.lang.Exception: boom");
    EXPECT("throw new IllegalStateException()", "!java.lang.IllegalStateException: ");
    EXPECT("try { \"x\".toInt } catch { case e: NumberFormatException => e.getMessage }",
           "res0: String = For input string: \"x\"");
    EXPECT("try { List(1).head; List().head } catch { case e: NoSuchElementException => e.getMessage }",
           "res0: String = head of empty list");
    EXPECT("def risky(n: Int): Int = if (n < 0) throw new IllegalArgumentException(\"negative\") else n\n"
           "try risky(-1) catch { case e: IllegalArgumentException => 0 }",
           "risky: (n: Int)Int\nres0: Int = 0");
    EXPECT("val r = try { 5 } finally { println(\"f\") }", "f\nr: Int = 5");
    EXPECT("try { throw new Exception(\"a\") } catch { case _: Throwable => \"any\" }", "res0: String = any");
    EXPECT("try { None.get } catch { case e: Exception => e.getClass.getName }",
           "res0: String = java.util.NoSuchElementException");
    EXPECT("def f(): Int = try { return 1 } finally { println(\"cleanup\") }\nf()",
           "f: ()Int\ncleanup\nres0: Int = 1");
    EXPECT("try { throw new Exception(\"inner\") } catch { case e: Exception => throw new RuntimeException(\"outer\", e) }",
           "!java.lang.RuntimeException: outer");
    EXPECT("val e = new Exception(\"m\")\ne.getMessage", "e: Exception = java.lang.Exception: m\nres0: String = m");
}

/* Exceptions a layer registers (interp_register_exception): thrown by simple name with their
 * qualified name shown, caught by any ancestor; a registered package makes every …Exception under
 * it an exception whose parent is the package's. */
TEST(eval_registered_exceptions) {
    EXPECT("new QueueFullException(\"q\")", "!error: not found: type QueueFullException");
    Sess *s = sess_new();
    interp_register_exception(s->I, "QueueFullException", "com.example.QueueFullException", "IllegalStateException");
    interp_register_exception_package(s->I, "com.example.errors.", "QueueFullException");
    RUN(s, "throw new QueueFullException(\"full\")", "!com.example.QueueFullException: full");
    RUN(s, "try { throw new QueueFullException(\"q\") } catch { case e: IllegalStateException => e.toString }",
        "res1: String = com.example.QueueFullException: q");
    RUN(s, "new QueueFullException(\"q\").isInstanceOf[RuntimeException]", "res2: Boolean = true");
    RUN(s, "new QueueFullException(\"q\").isInstanceOf[ArithmeticException]", "res3: Boolean = false");
    RUN(s, "try { throw new com.example.errors.DiskException(\"d\") } catch { case e: QueueFullException => e.getClass.getName }",
        "res4: String = com.example.errors.DiskException");
    RUN(s, "new com.example.errors.Disk(\"d\")", "!error: not found: type com.example.errors.Disk");
    RUN(s, "new com.example.other.DiskException(\"d\")", "!error: not found: type com.example.other.DiskException");
    sess_free(s);
}

/* ---- string interpolation ---- */

TEST(eval_interpolation) {
    EXPECT("val name = \"Bob\"\ns\"Hello, $name! ${1 + 2}\"", "name: String = Bob\nres0: String = Hello, Bob! 3");
    EXPECT("f\"${3.14159}%.2f and ${42}%5d|\"", "res0: String = 3.14 and    42|");
    EXPECT("f\"${\"x\"}%-5s|${\"y\"}%s\"", "res0: String = x    |y");
    EXPECT("val n = 7\nf\"$n%03d\"", "n: Int = 7\nres0: String = 007");
    EXPECT("val pi = 3.14159\nf\"pi is $pi%.3f\"", "pi: Double = 3.14159\nres0: String = pi is 3.142");
    EXPECT("raw\"a\\nb\"", "res0: String = a\\nb");
    EXPECT("s\"a\\tb\"", "res0: String = a\tb");
    EXPECT("s\"${\"lit\"} and ${List(1)}\"", "res0: String = lit and List(1)");
    EXPECT("val x = 2\ns\"$x$x${x}\"", "x: Int = 2\nres0: String = 222");
    EXPECT("s\"$$5\"", "res0: String = $5");
    EXPECT("case class P(a: Int)\nval p = P(1)\ns\"${p.a} $p\"", "defined class P\np: P = P(1)\nres0: String = 1 P(1)");
    EXPECT("f\"${10}%d%%\"", "res0: String = 10%");
    EXPECT("f\"${1234567}%,d\"", "res0: String = 1,234,567");
    EXPECT("f\"${255}%x\"", "res0: String = ff");
}

/* ---- imports ---- */

TEST(eval_imports) {
    EXPECT("import scala.collection.mutable", "import scala.collection.mutable");
    EXPECT("import scala.collection.mutable\nval m = mutable.Map[String, Int]()\nm(\"a\") = 1\nm",
           "import scala.collection.mutable\nm: scala.collection.mutable.Map[String,Int] = Map()\n"
           "res1: scala.collection.mutable.Map[String,Int] = Map(a -> 1)");
    EXPECT("import scala.collection.mutable.ArrayBuffer\nval b = ArrayBuffer(1, 2)",
           "import scala.collection.mutable.ArrayBuffer\nb: scala.collection.mutable.ArrayBuffer[Int] = ArrayBuffer(1, 2)");
    EXPECT("val b = scala.collection.mutable.ArrayBuffer[Int]()\nb += 1\nb",
           "b: scala.collection.mutable.ArrayBuffer[Int] = ArrayBuffer()\n"
           "res0: b.type = ArrayBuffer(1)\nres1: scala.collection.mutable.ArrayBuffer[Int] = ArrayBuffer(1)");
    EXPECT("import java.util.{HashMap, Properties}", "import java.util.{HashMap, Properties}");
    EXPECT("import scala.util.Random", "import scala.util.Random");
    EXPECT("import foo.bar.Baz", "!error: not found: value foo");
    EXPECT("import scala.collection.mutable.Map\nval m = Map(1 -> 2)\nm(3) = 4\nm.size",
           "import scala.collection.mutable.Map\nm: scala.collection.mutable.Map[Int,Int] = Map(1 -> 2)\nres1: Int = 2");
    EXPECT("foo.println(1)", "!error: not found: value foo");
}
