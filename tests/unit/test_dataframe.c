/* test_dataframe.c — unit tests of the DataFrame layer (kernel/spark/df_*.c, session.c, sql.c,
 * json.c): schema inference and printSchema's tree for nested JSON, show()'s exact table
 * (truncation to 17 + "...", truncate = false, "only showing top N rows", null, structs and
 * arrays, Java doubles), the REPL echo of a DataFrame, and corrupt records. With no display
 * hook in these sessions, show() writes Spark's text to stdout. */
#include "test_spark.h"
#include "spark/sql/dataframe.h"

#include <stdlib.h>
#include <string.h>

#define DOCS                                                                                              \
    "val docs = Seq(\"\"\"{\"id\":1,\"user\":{\"name\":\"alice\",\"friendsCount\":3},\"tags\":[\"x\",\"y\"],"    \
    "\"score\":2.5,\"ok\":true}\"\"\", \"\"\"{\"id\":2,\"user\":{\"name\":\"bob\"},\"text\":\"a line that is "  \
    "longer than twenty characters\"}\"\"\", \"\"\"{\"id\":3,\"score\":1e10,\"nested\":{\"a\":{\"b\":[1,2]}}}\"\"\")\n" \
    "val df = spark.read.json(sc.parallelize(docs))\n"

/* DOCS' printSchema() */
#define DOCS_TREE                                                                                         \
    "root\n"                                                                                            \
    " |-- id: long (nullable = true)\n"                                                                 \
    " |-- nested: struct (nullable = true)\n"                                                           \
    " |    |-- a: struct (nullable = true)\n"                                                           \
    " |    |    |-- b: array (nullable = true)\n"                                                       \
    " |    |    |    |-- element: long (containsNull = true)\n"                                         \
    " |-- ok: boolean (nullable = true)\n"                                                              \
    " |-- score: double (nullable = true)\n"                                                            \
    " |-- tags: array (nullable = true)\n"                                                              \
    " |    |-- element: string (containsNull = true)\n"                                                 \
    " |-- text: string (nullable = true)\n"                                                             \
    " |-- user: struct (nullable = true)\n"                                                             \
    " |    |-- friendsCount: long (nullable = true)\n"                                                  \
    " |    |-- name: string (nullable = true)\n"                                                        \
    "\n"

TEST(df_read_json_schema_and_echo) {
    Sess *s = spark_sess();
    SETUP(s, DOCS);
    RUN(s, "df", "res0: org.apache.spark.sql.DataFrame = [id: bigint, nested: struct<a: struct<b: array<bigint>>> ... 5 more fields]");
    RUN(s, "df.printSchema()",
        DOCS_TREE);
    RUN(s, "val two = df.select(\"id\", \"user\")", "two: org.apache.spark.sql.DataFrame = [id: bigint, user: struct<friendsCount: bigint, name: string>]");
    RUN(s, "df.columns", "res2: Array[String] = Array(id, nested, ok, score, tags, text, user)");
    RUN(s, "two.dtypes", "res3: Array[(String, String)] = Array((id,LongType), (user,StructType(StructField(friendsCount,LongType,true),StructField(name,StringType,true))))");
    RUN(s, "df.count()", "res4: Long = 3");
    spark_sess_free(s);
}

