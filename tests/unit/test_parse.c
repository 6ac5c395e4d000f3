/* test_parse.c — unit tests of the parser (kernel/lang/parse.c) through ast_dump(): every
 * construct of the subset, Scala's precedence, semicolon inference, placeholders, the two
 * sample notebooks, error positions and messages, incomplete input, nesting limits, and a
 * robustness test that feeds truncated, mutated and random programs. */
#include "unit.h"

#include "lang/ast.h"

#include <stdint.h>
#include <stdlib.h>

static char out[65536];
static ParseError perr;

/* The statements of src dumped one per line, or "error L:C: message". */
static const char *parse(const char *src) {
    Arena *a = arena_new();
    Node *root = parse_program(a, src, strlen(src), &perr);
    out[0] = '\0';
    if (!root) {
        snprintf(out, sizeof out, "error %d:%d: %s", perr.line, perr.col, perr.msg);
    } else {
        size_t n = 0;
        for (int i = 0; i < root->list.len; i++) {
            char *d = ast_dump(root->list.items[i]);
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? "\n" : "", d);
            free(d);
            if (n >= sizeof out) break;
        }
    }
    arena_free(a);
    return out;
}

/* 1: the parse failed with err.incomplete; 0: failed otherwise; -1: parsed */
static int incomplete(const char *src) {
    Arena *a = arena_new();
    Node *root = parse_program(a, src, strlen(src), &perr);
    arena_free(a);
    return root ? -1 : perr.incomplete;
}

/* ---- literals and simple expressions ---- */

TEST(parse_literals) {
    CHECK_STR(parse("1"), "(int 1)");
    CHECK_STR(parse("2147483647"), "(int 2147483647)");
    CHECK_STR(parse("-2147483648"), "(int -2147483648)");
    CHECK_STR(parse("2147483648"), "error 1:1: integer number too large for Int");
    CHECK_STR(parse("-2147483649"), "error 1:2: integer number too large for Int");
    CHECK_STR(parse("0xFFFFFFFF"), "(int -1)");
    CHECK_STR(parse("2147483648L"), "(long 2147483648)");
    CHECK_STR(parse("-9223372036854775808L"), "(long -9223372036854775808)");
    CHECK_STR(parse("9223372036854775808L"), "error 1:1: integer number too large");
    CHECK_STR(parse("1.5"), "(double 1.5)");
    CHECK_STR(parse("-1.5e3"), "(double -1500)");
    CHECK_STR(parse("0.1f"), "(float 0.1)");
    CHECK_STR(parse("2389932389934343899344.6"), "(double 2.3899323899343437e+21)");
    CHECK_STR(parse("'x'"), "(char 120)");
    CHECK_STR(parse("\"a\\n\""), "(string \"a\\n\")");
    CHECK_STR(parse("true\nfalse\nnull\n()"), "(bool true)\n(bool false)\n(null)\n(unit)");
    CHECK_STR(parse("this"), "(ident this)");
    CHECK_STR(parse("`my var`"), "(ident my var)");
}

TEST(parse_interpolated_strings) {
    CHECK_STR(parse("s\"Hello $name!\""), "(interp s (string \"Hello \") (ident name) (string \"!\"))");
    CHECK_STR(parse("s\"${a + b}\""), "(interp s (string \"\") (infix + (ident a) (ident b)) (string \"\"))");
    CHECK_STR(parse("f\"$x%.2f and ${y}%5d\""),
              "(interp f (string \"\") (ident x) (string \"%.2f and \") (ident y) (string \"%5d\"))");
    CHECK_STR(parse("raw\"a\\tb\""), "(interp raw (string \"a\\\\tb\"))");
    CHECK_STR(parse("s\"${m.map { case (k, v) => s\"$k=$v\" }.mkString(\",\")}\""),
              "(interp s (string \"\") (apply (select (applyblock (select (ident m) map) (caselambda (x$1) "
              "(match (ident x$1) (case (ptuple k v) (block (interp s (string \"\") (ident k) "
              "(string \"=\") (ident v) (string \"\"))))))) mkString) (string \",\")) (string \"\"))");
    CHECK_STR(parse("s\"\"\"a\n$b\"\"\""), "(interp s (string \"a\\n\") (ident b) (string \"\"))");
    CHECK_STR(parse("$\"user.name\""), "(interp $ (string \"user.name\"))");
    CHECK_STR(parse("s\"${}\""), "error 1:5: expected expression inside ${}");
    CHECK(!perr.incomplete);
    CHECK_STR(parse("s\"x ${1 +}\""), "error 1:10: expected expression but found '}'");
    CHECK(!perr.incomplete);
    CHECK_STR(parse("s\"${val}\""), "error 1:8: expected pattern but found '}'");
}

TEST(parse_selection_application) {
    CHECK_STR(parse("a.b.c"), "(select (select (ident a) b) c)");
    CHECK_STR(parse("f(a, b)"), "(apply (ident f) (ident a) (ident b))");
    CHECK_STR(parse("f()"), "(apply (ident f))");
    CHECK_STR(parse("f(x = 1, 2)"), "(apply (ident f) (named x (int 1)) (int 2))");
    CHECK_STR(parse("f(a)(b)"), "(apply (apply (ident f) (ident a)) (ident b))");
    CHECK_STR(parse("xs(0) = 5"), "(assign (apply (ident xs) (int 0)) (int 5))");
    CHECK_STR(parse("f[Int](1)"), "(apply (typeargs (ident f) [Int]) (int 1))");
    CHECK_STR(parse("x.asInstanceOf[Map[String, Int]]"),
              "(typeargs (select (ident x) asInstanceOf) [Map[String, Int]])");
    CHECK_STR(parse("classOf[StringDeserializer]"), "(typeargs (ident classOf) [StringDeserializer])");
    CHECK_STR(parse("f { 1 }"), "(applyblock (ident f) (block (int 1)))");
    CHECK_STR(parse("f(1) { x => x }"),
              "(applyblock (apply (ident f) (int 1)) (lambda (x) (block (ident x))))");
    CHECK_STR(parse("a.+(b)"), "(apply (select (ident a) +) (ident b))");
    CHECK_STR(parse("f _"), "(ident f)");
    CHECK_STR(parse("super.toString"), "(select (ident super) toString)");
}

TEST(parse_new) {
    CHECK_STR(parse("new C"), "(new C)");
    CHECK_STR(parse("new C()"), "(new C)");
    CHECK_STR(parse("new C[T](a, b)"), "(new C [T] (ident a) (ident b))");
    CHECK_STR(parse("new java.util.HashMap[String, Object]()"), "(new java.util.HashMap [String] [Object])");
    CHECK_STR(parse("new Gson().toJson(x)"), "(apply (select (new Gson) toJson) (ident x))");
    CHECK_STR(parse("new C(1)(2)"), "(apply (new C (int 1)) (int 2))");
    CHECK_STR(parse("new C(name = \"n\")"), "(new C (named name (string \"n\")))");
    CHECK_STR(parse("new Runnable { def run() = 1 }"), "(new Runnable (class $anon () (extends [Runnable]) (def run (()) (int 1))))");
    CHECK_STR(parse("new Base(3) with T { def m = k }"),
              "(new Base (class $anon () (extends [Base] [T]) (super (int 3)) (def m () (ident k))))");
    CHECK_STR(parse("new { val x = 1 }"), "error 1:1: unsupported: anonymous classes");
}

