// source: Scala that DStream notebooks use (top-N reports)
// covers: sorted, sortBy, sortWith, Ordering.reverse, sortBy on tuples, maxBy/minBy, take
val counts = List(("spark", 5), ("kafka", 9), ("scala", 5), ("dstream", 1))
counts.sortBy(_._2)
counts.sortBy(-_._2)
counts.sortBy(t => (-t._2, t._1))
counts.sortWith(_._1 < _._1)
counts.sortWith((a, b) => a._2 > b._2 || (a._2 == b._2 && a._1 < b._1))
counts.maxBy(_._2)
counts.minBy(_._2)
Array(3, 1, 2).sorted
Seq("b", "A", "c").sorted
Seq("b", "A", "c").sortBy(_.toLowerCase)
Vector(2.5, -1.0, 3.0).sorted.reverse
// ---- cell
counts.map(_._2).sorted(Ordering[Int].reverse)
counts.sortBy(_._2)(Ordering[Int].reverse).take(2)
