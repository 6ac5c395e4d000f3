// source: docs/scala.md
// covers: String methods, interpolation, format
val s = "Spark Streaming on Kafka"
s.split(" ").map(_.length)
s.toLowerCase.replaceAll("([aeiou])", "<$1>")
s.substring(6, 15).trim
s"${s.length} chars, ${s.count(_ == 'a')} a's"
f"${math.Pi}%.3f and ${42}%05d"
"a,b,,c".split(",").toList
s.indexOf("on") + s.lastIndexOf('a')
"42".toInt + "3.5".toDouble
