// source: issue 12's known left-overs (echoes of Byte/Short vals, Option of a null String, String.map,
//   a function over a Dataset's rows)
// covers: the REPL's static types where the kernel's values alone do not tell them
val by: Byte = 3
by
val sh: Short = 4
sh
// ---- cell
val ss: String = null
Option(ss)
Option("a")
// ---- cell
"abc".map(_.toInt)
"abc".map(_.toUpper)
"abc".map(c => c.toString)
// ---- cell
val f0 = () => spark.range(3).collect()
f0()