TEST(df_show_nested_and_truncated) {
    Sess *s = spark_sess();
    SETUP(s, DOCS);
    RUN(s, "df.show()",
        "+---+----------+----+------+------+--------------------+-----------+\n"
        "| id|    nested|  ok| score|  tags|                text|       user|\n"
        "+---+----------+----+------+------+--------------------+-----------+\n"
        "|  1|      NULL|true|   2.5|[x, y]|                NULL| {3, alice}|\n"
        "|  2|      NULL|NULL|  NULL|  NULL|a line that is lo...|{NULL, bob}|\n"
        "|  3|{{[1, 2]}}|NULL|1.0E10|  NULL|                NULL|       NULL|\n"
        "+---+----------+----+------+------+--------------------+-----------+\n"
        "\n");
    RUN(s, "df.select(\"id\", \"text\").show(2, false)",
        "+---+--------------------------------------------+\n"
        "|id |text                                        |\n"
        "+---+--------------------------------------------+\n"
        "|1  |NULL                                        |\n"
        "|2  |a line that is longer than twenty characters|\n"
        "+---+--------------------------------------------+\n"
        "only showing top 2 rows\n"
        "\n");
    RUN(s, "df.select(\"id\", \"text\").show(3, 5)",
        "+---+-----+\n"
        "| id| text|\n"
        "+---+-----+\n"
        "|  1| NULL|\n"
        "|  2|a ...|\n"
        "|  3| NULL|\n"
        "+---+-----+\n"
        "\n");
    RUN(s, "df.select(\"id\").show(truncate = false)", "+---+\n|id |\n+---+\n|1  |\n|2  |\n|3  |\n+---+\n\n");
    RUN(s, "df.select(\"id\").show(1)", "+---+\n| id|\n+---+\n|  1|\n+---+\nonly showing top 1 row\n\n");
    RUN(s, "df.select(\"id\").show(0)", "+---+\n| id|\n+---+\n+---+\nonly showing top 0 rows\n\n");
    RUN(s, "df.select(\"id\").show(5, 0, true)",
        "-RECORD 0--\n id  | 1   \n-RECORD 1--\n id  | 2   \n-RECORD 2--\n id  | 3   \n\n");
    spark_sess_free(s);
}

TEST(df_read_json_corrupt_and_empty) {
    Sess *s = spark_sess();
    RUN(s, "val bad = spark.read.json(sc.parallelize(Seq(\"\"\"{\"a\":1}\"\"\", \"not json\", \"  \")))",
        "bad: org.apache.spark.sql.DataFrame = [_corrupt_record: string, a: bigint]");
    RUN(s, "bad.show()",
        "+---------------+----+\n"
        "|_corrupt_record|   a|\n"
        "+---------------+----+\n"
        "|           NULL|   1|\n"
        "|       not json|NULL|\n"
        "+---------------+----+\n\n");
    RUN(s, "spark.read.json(sc.parallelize(Seq[String]())).count()", "res1: Long = 0");
    /* a field that is a number in one document and a string in another becomes a string */
    RUN(s, "spark.read.json(sc.parallelize(Seq(\"\"\"{\"v\":1}\"\"\", \"\"\"{\"v\":\"x\"}\"\"\", \"\"\"{\"v\":2.5}\"\"\"))).collect()",
        "res2: Array[org.apache.spark.sql.Row] = Array([1], [x], [2.5])");
    RUN(s, "spark.read.json(sc.parallelize(Seq(\"\"\"{\"v\":1}\"\"\", \"\"\"{\"v\":2.5}\"\"\"))).collect()",
        "res3: Array[org.apache.spark.sql.Row] = Array([1.0], [2.5])");
    /* one string holding an array of objects is several rows, between the others, in order */
    RUN(s, "spark.read.json(sc.parallelize(Seq(\"\"\"{\"v\":1}\"\"\", \"\"\"[{\"v\":2},{\"v\":3}]\"\"\", \"\"\"{\"v\":4}\"\"\"))).collect()",
        "res4: Array[org.apache.spark.sql.Row] = Array([1], [2], [3], [4])");
    /* what is not JSON text is refused whole: no half-built DataFrame */
    RUN(s, "spark.read.json(sc.parallelize(Seq(\"\"\"{\"v\":1}\"\"\", 2)))",
        "!java.lang.ClassCastException: Int cannot be cast to java.lang.String (spark.read.json reads JSON text: an RDD[String] or Dataset[String])");
    spark_sess_free(s);
}

/* Rows of one-object records are bound straight from the text; the same objects inside arrays go
 * through jansson: both must give the same rows, whatever the type conflicts. */
