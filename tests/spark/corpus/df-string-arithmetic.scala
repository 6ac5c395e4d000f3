// source: Stack Overflow questions on arithmetic over string columns ($"name" + 1 gives null, not an error)
// covers: + - * / with a string operand (cast to double as Spark does; null where it is no number), the type and nullability, comparisons with a string literal
val people = spark.createDataFrame(Seq(("ann", 31, "7"), ("bob", 22, "x"))).toDF("name", "age", "s")
people.select($"name" + 1, $"s" * 2, $"age" + $"s", $"s" / 2).show()
people.select($"s" + 1).printSchema()
people.select($"age" > "25", $"name" === "ann").show()
