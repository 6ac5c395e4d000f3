/* test_eval_collections.c — unit tests of the collections (kernel/lang/collections.c) through
 * cells: List, Vector, Array, ArrayBuffer, Range, Map (immutable, mutable, java.util.HashMap),
 * Set and Option, with the values and echoes Scala 2.12's REPL shows. */
#include "test_eval.h"

TEST(coll_list_basics) {
    Sess *S = sess_new();
    RUN(S, "val xs = List(3, 1, 2)", "xs: List[Int] = List(3, 1, 2)");
    RUN(S, "xs.head", "res0: Int = 3");
    RUN(S, "xs.tail", "res1: List[Int] = List(1, 2)");
    RUN(S, "xs.last", "res2: Int = 2");
    RUN(S, "xs.init", "res3: List[Int] = List(3, 1)");
    RUN(S, "xs.size + xs.length", "res4: Int = 6");
    RUN(S, "xs.isEmpty", "res5: Boolean = false");
    RUN(S, "xs(1)", "res6: Int = 1");
    RUN(S, "xs.contains(2)", "res7: Boolean = true");
    RUN(S, "xs.reverse", "res8: List[Int] = List(2, 1, 3)");
    RUN(S, "xs.indexOf(2)", "res9: Int = 2");
    RUN(S, "0 :: xs", "res10: List[Int] = List(0, 3, 1, 2)");
    RUN(S, "xs :+ 4", "res11: List[Int] = List(3, 1, 2, 4)");
    RUN(S, "xs ++ List(9)", "res12: List[Int] = List(3, 1, 2, 9)");
    RUN(S, "1 :: 2 :: Nil", "res13: List[Int] = List(1, 2)");
    RUN(S, "xs.take(2)", "res14: List[Int] = List(3, 1)");
    RUN(S, "xs.drop(2)", "res15: List[Int] = List(2)");
    RUN(S, "xs.takeRight(1)", "res16: List[Int] = List(2)");
    RUN(S, "xs.headOption", "res17: Option[Int] = Some(3)");
    RUN(S, "List[Int]().headOption", "res18: None.type = None");
    RUN(S, "xs.slice(1, 3)", "res19: List[Int] = List(1, 2)");
    RUN(S, "List.empty[String]", "res20: List[String] = List()");
    RUN(S, "Nil", "res21: scala.collection.immutable.Nil.type = List()");
    sess_free(S);
}

TEST(coll_higher_order) {
    Sess *S = sess_new();
    RUN(S, "val xs = List(3, 1, 2)", "xs: List[Int] = List(3, 1, 2)");
    RUN(S, "xs.map(_ * 2)", "res0: List[Int] = List(6, 2, 4)");
    RUN(S, "xs.flatMap(x => List(x, x))", "res1: List[Int] = List(3, 3, 1, 1, 2, 2)");
    RUN(S, "xs.filter(_ > 1)", "res2: List[Int] = List(3, 2)");
    RUN(S, "xs.filterNot(_ > 1)", "res3: List[Int] = List(1)");
    RUN(S, "xs.fold(0)(_ + _)", "res4: Int = 6");
    RUN(S, "xs.foldLeft(\"\")((a, b) => a + b)", "res5: String = 312");
    RUN(S, "xs.foldLeft(0)(_ - _)", "res6: Int = -6");
    RUN(S, "xs.foldRight(0)(_ - _)", "res7: Int = 4");
    RUN(S, "xs.reduce(_ max _)", "res8: Int = 3");
    RUN(S, "xs.sorted", "res9: List[Int] = List(1, 2, 3)");
    RUN(S, "xs.sortBy(-_)", "res10: List[Int] = List(3, 2, 1)");
    RUN(S, "xs.sortWith(_ < _)", "res11: List[Int] = List(1, 2, 3)");
    RUN(S, "xs.sorted.reverse", "res12: List[Int] = List(3, 2, 1)");
    RUN(S, "xs.zip(List(\"a\", \"b\", \"c\"))", "res13: List[(Int, String)] = List((3,a), (1,b), (2,c))");
    RUN(S, "xs.zipWithIndex", "res14: List[(Int, Int)] = List((3,0), (1,1), (2,2))");
    RUN(S, "xs.mkString(\",\")", "res15: String = 3,1,2");
    RUN(S, "xs.mkString(\"[\", \"; \", \"]\")", "res16: String = [3; 1; 2]");
    RUN(S, "xs.mkString", "res17: String = 312");
    RUN(S, "List(1, 1, 2, 3, 3).distinct", "res18: List[Int] = List(1, 2, 3)");
    RUN(S, "xs.sum", "res19: Int = 6");
    RUN(S, "xs.max", "res20: Int = 3");
    RUN(S, "xs.min", "res21: Int = 1");
    RUN(S, "xs.product", "res22: Int = 6");
    RUN(S, "xs.count(_ > 1)", "res23: Int = 2");
    RUN(S, "xs.exists(_ == 2)", "res24: Boolean = true");
    RUN(S, "xs.forall(_ > 1)", "res25: Boolean = false");
    RUN(S, "xs.find(_ > 5)", "res26: Option[Int] = None");
    RUN(S, "xs.find(_ > 1)", "res27: Option[Int] = Some(3)");
    RUN(S, "xs.partition(_ > 1)", "res28: (List[Int], List[Int]) = (List(3, 2),List(1))");
    RUN(S, "xs.maxBy(x => -x)", "res29: Int = 1");
    RUN(S, "List(List(1), List(2, 3)).flatten", "res30: List[Int] = List(1, 2, 3)");
    RUN(S, "xs.grouped(2).toList", "res31: List[List[Int]] = List(List(3, 1), List(2))");
    RUN(S, "List(1.5, 2.5).sum", "res32: Double = 4.0");
    RUN(S, "List(\"b\", \"c\", \"a\").sorted", "res33: List[String] = List(a, b, c)");
    RUN(S, "List((\"b\", 2), (\"a\", 2), (\"c\", 1)).sortBy(p => (-p._2, p._1))",
        "res34: List[(String, Int)] = List((a,2), (b,2), (c,1))");
    RUN(S, "xs.takeWhile(_ > 2)", "res35: List[Int] = List(3)");
    RUN(S, "xs.dropWhile(_ > 2)", "res36: List[Int] = List(1, 2)");
    RUN(S, "List(1, 2, 3, 4).sliding(2).toList", "res37: List[List[Int]] = List(List(1, 2), List(2, 3), List(3, 4))");
    RUN(S, "List(\"a\" -> 1, \"b\" -> 2).unzip", "res38: (List[String], List[Int]) = (List(a, b),List(1, 2))");
    sess_free(S);
}

