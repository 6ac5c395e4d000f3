// source: docs/dataframes.md
// covers: Column operators === =!= <=> < && || ! + - * / %
val df = spark.read.json("@DATA@/users.json")
df.select($"id" + 1, $"id" - 1, $"id" * 2, $"id" / 2, $"id" % 2).show()
df.select($"id" === 1, $"id" =!= 1, $"n" <=> 3, $"id" < 2 && $"n" > 1, !($"id" > 1) || $"id" === 3).show()