TEST(parse_tuples_and_parens) {
    CHECK_STR(parse("(1, \"a\")"), "(tuple (int 1) (string \"a\"))");
    CHECK_STR(parse("(1, (2, 3))._2._1"), "(select (select (tuple (int 1) (tuple (int 2) (int 3))) _2) _1)");
    CHECK_STR(parse("(1 + 2) * 3"), "(infix * (infix + (int 1) (int 2)) (int 3))");
    CHECK_STR(parse("()"), "(unit)");
    CHECK_STR(parse("(x)"), "(ident x)");
    CHECK_STR(parse("(x,\n)"), "(ident x)");
    CHECK_STR(parse("(x, y,\n)"), "(tuple (ident x) (ident y))");
    CHECK_STR(parse("(false: java.lang.Boolean)"), "(typed (bool false) [java.lang.Boolean])");
    CHECK_STR(parse("f(xs: _*)"), "(apply (ident f) (typed (ident xs) [_*]))");
    Arena *a = arena_new();
    Node *r = parse_program(a, "(x)", 3, &perr);
    CHECK(r && (r->list.items[0]->flags & NF_PAREN));
    arena_free(a);
}

/* ---- operators ---- */

TEST(parse_precedence_table) {
    CHECK_STR(parse("1 + 2 * 3"), "(infix + (int 1) (infix * (int 2) (int 3)))");
    CHECK_STR(parse("1 * 2 + 3"), "(infix + (infix * (int 1) (int 2)) (int 3))");
    CHECK_STR(parse("a - b - c"), "(infix - (infix - (ident a) (ident b)) (ident c))");
    CHECK_STR(parse("a / b % c"), "(infix % (infix / (ident a) (ident b)) (ident c))");
    /* letters < | < ^ < & < = ! < < > < : < + - < * / % < other */
    CHECK_STR(parse("a max b | c"), "(infix max (ident a) (infix | (ident b) (ident c)))");
    CHECK_STR(parse("a | b ^ c"), "(infix | (ident a) (infix ^ (ident b) (ident c)))");
    CHECK_STR(parse("a ^ b & c"), "(infix ^ (ident a) (infix & (ident b) (ident c)))");
    CHECK_STR(parse("a & b == c"), "(infix & (ident a) (infix == (ident b) (ident c)))");
    CHECK_STR(parse("a != b < c"), "(infix != (ident a) (infix < (ident b) (ident c)))");
    CHECK_STR(parse("a < b :: c"), "(infix < (ident a) (infix :: (ident b) (ident c)))");
    CHECK_STR(parse("a :: b + c"), "(infix :: (ident a) (infix + (ident b) (ident c)))");
    CHECK_STR(parse("a + b * c"), "(infix + (ident a) (infix * (ident b) (ident c)))");
    CHECK_STR(parse("a * b ?? c"), "(infix * (ident a) (infix ?? (ident b) (ident c)))");
    CHECK_STR(parse("a || b && c"), "(infix || (ident a) (infix && (ident b) (ident c)))");
    CHECK_STR(parse("x > 0 && y <= 1 || !z"),
              "(infix || (infix && (infix > (ident x) (int 0)) (infix <= (ident y) (int 1))) (prefix ! (ident z)))");
    CHECK_STR(parse("1 to 10 by 2"), "(infix by (infix to (int 1) (int 10)) (int 2))");
    CHECK_STR(parse("\"k\" -> 1"), "(infix -> (string \"k\") (int 1))");
    CHECK_STR(parse("a `op` b"), "(infix op (ident a) (ident b))");
}

TEST(parse_right_associative) {
    CHECK_STR(parse("1 :: 2 :: Nil"), "(infix :: (int 1) (infix :: (int 2) (ident Nil)))");
    CHECK_STR(parse("a +: b +: c"), "(infix +: (ident a) (infix +: (ident b) (ident c)))");
    CHECK_STR(parse("a :+ b :+ c"), "(infix :+ (infix :+ (ident a) (ident b)) (ident c))");
    CHECK_STR(parse("xs ::: ys"), "(infix ::: (ident xs) (ident ys))");
    CHECK_STR(parse("a :: b :+ c"),
              "error 1:8: left- and right-associative operators with the same precedence may not be "
              "mixed ('::' and ':+')");
}

TEST(parse_prefix_postfix) {
    CHECK_STR(parse("-x"), "(prefix - (ident x))");
    CHECK_STR(parse("!a && b"), "(infix && (prefix ! (ident a)) (ident b))");
    CHECK_STR(parse("~x"), "(prefix ~ (ident x))");
    CHECK_STR(parse("+x"), "(prefix + (ident x))");
    CHECK_STR(parse("-1.abs"), "(select (int -1) abs)");
    CHECK_STR(parse("-x.abs"), "(prefix - (select (ident x) abs))");
    CHECK_STR(parse("a - -1"), "(infix - (ident a) (int -1))");
    CHECK_STR(parse("xs toList"), "(postfix toList (ident xs))");
    CHECK_STR(parse("xs toList\nval y = 1"), "(postfix toList (ident xs))\n(val y (int 1))");
    CHECK_STR(parse("f(a + b toList)"), "(apply (ident f) (postfix toList (infix + (ident a) (ident b))))");
    CHECK_STR(parse("x match { case 1 => xs toList case _ => Nil }"),
              "(match (ident x) (case (lit (int 1)) (block (postfix toList (ident xs)))) (case _ (block (ident Nil))))");
    CHECK_STR(parse("if (c) xs toList else ys"), "(if (ident c) (postfix toList (ident xs)) (ident ys))");
    CHECK_STR(parse("a +"), "error 1:4: expected expression but found end of input");
}

TEST(parse_assignment) {
    CHECK_STR(parse("x = 1"), "(assign (ident x) (int 1))");
    CHECK_STR(parse("a.b = c + 1"), "(assign (select (ident a) b) (infix + (ident c) (int 1)))");
    CHECK_STR(parse("x += 1"), "(opassign + (ident x) (int 1))");
    CHECK_STR(parse("x -= y * 2"), "(opassign - (ident x) (infix * (ident y) (int 2)))");
    CHECK_STR(parse("x *= 2\nx /= 2\nx %= 2"),
              "(opassign * (ident x) (int 2))\n(opassign / (ident x) (int 2))\n(opassign % (ident x) (int 2))");
    CHECK_STR(parse("xs ++= ys"), "(opassign ++ (ident xs) (ident ys))");
    CHECK_STR(parse("m(k) += 1"), "(opassign + (apply (ident m) (ident k)) (int 1))");
    /* comparisons are not assignments */
    CHECK_STR(parse("a <= b"), "(infix <= (ident a) (ident b))");
    CHECK_STR(parse("a >= b"), "(infix >= (ident a) (ident b))");
    CHECK_STR(parse("a != b"), "(infix != (ident a) (ident b))");
    CHECK_STR(parse("a == b"), "(infix == (ident a) (ident b))");
    CHECK_STR(parse("a === b"), "(infix === (ident a) (ident b))");
    CHECK_STR(parse("1 = 2"), "error 1:3: invalid assignment target");
}

/* ---- control structures ---- */

TEST(parse_if_while) {
    CHECK_STR(parse("if (a) b else c"), "(if (ident a) (ident b) (ident c))");
    CHECK_STR(parse("if (a) b"), "(if (ident a) (ident b))");
    CHECK_STR(parse("if (a) {\n  b\n}\nelse {\n  c\n}"), "(if (ident a) (block (ident b)) (block (ident c)))");
    CHECK_STR(parse("if (a)\n  b\nelse\n  c"), "(if (ident a) (ident b) (ident c))");
    CHECK_STR(parse("if (a) b; else c"), "(if (ident a) (ident b) (ident c))");
    CHECK_STR(parse("if (a) b else if (c) d else e"),
              "(if (ident a) (ident b) (if (ident c) (ident d) (ident e)))");
    CHECK_STR(parse("val x = if (a) 1 else 2"), "(val x (if (ident a) (int 1) (int 2)))");
    CHECK_STR(parse("while (i < 3) i += 1"), "(while (infix < (ident i) (int 3)) (opassign + (ident i) (int 1)))");
    CHECK_STR(parse("while (true) {\n f()\n}"), "(while (bool true) (block (apply (ident f))))");
    CHECK_STR(parse("do { i += 1 } while (i < 3)"),
              "(dowhile (block (opassign + (ident i) (int 1))) (infix < (ident i) (int 3)))");
    CHECK_STR(parse("do {\n  i += 1\n}\nwhile (i < 3)"),
              "(dowhile (block (opassign + (ident i) (int 1))) (infix < (ident i) (int 3)))");
}