TEST(coll_groupby_tomap) {
    EXPECT("List(\"apple\", \"avocado\", \"banana\").groupBy(_.head)",
           "res0: scala.collection.immutable.Map[Char,List[String]] = Map(a -> List(apple, avocado), b -> List(banana))");
    EXPECT("List((\"a\", 1), (\"b\", 2)).toMap", "res0: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2)");
    EXPECT("List(3, 1, 3).toSet", "res0: scala.collection.immutable.Set[Int] = Set(3, 1)");
    EXPECT("Set(1, 2).toList", "res0: List[Int] = List(1, 2)");
    EXPECT("Array(1, 2).toList", "res0: List[Int] = List(1, 2)");
    EXPECT("List(1, 2).toArray", "res0: Array[Int] = Array(1, 2)");
    EXPECT("List(1, 2).toVector", "res0: scala.collection.immutable.Vector[Int] = Vector(1, 2)");
    EXPECT("\"the cat the\".split(\" \").groupBy(identity).mapValues(_.length).toList.sortBy(_._1)",
           "res0: List[(String, Int)] = List((cat,1), (the,2))");
    /* word count, the streaming samples' favourite */
    EXPECT("List(\"a b\", \"b c b\").flatMap(_.split(\" \")).map(w => (w, 1)).groupBy(_._1)"
           ".map { case (w, ps) => (w, ps.map(_._2).sum) }.toList.sortBy(-_._2)",
           "res0: List[(String, Int)] = List((b,3), (a,1), (c,1))");
}

TEST(coll_empty_errors) {
    EXPECT("List[Int]().head", "!java.util.NoSuchElementException: head of empty list");
    EXPECT("List[Int]().tail", "!java.lang.UnsupportedOperationException: tail of empty list");
    EXPECT("List[Int]().max", "!java.lang.UnsupportedOperationException: empty.max");
    EXPECT("List[Int]().reduce(_ + _)", "!java.lang.UnsupportedOperationException: empty.reduceLeft");
    EXPECT("List(1)(3)", "!java.lang.IndexOutOfBoundsException: 3");
    EXPECT("Vector(1)(2)", "!java.lang.IndexOutOfBoundsException: 2");
    EXPECT("Array(1, 2, 3)(5)", "!java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 3");
    EXPECT("Map(\"a\" -> 1)(\"b\")", "!java.util.NoSuchElementException: key not found: b");
    EXPECT("None.get", "!java.util.NoSuchElementException: None.get");
    EXPECT("List[Int]().sum", "res0: Int = 0");
}

