// source: Scala that DStream notebooks use (printing results)
// covers: mkString, toString of nested collections, Array printing, println of collections
val xs = List(1, 2, 3)
xs.mkString
xs.mkString(", ")
xs.mkString("[", ";", "]")
Array("a", "b").mkString("|")
List(List(1, 2), List(3)).toString
Seq((1, "a"), (2, "b")).mkString(" ")
println(xs)
println(Array(1, 2).mkString(","))
println(Map("k" -> List(1, 2)))
println((1, "x", 2.0))
println(Some(List(1)))
Vector(1, 2).toString
Set(1, 2, 3).mkString("{", ",", "}")
(1 to 3).toString
(1 until 3)
