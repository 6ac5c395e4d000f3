// source: docs/scala.md
// covers: match on literals, tuples, Some/None, lists, case classes, guards, binders
case class Point(x: Int, y: Int)
def kind(a: Any): String = a match {
  case 0 => "zero"
  case i: Int if i < 0 => "negative"
  case (a, b) => s"pair $a $b"
  case Some(v) => s"some $v"
  case None => "none"
  case h :: t => s"list from $h"
  case p @ Point(_, 0) => s"on the axis: $p"
  case _ => "other"
}
Seq(0, -3, (1, "x"), Some(2), None, List(5, 6), Point(3, 0), "s").map(kind)
