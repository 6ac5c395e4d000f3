// source: Scala that DStream notebooks use (records as tuples)
// covers: tuples, _1/_2, swap, zip/unzip, pattern matching on tuples, guards, nested patterns, Option in match
val t = ("user1", 3, 2.5)
t._1
t._3
("a", 1).swap
val (name, cnt, score) = t
List(1, 2, 3).zip(List("a", "b", "c"))
List((1, "a"), (2, "b")).unzip
def describe(p: (String, Int)): String = p match {
  case (w, 0) => s"$w: none"
  case (w, c) if c > 10 => s"$w: many"
  case (w, c) => s"$w: $c"
}
describe(("x", 0))
describe(("y", 20))
describe(("z", 3))
List(("a", Some(1)), ("b", None)).map {
  case (k, Some(v)) => s"$k=$v"
  case (k, None) => s"$k=?"
}
(1, (2, 3)) match { case (a, (b, c)) => a + b + c }
List(1, 2, 3) match { case h :: tail => s"$h then $tail"; case Nil => "empty" }