TEST(df_read_json_direct_rows_equal_parsed_rows) {
    Sess *s = spark_sess();
    SETUP(s, "val docs = Seq("
             "\"\"\"{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":1.5,\"e\":{\"f\":1,\"g\":[1,2]},\"h\":null}\"\"\", "
             "\"\"\"{\"a\":2.5,\"b\":7,\"c\":1,\"d\":3,\"e\":{\"f\":2.5},\"h\":\"s\"}\"\"\", "
             "\"\"\"{\"a\":true,\"b\":{\"z\":[1]},\"c\":false,\"d\":\"no\",\"e\":null,\"h\":[1]}\"\"\", "
             "\"\"\"{\"a\":-9,\"b\":\"caf\\u00e9 \\\"q\\\"\",\"c\":0,\"d\":-1e3,\"a\":4}\"\"\", "
             "\"\"\" {\"b\":[\"x\",{\"y\":1}],\"d\":12345678901234}\t\"\"\", "
             "\"\"\"{}\"\"\", \"\"\"{\"a\":null,\"a\":null}\"\"\")\n"
             "val direct = spark.read.json(sc.parallelize(docs))\n"
             "val parsed = spark.read.json(sc.parallelize(docs.map(d => \"[\" + d + \"]\")))\n");
    RUN(s, "direct.schema.treeString == parsed.schema.treeString", "res0: Boolean = true");
    RUN(s, "direct.collect().mkString(\" | \") == parsed.collect().mkString(\" | \")", "res1: Boolean = true");
    RUN(s, "println(direct.collect().mkString(\" | \"))",
        "[1,x,true,1.5,[1.0,WrappedArray(1, 2)],null] | [2.5,7,1,3,[2.5,null],s] | [true,{\"z\":[1]},false,no,null,[1]] | "
        "[4,café \"q\",0,-1000.0,null,null] | [null,[\"x\",{\"y\":1}],null,12345678901234,null,null] | "
        "[null,null,null,null,null,null] | [null,null,null,null,null,null]\n");
    /* columns of plain types: long, double (from integers too), boolean */
    SETUP(s, "val typed = Seq(\"\"\"{\"l\":1,\"r\":2,\"t\":true}\"\"\", \"\"\"{\"l\":-5,\"r\":2.5,\"t\":false,\"l\":7}\"\"\", "
             "\"\"\"{\"l\":null,\"r\":1e2}\"\"\", \"\"\"{\"l\":9223372036854775807,\"r\":-0.25}\"\"\")\n"
             "val td = spark.read.json(sc.parallelize(typed))\n"
             "val tp = spark.read.json(sc.parallelize(typed.map(d => \"[\" + d + \"]\")))\n");
    RUN(s, "td.collect().mkString(\" | \") == tp.collect().mkString(\" | \")", "res3: Boolean = true");
    RUN(s, "println(td.schema.simpleString + \" \" + td.collect().mkString(\" | \"))",
        "struct<l:bigint,r:double,t:boolean> [1,2.0,true] | [7,2.5,false] | [null,100.0,null] | [9223372036854775807,-0.25,null]\n");
    /* objects in STRUCT columns are bound from the text too, NESTED (4) levels deep, deeper through
     * jansson: missing members, null and empty objects, coercions to string; output is Spark 3.5's */
    SETUP(s, "val nested = Seq(\"\"\"{\"u\":{\"n\":\"a\",\"c\":1,\"d\":{\"x\":1,\"y\":{\"z\":{\"w\":{\"v\":1}}}}},\"k\":1}\"\"\", "
             "\"\"\"{\"u\":{\"n\":\"b\",\"c\":2.5,\"e\":true}}\"\"\", \"\"\"{\"u\":null}\"\"\", \"\"\"{\"u\":{}}\"\"\", "
             "\"\"\"{\"u\":{\"e\":1,\"d\":{\"x\":[1],\"y\":null}}}\"\"\", \"\"\"{\"k\":2}\"\"\")\n"
             "val nd = spark.read.json(sc.parallelize(nested))\n"
             "val np = spark.read.json(sc.parallelize(nested.map(d => \"[\" + d + \"]\")))\n");
    RUN(s, "nd.collect().mkString(\" | \") == np.collect().mkString(\" | \")", "res5: Boolean = true");
    RUN(s, "println(nd.schema.simpleString + \" \" + nd.collect().mkString(\" | \"))",
        "struct<k:bigint,u:struct<c:double,d:struct<x:string,y:struct<z:struct<w:struct<v:bigint>>>>,e:string,n:string>> "
        "[1,[1.0,[1,[[[1]]]],null,a]] | [null,[2.5,null,true,b]] | [null,null] | [null,[null,null,null,null]] | "
        "[null,[null,[[1],null],1,null]] | [2,null]\n");
    /* integers bound from the text: the extremes of a long, signs, zero (Spark 3.5's output) */
    RUN(s, "val big = Seq(\"\"\"{\"l\":-9223372036854775808,\"r\":-0}\"\"\", \"\"\"{\"l\":-12,\"r\":7}\"\"\", \"\"\"{\"l\":0,\"r\":-3}\"\"\")\n"
           "spark.read.json(sc.parallelize(big)).collect().mkString(\" \")",
        "big: Seq[String] = List({\"l\":-9223372036854775808,\"r\":-0}, {\"l\":-12,\"r\":7}, {\"l\":0,\"r\":-3})\n"
        "res7: String = [-9223372036854775808,0] [-12,7] [0,-3]");
    /* a repeated key inside an object: its last value, on both paths (as jansson's object keeps it) */
    RUN(s, "val rk = Seq(\"\"\"{\"u\":{\"n\":1,\"m\":2,\"n\":3}}\"\"\")\n"
           "spark.read.json(sc.parallelize(rk)).collect().mkString == spark.read.json(sc.parallelize(rk.map(d => \"[\" + d + \"]\"))).collect().mkString",
        "rk: Seq[String] = List({\"u\":{\"n\":1,\"m\":2,\"n\":3}})\nres8: Boolean = true");
    /* an object's members in another order from record to record, or missing: each to its field */
    RUN(s, "spark.read.json(sc.parallelize(Seq(\"\"\"{\"u\":{\"a\":1,\"b\":2}}\"\"\", \"\"\"{\"u\":{\"b\":3,\"a\":4}}\"\"\", "
           "\"\"\"{\"u\":{\"b\":5}}\"\"\", \"\"\"{\"u\":{\"c\":6,\"a\":7}}\"\"\"))).collect().mkString(\" \")",
        "res9: String = [[1,2,null]] [[4,3,null]] [[null,5,null]] [[7,null,6]]");
    spark_sess_free(s);
}

