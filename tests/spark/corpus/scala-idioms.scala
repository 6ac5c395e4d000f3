// source: Scala that DStream notebooks use (small idioms, checked one by one against spark-shell 3.5.5)
// covers: averages, format flags, padTo, split with a limit, zipWithIndex on a String, capitalize, Map sorting/maxBy/swap, reduceLeft, sliding, toMap, Option(null), flatten, updated, String *, Long arithmetic, Char methods, fill/tabulate, stepped ranges
val xs = List(1.5, 2.25, 3.0)
xs.sum / xs.size
f"${xs.sum / xs.size}%.2f"
"%08.3f".format(3.14159)
"%+d".format(5)
"%5.1f%%".format(12.345)
"abc".padTo(6, '*')
"a-b-c".split("-", 2)
"Hello".zipWithIndex.toList
"hello world".split(" ").map(_.capitalize).mkString(" ")
val m = Map("b" -> 2, "a" -> 1)
m.toSeq.sortBy(_._1)
m.maxBy(_._2)
m.map(_.swap)
List(1, 2, 3).reduceLeft(_ - _)
List(1, 2, 3, 4).sliding(2).toList
(1 to 3).map(i => (i, i * i)).toMap
Option(null)
Some(3).contains(3)
List(Some(1), None, Some(3)).flatten
Seq(1, 2, 3).lastOption
Vector(1, 2).updated(0, 9)
List(1, 2, 3).indexOf(2)
"x" * 3
1.0 / 3 * 3
10.0 / 4
100L * 1000 * 1000 * 1000
Long.MaxValue / 2
'a'.toInt
'a'.toUpper
List(3, 1, 2).sorted.reverse
Array(1, 2, 3).sum
List.fill(3)(0)
List.tabulate(3)(i => i * 2)
(1 to 10 by 3).toList
