// source: docs/scala.md
// covers: Option methods
val a: Option[Int] = Some(3)
val b: Option[Int] = None
a.map(_ + 1).getOrElse(0)
b.map(_ + 1).getOrElse(0)
a.filter(_ > 5)
a.toList ++ b.toList
a.fold("none")(_.toString)
b.orElse(Some(9))