/* The table a DataFrame val reads (its only one), and whether it is loaded yet. */
static DfTable *table_of(Sess *s, const char *val) {
    Value v;
    CHECK(interp_lookup_global(s->I, val, &v));
    DataFrame *df = df_get(v);
    CHECK(df && df->ntables == 1);
    return df && df->ntables == 1 ? df->tables[0] : NULL;
}
static char *table_columns(DfTable *t) {   /* as DuckDB has them: c0 BIGINT, c1 STRUCT(…) */
    DfCursor c;
    char *err = NULL;
    StrBuf q = {0}, b = {0};
    sb_printf(&q, "SELECT column_name || ' ' || data_type FROM duckdb_columns() WHERE table_name = '%s' ORDER BY column_index", t->name);
    CHECK(dfc_open(t->st, q.s, &c, &err));
    while (dfc_next(&c)) {
        size_t n;
        const char *x = dfc_text(&c, 0, &n);
        sb_printf(&b, "%s%.*s", b.len ? ", " : "", (int)n, x);
    }
    dfc_close(&c);
    free(err);
    sb_reset(&q);
    return sb_take(&b);
}

/* spark.read.json's rows are loaded when a statement first reads them; a select made before
 * then loads only the columns it reads (of a struct, only the members it names), as Spark's
 * nested schema pruning reads them; the frame itself (printSchema, show, temp views) stays whole. */
