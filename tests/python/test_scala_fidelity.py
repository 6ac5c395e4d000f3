"""test_scala_fidelity.py — the kernel prints what spark-shell 3.5 (Scala 2.12's REPL) prints for
the Scala that real Spark programs use: Scala's "type mismatch" compile errors for declared types,
Float arithmetic and Java's Float.toString, the hash-trie order of immutable Maps and Sets of more
than four entries, System.setProperty's echo, `var x: T = _` and other member syntax, Iterator, and
java.util.Random / scala.util.Random with Java's exact sequences, Scala 2.12's WrappedArray (an
Array's toSeq, varargs, a Row's arrays), the static types of collection results, 2.12.18's
Range.toString, `new Object` and sc.broadcast.

The expected texts below were produced by spark-shell 3.5.5 (the pyspark 3.5.5 package, Scala
2.12.18, Java 17, local[2]) through tests/spark/run_scala.py, each group's cells in one session in
the order given, and are kept here literally. The comparison normalises only what cannot be equal:
res numbers (spark-shell's count its own marker lines too), object hash codes (`@1b2c3d4e`), the
line number <console> gives (the REPL's wrapper lines; the kernel gives the line in the cell) and
the REPL's indentation of the source line and caret under a compile error.
"""

import re

import pytest

EXPECTED = {
    'type_mismatch': [
        ("val n: Int = \"five\"",
         "<console>:22: error: type mismatch;\n found   : String(\"five\")\n required: Int\n       val n: Int = \"five\"\n                    ^"),
        ("def f(x: Int) = x\nf(\"a\")",
         "f: (x: Int)Int\n<console>:24: error: type mismatch;\n found   : String(\"a\")\n required: Int\n       f(\"a\")\n         ^"),
        ("def g(): Int = \"s\"",
         "<console>:22: error: type mismatch;\n found   : String(\"s\")\n required: Int\n       def g(): Int = \"s\"\n                      ^"),
        ("val d: Double = 3",
         "d: Double = 3.0"),
        ("val l: Long = 3",
         "l: Long = 3"),
        ("val s: String = 5",
         "<console>:22: error: type mismatch;\n found   : Int(5)\n required: String\n       val s: String = 5\n                       ^"),
        ("val m = \"abc\"\nval k: Int = m",
         "m: String = abc\n<console>:23: error: type mismatch;\n found   : String\n required: Int\n       val k: Int = m\n                    ^"),
        ("def h(x: Int, y: String) = y * x\nh(2, 3)",
         "h: (x: Int, y: String)String\n<console>:24: error: type mismatch;\n found   : Int(3)\n required: String\n       h(2, 3)\n            ^"),
        ("val b: Boolean = 1",
         "<console>:22: error: type mismatch;\n found   : Int(1)\n required: Boolean\n       val b: Boolean = 1\n                        ^"),
        ("val i2: Int = 3.5",
         "<console>:22: error: type mismatch;\n found   : Double(3.5)\n required: Int\n       val i2: Int = 3.5\n                     ^"),
        ("val i3: Int = 3L",
         "<console>:22: error: type mismatch;\n found   : Long(3L)\n required: Int\n       val i3: Int = 3L\n                     ^"),
        ("def q(x: Double) = x\nq(3)",
         "q: (x: Double)Double\nres18: Double = 3.0"),
        ("def q2(x: Long) = x\nq2(3)",
         "q2: (x: Long)Long\nres20: Long = 3"),
        ("val x2: Long = 3.5f",
         "<console>:22: error: type mismatch;\n found   : Float(3.5)\n required: Long\n       val x2: Long = 3.5f\n                      ^"),
    ],
    'static_types': [
        ("val c: Option[Int] = Some(3)",
         "c: Option[Int] = Some(3)"),
        ("c.filter(_ > 5)",
         "res43: Option[Int] = None"),
        ("val l = List(1, 2)",
         "l: List[Int] = List(1, 2)"),
        ("l.find(_ > 1)",
         "res30: Option[Int] = Some(2)"),
        ("def s: Seq[Int] = List(1,2)",
         "s: Seq[Int]"),
        ("s",
         "res47: Seq[Int] = List(1, 2)"),
        ("s.map(_ + 1)",
         "res48: Seq[Int] = List(2, 3)"),
        ("val sq = Seq(1, 2)",
         "sq: Seq[Int] = List(1, 2)"),
        ("sq.filter(_ > 1)",
         "res49: Seq[Int] = List(2)"),
        ("Seq(1,2).map(_ * 2)",
         "res27: Seq[Int] = List(2, 4)"),
        ("val sb = new StringBuilder",
         "sb: StringBuilder ="),
        ("sb.append(\"x\")",
         "res50: StringBuilder = x"),
    ],
    'wrapped_array': [
        ("val w2 = Array(1, 2, 3).toSeq\nw2(0) = 7",
         "w2: Seq[Int] = WrappedArray(1, 2, 3)\n<console>:24: error: value update is not a member of Seq[Int]\n"
         "       w2(0) = 7\n       ^"),
        ("val l2 = List(1, 2)\nl2(0) = 5",
         "l2: List[Int] = List(1, 2)\n<console>:24: error: value update is not a member of List[Int]\n"
         "       l2(0) = 5\n       ^"),
        ("val arr = Array(1, 2, 3)\narr.toSeq",
         "arr: Array[Int] = Array(1, 2, 3)\nres1: Seq[Int] = WrappedArray(1, 2, 3)"),
        ("val a2: Array[Any] = Array(1, \"en\", 3)\na2.toSeq",
         "a2: Array[Any] = Array(1, en, 3)\nres4: Seq[Any] = WrappedArray(1, en, 3)"),
        ("def f(xs: Int*) = xs\nf(1, 2, 3)",
         "f: (xs: Int*)Seq[Int]\nres3: Seq[Int] = WrappedArray(1, 2, 3)"),
        ("def h(xs: Int*) = xs.map(_ + 1)\nh(1, 2)",
         "h: (xs: Int*)Seq[Int]\nres26: Seq[Int] = ArrayBuffer(2, 3)"),
        ("println(arr.toSeq)\ns\"${arr.toSeq}\"\narr.toSeq.toString",
         "WrappedArray(1, 2, 3)\nres11: String = WrappedArray(1, 2, 3)\nres19: String = WrappedArray(1, 2, 3)"),
        ("val w = arr.toSeq\nw.map(_ * 2)\nw.filter(_ > 1)\nw.zip(List(\"a\",\"b\",\"c\"))\nw.zipWithIndex\nw :+ 4\n0 +: w\n"
         "w.updated(0, 9)\nw.collect { case x if x > 1 => x }\nw.flatMap(x => List(x, x))\nw.groupBy(_ % 2)\n"
         "w.grouped(2).toList\nw.sortBy(-_)\nw.distinct\nw.tail\nw.partition(_ > 1)\nw.toList\nw.toArray\n"
         "w == List(1, 2, 3)\nw match { case Seq(a, b, c) => a + b + c }\nw.isInstanceOf[IndexedSeq[Int]]\nw.sum",
         "w: Seq[Int] = WrappedArray(1, 2, 3)\nres1: Seq[Int] = ArrayBuffer(2, 4, 6)\nres2: Seq[Int] = WrappedArray(2, 3)\n"
         "res3: Seq[(Int, String)] = ArrayBuffer((1,a), (2,b), (3,c))\nres4: Seq[(Int, Int)] = ArrayBuffer((1,0), (2,1), (3,2))\n"
         "res5: Seq[Int] = ArrayBuffer(1, 2, 3, 4)\nres6: Seq[Int] = ArrayBuffer(0, 1, 2, 3)\nres7: Seq[Int] = ArrayBuffer(9, 2, 3)\n"
         "res8: Seq[Int] = ArrayBuffer(2, 3)\nres9: Seq[Int] = ArrayBuffer(1, 1, 2, 2, 3, 3)\n"
         "res10: scala.collection.immutable.Map[Int,Seq[Int]] = Map(1 -> WrappedArray(1, 3), 0 -> WrappedArray(2))\n"
         "res11: List[Seq[Int]] = List(WrappedArray(1, 2), WrappedArray(3))\nres12: Seq[Int] = WrappedArray(3, 2, 1)\n"
         "res13: Seq[Int] = WrappedArray(1, 2, 3)\nres14: Seq[Int] = WrappedArray(2, 3)\n"
         "res15: (Seq[Int], Seq[Int]) = (WrappedArray(2, 3),WrappedArray(1))\nres16: List[Int] = List(1, 2, 3)\n"
         "res17: Array[Int] = Array(1, 2, 3)\nres18: Boolean = true\nres19: Int = 6\nres20: Boolean = true\nres21: Int = 6"),
        ("arr.toSeq ++ Seq(4)\nSeq(1,2) ++ arr\narr.toSeq.sorted\narr.toSeq.take(2)\narr.reverse.toSeq",
         "res21: Seq[Int] = ArrayBuffer(1, 2, 3, 4)\nres22: Seq[Int] = List(1, 2, 1, 2, 3)\nres23: Seq[Int] = WrappedArray(1, 2, 3)\n"
         "res24: Seq[Int] = WrappedArray(1, 2)\nres27: Seq[Int] = WrappedArray(3, 2, 1)"),
        ("val df = spark.createDataFrame(Seq((1, Seq(\"a\",\"b\")), (2, Seq(\"c\")))).toDF(\"id\", \"xs\")\n"
         "val r0 = df.collect()(0)\nr0.getSeq[String](1)\nr0.toSeq\nr0.get(1)\ndf.collect().toSeq\n"
         "df.collect().map(_.getInt(0)).toSeq",
         "df: org.apache.spark.sql.DataFrame = [id: int, xs: array<string>]\nr0: org.apache.spark.sql.Row = [1,WrappedArray(a, b)]\n"
         "res14: Seq[String] = WrappedArray(a, b)\nres15: Seq[Any] = WrappedArray(1, WrappedArray(a, b))\n"
         "res16: Any = WrappedArray(a, b)\n"
         "res17: Seq[org.apache.spark.sql.Row] = WrappedArray([1,WrappedArray(a, b)], [2,WrappedArray(c)])\n"
         "res18: Seq[Int] = WrappedArray(1, 2)"),
    ],
    'collection_types': [
        ("List(1,2,3).scanLeft(0)(_ + _)\nVector(1,2).scanLeft(10)((a, x) => a - x)\nSeq(\"a\",\"b\").scanLeft(\"\")(_ + _)\n"
         "Array(1, 2).scanLeft(0)(_ + _)\n(1 to 3).scanLeft(0)(_ + _)\nList[Int]().scanLeft(5)(_ + _)\n"
         "val sl = List(1, 2, 3).scanLeft(0)(_ + _).tail",
         "res1: List[Int] = List(0, 1, 3, 6)\nres2: scala.collection.immutable.Vector[Int] = Vector(10, 9, 7)\n"
         "res3: Seq[String] = List(\"\", a, ab)\nres4: Array[Int] = Array(0, 1, 3)\n"
         "res5: scala.collection.immutable.IndexedSeq[Int] = Vector(0, 1, 3, 6)\nres6: List[Int] = List(5)\n"
         "sl: List[Int] = List(1, 3, 6)"),
        ("val mv = Map(\"a\" -> 1, \"b\" -> 2)\nmv.values\nprintln(mv.values)\nmv.values.map(_ * 2)\n"
         "mv.values.filter(_ > 1)\nmv.values.toList\nmv.values.sum\ns\"${mv.values}\"",
         "mv: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2)\n"
         "res1: Iterable[Int] = MapLike.DefaultValuesIterable(1, 2)\nMapLike.DefaultValuesIterable(1, 2)\n"
         "res3: Iterable[Int] = List(2, 4)\nres4: Iterable[Int] = List(2)\nres5: List[Int] = List(1, 2)\n"
         "res6: Int = 3\nres8: String = MapLike.DefaultValuesIterable(1, 2)"),
        ("val mm = scala.collection.mutable.Map(\"a\" -> 1)\nmm.values\nmm.values.map(_ + 1)\n"
         "val big = Map(\"a\" -> 1, \"b\" -> 2, \"c\" -> 3, \"d\" -> 4, \"e\" -> 5)\nbig.values\nmv.mapValues(_ + 1).values\n"
         "mv.values.max",
         "mm: scala.collection.mutable.Map[String,Int] = Map(a -> 1)\nres9: Iterable[Int] = HashMap(1)\n"
         "res10: Iterable[Int] = List(2)\n"
         "big: scala.collection.immutable.Map[String,Int] = Map(e -> 5, a -> 1, b -> 2, c -> 3, d -> 4)\n"
         "res11: Iterable[Int] = HashMap.HashMapValues(5, 1, 2, 3, 4)\n"
         "res12: Iterable[Int] = MapLike.DefaultValuesIterable(2, 3)\nres13: Int = 2"),
        ("val m = Map(\"a\" -> 1, \"b\" -> 2)\nm.toSeq\nm.toSeq.sortBy(_._1)\nm.toSeq.sortBy(-_._2).take(1)\n"
         "m.map { case (k, v) => k + v }\nm.map(_._2)\nm.keys",
         "m: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2)\nres36: Seq[(String, Int)] = Vector((a,1), (b,2))\n"
         "res37: Seq[(String, Int)] = Vector((a,1), (b,2))\nres38: Seq[(String, Int)] = Vector((b,2))\n"
         "res39: scala.collection.immutable.Iterable[String] = List(a1, b2)\n"
         "res40: scala.collection.immutable.Iterable[Int] = List(1, 2)\nres41: Iterable[String] = Set(a, b)"),
        ("m.toSeq.map(_._1)\nList(1, 2).toSeq\nList(1, 2).toSeq.map(_ + 1)\nVector(1).toSeq",
         "res51: Seq[String] = Vector(a, b)\nres66: scala.collection.immutable.Seq[Int] = List(1, 2)\n"
         "res67: scala.collection.immutable.Seq[Int] = List(2, 3)\nres27: scala.collection.immutable.Seq[Int] = Vector(1)"),
        ("val words = Seq(\"a\", \"bb\", \"a\", \"ccc\")\n"
         "words.map(w => (w, 1)).groupBy(_._1).map { case (w, l) => (w, l.map(_._2).sum) }.toSeq.sortBy(_._1)\n"
         "words.zipWithIndex.map { case (w, i) => s\"$i:$w\" }\nwords.zip(words).take(1)\nwords :+ \"d\"",
         "words: Seq[String] = List(a, bb, a, ccc)\nres45: Seq[(String, Int)] = Vector((a,2), (bb,1), (ccc,1))\n"
         "res46: Seq[String] = List(0:a, 1:bb, 2:a, 3:ccc)\nres29: Seq[(String, String)] = List((a,a))\n"
         "res30: Seq[String] = List(a, bb, a, ccc, d)"),
    ],
    'ranges': [
        ("1 to 5\nprintln(1 to 3)\n1 to 10 by 2\n10 to 1 by -1\n0 until 10 by 3\n1L to 3L\n(1 to 3).toString\n"
         "s\"${0 until 2}\"\n1 until 1\nList(1,2).indices\nList((1 to 2), (3 to 4))",
         "res1: scala.collection.immutable.Range.Inclusive = Range 1 to 5\nRange 1 to 3\n"
         "res3: scala.collection.immutable.Range = inexact Range 1 to 10 by 2\n"
         "res4: scala.collection.immutable.Range = Range 10 to 1 by -1\n"
         "res5: scala.collection.immutable.Range = inexact Range 0 until 10 by 3\n"
         "res6: scala.collection.immutable.NumericRange.Inclusive[Long] = NumericRange 1 to 3\n"
         "res7: String = Range 1 to 3\nres8: String = Range 0 until 2\n"
         "res9: scala.collection.immutable.Range = empty Range 1 until 1\n"
         "res17: scala.collection.immutable.Range = Range 0 until 2\n"
         "res14: List[scala.collection.immutable.Range.Inclusive] = List(Range 1 to 2, Range 3 to 4)"),
    ],
    'host_objects': [
        ("val o = new Object\no\ns\"$o\"",
         "o: Object = java.lang.Object@619e383b\nres22: Object = java.lang.Object@619e383b\n"
         "res23: String = java.lang.Object@619e383b"),
        ("val bc = sc.broadcast(Array(1, 2))\nprintln(bc)\nbc.value\n"
         "sc.parallelize(Seq(0, 1)).map(i => bc.value(i) * 10).collect()\nbc.value(1)",
         "bc: org.apache.spark.broadcast.Broadcast[Array[Int]] = Broadcast(0)\nBroadcast(0)\n"
         "res19: Array[Int] = Array(1, 2)\nres20: Array[Int] = Array(10, 20)\nres21: Int = 2"),
    ],
    'float': [
        ("1f/7",
         "res22: Float = 0.14285715"),
        ("val fl = 1.5f * 2",
         "fl: Float = 3.0"),
        ("3.toFloat",
         "res25: Float = 3.0"),
        ("2.0f + 1",
         "res27: Float = 3.0"),
        ("1f/3 + 1.0",
         "res29: Double = 1.3333333432674408"),
        ("val fs = List(1f, 2.5f)",
         "fs: List[Float] = List(1.0, 2.5)"),
        ("(0.1f + 0.2f).toString",
         "res32: String = 0.3"),
        ("List(1f, 2.5f).sum",
         "res10: Float = 3.5"),
        ("List(1, 2.5f)",
         "res12: List[Float] = List(1.0, 2.5)"),
        ("(1.1f).isInstanceOf[Float]",
         "res14: Boolean = true"),
        ("\"2.5\".toFloat * 3",
         "res16: Float = 7.5"),
        ("val big2 = 1.0e10f",
         "big2: Float = 1.0E10"),
        ("1f == 1.0",
         "res19: Boolean = true"),
        ("new scala.util.Random(42).nextFloat",
         "res21: Float = 0.7275637"),
        ("val t: Float = 3",
         "t: Float = 3.0"),
        ("def ff(x: Float) = x * 2\nff(3)",
         "ff: (x: Float)Float\nres46: Float = 6.0"),
    ],
    'hash_order': [
        ("Map(1->\"a\",2->\"b\",3->\"c\",4->\"d\",5->\"e\",6->\"f\")",
         "res34: scala.collection.immutable.Map[Int,String] = Map(5 -> e, 1 -> a, 6 -> f, 2 -> b, 3 -> c, 4 -> d)"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5)",
         "res36: scala.collection.immutable.Map[String,Int] = Map(e -> 5, a -> 1, b -> 2, c -> 3, d -> 4)"),
        ("Map(\"apple\"->1,\"banana\"->2,\"cherry\"->3,\"date\"->4,\"elder\"->5,\"fig\"->6,\"grape\"->7)",
         "res38: scala.collection.immutable.Map[String,Int] = Map(elder -> 5, banana -> 2, grape -> 7, fig -> 6, date -> 4, cherry -> 3, apple -> 1)"),
        ("Set(1,2,3,4,5,6,7,8,9,10)",
         "res40: scala.collection.immutable.Set[Int] = Set(5, 10, 1, 6, 9, 2, 7, 3, 8, 4)"),
        ("Set(\"a\",\"b\",\"c\",\"d\",\"e\")",
         "res42: scala.collection.immutable.Set[String] = Set(e, a, b, c, d)"),
        ("Map(\"a\"->1,\"b\"->2).toSeq",
         "res44: Seq[(String, Int)] = Vector((a,1), (b,2))"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5).toSeq",
         "res46: Seq[(String, Int)] = Vector((e,5), (a,1), (b,2), (c,3), (d,4))"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5).toList",
         "res48: List[(String, Int)] = List((e,5), (a,1), (b,2), (c,3), (d,4))"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5).keys",
         "res50: Iterable[String] = Set(e, a, b, c, d)"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5).map { case (k, v) => (k, v + 1) }",
         "res54: scala.collection.immutable.Map[String,Int] = Map(e -> 6, a -> 2, b -> 3, c -> 4, d -> 5)"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5).mkString(\",\")",
         "res56: String = e -> 5,a -> 1,b -> 2,c -> 3,d -> 4"),
        ("(1 to 10).map(i => (i, i)).toMap",
         "res58: scala.collection.immutable.Map[Int,Int] = Map(5 -> 5, 10 -> 10, 1 -> 1, 6 -> 6, 9 -> 9, 2 -> 2, 7 -> 7, 3 -> 3, 8 -> 8, 4 -> 4)"),
        ("Set(3.5, 1.0, 2.0, 7.25, 9.0)",
         "res60: scala.collection.immutable.Set[Double] = Set(7.25, 1.0, 9.0, 2.0, 3.5)"),
        ("Map((1,2)->\"x\",(3,4)->\"y\",(5,6)->\"z\",(7,8)->\"w\",(9,10)->\"v\")",
         "res62: scala.collection.immutable.Map[(Int, Int),String] = Map((9,10) -> v, (3,4) -> y, (7,8) -> w, (1,2) -> x, (5,6) -> z)"),
        ("Map(1L->1,2L->2,3L->3,4L->4,5L->5,100L->6)",
         "res64: scala.collection.immutable.Map[Long,Int] = Map(5 -> 5, 1 -> 1, 2 -> 2, 3 -> 3, 4 -> 4, 100 -> 6)"),
        ("Set(true, false)",
         "res66: scala.collection.immutable.Set[Boolean] = Set(true, false)"),
        ("Set(1,2,3,4,5,6,7,8,9,10) + 11",
         "res68: scala.collection.immutable.Set[Int] = Set(5, 10, 1, 6, 9, 2, 7, 3, 11, 8, 4)"),
        ("val big = (1 to 300000).map(i => (i, i.toString)).toMap\nbig.size",
         "big: scala.collection.immutable.Map[Int,String] = Map(177494 -> 177494, 282592 -> 282592, 165114 -> 165114, 53767 -> 53767, 179367 -> 179367, 140403 -> 140403, 32571 -> 32571, 185365 -> 185365, 106805 -> 106805, 224780 -> 224780, 262160 -> 262160, 88533 -> 88533, 129283 -> 129283, 289729 -> 289729, 272387 -> 272387, 145013 -> 145013, 77772 -> 77772, 109603 -> 109603, 42890 -> 42890, 236620 -> 236620, 175799 -> 175799, 221020 -> 221020, 46805 -> 46805, 148823 -> 148823, 72033 -> 72033, 126398 -> 126398, 88320 -> 88320, 257838 -> 257838, 92325 -> 92325, 273356 -> 273356, 162180 -> 162180, 273848 -> 273848, 140385 -> 140385, 37159 -> 37159, 238478 -> 238478, 106278 -> 106278, 29176 -> 29176, 14221 -> 14221, 122842 -> 122842, 124574 -> 124574, 2163 -> 2163, 102488 -> 102488, 37041 -> 37041,...\nres1: Int = 300000"),
        ("val m = Map(\"a\" -> 1, \"b\" -> 2)",
         "m: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2)"),
        ("m.keys",
         "res4: Iterable[String] = Set(a, b)"),
        ("m.mapValues(_ * 10)",
         "res8: scala.collection.immutable.Map[String,Int] = Map(a -> 10, b -> 20)"),
        ("val s6 = Set(\"x\",\"y\",\"z\",\"w\",\"v\",\"u\")\ns6.toSeq",
         "s6: scala.collection.immutable.Set[String] = Set(x, y, u, v, w, z)\nres23: Seq[String] = Vector(x, y, u, v, w, z)"),
        ("s6.toList",
         "res25: List[String] = List(x, y, u, v, w, z)"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5).filter(_._2 > 3)",
         "res27: scala.collection.immutable.Map[String,Int] = Map(e -> 5, d -> 4)"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4,\"e\"->5) - \"e\"",
         "res29: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2, c -> 3, d -> 4)"),
        ("Map(\"a\"->1,\"b\"->2,\"c\"->3,\"d\"->4) + (\"z\" -> 26)",
         "res31: scala.collection.immutable.Map[String,Int] = Map(a -> 1, b -> 2, c -> 3, z -> 26, d -> 4)"),
        ("Map(Some(1)->1, Some(2)->2, None->0, Some(3)->3, Some(4)->4)",
         "res34: scala.collection.immutable.Map[Option[Int],Int] = Map(Some(4) -> 4, Some(1) -> 1, Some(3) -> 3, None -> 0, Some(2) -> 2)"),
        ("Map(1.5->1, 2.5->2, 3.5->3, 4.5->4, 5.5->5)",
         "res36: scala.collection.immutable.Map[Double,Int] = Map(1.5 -> 1, 5.5 -> 5, 4.5 -> 4, 3.5 -> 3, 2.5 -> 2)"),
        ("Map('a'->1, 'b'->2, 'c'->3, 'd'->4, 'e'->5)",
         "res42: scala.collection.immutable.Map[Char,Int] = Map(e -> 5, a -> 1, b -> 2, c -> 3, d -> 4)"),
    ],
    'system_property': [
        ("System.setProperty(\"a\",\"b\")",
         "res70: String = null"),
        ("System.setProperty(\"a\",\"c\")",
         "res72: String = b"),
        ("System.getProperty(\"zzz.unset\")",
         "res48: String = null"),
    ],
    'syntax': [
        ("var x: String = _",
         "x: String = null"),
        ("var y: Int = _",
         "y: Int = 0"),
        ("class W { @transient lazy val z = { println(\"init\"); 42 }; private val p = 1; def get = p + z }\nval w = new W",
         "defined class W\nw: W = W@4972d28d"),
        ("w.get",
         "init\nres81: Int = 43"),
        ("w.get",
         "res83: Int = 43"),
        ("lazy val lz = { println(\"lz\"); 5 }",
         "lz: Int = <lazy>"),
        ("lz + 1",
         "lz\nres86: Int = 6"),
        ("val Array(a, b) = Array(\"x\", \"y\")",
         "a: String = x\nb: String = y"),
        ("val List(p, q, _*) = List(1,2,3,4)",
         "p: Int = 1\nq: Int = 2"),
        ("val (u, v) = (1, \"two\")",
         "u: Int = 1\nv: String = two"),
        ("val Some(sv) = Some(3)",
         "sv: Int = 3"),
        ("object Prog extends App { println(\"running Prog\") }",
         "defined object Prog"),
        ("Prog.main(Array())",
         "running Prog"),
        ("object Prog2 { def main(args: Array[String]): Unit = { println(\"main \" + args.length) } }",
         "defined object Prog2"),
        ("Prog2.main(Array(\"a\",\"b\"))",
         "main 2"),
    ],
    'iterator': [
        ("val it = Iterator(1,2,3)",
         "it: Iterator[Int] = <iterator>"),
        ("it.next",
         "res105: Int = 1"),
        ("it.hasNext",
         "res107: Boolean = true"),
        ("Iterator(1,2,3,4).map(_ * 2).filter(_ > 2).toList",
         "res109: List[Int] = List(4, 6, 8)"),
        ("Iterator(1,2,3).size",
         "res111: Int = 3"),
        ("Iterator(5,6).foreach(println)",
         "5\n6"),
        ("Iterator(\"a\",\"b\").toArray",
         "res115: Array[String] = Array(a, b)"),
        ("Iterator(1,2,3).sum",
         "res117: Int = 6"),
        ("Iterator(1,2,3).mkString(\",\")",
         "res119: String = 1,2,3"),
        ("Iterator(1,2,3,4,5).take(2).toList",
         "res121: List[Int] = List(1, 2)"),
        ("Iterator(1,2,3).map(_ + 1)",
         "res125: Iterator[Int] = <iterator>"),
        ("List(1,2,3).iterator",
         "res127: Iterator[Int] = <iterator>"),
        ("Iterator.empty",
         "res129: Iterator[Nothing] = <iterator>"),
        ("Iterator(1,2,3).length",
         "res131: Int = 3"),
        ("Iterator(1,2,3).zipWithIndex.toList",
         "res135: List[(Int, Int)] = List((1,0), (2,1), (3,2))"),
        ("val it2 = List(1,2,3).iterator\nit2.next()\nit2.toList",
         "it2: Iterator[Int] = <iterator>\nres52: Int = 1\nres53: List[Int] = List(2, 3)"),
        ("Iterator.range(0, 5).toList",
         "res55: List[Int] = List(0, 1, 2, 3, 4)"),
        ("Iterator(1,2,3).next",
         "res59: Int = 1"),
        ("val ii = Iterator(1,2,3,4)\nii.drop(1).next",
         "ii: Iterator[Int] = <iterator>\nres61: Int = 2"),
        ("Iterator(3,1,2).max",
         "res63: Int = 3"),
        ("Iterator(1,2,3).isEmpty",
         "res65: Boolean = false"),
        ("Iterator(1,2,3).reduce(_ + _)",
         "res67: Int = 6"),
        ("Iterator(1,2,3).foldLeft(0)(_ + _)",
         "res69: Int = 6"),
        ("Iterator(1,2,3).exists(_ > 2)",
         "res71: Boolean = true"),
        ("Iterator(1,2,3).flatMap(x => List(x, x)).toList",
         "res73: List[Int] = List(1, 1, 2, 2, 3, 3)"),
        ("Iterator(1,2,3).toSet",
         "res77: scala.collection.immutable.Set[Int] = Set(1, 2, 3)"),
        ("Iterator((1,\"a\")).toMap",
         "res79: scala.collection.immutable.Map[Int,String] = Map(1 -> a)"),
        ("Iterator(1,2,3).hasNext",
         "res81: Boolean = true"),
        ("Iterator(1,2,3).count(_ > 1)",
         "res83: Int = 2"),
    ],
    'random': [
        ("val r = new scala.util.Random(42)",
         "r: scala.util.Random = scala.util.Random@6e8e4676"),
        ("r.nextInt(100)",
         "res140: Int = 30"),
        ("r.nextInt",
         "res142: Int = 234785527"),
        ("r.nextDouble",
         "res144: Double = 0.6832234717598454"),
        ("r.nextLong",
         "res146: Long = 5694868678511409995"),
        ("r.nextBoolean",
         "res148: Boolean = false"),
        ("r.nextGaussian",
         "res150: Double = 0.2669736057242196"),
        ("r.nextFloat",
         "res152: Float = 0.45125717"),
        ("val jr = new java.util.Random(7)",
         "jr: java.util.Random = java.util.Random@4c7d1aab"),
        ("(1 to 5).map(_ => jr.nextInt(10))",
         "res155: scala.collection.immutable.IndexedSeq[Int] = Vector(6, 4, 5, 4, 0)"),
        ("jr.nextGaussian",
         "res157: Double = -0.06578797689860531"),
        ("jr.nextGaussian",
         "res159: Double = 1.6987173043484944"),
        ("jr.nextInt(1 << 20)",
         "res161: Int = 596796"),
        ("jr.nextInt(7)",
         "res163: Int = 0"),
        ("jr.nextLong",
         "res165: Long = -873338095399301399"),
        ("import scala.util.Random\nval r2 = new Random(1L)",
         "import scala.util.Random\nr2: scala.util.Random = scala.util.Random@404039cd"),
        ("r2.nextInt(1000)",
         "res168: Int = 985"),
        ("r2.shuffle(List(1,2,3,4,5))",
         "res170: List[Int] = List(5, 3, 1, 2, 4)"),
        ("scala.util.Random.nextInt(10) < 10",
         "res172: Boolean = true"),
        ("val r3 = new java.util.Random(123); r3.nextDouble",
         "r3: java.util.Random = java.util.Random@241f56a3\nres174: Double = 0.7231742029971469"),
    ],
}


