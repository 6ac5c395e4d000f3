// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: scala values
val a = 6 * 7
val s = "spark" + " " + "streaming"
s.toUpperCase
def twice(x: Int): Int = x * 2
twice(a)
val t = (1, "one")
t._2
if (a > 40) "big" else "small"
// ---- cell
a + 1
s.split(" ").length
