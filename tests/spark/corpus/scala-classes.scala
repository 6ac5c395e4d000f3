// source: docs/scala.md
// covers: class, case class, object, trait; toString and equality
case class User(name: String, age: Int)
val u = User("ann", 30)
u == User("ann", 30)
u.copy(age = 31)
class Counter { var n = 0; def inc(): Int = { n += 1; n } }
val c = new Counter
c.inc(); c.inc()
object Registry { val names = List("a", "b"); def size: Int = names.size }
Registry.size