TEST(df_select_loads_only_the_columns_it_reads) {
    Sess *s = spark_sess();
    SETUP(s, DOCS "val t = df.select($\"id\", $\"user.name\".as(\"n\"), upper($\"nested.a.b\".cast(\"string\")).as(\"b\"))\n");
    DfTable *whole = table_of(s, "df"), *pruned = table_of(s, "t");
    CHECK(whole && pruned && whole != pruned);
    CHECK(whole->src && pruned->src);   /* neither loaded yet */
    char *cols = table_columns(pruned);
    CHECK_STR(cols, "c0 BIGINT, c1 STRUCT(a STRUCT(b BIGINT[])), c2 STRUCT(\"name\" VARCHAR)");
    free(cols);
    RUN(s, "t.collect().mkString(\" \")", "res0: String = [1,alice,null] [2,bob,null] [3,null,[1, 2]]");
    CHECK(!pruned->src && whole->src);   /* t loaded its table; df's is still to load */
    RUN(s, "df.printSchema()",
        DOCS_TREE);
    CHECK(whole->src);
    /* a temp view of the whole frame sees every column; then a select over the loaded frame
     * reads it (no second load) and gives the same rows */
    RUN(s, "df.createOrReplaceTempView(\"v\")", "");
    CHECK(!whole->src);
    RUN(s, "spark.sql(\"select id, text, user.friendsCount from v order by id\").collect().mkString(\" \")",
        "res3: String = [1,null,3] [2,a line that is longer than twenty characters,null] [3,null,null]");
    RUN(s, "val u = df.select($\"id\", $\"user.name\".as(\"n\"), upper($\"nested.a.b\".cast(\"string\")).as(\"b\"))", "u: org.apache.spark.sql.DataFrame = [id: bigint, n: string ... 1 more field]");
    CHECK(table_of(s, "u") == whole);
    RUN(s, "u.collect().mkString(\" \") == t.collect().mkString(\" \")", "res4: Boolean = true");
    /* what a select reads whole: a struct named alone, `*`, SQL text; a frame that is not the read's own */
    SETUP(s, "val d2 = spark.read.json(sc.parallelize(docs))\n"
             "val whole_user = d2.select($\"user\", $\"user.name\")\n"
             "val star = d2.select($\"*\")\n"
             "val sqltext = d2.selectExpr(\"id\")\n"
             "val filtered = d2.filter($\"id\" > 1).select($\"id\")\n");
    cols = table_columns(table_of(s, "whole_user"));
    CHECK_STR(cols, "c0 STRUCT(friendsCount BIGINT, \"name\" VARCHAR)");
    free(cols);
    DfTable *d2 = table_of(s, "d2");
    CHECK(table_of(s, "star") == d2 && table_of(s, "sqltext") == d2 && table_of(s, "filtered") == d2);
    RUN(s, "filtered.collect().mkString(\" \") + \" \" + whole_user.collect().mkString(\" \")",
        "res5: String = [2] [3] [[3,alice],alice] [[null,bob],bob] [null,null]");
    /* the whole frame after its select was loaded: all its columns, the same rows */
    SETUP(s, "val d3 = spark.read.json(sc.parallelize(docs))\nval i3 = d3.select(\"id\")\n");
    RUN(s, "i3.count() + \" \" + (d3.collect().mkString(\" \") == df.collect().mkString(\" \"))", "res6: String = 3 true");
    spark_sess_free(s);
}

#define TWEETS                                                                                               \
    "val docs = Seq(\"\"\"{\"id\":1,\"lang\":\"en\",\"user\":{\"name\":\"alice\",\"followers\":10},\"rt\":3}\"\"\", " \
    "\"\"\"{\"id\":2,\"lang\":\"fr\",\"user\":{\"name\":\"bob\",\"followers\":20},\"rt\":0}\"\"\", "                 \
    "\"\"\"{\"id\":3,\"lang\":\"en\",\"user\":{\"name\":\"carol\",\"followers\":30},\"rt\":7}\"\"\", "                \
    "\"\"\"{\"id\":4,\"user\":{\"name\":\"dave\",\"followers\":5},\"rt\":1}\"\"\")\n"                                 \
    "val df = spark.read.json(sc.parallelize(docs))\n"

#define ROWS "Array[org.apache.spark.sql.Row] = "

