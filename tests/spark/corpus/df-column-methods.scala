// source: docs/dataframes.md
// covers: isNull, isNotNull, like, contains, startsWith, endsWith, equalTo
val df = spark.read.json("@DATA@/users.json")
df.select($"s".isNull, $"s".isNotNull, $"s".like("a%"), $"lang".contains("n"), $"lang".startsWith("e"), $"lang".endsWith("r"), $"id".equalTo(2)).show()
