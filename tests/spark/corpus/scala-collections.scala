// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: scala collections
val xs = List(3, 1, 2)
xs.map(_ * 2).sorted
val m = Map("a" -> 1, "b" -> 2)
m("b")
case class Tweet(id: Long, lang: String)
val ts = Seq(Tweet(1, "en"), Tweet(2, "fr"))
ts.filter(_.lang == "en")
for (t <- ts) println(s"${t.id} ${t.lang}")
"%.2f".format(3.14159)
