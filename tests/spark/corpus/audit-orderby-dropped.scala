// source: issue 12's known left-overs (a sort by a column the select dropped)
// covers: orderBy after select on a column only the select's input has (Spark's analyser adds it
//   back below the projection), ascending and descending, beside a kept one
val df = Seq((1,"scala"),(2,"java"),(3,"c")).toDF("id","lang")
df.select("lang").orderBy("id").show()
df.select("lang").orderBy($"id".desc).show()
df.select($"lang", ($"id" * 2).as("x")).orderBy($"id".desc).show()
df.select("lang").orderBy("lang").collect()
