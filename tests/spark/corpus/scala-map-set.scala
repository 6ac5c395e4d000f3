// source: Scala that DStream notebooks use (lookups and counters)
// covers: immutable Map/Set operations, mutable.Map counters, getOrElse, updated, ++, diff
val m = Map("a" -> 1, "b" -> 2)
m + ("c" -> 3)
m - "a"
m ++ Map("b" -> 20, "d" -> 4)
m.updated("a", 10)
m.getOrElse("z", 0)
m.get("a")
m.contains("b")
m.keys
m.values
m.map { case (k, v) => k -> v * 2 }
m.filter(_._2 > 1)
m.toList
m.foldLeft(0)(_ + _._2)
val s = Set(1, 2, 3)
s ++ Set(3, 4)
s & Set(2, 3, 9)
s -- Set(1)
s.contains(2)
Set(1, 2).subsetOf(s)
s.map(_ % 2)
val c = scala.collection.mutable.Map[String, Int]()
c("x") = c.getOrElse("x", 0) + 1
c("x") = c.getOrElse("x", 0) + 1
c
c.toSeq.sortBy(_._1)