def normalise(text):
    text = re.sub(r"\bres\d+\b", "resN", text)
    text = re.sub(r"@[0-9a-f]{5,8}\b", "@HASH", text)
    text = re.sub(r"<console>:\d+:", "<console>:N:", text)
    return "\n".join(line.strip() for line in text.strip("\n").split("\n"))


def shown(msgs, streams=("stdout",)):
    """What a notebook shows for one cell: its streams (stdout unless said), its result, its
    error's traceback, in order."""
    out = []
    for m in msgs:
        c = m["content"]
        if m["msg_type"] == "stream" and c["name"] in streams:
            out.append(c["text"])
        elif m["msg_type"] == "execute_result":
            out.append(c["data"]["text/plain"] + "\n")
        elif m["msg_type"] == "error":
            out.append(re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(c["traceback"])) + "\n")
    return "".join(out)


def assert_prints_as_spark_shell(run, cells, fix=None):
    """Runs each (cell, spark-shell's text) and asserts the kernel printed that text (normalised);
    fix(want, got), when given, may first fill in what cannot be equal (a random name)."""
    mismatches = []
    for cell, want in cells:
        _, msgs = run(cell)
        got = shown(msgs)
        if fix:
            want = fix(want, got)
        if normalise(got) != normalise(want):
            mismatches.append(f"--- cell:\n{cell}\n--- spark-shell 3.5.5:\n{want}\n--- kernel:\n{got}")
    assert not mismatches, "\n\n".join(mismatches)


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_prints_as_spark_shell(run, group):
    assert_prints_as_spark_shell(run, EXPECTED[group])


