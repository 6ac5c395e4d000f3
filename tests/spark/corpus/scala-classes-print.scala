// source: Scala that DStream notebooks use (helper classes)
// covers: plain class instances, toString override, class with fields, object
class Counter(var n: Int) { def inc(): Unit = n += 1 }
val c = new Counter(1)
c.inc()
c.n
println(c)
class Named(val name: String) { override def toString = s"Named($name)" }
new Named("x")
List(new Named("a"), new Named("b"))
object Registry { val items = List(1, 2); def total = items.sum }
Registry.total
Registry.items