TEST(parse_for) {
    CHECK_STR(parse("for (x <- xs) println(x)"), "(for (gen x (ident xs)) (apply (ident println) (ident x)))");
    CHECK_STR(parse("for (x <- xs; y <- ys if x < y; z = x + y) yield z"),
              "(foryield (gen x (ident xs)) (gen y (ident ys)) (guard (infix < (ident x) (ident y))) "
              "(val z (infix + (ident x) (ident y))) (ident z))");
    CHECK_STR(parse("for {\n  x <- 1 to 3\n  if x % 2 == 1\n  (a, b) <- pairs\n} yield (x, a)"),
              "(foryield (gen x (infix to (int 1) (int 3))) (guard (infix == (infix % (ident x) (int 2)) "
              "(int 1))) (gen (ptuple a b) (ident pairs)) (tuple (ident x) (ident a)))");
    CHECK_STR(parse("for (x <- xs\n     y <- ys) yield x * y"),
              "(foryield (gen x (ident xs)) (gen y (ident ys)) (infix * (ident x) (ident y)))");
    CHECK_STR(parse("for ((k, v) <- m) {\n  println(k)\n}"),
              "(for (gen (ptuple k v) (ident m)) (block (apply (ident println) (ident k))))");
    CHECK_STR(parse("for (x <- xs)\n  println(x)"), "(for (gen x (ident xs)) (apply (ident println) (ident x)))");
    CHECK_STR(parse("for (if x) y"), "error 1:6: expected generator but found 'if'");
    CHECK_STR(parse("for (x xs) y"), "error 1:8: expected '<-' or '=' but found 'xs'");
}

TEST(parse_match) {
    CHECK_STR(parse("x match {\n  case 1 => \"one\"\n  case _ => \"many\"\n}"),
              "(match (ident x) (case (lit (int 1)) (block (string \"one\"))) "
              "(case _ (block (string \"many\"))))");
    CHECK_STR(parse("x match { case n if n > 0 => n; case _ => 0 }"),
              "(match (ident x) (case n (if (infix > (ident n) (int 0))) (block (ident n))) "
              "(case _ (block (int 0))))");
    CHECK_STR(parse("x match {\n  case 1 =>\n    val y = 2\n    y * 3\n  case _ =>\n}"),
              "(match (ident x) (case (lit (int 1)) (block (val y (int 2)) (infix * (ident y) (int 3)))) "
              "(case _ (block)))");
    CHECK_STR(parse("a + b match { case _ => 0 }"),
              "(match (infix + (ident a) (ident b)) (case _ (block (int 0))))");
    CHECK_STR(parse("x match { }"), "error 1:11: expected 'case' but found '}'");
    CHECK_STR(parse("xs.map { case x if _ => 1 }"), "error 1:20: unbound placeholder parameter");
}

TEST(parse_patterns) {
#define PAT(p, want) CHECK_STR(parse("x match { case " p " => 0 }"), \
                               "(match (ident x) (case " want " (block (int 0))))")
    PAT("_", "_");
    PAT("y", "y");
    PAT("y: Int", "y:Int");
    PAT("_: String", "_:String");
    PAT("e: java.io.IOException", "e:java.io.IOException");
    PAT("42", "(lit (int 42))");
    PAT("-1", "(lit (int -1))");
    PAT("-2.5", "(lit (double -2.5))");
    PAT("10L", "(lit (long 10))");
    PAT("\"s\"", "(lit (string \"s\"))");
    PAT("'c'", "(lit (char 99))");
    PAT("true", "(lit (bool true))");
    PAT("null", "(lit (null))");
    PAT("()", "(lit (unit))");
    PAT("None", "(stable None)");
    PAT("Nil", "(stable Nil)");
    PAT("Foo.Bar", "(stable Foo.Bar)");
    PAT("a.b", "(stable a.b)");
    PAT("`y`", "(stable y)");
    PAT("(a, b)", "(ptuple a b)");
    PAT("(a, (b, _))", "(ptuple a (ptuple b _))");
    PAT("Some(v)", "(extract Some v)");
    PAT("Some((k, v))", "(extract Some (ptuple k v))");
    PAT("List(a, b, _*)", "(extract List a b _*)");
    PAT("Seq(first, rest @ _*)", "(extract Seq first (bind rest _*))");
    PAT("Point(0, y)", "(extract Point (lit (int 0)) y)");
    PAT("h :: t", "(extract :: h t)");
    PAT("a :: b :: rest", "(extract :: a (extract :: b rest))");
    PAT("1 | 2 | 3", "(alt (lit (int 1)) (lit (int 2)) (lit (int 3)))");
    PAT("None | Some(0)", "(alt (stable None) (extract Some (lit (int 0))))");
    PAT("s @ Some(_)", "(bind s (extract Some _))");
    PAT("p @ (a, b)", "(bind p (ptuple a b))");
#undef PAT
    CHECK_STR(parse("x match { case s\"a$b\" => 0 }"), "error 1:16: unsupported: interpolated string patterns");
    CHECK_STR(parse("x match { case => 0 }"), "error 1:16: expected pattern but found '=>'");
    Arena *a = arena_new();
    Node *r = parse_program(a, "x match { case List(a, _*) => 0 }", 33, &perr);
    CHECK(r != NULL);
    if (r) {
        Pattern *p = r->list.items[0]->cases[0].pat;
        CHECK(p->varargs);
        CHECK_EQ_INT(p->nsubs, 2);
        CHECK_EQ_INT(p->subs[1]->kind, P_WILDCARD);
    }
    arena_free(a);
}

TEST(parse_try_throw_return) {
    CHECK_STR(parse("try f() catch { case e: Exception => 0 } finally close()"),
              "(try (apply (ident f)) (case e:Exception (block (int 0))) (finally (apply (ident close))))");
    CHECK_STR(parse("try {\n  f()\n} catch {\n  case _: Throwable =>\n}\n"),
              "(try (block (apply (ident f))) (case _:Throwable (block)))");
    CHECK_STR(parse("try f() finally g()"), "(try (apply (ident f)) (finally (apply (ident g))))");
    CHECK_STR(parse("throw new IllegalArgumentException(\"bad\")"),
              "(throw (new IllegalArgumentException (string \"bad\")))");
    CHECK_STR(parse("def f(): Int = { return 1 }"), "(def f (()) :Int (block (return (int 1))))");
    CHECK_STR(parse("def f(): Unit = { return }"), "(def f (()) :Unit (block (return)))");
    CHECK_STR(parse("try f() catch g"), "error 1:15: unsupported: catch without case clauses");
}

/* ---- lambdas and placeholders ---- */