TEST(coll_arrays_buffers) {
    Sess *S = sess_new();
    RUN(S, "val arr = Array(1, 2, 3)", "arr: Array[Int] = Array(1, 2, 3)");
    RUN(S, "arr(0) = 10\narr", "res1: Array[Int] = Array(10, 2, 3)");
    RUN(S, "arr.length", "res2: Int = 3");
    RUN(S, "arr.map(_ + 1)", "res3: Array[Int] = Array(11, 3, 4)");
    RUN(S, "Array.fill(3)(0)", "res4: Array[Int] = Array(0, 0, 0)");
    RUN(S, "Array(\"a\", \"\", \" b\")", "res5: Array[String] = Array(a, \"\", \" b\")");
    RUN(S, "import scala.collection.mutable.ArrayBuffer\nval buf = ArrayBuffer[Int]()",
        "import scala.collection.mutable.ArrayBuffer\nbuf: scala.collection.mutable.ArrayBuffer[Int] = ArrayBuffer()");
    RUN(S, "buf += 1", "res6: buf.type = ArrayBuffer(1)");
    RUN(S, "buf += 2; buf ++= List(3, 4)\nbuf", "res7: buf.type = ArrayBuffer(1, 2, 3, 4)\n"
        "res8: scala.collection.mutable.ArrayBuffer[Int] = ArrayBuffer(1, 2, 3, 4)");
    RUN(S, "buf -= 2\nbuf.toList", "res9: buf.type = ArrayBuffer(1, 3, 4)\nres10: List[Int] = List(1, 3, 4)");
    RUN(S, "buf(0) = 7\nbuf.sum", "res12: Int = 14");
    RUN(S, "Array.tabulate(3)(i => i * i)", "res13: Array[Int] = Array(0, 1, 4)");
    RUN(S, "List.fill(2)(\"x\")", "res14: List[String] = List(x, x)");
    RUN(S, "new Array[Int](3)", "res15: Array[Int] = Array(0, 0, 0)");
    RUN(S, "Array.ofDim[Double](2)", "res16: Array[Double] = Array(0.0, 0.0)");
    RUN(S, "new Array[String](2)", "res17: Array[String] = Array(null, null)");
    sess_free(S);
}

TEST(coll_ranges) {
    EXPECT("1 to 5", "res0: scala.collection.immutable.Range.Inclusive = Range 1 to 5");
    EXPECT("0 until 3", "res0: scala.collection.immutable.Range = Range 0 until 3");
    EXPECT("(1 to 10 by 3).toList", "res0: List[Int] = List(1, 4, 7, 10)");
    EXPECT("(1 to 4).map(_ * 2)", "res0: scala.collection.immutable.IndexedSeq[Int] = Vector(2, 4, 6, 8)");
    EXPECT("(1 to 4).filter(_ % 2 == 0)", "res0: scala.collection.immutable.IndexedSeq[Int] = Vector(2, 4)");
    EXPECT("(1 to 100).sum", "res0: Int = 5050");
    EXPECT("(1 to 3).reverse.toList", "res0: List[Int] = List(3, 2, 1)");
    EXPECT("(1 to 0).isEmpty", "res0: Boolean = true");
    EXPECT("(1 to 5).contains(3)", "res0: Boolean = true");
    EXPECT("List(\"a\", \"b\").indices.toList", "res0: List[Int] = List(0, 1)");
    EXPECT("(1L to 3L).sum", "res0: Long = 6");
    EXPECT("Seq(1, 2)", "res0: Seq[Int] = List(1, 2)");
    EXPECT("IndexedSeq(1, 2)", "res0: IndexedSeq[Int] = Vector(1, 2)");
    EXPECT("(1 to 3000000).foreach(x => x)\n\"done\"", "res1: String = done");
}

