// source: docs/scala.md
// covers: Map with more than 4 entries (Scala's HashMap order), toSeq, mutable.Map
val m = Map("one" -> 1, "two" -> 2, "three" -> 3, "four" -> 4, "five" -> 5, "six" -> 6)
m.keys.toList
m.toSeq
val mm = scala.collection.mutable.Map[String, Int]()
mm("x") = 1
mm += ("y" -> 2)
mm
m.filter(_._2 > 3)
