// source: Scala idioms for by-name parameters as tutorials and Stack Overflow write them: retry, time, unless, safe
// covers: def f(x: => T) evaluated on each read (twice), not at the call (noUse, lazyOr), an exception thrown where
//   the parameter is read (safe), curried retry(3) { ... }, an object's method, a by-name captured by a closure, Double coercion
var n = 0
def twice(f: => Int) = f + f
twice({n += 1; n})
// ---- cell
def safe(f: => Any): String = try { f.toString } catch { case e: Exception => "caught " + e.getMessage }
safe(1 / 0)
safe(42)
// ---- cell
def retry[T](k: Int)(body: => T): T = { var i = 0; var r: Option[T] = None; while (r.isEmpty) { i += 1; try { r = Some(body) } catch { case e: Exception => if (i >= k) throw e } }; r.get }
var tries = 0
retry(3) { tries += 1; if (tries < 3) throw new RuntimeException("no"); tries }
// ---- cell
def time[R](block: => R): R = { val t0 = System.nanoTime(); val r = block; r }
time { 1 + 2 }
def d(x: => Double) = x + x
d(1)
// ---- cell
object U { def unless(c: Boolean)(body: => Unit): Unit = if (!c) body }
U.unless(true) { println("no") }
U.unless(false) { println("yes") }
// ---- cell
def lazyOr(a: Boolean, b: => Boolean) = a || b
lazyOr(true, { println("evaluated"); false })
// ---- cell
def mk(x: => Int) = () => x
val g = mk({ n += 10; n })
g()
g()
// ---- cell
def noUse(x: => Int) = 5
noUse(throw new Exception("boom"))
// ---- cell
val o: Option[Int] = Some(1)
o.getOrElse(throw new RuntimeException("x"))
Map("a" -> 1).getOrElse("a", throw new RuntimeException("y"))
o.orElse({ println("side"); None })
o.fold({ println("empty"); 0 })(_ + 1)
scala.util.Try(3).getOrElse({ println("never"); 0 })
// ---- cell
val mm = scala.collection.mutable.Map[String, Int]()
mm.getOrElseUpdate("k", { println("computed"); 5 })
mm.getOrElseUpdate("k", { println("computed again"); 6 })
require(true, { println("msg"); "m" })
try { require(1 > 2, { println("building the message"); "one is not above two" }) } catch { case e: IllegalArgumentException => println(e.getMessage) }
// ---- cell
var c = 0
List.fill(3)({ c += 1; c })
val rnd = new scala.util.Random(7)
Seq.fill(4)(rnd.nextInt(1000)).distinct.size
new Object().synchronized { c * 2 }