TEST(coll_maps) {
    Sess *S = sess_new();
    RUN(S, "val m = Map(\"a\" -> 1, \"b\" -> 2)", "m: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2)");
    RUN(S, "m(\"a\")", "res0: Int = 1");
    RUN(S, "m.get(\"a\")", "res1: Option[Int] = Some(1)");
    RUN(S, "m.get(\"z\")", "res2: Option[Int] = None");
    RUN(S, "m.getOrElse(\"z\", 0)", "res3: Int = 0");
    RUN(S, "m + (\"c\" -> 3)", "res4: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2, c -> 3)");
    RUN(S, "m - \"a\"", "res5: scala.collection.immutable.Map[String,Int] = Map(b -> 2)");
    RUN(S, "m.mapValues(_ * 10)", "res6: scala.collection.immutable.Map[String,Int] = Map(a -> 10, b -> 20)");
    RUN(S, "m.map { case (k, v) => (v, k) }", "res7: scala.collection.immutable.Map[Int,String] = Map(1 -> a, 2 -> b)");
    RUN(S, "m.keys", "res8: Iterable[String] = Set(a, b)");   /* as spark-shell 3.5.5 */
    RUN(S, "m.values.toList", "res9: List[Int] = List(1, 2)");
    RUN(S, "m.toList", "res10: List[(String, Int)] = List((a,1), (b,2))");
    RUN(S, "m.filter(_._2 > 1)", "res11: scala.collection.immutable.Map[String,Int] = Map(b -> 2)");
    RUN(S, "m.contains(\"a\")", "res12: Boolean = true");
    RUN(S, "m.size", "res13: Int = 2");
    RUN(S, "m.updated(\"a\", 5)", "res14: scala.collection.immutable.Map[String,Int] = Map(a -> 5, b -> 2)");
    RUN(S, "m + (\"a\" -> 9)", "res15: scala.collection.immutable.Map[String,Int] = Map(a -> 9, b -> 2)");
    RUN(S, "m.foreach { case (k, v) => println(s\"$k=$v\") }", "a=1\nb=2\n");
    RUN(S, "m.maxBy(_._2)", "res17: (String, Int) = (b,2)");
    RUN(S, "m.isEmpty", "res18: Boolean = false");
    RUN(S, "Map[String, Int]()", "res19: scala.collection.immutable.Map[String,Int] = Map()");
    RUN(S, "Map(1 -> \"\")", "res20: scala.collection.immutable.Map[Int,String] = Map(1 -> \"\")");
    sess_free(S);
}

/* mutable.HashMap iterates in Scala 2.12's HashTable order (spark-shell 3.5.5's output) */
TEST(coll_mutable_map_order) {
    Sess *S = sess_new();
    RUN(S, "val mm = scala.collection.mutable.Map[String, Int]()\nmm(\"x\") = 1\nmm += (\"y\" -> 2)",
        "mm: scala.collection.mutable.Map[String,Int] = Map()\nres1: mm.type = Map(y -> 2, x -> 1)");
    RUN(S, "mm(\"z\") = 3; mm(\"apple\") = 4; mm(\"banana\") = 5\nmm.toList",
        "res3: List[(String, Int)] = List((banana,5), (z,3), (apple,4), (y,2), (x,1))");
    RUN(S, "mm.remove(\"x\")\nmm.keys.toList", "res4: Option[Int] = Some(1)\nres5: List[String] = List(banana, z, apple, y)");
    RUN(S, "scala.collection.mutable.Map(\"a\" -> 1, \"b\" -> 2, \"c\" -> 3, \"one\" -> 1, \"two\" -> 2, \"three\" -> 3).keys.toList",
        "res6: List[String] = List(one, b, three, a, c, two)");
    RUN(S, "scala.collection.mutable.Map(1 -> 1, 2 -> 2, 17 -> 3, 33 -> 4, 1000 -> 5, -5 -> 6).keys.toList",
        "res7: List[Int] = List(17, 2, -5, 1000, 1, 33)");
    RUN(S, "scala.collection.mutable.Map((1 to 20).map(i => (\"k\" + i) -> i): _*).keys.mkString(\" \")",
        "res8: String = k15 k2 k5 k20 k14 k4 k17 k7 k11 k1 k19 k9 k13 k16 k3 k6 k10 k18 k12 k8");
    sess_free(S);
}

TEST(coll_mutable_maps) {
    Sess *S = sess_new();
    RUN(S, "val mm = scala.collection.mutable.Map(\"x\" -> 1)",
        "mm: scala.collection.mutable.Map[String,Int] = Map(x -> 1)");
    RUN(S, "mm += (\"y\" -> 2)", "res0: mm.type = Map(y -> 2, x -> 1)");
    RUN(S, "mm(\"z\") = 3\nmm", "res2: scala.collection.mutable.Map[String,Int] = Map(z -> 3, y -> 2, x -> 1)");
    RUN(S, "mm(\"x\") += 10\nmm(\"x\")", "res4: Int = 11");
    RUN(S, "mm -= \"y\"\nmm.size", "res5: mm.type = Map(z -> 3, x -> 11)\nres6: Int = 2");
    RUN(S, "mm.getOrElseUpdate(\"w\", 5)", "res7: Int = 5");
    RUN(S, "val counts = scala.collection.mutable.Map[String, Int]()\n"
           "for (w <- List(\"a\", \"b\", \"a\")) counts(w) = counts.getOrElse(w, 0) + 1\ncounts(\"a\")",
        "counts: scala.collection.mutable.Map[String,Int] = Map()\nres9: Int = 2");
    sess_free(S);
}