TEST(parse_lambdas) {
    CHECK_STR(parse("x => x + 1"), "(lambda (x) (infix + (ident x) (int 1)))");
    CHECK_STR(parse("(x: Int) => x"), "(lambda (x:Int) (ident x))");
    CHECK_STR(parse("(a, b) => a + b"), "(lambda (a b) (infix + (ident a) (ident b)))");
    CHECK_STR(parse("(a: Int, b: String) => b"), "(lambda (a:Int b:String) (ident b))");
    CHECK_STR(parse("() => 1"), "(lambda () (int 1))");
    CHECK_STR(parse("_ => 1"), "(lambda (_) (int 1))");
    CHECK_STR(parse("x => y => x"), "(lambda (x) (lambda (y) (ident x)))");
    CHECK_STR(parse("(f: Int => Int) => f(1)"), "(lambda (f:Int => Int) (apply (ident f) (int 1)))");
    CHECK_STR(parse("xs.map(x => x * 2)"), "(apply (select (ident xs) map) (lambda (x) (infix * (ident x) (int 2))))");
    CHECK_STR(parse("xs.map { x =>\n  val y = x * 2\n  y + 1\n}"),
              "(applyblock (select (ident xs) map) (lambda (x) (block (val y (infix * (ident x) (int 2))) "
              "(infix + (ident y) (int 1)))))");
    CHECK_STR(parse("xs.foreach { x: Int => println(x) }"),
              "(applyblock (select (ident xs) foreach) (lambda (x:Int) (block (apply (ident println) (ident x)))))");
    CHECK_STR(parse("f { (a, b) => a }"), "(applyblock (ident f) (lambda (a b) (block (ident a))))");
    CHECK_STR(parse("f { implicit x => x }"), "(applyblock (ident f) (lambda (x) (block (ident x))))");
    CHECK_STR(parse("xs.map { case (k, v) => k\n  case _ => 0 }"),
              "(applyblock (select (ident xs) map) (caselambda (x$1) (match (ident x$1) "
              "(case (ptuple k v) (block (ident k))) (case _ (block (int 0))))))");
    CHECK_STR(parse("xs.map({ case Some(x) => x })"),
              "(apply (select (ident xs) map) (caselambda (x$1) (match (ident x$1) "
              "(case (extract Some x) (block (ident x))))))");
    CHECK_STR(parse("val f = (x: Int, y: Int) => {\n  x + y\n}"),
              "(val f (lambda (x:Int y:Int) (block (infix + (ident x) (ident y)))))");
    Arena *a = arena_new();
    Node *r = parse_program(a, "f { case 1 => 2 }", 17, &perr);
    CHECK(r && r->list.items[0]->list.items[0]->kind == N_LAMBDA);
    CHECK(r && (r->list.items[0]->list.items[0]->flags & NF_CASE_LAMBDA));
    arena_free(a);
}

TEST(parse_placeholders) {
    CHECK_STR(parse("reduceByKey(_ + _)"),
              "(apply (ident reduceByKey) (lambda (_$1 _$2) (infix + (ident _$1) (ident _$2))))");
    CHECK_STR(parse("xs.map(_.split(\" \"))"),
              "(apply (select (ident xs) map) (lambda (_$1) (apply (select (ident _$1) split) (string \" \"))))");
    CHECK_STR(parse("xs.filter(_.nonEmpty)"),
              "(apply (select (ident xs) filter) (lambda (_$1) (select (ident _$1) nonEmpty)))");
    CHECK_STR(parse("xs.map(_._2)"), "(apply (select (ident xs) map) (lambda (_$1) (select (ident _$1) _2)))");
    CHECK_STR(parse("xs.sortBy(_._2, false)"),
              "(apply (select (ident xs) sortBy) (lambda (_$1) (select (ident _$1) _2)) (bool false))");
    CHECK_STR(parse("xs.filter(_ > 5)"), "(apply (select (ident xs) filter) (lambda (_$1) (infix > (ident _$1) (int 5))))");
    /* f(_, 1): the placeholder alone is an argument, so the call becomes the lambda */
    CHECK_STR(parse("val g = f(_, 1)"), "(val g (lambda (_$1) (apply (ident f) (ident _$1) (int 1))))");
    CHECK_STR(parse("xs.foreach(println(_))"),
              "(apply (select (ident xs) foreach) (lambda (_$1) (apply (ident println) (ident _$1))))");
    CHECK_STR(parse("xs.map(_ * 2).filter(_ > 3)"),
              "(apply (select (apply (select (ident xs) map) (lambda (_$1) (infix * (ident _$1) (int 2)))) filter) "
              "(lambda (_$2) (infix > (ident _$2) (int 3))))");
    CHECK_STR(parse("xs.foldLeft(0)(_ + _)"),
              "(apply (apply (select (ident xs) foldLeft) (int 0)) (lambda (_$1 _$2) (infix + (ident _$1) (ident _$2))))");
    CHECK_STR(parse("xs reduce (_ max _)"),
              "(infix reduce (ident xs) (lambda (_$1 _$2) (infix max (ident _$1) (ident _$2))))");
    CHECK_STR(parse("opt.foreach { _.stop() }"),
              "(applyblock (select (ident opt) foreach) (block (lambda (_$1) (apply (select (ident _$1) stop)))))");
    CHECK_STR(parse("val inc = (_: Int) + 1"),
              "(val inc (lambda (_$1) (infix + (typed (ident _$1) [Int]) (int 1))))");
    CHECK_STR(parse("xs.map(x => x.filter(_ > x))"),
              "(apply (select (ident xs) map) (lambda (x) (apply (select (ident x) filter) "
              "(lambda (_$1) (infix > (ident _$1) (ident x))))))");
    CHECK_STR(parse("_"), "error 1:1: unbound placeholder parameter");
    CHECK(!perr.incomplete);
}

/* ---- definitions ---- */

TEST(parse_val_var) {
    CHECK_STR(parse("val x = 1"), "(val x (int 1))");
    CHECK_STR(parse("val x: Int = 1"), "(val x :Int (int 1))");
    CHECK_STR(parse("var s: String = \"\""), "(var s :String (string \"\"))");
    CHECK_STR(parse("lazy val x = f()"), "(lazyval x (apply (ident f)))");
    CHECK_STR(parse("val (a, b) = pair"), "(val (ptuple a b) (ident pair))");
    CHECK_STR(parse("val (a, (b, c)): (Int, (Int, Int)) = t"), "(val (ptuple a (ptuple b c)) :(Int, (Int, Int)) (ident t))");
    CHECK_STR(parse("val Some(y) = opt"), "(val (extract Some y) (ident opt))");
    CHECK_STR(parse("val X = 1"), "(val X (int 1))");
    CHECK_STR(parse("val f: Int => Int = _ + 1"), "(val f :Int => Int (lambda (_$1) (infix + (ident _$1) (int 1))))");
    CHECK_STR(parse("val m: java.util.HashMap[String,  Object] = null"),
              "(val m :java.util.HashMap[String, Object] (null))");
    CHECK_STR(parse("var x: Int = _"), "(var x :Int)");
    CHECK_STR(parse("private val q = 1"), "(private val q (int 1))");
    CHECK_STR(parse("@transient lazy val z = 1"), "(lazyval z (int 1))");
    CHECK_STR(parse("val a, b = 1"), "error 1:6: unsupported: several names in one definition");
    CHECK_STR(parse("lazy var x = 1"), "error 1:1: 'lazy' is only allowed on vals");
}

TEST(parse_def) {
    CHECK_STR(parse("def f = 1"), "(def f () (int 1))");
    CHECK_STR(parse("def f() = 1"), "(def f (()) (int 1))");
    CHECK_STR(parse("def f(x: Int, y: Int = 2): Int = x + y"),
              "(def f ((x:Int y:Int=(int 2))) :Int (infix + (ident x) (ident y)))");
    CHECK_STR(parse("def add(a: Int)(b: Int) = a + b"),
              "(def add ((a:Int) (b:Int)) (infix + (ident a) (ident b)))");
    CHECK_STR(parse("def f[T](x: T): List[T] = List(x)"),
              "(def f ((x:T)) :List[T] (apply (ident List) (ident x)))");
    CHECK_STR(parse("def f[K: ClassTag, V <: AnyRef](m: Map[K, V]) = m"),
              "(def f ((m:Map[K, V])) (ident m))");
    CHECK_STR(parse("def f(body: => Unit) = body"), "(def f ((body:=>Unit)) (ident body))");
    CHECK_STR(parse("def sum(xs: Int*) = xs.sum"), "(def sum ((xs:Int*)) (select (ident xs) sum))");
    CHECK_STR(parse("def g(f: (Int, Int) => Int) = f(1, 2)"),
              "(def g ((f:(Int, Int) => Int)) (apply (ident f) (int 1) (int 2)))");
    CHECK_STR(parse("def p() { println(1) }"), "(def p (()) :Unit (block (apply (ident println) (int 1))))");
    CHECK_STR(parse("def p()\n{\n  println(1)\n}"), "(def p (()) :Unit (block (apply (ident println) (int 1))))");
    CHECK_STR(parse("def +(o: V): V = o"), "(def + ((o:V)) :V (ident o))");
    CHECK_STR(parse("override def toString = \"x\""), "(override def toString () (string \"x\"))");
    CHECK_STR(parse("def f(x: Int)(implicit ord: Ordering[Int]) = x"),
              "(def f ((x:Int) (ord:Ordering[Int])) (ident x))");
    CHECK_STR(parse("trait T { def f(x: Int): Int }"), "(trait T (def f ((x:Int)) :Int))");
    CHECK_STR(parse("def f(x: Int): Int"), "error 1:1: only classes can have declared but undefined members");
    CHECK_STR(parse("def f(x) = 1"), "error 1:8: expected ':' but found ')'");
    CHECK_STR(parse("def this(x: Int) = this()"), "error 1:5: unsupported: auxiliary constructors");
}

