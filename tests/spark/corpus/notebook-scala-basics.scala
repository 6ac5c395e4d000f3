// source: notebooks/Scala-Basics.ipynb, all cells
// covers: groupBy/mapValues, sortBy, case class match, f-interpolation, / by zero, for/yield
// expects: error
val words = List("spark", "kafka", "stream", "spark", "batch")
val counts = words.groupBy(identity).mapValues(_.size)
// ---- cell
counts.toList.sortBy(-_._2).take(2)
// ---- cell
case class Tweet(user: String, text: String, retweets: Int)

def describe(t: Tweet): String = t match {
  case Tweet(u, _, n) if n > 100 => s"$u went viral ($n retweets)"
  case Tweet(u, txt, _) => s"$u: $txt"
}

val tweets = Seq(Tweet("ada", "hello kafka", 3), Tweet("grace", "spark streaming!", 250))
tweets.map(describe).foreach(println)
// ---- cell
val total = tweets.map(_.retweets).sum
println(f"average: ${total.toDouble / tweets.size}%.1f")
total / 0
// ---- cell
for (i <- 1 to 3; j <- 1 to i if (i + j) % 2 == 0) yield (i, j)
