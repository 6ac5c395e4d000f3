// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: type error
// expects: error
val n: Int = "five"