TEST(df_select_and_filter) {
    Sess *s = spark_sess();
    SETUP(s, TWEETS);
    RUN(s, "df.select(col(\"id\"), col(\"user.name\").as(\"n\"), col(\"user.followers\").alias(\"f\")).collect()",
        "res0: " ROWS "Array([1,alice,10], [2,bob,20], [3,carol,30], [4,dave,5])");
    RUN(s, "df.select(\"user.name\").columns", "res1: Array[String] = Array(name)");
    RUN(s, "df.select($\"id\", $\"user.name\".as(\"user_name\")).columns", "res2: Array[String] = Array(id, user_name)");
    RUN(s, "df.filter(col(\"lang\") === \"en\").select(\"id\").collect()", "res3: " ROWS "Array([1], [3])");
    RUN(s, "df.filter(col(\"lang\") =!= \"en\").select(\"id\").collect()", "res4: " ROWS "Array([2])");
    RUN(s, "df.filter(col(\"lang\").isNull).select(\"id\").collect()", "res5: " ROWS "Array([4])");
    RUN(s, "df.where(col(\"rt\") > 0).filter(col(\"lang\").isNotNull).count()", "res6: Long = 2");
    RUN(s, "df.filter(col(\"user.name\").startsWith(\"c\")).select(\"id\").collect()", "res7: " ROWS "Array([3])");
    RUN(s, "df.filter(col(\"user.name\").contains(\"o\")).select(\"id\").collect()", "res8: " ROWS "Array([2], [3])");
    RUN(s, "df.filter(col(\"user.name\").like(\"%a%\")).select(\"id\").collect()", "res9: " ROWS "Array([1], [3], [4])");
    RUN(s, "df.filter(col(\"lang\").equalTo(\"en\").and(col(\"rt\") >= 7)).select(\"id\").collect()", "res10: " ROWS "Array([3])");
    RUN(s, "df.filter((col(\"rt\") === 0).or(col(\"rt\") === 1)).select(\"id\").collect()", "res11: " ROWS "Array([2], [4])");
    RUN(s, "df.filter(!(col(\"rt\") < 3)).select(\"id\").collect()", "res12: " ROWS "Array([1], [3])");
    /* && and || between Columns are Column methods, as in Spark (not Boolean short-circuits) */
    RUN(s, "df.filter(col(\"lang\") === \"en\" && col(\"rt\") >= 7).select(\"id\").count()", "res13: Long = 1");
    RUN(s, "df.filter(col(\"rt\") === 0 || col(\"rt\") === 1).count()", "res14: Long = 2");
    RUN(s, "df.where(\"user.followers >= 20\").select(\"id\").collect()", "res15: " ROWS "Array([2], [3])");
    RUN(s, "df.select(col(\"id\") / 2, length(col(\"lang\")), upper(col(\"lang\")), col(\"rt\") + 1, lit(\"k\")).show(1)",
        "+--------+------------+-----------+--------+---+\n"
        "|(id / 2)|length(lang)|upper(lang)|(rt + 1)|  k|\n"
        "+--------+------------+-----------+--------+---+\n"
        "|     0.5|           2|         EN|       4|  k|\n"
        "+--------+------------+-----------+--------+---+\n"
        "only showing top 1 row\n\n");
    RUN(s, "(col(\"a\") === 1).toString", "res17: String = (a = 1)");
    RUN(s, "df.select(col(\"nope\"))",
        "!org.apache.spark.sql.catalyst.ExtendedAnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`id`, `rt`, `user`, `lang`].;\n");
    RUN(s, "df.select(col(\"user.nope\"))", "!org.apache.spark.sql.AnalysisException: No such struct field nope in followers, name");
    spark_sess_free(s);
}

