// source: docs/dataframes.md
// covers: describe() and describe(cols)
val df = spark.read.json("@DATA@/users.json")
df.describe("id", "n").show()