TEST(parse_def_positions) {
    const char *src = "val a = 1\ndef f(x: Int): Int = {\n  x + 1\n}\n";
    Arena *a = arena_new();
    Node *r = parse_program(a, src, strlen(src), &perr);
    CHECK(r != NULL);
    if (r) {
        Node *d = r->list.items[1];
        CHECK_EQ_INT(d->line, 2);
        CHECK_EQ_INT(d->col, 1);
        CHECK_EQ_INT(d->end_line, 4);
        CHECK_EQ_INT(d->end_col, 2);
        Node *body = d->a->list.items[0];
        CHECK_EQ_INT(body->line, 3);
        CHECK_EQ_INT(body->col, 3);
        CHECK_EQ_INT(body->end_col, 8);
        CHECK_EQ_INT(r->list.items[0]->end_col, 10);
    }
    arena_free(a);
    a = arena_new();
    const char *src2 = "  private val x =\n  f(1,\n  2) + 3";
    r = parse_program(a, src2, strlen(src2), &perr);
    CHECK(r != NULL);
    if (r) {
        Node *v = r->list.items[0];
        CHECK_EQ_INT(v->line, 1);
        CHECK_EQ_INT(v->col, 3);
        CHECK_EQ_INT(v->end_line, 3);
        CHECK_EQ_INT(v->end_col, 9);
        CHECK_EQ_INT(v->a->kind, N_INFIX);
        CHECK_EQ_INT(v->a->line, 2);
        CHECK_EQ_INT(v->a->col, 3);
        CHECK_EQ_INT(v->a->a->end_col, 5);
    }
    arena_free(a);
}

TEST(parse_interp_positions) {
    const char *src = "val a = 1\ns\"\xce\xbb $xy ${a + 1}\"";
    Arena *a = arena_new();
    Node *r = parse_program(a, src, strlen(src), &perr);
    CHECK(r != NULL);
    if (r) {
        Node *in = r->list.items[1];
        CHECK_EQ_INT(in->list.len, 5);
        CHECK_EQ_INT(in->list.items[1]->line, 2);
        CHECK_EQ_INT(in->list.items[1]->col, 6);
        CHECK_EQ_INT(in->list.items[3]->col, 11);
        CHECK_EQ_INT(in->list.items[3]->a->col, 11);
        CHECK_EQ_INT(in->list.items[3]->b->col, 15);
    }
    arena_free(a);
    CHECK_STR(parse("val a = 1\ns\"xx ${a + * 1}\""), "error 2:12: expected expression but found '*'");
}

TEST(parse_classes) {
    CHECK_STR(parse("case class Point(x: Int, y: Int = 0)"), "(caseclass Point (val x:Int val y:Int=(int 0)))");
    CHECK_STR(parse("class C(val a: Int, var b: Int, c: Int)"), "(class C (val a:Int var b:Int c:Int))");
    CHECK_STR(parse("class Counter extends Base(1, name = \"c\") with Serializable {\n"
                    "  private var n = 0\n  override def toString = \"C\"\n}"),
              "(class Counter () (extends [Base] [Serializable]) (super (int 1) (named name (string \"c\"))) "
              "(private var n (int 0)) (override def toString () (string \"C\")))");
    CHECK_STR(parse("class Box[T](v: T) extends Container[T]"), "(class Box (v:T) (extends [Container[T]]))");
    CHECK_STR(parse("object Main extends App {\n  println(1)\n}"),
              "(object Main (extends [App]) (apply (ident println) (int 1)))");
    CHECK_STR(parse("case object Empty"), "(caseobject Empty)");
    CHECK_STR(parse("trait Shape { def area: Double }"), "(trait Shape (def area () :Double))");
    CHECK_STR(parse("sealed abstract class A\nfinal case class B() extends A"),
              "(class A ())\n(caseclass B () (extends [A]))");
    CHECK_STR(parse("class A\n{\n  val x = 1\n}"), "(class A () (val x (int 1)))");
    CHECK_STR(parse("class A { self => }"), "error 1:11: unsupported: self types");
    CHECK_STR(parse("class A extends 1"), "error 1:17: expected class name but found '1'");
}

TEST(parse_imports) {
    CHECK_STR(parse("import org.apache.spark.streaming._"), "(import org.apache.spark.streaming._)");
    CHECK_STR(parse("import java.util.{HashMap, Properties}"), "(import java.util.{HashMap, Properties})");
    CHECK_STR(parse("import a.b.{c, d => e}"), "(import a.b.{c, d => e})");
    CHECK_STR(parse("import a.b, c.d._"), "(import a.b)\n(import c.d._)");
    CHECK_STR(parse("import a.{b => _, _}"), "(import a.{b => _, _})");
    CHECK_STR(parse("import a.b\nval x = 1"), "(import a.b)\n(val x (int 1))");
    CHECK_STR(parse("import 1"), "error 1:8: expected import path but found '1'");
}

TEST(parse_unsupported_constructs) {
    CHECK_STR(parse("type X = Int"), "error 1:1: unsupported: type alias declarations");
    CHECK_STR(parse("val x = <a>hi</a>"), "error 1:9: unsupported: XML literals");
    CHECK_STR(parse("implicit val x = 1"), "error 1:1: unsupported: implicit definitions");
    CHECK_STR(parse("implicit def f(x: Int): String = \"\""), "error 1:1: unsupported: implicit definitions");
    CHECK_STR(parse("implicit class R(x: Int)"), "error 1:1: unsupported: implicit definitions");
    CHECK_STR(parse("def m = macro impl"), "error 1:9: unsupported: macros");
    CHECK_STR(parse("given Ordering[Int] = ord"), "error 1:1: unsupported: given instances (Scala 3)");
    CHECK_STR(parse("def f(using x: Int) = x"), "error 1:7: unsupported: using clauses (Scala 3)");
    CHECK_STR(parse("package foo"), "error 1:1: unsupported: package clauses");
    CHECK_STR(parse("enum Color { case Red }"), "error 1:1: unsupported: enum definitions");
    CHECK_STR(parse("extension (x: Int) def twice = x * 2"), "error 1:1: unsupported: extension methods (Scala 3)");
    CHECK_STR(parse("val x: T forSome { type T } = y"), "error 1:10: unsupported: existential types (forSome)");
    CHECK_STR(parse("'sym"), "error 1:1: unsupported: symbol literals");
    /* soft keywords of Scala 3 stay ordinary names */
    CHECK_STR(parse("val given = 1\nenum + given"), "(val given (int 1))\n(infix + (ident enum) (ident given))");
}

/* ---- statements and newlines ---- */

