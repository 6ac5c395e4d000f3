// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: exception
// expects: error
val ok = 1
val n = 1 / 0
