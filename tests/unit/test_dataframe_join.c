/* test_dataframe_join.c — unit tests of DataFrame joins (df_join.c) and user-defined functions
 * (df_udf.c): every expected text below is what spark-shell 3.5.5 printed for the same statements
 * (the DataFrames built with Seq(...).toDF there). */
#include "test_spark.h"

#define JOIN_SETUP                                                                                       \
    "val a = spark.createDataFrame(Seq((1, \"x\", 10L), (2, \"y\", 20L), (3, \"z\", 30L))).toDF(\"id\", \"s\", \"n\")\n" \
    "val b = spark.createDataFrame(Seq((1, \"p\", 1.5), (3, \"q\", 2.5), (4, \"r\", 3.5))).toDF(\"id\", \"t\", \"d\")\n" \
    "val c = spark.createDataFrame(Seq((Some(1), \"x\"), (None, \"w\"), (Some(5), \"v\"))).toDF(\"k\", \"s\")\n"

/* using columns first, then the left's other columns, then the right's; nullability by join type;
 * a condition keeps both sides; a("id") / b("id") find their side after the join */
TEST(df_join_as_spark) {
    Sess *s = spark_sess();
    SETUP(s, JOIN_SETUP);
    RUN(s, "a.join(b, \"id\").orderBy(\"id\").show()",
        "+---+---+---+---+---+\n| id|  s|  n|  t|  d|\n+---+---+---+---+---+\n|  1|  x| 10|  p|1.5|\n|  3|  z| 30|  q|2.5|\n+---+---+---+---+---+\n\n");
    RUN(s, "a.join(b, Seq(\"id\"), \"left\").printSchema()",
        "root\n |-- id: integer (nullable = false)\n |-- s: string (nullable = true)\n |-- n: long (nullable = false)\n |-- t: string (nullable = true)\n |-- d: double (nullable = true)\n\n");
    RUN(s, "a.join(b, Seq(\"id\"), \"right\").orderBy(\"id\").show()",
        "+---+----+----+---+---+\n| id|   s|   n|  t|  d|\n+---+----+----+---+---+\n|  1|   x|  10|  p|1.5|\n|  3|   z|  30|  q|2.5|\n|  4|NULL|NULL|  r|3.5|\n+---+----+----+---+---+\n\n");
    RUN(s, "a.join(b, Seq(\"id\"), \"full\").orderBy(\"id\").show()",
        "+---+----+----+----+----+\n| id|   s|   n|   t|   d|\n+---+----+----+----+----+\n|  1|   x|  10|   p| 1.5|\n|  2|   y|  20|NULL|NULL|\n|  3|   z|  30|   q| 2.5|\n|  4|NULL|NULL|   r| 3.5|\n+---+----+----+----+----+\n\n");
    RUN(s, "a.join(b, Seq(\"id\"), \"full\").printSchema()",
        "root\n |-- id: integer (nullable = true)\n |-- s: string (nullable = true)\n |-- n: long (nullable = true)\n |-- t: string (nullable = true)\n |-- d: double (nullable = true)\n\n");
    RUN(s, "a.join(b, Seq(\"id\"), \"left_semi\").orderBy(\"id\").show()",
        "+---+---+---+\n| id|  s|  n|\n+---+---+---+\n|  1|  x| 10|\n|  3|  z| 30|\n+---+---+---+\n\n");
    RUN(s, "a.join(b, Seq(\"id\"), \"anti\").orderBy(\"id\").show()",
        "+---+---+---+\n| id|  s|  n|\n+---+---+---+\n|  2|  y| 20|\n+---+---+---+\n\n");
    RUN(s, "a.join(b, a(\"id\") === b(\"id\"), \"right\").orderBy(b(\"id\")).show()",
        "+----+----+----+---+---+---+\n|  id|   s|   n| id|  t|  d|\n+----+----+----+---+---+---+\n|   1|   x|  10|  1|  p|1.5|\n|   3|   z|  30|  3|  q|2.5|\n|NULL|NULL|NULL|  4|  r|3.5|\n+----+----+----+---+---+---+\n\n");
    RUN(s, "a.join(b, a(\"id\") === b(\"id\"), \"right\").printSchema()",
        "root\n |-- id: integer (nullable = true)\n |-- s: string (nullable = true)\n |-- n: long (nullable = true)\n |-- id: integer (nullable = false)\n |-- t: string (nullable = true)\n |-- d: double (nullable = false)\n\n");
    RUN(s, "a.join(b, a(\"id\") === b(\"id\"), \"full\").orderBy(a(\"id\"), b(\"id\")).show()",
        "+----+----+----+----+----+----+\n|  id|   s|   n|  id|   t|   d|\n+----+----+----+----+----+----+\n|NULL|NULL|NULL|   4|   r| 3.5|\n|   1|   x|  10|   1|   p| 1.5|\n|   2|   y|  20|NULL|NULL|NULL|\n|   3|   z|  30|   3|   q| 2.5|\n+----+----+----+----+----+----+\n\n");
    RUN(s, "a.join(b, a(\"id\") < b(\"id\"), \"inner\").orderBy(a(\"id\"), b(\"id\")).show()",
        "+---+---+---+---+---+---+\n| id|  s|  n| id|  t|  d|\n+---+---+---+---+---+---+\n|  1|  x| 10|  3|  q|2.5|\n|  1|  x| 10|  4|  r|3.5|\n|  2|  y| 20|  3|  q|2.5|\n|  2|  y| 20|  4|  r|3.5|\n|  3|  z| 30|  4|  r|3.5|\n+---+---+---+---+---+---+\n\n");
    RUN(s, "a.crossJoin(b).orderBy(a(\"id\"), b(\"id\")).show()",
        "+---+---+---+---+---+---+\n| id|  s|  n| id|  t|  d|\n+---+---+---+---+---+---+\n|  1|  x| 10|  1|  p|1.5|\n|  1|  x| 10|  3|  q|2.5|\n|  1|  x| 10|  4|  r|3.5|\n|  2|  y| 20|  1|  p|1.5|\n|  2|  y| 20|  3|  q|2.5|\n|  2|  y| 20|  4|  r|3.5|\n|  3|  z| 30|  1|  p|1.5|\n|  3|  z| 30|  3|  q|2.5|\n|  3|  z| 30|  4|  r|3.5|\n+---+---+---+---+---+---+\n\n");
    RUN(s, "a.join(b, a(\"id\") === b(\"id\")).select(a(\"id\"), b(\"t\")).orderBy(a(\"id\")).show()",
        "+---+---+\n| id|  t|\n+---+---+\n|  1|  p|\n|  3|  q|\n+---+---+\n\n");
    RUN(s, "a.join(b, a(\"id\") === b(\"id\")).select(\"id\").show()",
        "!org.apache.spark.sql.AnalysisException: [AMBIGUOUS_REFERENCE] Reference `id` is ambiguous, could be: [`id`, `id`].");
    RUN(s, "a.join(b, Seq(\"id\"), \"bogus\").show()",
        "!java.lang.IllegalArgumentException: Unsupported join type 'bogus'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.");
    RUN(s, "a.join(b, Seq(\"nope\")).show()",
        "!org.apache.spark.sql.AnalysisException: [UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `nope` cannot be resolved on the left side of the join. The left-side columns: [`id`, `n`, `s`].");
    RUN(s, "a.join(c, Seq(\"s\"), \"full\").orderBy(\"s\").show()",
        "+---+----+----+----+\n|  s|  id|   n|   k|\n+---+----+----+----+\n|  v|NULL|NULL|   5|\n|  w|NULL|NULL|NULL|\n|  x|   1|  10|   1|\n|  y|   2|  20|NULL|\n|  z|   3|  30|NULL|\n+---+----+----+----+\n\n");
    RUN(s, "a.join(b, a(\"id\") === b(\"id\"), \"inner\").join(c, a(\"s\") === c(\"s\")).orderBy(a(\"id\")).show()",
        "+---+---+---+---+---+---+---+---+\n| id|  s|  n| id|  t|  d|  k|  s|\n+---+---+---+---+---+---+---+---+\n|  1|  x| 10|  1|  p|1.5|  1|  x|\n+---+---+---+---+---+---+---+---+\n\n");
    spark_sess_free(s);
}