TEST(df_group_order_limit) {
    Sess *s = spark_sess();
    SETUP(s, TWEETS);
    RUN(s, "df.groupBy(\"lang\").count().orderBy(\"lang\").collect()", "res0: " ROWS "Array([null,1], [en,2], [fr,1])");
    RUN(s, "df.groupBy(\"lang\").count().printSchema()",
        "root\n |-- lang: string (nullable = true)\n |-- count: long (nullable = false)\n\n");
    RUN(s, "df.groupBy(col(\"lang\")).agg(sum(\"rt\"), avg(\"rt\"), min(\"id\"), max(\"user.followers\"), count(\"id\")).orderBy(desc(\"lang\")).show()",
        "+----+-------+-------+-------+-------------------+---------+\n"
        "|lang|sum(rt)|avg(rt)|min(id)|max(user.followers)|count(id)|\n"
        "+----+-------+-------+-------+-------------------+---------+\n"
        "|  fr|      0|    0.0|      2|                 20|        1|\n"
        "|  en|     10|    5.0|      1|                 30|        2|\n"
        "|NULL|      1|    1.0|      4|                  5|        1|\n"
        "+----+-------+-------+-------+-------------------+---------+\n\n");
    RUN(s, "df.groupBy(\"lang\").sum(\"rt\").orderBy(col(\"lang\").asc).collect()", "res3: " ROWS "Array([null,1], [en,10], [fr,0])");
    RUN(s, "df.groupBy(\"lang\").agg(Map(\"rt\" -> \"max\")).columns", "res4: Array[String] = Array(lang, max(rt))");
    RUN(s, "df.select(count(\"*\"), countDistinct(\"lang\")).columns", "res5: Array[String] = Array(count(1), count(DISTINCT lang))");
    RUN(s, "df.orderBy(col(\"rt\").desc).limit(2).select(\"id\").collect()", "res6: " ROWS "Array([3], [1])");
    RUN(s, "df.sort(\"rt\").select(\"id\").first()", "res7: org.apache.spark.sql.Row = [2]");
    RUN(s, "df.select(\"lang\").distinct().count()", "res8: Long = 3");
    RUN(s, "df.union(df).count()", "res9: Long = 8");
    RUN(s, "df.withColumn(\"double\", col(\"rt\") * 2).select(\"double\").collect()", "res10: " ROWS "Array([6], [0], [14], [2])");
    RUN(s, "df.drop(\"user\").columns", "res11: Array[String] = Array(id, lang, rt)");
    RUN(s, "df.limit(0).isEmpty", "res12: Boolean = true");
    RUN(s, "df.limit(-1)", "!org.apache.spark.sql.AnalysisException: The limit expression must be equal to or greater than 0, but got -1");
    spark_sess_free(s);
}

TEST(df_rows) {
    Sess *s = spark_sess();
    SETUP(s, TWEETS "val r = df.select(col(\"id\"), col(\"user.name\"), col(\"lang\")).collect()(0)\n");
    RUN(s, "r", "res0: org.apache.spark.sql.Row = [1,alice,en]");
    RUN(s, "r(0)", "res1: Long = 1");
    RUN(s, "r.getLong(0) + 1", "res2: Long = 2");
    RUN(s, "r.getString(1)", "res3: String = alice");
    RUN(s, "r.getAs[String](\"lang\")", "res4: String = en");
    RUN(s, "r.getString(0)", "!java.lang.ClassCastException: Long cannot be cast to String");
    RUN(s, "df.select(\"id\").take(2)", "res6: " ROWS "Array([1], [2])");
    RUN(s, "df.filter(col(\"id\") > 9).first()", "!java.util.NoSuchElementException: next on empty iterator");
    RUN(s, "df.select(\"id\", \"user\").toJSON.collect()(0)", "res8: String = {\"id\":1,\"user\":{\"followers\":10,\"name\":\"alice\"}}");
    RUN(s, "spark.read.json(df.toJSON).count()", "res9: Long = 4");
    RUN(s, "spark.createDataFrame(Seq((\"x\", 1L), (\"y\", 2L))).toDF(\"k\", \"v\").collect()", "res10: " ROWS "Array([x,1], [y,2])");
    spark_sess_free(s);
}

static bool is_user(void *ctx, const char *name) { (void)ctx; return !strcmp(name, "user"); }

/* Spark's names of SQL result columns (sql_names.c), as spark-shell 3.5 prints them; text the
 * names parser does not understand keeps its own words. */
