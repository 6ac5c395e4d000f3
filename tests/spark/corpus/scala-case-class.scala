// source: Scala that DStream notebooks use (events as case classes)
// covers: case class toString, equals, copy, pattern matching, hashCode-based Set, sorting, nested
case class Event(user: String, count: Int, tags: List[String] = Nil)
val e = Event("ann", 2)
e.copy(count = 5)
e == Event("ann", 2)
e == e.copy(user = "bob")
Set(e, Event("ann", 2), Event("bob", 1)).size
e match { case Event(u, c, _) => s"$u:$c" }
List(Event("b", 2), Event("a", 9)).sortBy(_.user)
Event("c", 1, List("x", "y"))
case class Pair(left: Event, right: Option[Event])
Pair(e, None)
Pair(e, Some(e.copy(count = 3)))
// ---- cell
e.productArity
Event.tupled(("d", 4, Nil))
