// source: Scala idioms for reading until a sentinel and for generated test data (course notebooks, Stack Overflow):
//   Iterator.continually(read()).takeWhile(_ != null), Iterator.iterate, Iterator.from
// covers: endless iterators computed an element at a time (the element re-evaluated each time, side effects in order),
//   take/takeWhile/map/filter/drop/zipWithIndex chains, find, exists, hasNext/next, foreach over a takeWhile, their echo types,
//   a var read when the element is computed and a lazy val passed by name forced only when used
val it = Iterator(1, 2, 3)
val c = Iterator.continually(1)
c.take(3).toList
c.hasNext
c.next()
// ---- cell
var k = 0
val lines = Iterator.continually { k += 1; if (k < 4) "l" + k else null }.takeWhile(_ != null).toList
k
val q = new scala.collection.mutable.Queue[Int]()
q ++= Seq(5, 6)
Iterator.continually(if (q.isEmpty) -1 else q.dequeue()).takeWhile(_ >= 0).map(_ * 2).toList
// ---- cell
Iterator.iterate(1)(_ * 2).take(5).toList
Iterator.iterate(1)(_ * 3).takeWhile(_ < 100).toList
val powers = Iterator.iterate(1L)(_ * 10)
powers.drop(3).next()
Iterator.continually("x").map(_ + "!").take(2).mkString(",")
Iterator.from(5).take(3).toList
Iterator.from(0, 5).take(3).sum
Iterator.iterate(0)(_ + 1).filter(_ % 2 == 0).drop(1).take(3).toList
Iterator.continually(7).find(_ > 3)
Iterator.from(1).exists(_ > 10)
Iterator.continually(1).zipWithIndex.take(2).toList
// ---- cell
var n = 0
Iterator.continually { n += 1; n }.takeWhile(_ <= 3).foreach(i => println("line " + i))
// ---- cell
var x = 1
val reads = Iterator.continually(x)
x = 2
reads.next()
lazy val fallback = { println("computed"); 9 }
Map("a" -> 1).getOrElse("a", fallback)
Map("a" -> 1).getOrElse("b", fallback)
