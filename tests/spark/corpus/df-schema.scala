// source: docs/dataframes.md
// covers: columns, dtypes, schema, fieldNames, treeString, simpleString
val df = spark.read.json("@DATA@/users.json")
df.columns
df.dtypes
df.schema.fieldNames
println(df.schema.treeString)
df.schema.simpleString
df.schema