TEST(coll_java_hashmap) {
    Sess *S = sess_new();
    RUN(S, "val hm = new java.util.HashMap[String, Int]()", "hm: java.util.HashMap[String,Int] = {}");
    /* known gap: put's echo (the previous value) reads "Null = null" where Scala unboxes to "Int = 0" */
    RUN(S, "{ hm.put(\"a\", 1); hm.put(\"b\", 2); hm.put(\"a\", 3) }", "res0: Int = 1");
    RUN(S, "hm", "res1: java.util.HashMap[String,Int] = {a=3, b=2}");
    RUN(S, "println(hm)", "{a=3, b=2}\n");
    RUN(S, "hm.containsKey(\"b\")", "res3: Boolean = true");
    RUN(S, "hm.size", "res4: Int = 2");
    RUN(S, "val props = new java.util.Properties()\n{ props.setProperty(\"k\", \"v\"); props.getProperty(\"k\") }",
        "props: java.util.Properties = {}\nres5: String = v");
    sess_free(S);
}

TEST(coll_sets) {
    Sess *S = sess_new();
    RUN(S, "val s = Set(1, 2)", "s: scala.collection.immutable.Set[Int] = Set(1, 2)");
    RUN(S, "s + 3", "res0: scala.collection.immutable.Set[Int] = Set(1, 2, 3)");
    RUN(S, "s - 1", "res1: scala.collection.immutable.Set[Int] = Set(2)");
    RUN(S, "s.contains(1)", "res2: Boolean = true");
    RUN(S, "s(2)", "res3: Boolean = true");
    RUN(S, "s ++ Set(2, 5)", "res4: scala.collection.immutable.Set[Int] = Set(1, 2, 5)");
    RUN(S, "s.map(_ % 2)", "res5: scala.collection.immutable.Set[Int] = Set(1, 0)");
    RUN(S, "s intersect Set(2, 3)", "res6: scala.collection.immutable.Set[Int] = Set(2)");
    RUN(S, "val ms = scala.collection.mutable.Set[Int]()\nms += 4\nms.size",
        "ms: scala.collection.mutable.Set[Int] = Set()\nres7: ms.type = Set(4)\nres8: Int = 1");
    sess_free(S);
}

TEST(coll_options) {
    Sess *S = sess_new();
    RUN(S, "val o: Option[Int] = Some(5)", "o: Option[Int] = Some(5)");
    RUN(S, "o.map(_ + 1)", "res0: Option[Int] = Some(6)");
    RUN(S, "o.getOrElse(0)", "res1: Int = 5");
    RUN(S, "o.isDefined", "res2: Boolean = true");
    RUN(S, "o.get", "res3: Int = 5");
    RUN(S, "None.getOrElse(\"d\")", "res4: String = d");
    RUN(S, "o.filter(_ > 10)", "res5: Option[Int] = None");
    RUN(S, "o.isEmpty", "res6: Boolean = false");
    RUN(S, "o.flatMap(x => if (x > 1) Some(x * 2) else None)", "res7: Option[Int] = Some(10)");
    RUN(S, "o.foreach(println)", "5\n");
    RUN(S, "o.toList", "res9: List[Int] = List(5)");
    RUN(S, "Option(null).isEmpty", "res10: Boolean = true");
    RUN(S, "o.fold(0)(_ * 3)", "res11: Int = 15");
    RUN(S, "o.contains(5)", "res12: Boolean = true");
    RUN(S, "o.orElse(Some(1))", "res13: Option[Int] = Some(5)");
    RUN(S, "Some(1)", "res14: Some[Int] = Some(1)");
    RUN(S, "None", "res15: None.type = None");
    RUN(S, "List(Some(1), None).flatten", "res16: List[Int] = List(1)");
    sess_free(S);
}

TEST(coll_huge) {
    EXPECT("List.fill(1000000)(1).sum", "res0: Int = 1000000");
    EXPECT("(1 to 1000000).map(_.toLong).sum", "res0: Long = 500000500000");
    EXPECT("(1 to 200000).toList.reverse.head", "res0: Int = 200000");
    EXPECT("Array.fill(100000)(\"x\").mkString.length", "res0: Int = 100000");
    EXPECT("(1 to 100000).map(i => (i % 10, i)).groupBy(_._1).size", "res0: Int = 10");
    EXPECT("val big = (1 to 100000).toList\nbig.sorted.last",
           "big: List[Int] = List(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177...\nres0: Int = 100000");
}