/* udf(lambda): a DuckDB function calling the lambda; Spark's names UDF(a), name(a) (withName,
 * spark.udf.register), types and nullability (primitive results not nullable); null reaches a
 * String parameter and makes a primitive one's result null */
TEST(df_udf_as_spark) {
    Sess *s = spark_sess();
    SETUP(s, JOIN_SETUP
    "val f = udf((s: String) => s.length)\n"
    "val g = udf((x: Int, y: Long) => x + y)\n"
    "val up = udf((s: String) => s.toUpperCase)\n"
    "val h = udf((d: Double) => d * 2)\n"
    "val nn = udf((s: String) => if (s == null) \"none\" else s)\n"
    "val fk = udf((k: Int) => k * 10)\n"
    "val named = udf((s: String) => s + \"!\").withName(\"bang\")\n"
    "spark.udf.register(\"plus1\", (x: Int) => x + 1)\n"
    "a.createOrReplaceTempView(\"ta\")\n"
    "spark.udf.register(\"sq\", (d: Double) => d * d)\n"
    "spark.udf.register(\"strlen\", (s: String) => s.length)\n");
    RUN(s, "a.select(f($\"s\")).show()",
        "+------+\n|UDF(s)|\n+------+\n|     1|\n|     1|\n|     1|\n+------+\n\n");
    RUN(s, "a.select(f($\"s\")).printSchema()",
        "root\n |-- UDF(s): integer (nullable = false)\n\n");
    RUN(s, "a.select(f(col(\"s\")).as(\"len\")).show()",
        "+---+\n|len|\n+---+\n|  1|\n|  1|\n|  1|\n+---+\n\n");
    RUN(s, "a.select(g($\"id\", $\"n\")).show()",
        "+----------+\n|UDF(id, n)|\n+----------+\n|        11|\n|        22|\n|        33|\n+----------+\n\n");
    RUN(s, "a.select(g($\"id\", $\"n\")).printSchema()",
        "root\n |-- UDF(id, n): long (nullable = false)\n\n");
    RUN(s, "a.withColumn(\"l\", f($\"s\")).show()",
        "+---+---+---+---+\n| id|  s|  n|  l|\n+---+---+---+---+\n|  1|  x| 10|  1|\n|  2|  y| 20|  1|\n|  3|  z| 30|  1|\n+---+---+---+---+\n\n");
    RUN(s, "a.select(up($\"s\"), f($\"s\")).show()",
        "+------+------+\n|UDF(s)|UDF(s)|\n+------+------+\n|     X|     1|\n|     Y|     1|\n|     Z|     1|\n+------+------+\n\n");
    RUN(s, "a.filter(f($\"s\") === 1).count()",
        "res11: Long = 3");
    RUN(s, "b.select(h($\"d\")).show()",
        "+------+\n|UDF(d)|\n+------+\n|   3.0|\n|   5.0|\n|   7.0|\n+------+\n\n");
    RUN(s, "c.select(nn($\"s\"), $\"k\").show()",
        "+------+----+\n|UDF(s)|   k|\n+------+----+\n|     x|   1|\n|     w|NULL|\n|     v|   5|\n+------+----+\n\n");
    RUN(s, "c.select(fk($\"k\")).show()",
        "+------+\n|UDF(k)|\n+------+\n|    10|\n|  NULL|\n|    50|\n+------+\n\n");
    RUN(s, "a.select(named($\"s\")).show()",
        "+-------+\n|bang(s)|\n+-------+\n|     x!|\n|     y!|\n|     z!|\n+-------+\n\n");
    RUN(s, "spark.sql(\"select plus1(id), plus1(id) as q, s from ta\").show()",
        "+---------+---+---+\n|plus1(id)|  q|  s|\n+---------+---+---+\n|        2|  2|  x|\n|        3|  3|  y|\n|        4|  4|  z|\n+---------+---+---+\n\n");
    RUN(s, "spark.sql(\"select sq(d) from (select 1.5 as d)\").show()",
        "+-----+\n|sq(d)|\n+-----+\n| 2.25|\n+-----+\n\n");
    RUN(s, "spark.sql(\"select strlen(s) from ta\").show()",
        "+---------+\n|strlen(s)|\n+---------+\n|        1|\n|        1|\n|        1|\n+---------+\n\n");
    RUN(s, "f",
        "res19: org.apache.spark.sql.expressions.UserDefinedFunction = SparkUserDefinedFunction($Lambda$<id>,IntegerType,List(Some(class[value[0]: string])),Some(class[value[0]: int]),None,false,true)");
    RUN(s, "udf((x: Seq[Int]) => x.size)",
        "!java.lang.UnsupportedOperationException: udf: the function's type Seq[Int] => Int is not one this kernel runs in SQL: up to 3 parameters and a result of String, Int, Long, Double or Boolean, with the parameters' types written ((s: String) => s.length)");
    spark_sess_free(s);
}