TEST(parse_semicolon_inference) {
    CHECK_STR(parse("val a = 1\nval b = 2; val c = 3"), "(val a (int 1))\n(val b (int 2))\n(val c (int 3))");
    CHECK_STR(parse("val counts = lines\n  .flatMap(_.split(\" \"))\n  .map(w => (w, 1))\n  .reduceByKey(_ + _)\ncounts.print()"),
              "(val counts (apply (select (apply (select (apply (select (ident lines) flatMap) (lambda (_$1) "
              "(apply (select (ident _$1) split) (string \" \")))) map) (lambda (w) (tuple (ident w) (int 1)))) "
              "reduceByKey) (lambda (_$2 _$3) (infix + (ident _$2) (ident _$3)))))\n"
              "(apply (select (ident counts) print))");
    CHECK_STR(parse("val s = 1 +\n  2"), "(val s (infix + (int 1) (int 2)))");
    CHECK_STR(parse("f(1,\n  2)"), "(apply (ident f) (int 1) (int 2))");
    CHECK_STR(parse("val x =\n  1"), "(val x (int 1))");
    CHECK_STR(parse("f(a\n  + b)"), "(apply (ident f) (infix + (ident a) (ident b)))");
    CHECK_STR(parse("a\n+ b"), "(ident a)\n(prefix + (ident b))");
    CHECK_STR(parse("x\n\n\ny"), "(ident x)\n(ident y)");
    CHECK_STR(parse("\n\n  x  \n\n"), "(ident x)");
    CHECK_STR(parse(""), "");
    CHECK_STR(parse("// only a comment"), "");
    CHECK_STR(parse(";;x;;"), "(ident x)");
    CHECK_STR(parse("{\n  a\n  b\n}"), "(block (ident a) (ident b))");
    CHECK_STR(parse("f(x)\n(y)"), "(apply (ident f) (ident x))\n(ident y)");
    CHECK_STR(parse("val x = 1 val y = 2"), "error 1:11: expected ';' or newline but found 'val'");
    CHECK_STR(parse("f(1))"), "error 1:5: expected ';' or newline but found ')'");
    CHECK_STR(parse("}"), "error 1:1: unmatched '}'");
}

/* ---- the sample notebooks ---- */

static const char *writer_src =
    "import java.util.HashMap\n"
    "import org.apache.kafka.clients.producer.{KafkaProducer, ProducerConfig, ProducerRecord}\n"
    "import org.apache.spark.streaming._\n"
    "import org.apache.spark.streaming.twitter._\n"
    "import com.google.gson.Gson\n"
    "\n"
    "val filters = Array(\"coffee\", \"hadoop\", \"spark\", \"kafka\", \"xbox\", \"ps4\", \"nintendo\")\n"
    "val kafkaBrokers = \"\"            // empty: the embedded broker\n"
    "val kafkaTopic = \"tweets\"\n"
    "val numTweets = sc.accumulator(0L, \"Tweets sent to Kafka\")\n"
    "def createStreamingContext(): StreamingContext = {\n"
    "  val producerProperties = new java.util.HashMap[String, Object]()\n"
    "  producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBrokers)\n"
    "  val ssc = new StreamingContext(sc, Seconds(5))\n"
    "  val stream = TwitterUtils.createStream(ssc, None, filters)\n"
    "  stream.foreachRDD(rdd => rdd.foreachPartition(partition => {\n"
    "    val producer = new KafkaProducer[String, String](producerProperties)\n"
    "    partition.foreach(record => {\n"
    "      producer.send(new ProducerRecord[String, String](kafkaTopic, null, new Gson().toJson(record)))\n"
    "      numTweets += 1\n"
    "    })\n"
    "    producer.close()\n"
    "  }))\n"
    "  ssc\n"
    "}\n"
    "val ssc = StreamingContext.getActiveOrCreate(createStreamingContext)\n"
    "ssc.start()\n"
    "ssc.awaitTerminationOrTimeout(60000)\n"
    "println(\"Finished writing \" + numTweets + \" tweets to Kafka\")\n";

static const char *reader_src =
    "import org.apache.kafka.clients.consumer.ConsumerRecord\n"
    "import org.apache.kafka.common.serialization.StringDeserializer\n"
    "import org.apache.spark.streaming._\n"
    "import org.apache.spark.streaming.kafka010._\n"
    "import org.apache.spark.streaming.kafka010.LocationStrategies.PreferConsistent\n"
    "import org.apache.spark.streaming.kafka010.ConsumerStrategies.Subscribe\n"
    "\n"
    "val kafkaBrokers = \"\"\n"
    "val kafkaTopic = \"tweets\"\n"
    "val batchInterval = Seconds(2)\n"
    "val kafkaParams = Map[String, Object](\n"
    "  \"bootstrap.servers\" -> kafkaBrokers,\n"
    "  \"key.deserializer\" -> classOf[StringDeserializer],\n"
    "  \"value.deserializer\" -> classOf[StringDeserializer],\n"
    "  \"group.id\" -> \"test1\",\n"
    "  \"auto.offset.reset\" -> \"earliest\",\n"
    "  \"enable.auto.commit\" -> (false: java.lang.Boolean)\n"
    ")\n"
    "\n"
    "def createStreamingContext(): StreamingContext = {\n"
    "  val ssc = new StreamingContext(sc, batchInterval)\n"
    "  val topics = Array(kafkaTopic)\n"
    "  val messageStream = KafkaUtils.createDirectStream[String, String](\n"
    "    ssc,\n"
    "    PreferConsistent,\n"
    "    Subscribe[String, String](topics, kafkaParams)\n"
    "  )\n"
    "  val tweetStream = messageStream\n"
    "    .map(record => record.value)\n"
    "  tweetStream.foreachRDD { rdd =>\n"
    "    if (rdd.count() >= 1) {\n"
    "      val tweets = spark.read.json(rdd)\n"
    "      val tweetInfo = tweets.select($\"id\", $\"createdAt\", $\"lang\", $\"retweetCount\",\n"
    "        $\"user.name\".as(\"user_name\"), $\"user.friendsCount\".as(\"friends\"),\n"
    "        $\"user.followersCount\".as(\"followers\"))\n"
    "      tweetInfo.write.mode(\"append\").format(\"json\").save(\"/example/tweets/\")\n"
    "      tweetInfo.show(5)\n"
    "      tweetInfo.createOrReplaceTempView(\"TweetInfo\")\n"
    "    }\n"
    "  }\n"
    "  ssc.remember(Minutes(4))\n"
    "  ssc.checkpoint(\"/tweetcheckpoint\")\n"
    "  ssc\n"
    "}\n"
    "\n"
    "StreamingContext.getActive.foreach { _.stop(stopSparkContext = false) }\n"
    "val ssc = StreamingContext.getActiveOrCreate(createStreamingContext)\n"
    "ssc.start()\n"
    "ssc.awaitTerminationOrTimeout(batchInterval.milliseconds * 60 * 1000)\n";

TEST(parse_sample_writer) {
    CHECK_STR(parse(writer_src),
        "(import java.util.HashMap)\n"
        "(import org.apache.kafka.clients.producer.{KafkaProducer, ProducerConfig, ProducerRecord})\n"
        "(import org.apache.spark.streaming._)\n"
        "(import org.apache.spark.streaming.twitter._)\n"
        "(import com.google.gson.Gson)\n"
        "(val filters (apply (ident Array) (string \"coffee\") (string \"hadoop\") (string \"spark\") "
        "(string \"kafka\") (string \"xbox\") (string \"ps4\") (string \"nintendo\")))\n"
        "(val kafkaBrokers (string \"\"))\n"
        "(val kafkaTopic (string \"tweets\"))\n"
        "(val numTweets (apply (select (ident sc) accumulator) (long 0) (string \"Tweets sent to Kafka\")))\n"
        "(def createStreamingContext (()) :StreamingContext (block "
        "(val producerProperties (new java.util.HashMap [String] [Object])) "
        "(apply (select (ident producerProperties) put) (select (ident ProducerConfig) BOOTSTRAP_SERVERS_CONFIG) "
        "(ident kafkaBrokers)) "
        "(val ssc (new StreamingContext (ident sc) (apply (ident Seconds) (int 5)))) "
        "(val stream (apply (select (ident TwitterUtils) createStream) (ident ssc) (ident None) (ident filters))) "
        "(apply (select (ident stream) foreachRDD) (lambda (rdd) (apply (select (ident rdd) foreachPartition) "
        "(lambda (partition) (block "
        "(val producer (new KafkaProducer [String] [String] (ident producerProperties))) "
        "(apply (select (ident partition) foreach) (lambda (record) (block "
        "(apply (select (ident producer) send) (new ProducerRecord [String] [String] (ident kafkaTopic) (null) "
        "(apply (select (new Gson) toJson) (ident record)))) "
        "(opassign + (ident numTweets) (int 1))))) "
        "(apply (select (ident producer) close))))))) "
        "(ident ssc)))\n"
        "(val ssc (apply (select (ident StreamingContext) getActiveOrCreate) (ident createStreamingContext)))\n"
        "(apply (select (ident ssc) start))\n"
        "(apply (select (ident ssc) awaitTerminationOrTimeout) (int 60000))\n"
        "(apply (ident println) (infix + (infix + (string \"Finished writing \") (ident numTweets)) "
        "(string \" tweets to Kafka\")))");
}