TEST(sql_spark_names) {
    static const char *const cases[][2] = {
        {"count(*)", "count(1)"}, {"COUNT(1)", "count(1)"}, {"Avg(n)", "avg(n)"}, {"id+1", "(id + 1)"},
        {"id*2 - 1", "((id * 2) - 1)"}, {"upper(s)", "upper(s)"}, {"cast(id as string)", "id"},
        {"cast(id + 1 as long)", "CAST((id + 1) AS BIGINT)"}, {"user.name", "name"},
        {"v.id", "id"}, {"'x'", "x"}, {"(id)", "id"},
        /* DuckDB's names of result columns */
        {"count_star()", "count(1)"}, {"CAST(id AS VARCHAR)", "id"}, {"CAST('t' AS BOOLEAN)", "true"},
        {"lang = 'en' AND n IS NOT NULL", "((lang = en) AND (n IS NOT NULL))"}, {"a != b", "(NOT (a = b))"},
        {"count(DISTINCT lang)", "count(DISTINCT lang)"}, {"lower(lang) as l", "l"}, {"id AS `y z`", "y z"},
        {"count(*) over ()", "count(*) over ()"}, {"CASE WHEN a THEN 1 END", "CASE WHEN a THEN 1 END"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *n = sql_spark_name(cases[i][0], NULL);
        CHECK_STR(n, cases[i][1]);
        free(n);
    }
    /* a struct's field inside an expression keeps its path; a qualified column does not */
    static const char *const structs[][2] = {
        {"upper(\"user\".\"name\")", "upper(user.name)"}, {"upper(t.\"user\".\"name\")", "upper(user.name)"},
        {"upper(v.lang)", "upper(lang)"}, {"user.name", "name"},
    };
    for (size_t i = 0; i < sizeof structs / sizeof structs[0]; i++) {
        char *n = sql_spark_name_in(structs[i][0], NULL, is_user, NULL);
        CHECK_STR(n, structs[i][1]);
        free(n);
    }
    size_t len;
    char *n = sql_spark_name("id + 1 AS x", &len);
    CHECK_STR(n, "x");
    CHECK_EQ_INT((int)len, 7);
    free(n);
}

/* functions of several arguments, explode and the collect_* aggregates: Spark 3.5's column names
 * and values (spark-shell 3.5.5 printed the same names and the same first row for these calls). */
TEST(df_functions_nary) {
    Sess *s = spark_sess();
    RUN(s, "import org.apache.spark.sql.functions._\n"
           "val df = spark.createDataFrame(Seq((1L, \"a,b\", Seq(\"x\",\"y\")), (2L, \"c\", Seq(\"z\")))).toDF(\"id\", \"s\", \"tags\")",
        "import org.apache.spark.sql.functions._\ndf: org.apache.spark.sql.DataFrame = [id: bigint, s: string ... 1 more field]");
    RUN(s, "df.select($\"id\", explode($\"tags\").as(\"t\")).show()",
        "+---+---+\n| id|  t|\n+---+---+\n|  1|  x|\n|  1|  y|\n|  2|  z|\n+---+---+\n\n");
    RUN(s, "df.select(size($\"tags\"), split($\"s\", \",\"), regexp_replace($\"s\", \",\", \"-\"), substring($\"s\", 1, 2), "
           "round(lit(2.567), 1), round(lit(2.5)), coalesce($\"s\", lit(\"z\")), array_contains($\"tags\", \"x\")).limit(1).show()",
        "+----------+---------------+--------------------------+------------------+---------------+-------------+--------------+-----------------------+\n"
        "|size(tags)|split(s, ,, -1)|regexp_replace(s, ,, -, 1)|substring(s, 1, 2)|round(2.567, 1)|round(2.5, 0)|coalesce(s, z)|array_contains(tags, x)|\n"
        "+----------+---------------+--------------------------+------------------+---------------+-------------+--------------+-----------------------+\n"
        "|         2|         [a, b]|                       a-b|                a,|            2.6|          3.0|           a,b|                   true|\n"
        "+----------+---------------+--------------------------+------------------+---------------+-------------+--------------+-----------------------+\n\n");
    RUN(s, "df.select(when($\"id\" === 1, \"one\").otherwise(\"other\"), when($\"id\" > 1, 10)).show()",
        "+------------------------------------------+------------------------------+\n"
        "|CASE WHEN (id = 1) THEN one ELSE other END|CASE WHEN (id > 1) THEN 10 END|\n"
        "+------------------------------------------+------------------------------+\n"
        "|                                       one|                          NULL|\n"
        "|                                     other|                            10|\n"
        "+------------------------------------------+------------------------------+\n\n");
    RUN(s, "df.filter($\"id\" === 1).groupBy().agg(collect_list($\"s\"), collect_set($\"id\")).show()",
        "+---------------+---------------+\n|collect_list(s)|collect_set(id)|\n+---------------+---------------+\n"
        "|          [a,b]|            [1]|\n+---------------+---------------+\n\n");
    RUN(s, "df.select(size($\"tags\")).printSchema()", "root\n |-- size(tags): integer (nullable = false)\n\n");
    spark_sess_free(s);
}
