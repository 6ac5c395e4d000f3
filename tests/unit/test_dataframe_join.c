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