TEST(parse_sample_reader) {
    CHECK_STR(parse(reader_src),
        "(import org.apache.kafka.clients.consumer.ConsumerRecord)\n"
        "(import org.apache.kafka.common.serialization.StringDeserializer)\n"
        "(import org.apache.spark.streaming._)\n"
        "(import org.apache.spark.streaming.kafka010._)\n"
        "(import org.apache.spark.streaming.kafka010.LocationStrategies.PreferConsistent)\n"
        "(import org.apache.spark.streaming.kafka010.ConsumerStrategies.Subscribe)\n"
        "(val kafkaBrokers (string \"\"))\n"
        "(val kafkaTopic (string \"tweets\"))\n"
        "(val batchInterval (apply (ident Seconds) (int 2)))\n"
        "(val kafkaParams (apply (typeargs (ident Map) [String] [Object]) "
        "(infix -> (string \"bootstrap.servers\") (ident kafkaBrokers)) "
        "(infix -> (string \"key.deserializer\") (typeargs (ident classOf) [StringDeserializer])) "
        "(infix -> (string \"value.deserializer\") (typeargs (ident classOf) [StringDeserializer])) "
        "(infix -> (string \"group.id\") (string \"test1\")) "
        "(infix -> (string \"auto.offset.reset\") (string \"earliest\")) "
        "(infix -> (string \"enable.auto.commit\") (typed (bool false) [java.lang.Boolean]))))\n"
        "(def createStreamingContext (()) :StreamingContext (block "
        "(val ssc (new StreamingContext (ident sc) (ident batchInterval))) "
        "(val topics (apply (ident Array) (ident kafkaTopic))) "
        "(val messageStream (apply (typeargs (select (ident KafkaUtils) createDirectStream) [String] [String]) "
        "(ident ssc) (ident PreferConsistent) (apply (typeargs (ident Subscribe) [String] [String]) "
        "(ident topics) (ident kafkaParams)))) "
        "(val tweetStream (apply (select (ident messageStream) map) (lambda (record) (select (ident record) value)))) "
        "(applyblock (select (ident tweetStream) foreachRDD) (lambda (rdd) (block "
        "(if (infix >= (apply (select (ident rdd) count)) (int 1)) (block "
        "(val tweets (apply (select (select (ident spark) read) json) (ident rdd))) "
        "(val tweetInfo (apply (select (ident tweets) select) (interp $ (string \"id\")) "
        "(interp $ (string \"createdAt\")) (interp $ (string \"lang\")) (interp $ (string \"retweetCount\")) "
        "(apply (select (interp $ (string \"user.name\")) as) (string \"user_name\")) "
        "(apply (select (interp $ (string \"user.friendsCount\")) as) (string \"friends\")) "
        "(apply (select (interp $ (string \"user.followersCount\")) as) (string \"followers\")))) "
        "(apply (select (apply (select (apply (select (select (ident tweetInfo) write) mode) (string \"append\")) "
        "format) (string \"json\")) save) (string \"/example/tweets/\")) "
        "(apply (select (ident tweetInfo) show) (int 5)) "
        "(apply (select (ident tweetInfo) createOrReplaceTempView) (string \"TweetInfo\"))))))) "
        "(apply (select (ident ssc) remember) (apply (ident Minutes) (int 4))) "
        "(apply (select (ident ssc) checkpoint) (string \"/tweetcheckpoint\")) "
        "(ident ssc)))\n"
        "(applyblock (select (select (ident StreamingContext) getActive) foreach) (block (lambda (_$1) "
        "(apply (select (ident _$1) stop) (named stopSparkContext (bool false))))))\n"
        "(val ssc (apply (select (ident StreamingContext) getActiveOrCreate) (ident createStreamingContext)))\n"
        "(apply (select (ident ssc) start))\n"
        "(apply (select (ident ssc) awaitTerminationOrTimeout) (infix * (infix * "
        "(select (ident batchInterval) milliseconds) (int 60)) (int 1000)))");
}

TEST(parse_streaming_snippets) {
    CHECK_STR(parse("stream.foreachRDD { (rdd, time) =>\n  println(s\"Time: $time\")\n}"),
              "(applyblock (select (ident stream) foreachRDD) (lambda (rdd time) (block "
              "(apply (ident println) (interp s (string \"Time: \") (ident time) (string \"\"))))))");
    CHECK_STR(parse("pairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(30), Seconds(10))"),
              "(apply (select (ident pairs) reduceByKeyAndWindow) (lambda (a:Int b:Int) (infix + (ident a) (ident b))) "
              "(apply (ident Seconds) (int 30)) (apply (ident Seconds) (int 10)))");
    CHECK_STR(parse("val update = (values: Seq[Int], state: Option[Int]) => Some(values.sum + state.getOrElse(0))"),
              "(val update (lambda (values:Seq[Int] state:Option[Int]) (apply (ident Some) "
              "(infix + (select (ident values) sum) (apply (select (ident state) getOrElse) (int 0))))))");
    CHECK_STR(parse("words.map(x => (x, 1)).reduceByKey(_ + _).print()"),
              "(apply (select (apply (select (apply (select (ident words) map) (lambda (x) (tuple (ident x) (int 1)))) "
              "reduceByKey) (lambda (_$1 _$2) (infix + (ident _$1) (ident _$2)))) print))");
    CHECK_STR(parse("ssc.queueStream(q)\n  .window(Seconds(4), Seconds(2))\n  .countByValue()\n  .print(10)"),
              "(apply (select (apply (select (apply (select (apply (select (ident ssc) queueStream) (ident q)) window) "
              "(apply (ident Seconds) (int 4)) (apply (ident Seconds) (int 2))) countByValue)) print) (int 10))");
}

/* ---- errors ---- */

TEST(parse_error_messages_and_positions) {
    CHECK_STR(parse("f(1, val)"), "error 1:6: expected expression but found 'val'");
    CHECK_STR(parse("val x = (1, 2"), "error 1:14: expected ')' but found end of input");
    CHECK_STR(parse("val x = 1\nval y = (2 3)"), "error 2:12: expected ')' but found '3'");
    CHECK_STR(parse("if x > 1 then y"), "error 1:4: expected '(' but found 'x'");
    CHECK_STR(parse("a.\nb"), "(select (ident a) b)");
    CHECK_STR(parse("a.(b)"), "error 1:3: expected member name after '.' but found '('");
    CHECK_STR(parse("  x.1"), "error 1:4: expected ';' or newline but found '.1'");
    CHECK_STR(parse("val 1 = 2"), "(val (lit (int 1)) (int 2))");
    CHECK_STR(parse("def (x: Int) = 1"), "error 1:5: expected method name but found '('");
    CHECK_STR(parse("class { }"), "error 1:7: expected name but found '{'");
    CHECK_STR(parse("x match { case 1 => 2 case }"), "error 1:28: expected pattern but found '}'");
    CHECK_STR(parse("val s = \"abc"), "error 1:9: unclosed string literal");
    CHECK_STR(parse("val s = 1\n  s\"${x\"}\""), "error 2:11: unclosed string interpolation");
    CHECK_STR(parse("val s = 1\n  s\"${x\"}"), "error 2:7: unclosed string literal"); /* x"} is a string */
    CHECK_STR(parse("List(1, 2]"), "error 1:10: expected ')' but found ']'");
    CHECK_STR(parse("x = ;"), "error 1:5: expected expression but found ';'");
    CHECK_STR(parse("a @ b"), "error 1:3: expected ';' or newline but found '@'");
}

