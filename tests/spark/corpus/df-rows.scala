// source: docs/dataframes.md
// covers: Row access: get, getLong, getString, getAs, isNullAt, length, toSeq, mkString
val df = spark.read.json("@DATA@/users.json")
val r = df.select("id", "lang", "n").orderBy("id").collect()
r(0).getLong(0)
r(0).getString(1)
r(1).isNullAt(2)
r(0).getAs[Long]("id")
r(0).length
r(0).toSeq
r(0).mkString(",")
r(2).get(2)
