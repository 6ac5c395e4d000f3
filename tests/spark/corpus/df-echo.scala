// source: docs/dataframes.md
// covers: the REPL echo of DataFrames (first fields, ... N more fields)
val df = spark.read.json("@DATA@/users.json")
val two = df.select("id", "lang")
val three = df.select("id", "lang", "n")