TEST(parse_incomplete_input) {
    CHECK_EQ_INT(incomplete("val x = 1"), -1);
    CHECK_EQ_INT(incomplete("def f() = {"), 1);
    CHECK_EQ_INT(incomplete("def f() = {\n  val x = 1\n"), 1);
    CHECK_EQ_INT(incomplete("foo(1,\n 2"), 1);
    CHECK_EQ_INT(incomplete("List(1, 2"), 1);
    CHECK_EQ_INT(incomplete("xs.map { x =>"), 1);
    CHECK_EQ_INT(incomplete("val s = \"\"\"abc\n"), 1);
    CHECK_EQ_INT(incomplete("/* comment"), 1);
    CHECK_EQ_INT(incomplete("val x = 1 +"), 1);
    CHECK_EQ_INT(incomplete("val x =\n"), 1);
    CHECK_EQ_INT(incomplete("val f = (x: Int) =>"), 1);
    CHECK_EQ_INT(incomplete("if (c)"), 1);
    CHECK_EQ_INT(incomplete("if (c) a else"), 1);
    CHECK_EQ_INT(incomplete("x match {"), 1);
    CHECK_EQ_INT(incomplete("x match {\n  case 1 =>"), 1);
    CHECK_EQ_INT(incomplete("class A extends B {"), 1);
    CHECK_EQ_INT(incomplete("for (x <- xs"), 1);
    CHECK_EQ_INT(incomplete("for (x <- xs)"), 1);
    CHECK_EQ_INT(incomplete("try"), 1);
    CHECK_EQ_INT(incomplete("s\"${x"), 1);
    CHECK_EQ_INT(incomplete("import a.{b,"), 1);
    CHECK_EQ_INT(incomplete("stream\n  ."), 1);
    /* errors that more input cannot fix */
    CHECK_EQ_INT(incomplete("val s = \"abc"), 0);
    CHECK_EQ_INT(incomplete("f(1))"), 0);
    CHECK_EQ_INT(incomplete("}"), 0);
    CHECK_EQ_INT(incomplete("val x = 1 val"), 0);
    CHECK_EQ_INT(incomplete("type T = Int"), 0);
    CHECK_EQ_INT(incomplete("s\"${1 +}\""), 0);
    CHECK_EQ_INT(incomplete("_"), 0);
}

/* ---- limits and robustness ---- */

static char *repeat3(const char *a, int n, const char *mid, const char *b) {
    size_t la = strlen(a), lm = strlen(mid), lb = strlen(b);
    char *s = malloc(la * (size_t)n + lm + lb * (size_t)n + 1), *o = s;
    for (int i = 0; i < n; i++) { memcpy(o, a, la); o += la; }
    memcpy(o, mid, lm); o += lm;
    for (int i = 0; i < n; i++) { memcpy(o, b, lb); o += lb; }
    *o = '\0';
    return s;
}

static void check_deep(const char *a, const char *mid, const char *b, int n, bool want_ok) {
    char *src = repeat3(a, n, mid, b);
    const char *r = parse(src);
    if (want_ok) CHECK(strncmp(r, "error", 5) != 0);
    else if (!strstr(r, "too deeply nested") && !strstr(r, "nested too deeply"))
        unit_fail(__FILE__, __LINE__, "no nesting error for %.20s... : %.200s", src, r);
    free(src);
}

TEST(parse_nesting_limits) {
    check_deep("(", "1", ")", 100, true);
    check_deep("(", "1", ")", 300, false);
    check_deep("(", "1", ")", 100000, false);
    check_deep("{", "1", "}", 5000, false);
    check_deep("f(", "1", ")", 5000, false);
    check_deep("if (a) ", "1", "", 5000, false);
    check_deep("x => ", "1", "", 5000, false);
    check_deep("-(", "x", ")", 5000, false);
    CHECK_STR(parse("- -x"), "error 1:3: expected expression but found '-'");
    check_deep("List[", "Int", "]", 5000, false);
    check_deep("class A { ", "", "}", 5000, false);
    check_deep("x match { case (", "_", ") => 1 }", 5000, false);
    check_deep("s\"${", "1", "}\"", 100, false);
    check_deep("Some(", "1", ")", 200, true);
    /* long chains are parsed iteratively, but the tree's height is bounded too, because the
     * evaluator walks it recursively */
    check_deep("1 :: ", "Nil", "", 1500, true);
    check_deep("1 + ", "1", "", 1500, true);
    check_deep("x.f", "", "", 1500, true);
    check_deep("f(1)", "", "", 1500, true);
    check_deep("1 :: ", "Nil", "", 100000, false);
    check_deep("1 + ", "1", "", 100000, false);
    check_deep("x.f", "", "", 100000, false);
    check_deep("f(1)", "", "", 100000, false);
    check_deep("x match { case 1 :: ", "Nil", " => 1 }", 100000, false);
    check_deep("1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + (", "1", ")", 250, false);
    check_deep("val x = 1\n", "", "", 20000, true);
}

/* deterministic pseudo-random numbers for the robustness test */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static void parse_bytes(const char *src, size_t len) {
    /* copied to an exact-size heap block so that ASan catches any read past the end */
    char *buf = malloc(len ? len : 1);
    if (len) memcpy(buf, src, len);
    Arena *a = arena_new();
    ParseError e;
    Node *root = parse_program(a, buf, len, &e);
    if (root) {
        char *d = ast_dump(root);
        free(d);
    } else {
        CHECK(e.msg[0] != '\0');
        CHECK(e.line >= 1 && e.col >= 1);
    }
    arena_free(a);
    free(buf);
}

TEST(parse_robust_truncations) {
    const char *srcs[] = {writer_src, reader_src};
    for (int s = 0; s < 2; s++) {
        size_t n = strlen(srcs[s]);
        for (size_t i = 0; i <= n; i++) parse_bytes(srcs[s], i);
        for (size_t i = 0; i < n; i++) parse_bytes(srcs[s] + i, n - i);
    }
}

TEST(parse_robust_mutations) {
    static const char interesting[] = "(){}[]\"'`$_=>.:;,\n\\/*+-@#<-0x9eL s{";
    const char *srcs[] = {writer_src, reader_src};
    size_t cap = strlen(reader_src) + 64;
    char *buf = malloc(cap);
    for (int iter = 0; iter < 3000; iter++) {
        const char *src = srcs[iter & 1];
        size_t n = strlen(src);
        memcpy(buf, src, n);
        int edits = 1 + (int)(rnd() % 4);
        for (int e = 0; e < edits; e++) {
            size_t at = rnd() % n;
            switch (rnd() % 4) {
            case 0: buf[at] = interesting[rnd() % (sizeof interesting - 1)]; break;
            case 1: buf[at] = (char)(rnd() & 0xFF); break;
            case 2: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;
            default:
                if (n + 1 < cap) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = interesting[rnd() % (sizeof interesting - 1)];
                    n++;
                }
            }
        }
        parse_bytes(buf, n);
    }
    free(buf);
}

TEST(parse_robust_random_bytes) {
    static const char alphabet[] = "abcxyz_019 \n\t(){}[]\"'`$=><-+*/%:;,.!&|^~?#@\\sfrawLe";
    char buf[256];
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = rnd() % sizeof buf;
        bool binary = iter % 3 == 0;
        for (size_t i = 0; i < n; i++)
            buf[i] = binary ? (char)(rnd() & 0xFF) : alphabet[rnd() % (sizeof alphabet - 1)];
        parse_bytes(buf, n);
    }
}
