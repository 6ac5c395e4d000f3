// source: the probe of programs as others write them: a typo in a column name (select, filter, agg, df("..."))
// covers: Spark 3.5's UNRESOLVED_COLUMN.WITH_SUGGESTION message and the order of its suggestions (edit distance, ties by name, the first 5; df("x"): schema order)
val people = spark.createDataFrame(Seq(("ann", 31, "eng"))).toDF("name", "age", "dept")
try { people.select("nme"); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
try { people.filter($"agee" > 30); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
try { people.groupBy("dept").agg(sum("salry")); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
try { people("salary"); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
val wide = spark.createDataFrame(Seq((1, 2, 3, 4, 5, 6, 7))).toDF("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta")
try { wide.select("bta"); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
try { wide.select("x"); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
try { wide.select($"Alpha2"); () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
