// source: Scala idioms for empty values in Spark code (Option.empty[T] as a fold's zero, Option(x) of a nullable Java value)
// covers: Option.empty[String] and its echo type, Option(null), Option(x) of a null String, Option.empty without type arguments
//   under a declared type, flatten of Options, Seq/Map/Array/Set/List.empty[T]
Option.empty[String]
val x: String = null
Option(x)
val o: Option[Int] = Option.empty
List(Option(1), Option.empty[Int], Option(3)).flatten
// ---- cell
Seq.empty[Int]
Map.empty[String, Int]
Array.empty[Int]
Set.empty[Int]
List.empty[String]
List(1, 2, 3).foldLeft(Option.empty[Int])((acc, v) => acc.map(_ + v).orElse(Some(v)))