# Which statements spark-shell names resN, with its numbers kept: each cell runs in a fresh
# kernel, in the order given, and run_scala.py sent one marker (which takes a res name) before
# each cell, so the kernel's numbers are Spark's less the cell's index + 1. The rule: only the
# last statement of a REPL request (the statements one line holds) is named, and every
# expression is, Unit ones too (println, foreach, if, while, for, `y += 1`, `()`, `m(k) = v`);
# definitions, imports and assignments to a name or field are not. A request that fails (a
# runtime exception, `1 / 0`) still spent its name. The errors are compared whole too: a compile
# error's source line and caret indented by 7 columns, an exception's frames of the defs it
# left (`at fact(<console>:N)`, the line normalised) and `... N elided` (N normalised).
RES_NUMBERING = [
    ('1\nprintln("a")\n2\nval x = 5\n3\nvar y = 1\ny = 2\n4\nimport scala.collection.mutable\n5\nList(1).foreach(_ => ())\n6\nif (y > 0) println("p")\n7\nwhile (y < 3) y += 1\n8\ndef f = 1\n9\nfor (i <- 1 to 2) y += i\n10\ncase class A(i: Int)\nobject C\ntrait T\n11\ny += 1\n12\n()\n13\n{ println("blk") }\n14\nval (p, q) = (1, 2)\nlazy val lz = 3\n15\nprintln("a"); println("b")\n16\nif (y > 100) 5\nif (y > 100) "s"\nif (y > 0) 5\n17\ndo { y -= 1 } while (y > 0)\nval u = println("u")\n{ val z = 1; z + 1 }\nclass K { var n = 0 }\nval k = new K\nk.n = 5\nval mm = mutable.Map[String, Int]()\nmm("x") = 1\nval a = { println("x"); 1 }; println("y")\n18',
     'res1: Int = 1\na\nres3: Int = 2\nx: Int = 5\nres4: Int = 3\ny: Int = 1\ny: Int = 2\nres5: Int = 4\nimport scala.collection.mutable\nres6: Int = 5\nres8: Int = 6\np\nres10: Int = 7\nres12: Int = 8\nf: Int\nres13: Int = 9\nres15: Int = 10\ndefined class A\ndefined object C\ndefined trait T\nres16: Int = 11\nres18: Int = 12\nres20: Int = 13\nblk\nres22: Int = 14\np: Int = 1\nq: Int = 2\nlz: Int = <lazy>\nres23: Int = 15\na\nb\nres25: Int = 16\nres26: AnyVal = ()\nres27: Any = ()\nres28: AnyVal = 5\nres29: Int = 17\nu\nu: Unit = ()\nres31: Int = 2\ndefined class K\nk: K = K@HASH\nk.n: Int = 5\nmm: scala.collection.mutable.Map[String,Int] = Map()\nx\ny\na: Int = 1\nres34: Int = 18'),
    ('1 / 0',
     'java.lang.ArithmeticException: / by zero\n  ... 47 elided'),
    ('val b2 = 1; val c2 = 1 / 0',
     'java.lang.ArithmeticException: / by zero\n  ... 47 elided'),
    ('val n: Int = "x"',
     '<console>:23: error: type mismatch;\n found   : String("x")\n required: Int\n       val n: Int = "x"\n                    ^'),
    ('8',
     'res40: Int = 8'),
    ('def fact(n: Int): Int = if (n == 0) throw new RuntimeException("boom") else n * fact(n - 1)\nfact(2)',
     'fact: (n: Int)Int\njava.lang.RuntimeException: boom\n  at fact(<console>:23)\n  at fact(<console>:23)\n  at fact(<console>:23)\n  ... 47 elided'),
    ('val ok = 1\nval w: Int = "five"',
     'ok: Int = 1\n<console>:23: error: type mismatch;\n found   : String("five")\n required: Int\n       val w: Int = "five"\n                    ^'),
]


def shift_res(text, by):
    return re.sub(r"\bres(\d+)\b", lambda m: "res%d" % (int(m.group(1)) - by), text)


def exact(text):
    text = re.sub(r"<console>:\d+", "<console>:N", text)
    return re.sub(r"^  \.\.\. \d+ elided$", "  ... N elided", text, flags=re.M)


def test_res_numbering_as_spark_shell(run):
    for k, (cell, want) in enumerate(RES_NUMBERING):
        _, msgs = run(cell)
        got = re.sub(r"@[0-9a-f]{5,8}\b", "@HASH", shown(msgs)).rstrip("\n")
        assert exact(got) == exact(shift_res(want, k + 1)), f"cell {k}:\n{cell}"
