/* test_dataframe_io.c — unit tests of what DataFrames write and share: df.write in Spark's layout
 * (one part-00000-<uuid>-c000.json of JSON lines with nulls omitted, plus _SUCCESS), read back
 * by spark.read.json(dir); the save modes; CSV with a header; Parquet's known-gap error; temp
 * views and spark.sql (struct.field, replacement, Spark's exceptions); and Gson's toJson. */
#include "test_spark.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCS                                                                                           \
    "val df = spark.read.json(sc.parallelize(Seq(\"\"\"{\"id\":1,\"user\":{\"name\":\"a\\\"b\"},\"x\":1.5}\"\"\", " \
    "\"\"\"{\"id\":2,\"tags\":[\"t\"],\"ok\":false}\"\"\")))\n"

/* The names of the files in dir, sorted, joined by spaces, with part files' uuids replaced by U. */
static char *listing(const char *dir, char **part) {
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    char buf[1024] = "";
    *part = NULL;
    for (int i = 0; i < n; i++) {
        const char *nm = ents[i]->d_name;
        if (nm[0] != '.') {
            if (!strncmp(nm, "part-00000-", 11) && strlen(nm) > 11 + 36 + 5 && !strncmp(nm + 47, "-c000.", 6)) {
                if (!*part && asprintf(part, "%s/%s", dir, nm) < 0) *part = NULL;
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%spart-00000-U-c000%s", buf[0] ? " " : "", nm + 11 + 36 + 5);
            } else {
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? " " : "", nm);
            }
        }
        free(ents[i]);
    }
    free(ents);
    return strdup(buf);
}

static char *slurp(const char *path) {
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) return strdup("(missing)");
    char *s = calloc(1, 65536);
    size_t n = fread(s, 1, 65535, f);
    s[n] = 0;
    fclose(f);
    return s;
}

TEST(df_write_json_round_trip) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("dfw");
    char src[1400], out[600];
    SETUP(s, DOCS);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(src, sizeof src, "df.write.mode(\"append\").format(\"json\").save(\"%s\")", out);
    RUN(s, src, "");
    char *part;
    char *names = listing(out, &part);
    CHECK_STR(names, "_SUCCESS part-00000-U-c000.json");
    char *text = slurp(part);
    CHECK_STR(text, "{\"id\":1,\"user\":{\"name\":\"a\\\"b\"},\"x\":1.5}\n{\"id\":2,\"ok\":false,\"tags\":[\"t\"]}\n");
    free(text);
    free(names);
    free(part);
    /* read back: the same schema and rows */
    snprintf(src, sizeof src, "val back = spark.read.json(\"%s\")", out);
    RUN(s, src, "back: org.apache.spark.sql.DataFrame = [id: bigint, ok: boolean ... 3 more fields]");
    RUN(s, "back.collect()", "res1: Array[org.apache.spark.sql.Row] = Array([1,null,null,[a\"b],1.5], [2,false,WrappedArray(t),null,null])");
    /* append adds a second part file; error refuses; ignore does nothing; overwrite replaces */
    snprintf(src, sizeof src, "df.write.mode(\"append\").json(\"file://%s\")", out);
    RUN(s, src, "");
    snprintf(src, sizeof src, "spark.read.json(\"%s\").count()", out);
    RUN(s, src, "res3: Long = 4");
    snprintf(src, sizeof src, "df.write.format(\"json\").save(\"%s\")", out);
    char want[1400];
    snprintf(want, sizeof want, "!org.apache.spark.sql.AnalysisException: [PATH_ALREADY_EXISTS] Path file:%s already exists. Set mode as \"overwrite\" to overwrite the existing path.", out);
    RUN(s, src, want);
    snprintf(src, sizeof src, "df.write.mode(\"ignore\").json(\"%s\")\nspark.read.json(\"%s\").count()", out, out);
    RUN(s, src, "res6: Long = 4");
    snprintf(src, sizeof src, "df.limit(1).write.mode(\"overwrite\").json(\"%s\")\nspark.read.json(\"%s\").count()", out, out);
    RUN(s, src, "res8: Long = 1");
    snprintf(src, sizeof src, "spark.read.json(\"%s/none\")", dir);
    snprintf(want, sizeof want, "!org.apache.spark.sql.AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:%s/none.", dir);
    RUN(s, src, want);
    RUN(s, "df.write.mode(\"sometimes\")",
        "!java.lang.IllegalArgumentException: Unknown save mode: sometimes. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.");
    spark_rmdir(dir);
    free(dir);
    spark_sess_free(s);
}

TEST(df_write_csv_and_parquet) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("dfc");
    char src[1400], out[600];
    SETUP(s, "val df = spark.read.json(sc.parallelize(Seq(\"\"\"{\"id\":1,\"s\":\"a, \\\"q\\\"\"}\"\"\", \"\"\"{\"id\":2,\"d\":2.5}\"\"\")))\n");
    snprintf(out, sizeof out, "%s/csv", dir);
    snprintf(src, sizeof src, "df.write.option(\"header\", \"true\").csv(\"%s\")", out);
    RUN(s, src, "");
    char *part;
    char *names = listing(out, &part);
    CHECK_STR(names, "_SUCCESS part-00000-U-c000.csv");
    char *text = slurp(part);
    CHECK_STR(text, "d,id,s\n,1,\"a, \\\"q\\\"\"\n2.5,2,\n");
    free(text);
    free(names);
    free(part);
    snprintf(out, sizeof out, "%s/p", dir);
    snprintf(src, sizeof src, "df.write.mode(\"overwrite\").format(\"parquet\").save(\"%s\")", out);
    RUN(s, src, "");
    names = listing(out, &part);
    CHECK_STR(names, "_SUCCESS part-00000-U-c000.snappy.parquet");
    free(names);
    free(part);
    snprintf(src, sizeof src, "spark.read.parquet(\"%s\").orderBy(\"id\").collect().mkString(\";\")", out);
    RUN(s, src, "res2: String = [null,1,a, \"q\"];[2.5,2,null]");
    snprintf(src, sizeof src, "df.write.format(\"avro2\").save(\"%s/p\")", dir);
    RUN(s, src, "!java.lang.ClassNotFoundException: Failed to find data source: avro2. The supported formats are parquet, json, csv and text.");
    RUN(s, "spark.read.json(sc.parallelize(Seq(\"\"\"{\"u\":{\"a\":1}}\"\"\"))).write.csv(\"/tmp/never\")",
        "!org.apache.spark.sql.AnalysisException: [UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column `u` of the type \"STRUCT<a: BIGINT>\".");
    spark_rmdir(dir);
    free(dir);
    spark_sess_free(s);
}

TEST(df_views_and_spark_sql) {
    Sess *s = spark_sess();
    SETUP(s, "val df = spark.read.json(sc.parallelize(Seq(\"\"\"{\"id\":1,\"user\":{\"name\":\"a\"}}\"\"\", \"\"\"{\"id\":2,\"user\":{\"name\":\"b\"}}\"\"\")))\n"
             "df.createOrReplaceTempView(\"T\")\n");
    RUN(s, "spark.sql(\"select id, user.name from T order by id desc\").collect()", "res1: Array[org.apache.spark.sql.Row] = Array([2,b], [1,a])");
    RUN(s, "spark.sql(\"select * from T\")", "res2: org.apache.spark.sql.DataFrame = [id: bigint, user: struct<name: string>]");
    RUN(s, "spark.sql(\"select count(*) from T\").show()", "+--------+\n|count(1)|\n+--------+\n|       2|\n+--------+\n\n");
    RUN(s, "spark.table(\"T\").count()", "res4: Long = 2");
    /* replacing the view: readers see the old rows or the new ones */
    RUN(s, "df.filter(col(\"id\") === 1).createOrReplaceTempView(\"T\")\nspark.sql(\"select id from T\").collect()",
        "res6: Array[org.apache.spark.sql.Row] = Array([1])");
    RUN(s, "df.createTempView(\"T\")",
        "!org.apache.spark.sql.catalyst.analysis.TempTableAlreadyExistsException: [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] "
        "Cannot create the temporary view `T` because it already exists.\nChoose a different name, drop or replace the "
        "existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.");
    RUN(s, "spark.sql(\"select * from Nope\")",
        "!org.apache.spark.sql.catalyst.ExtendedAnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `Nope` cannot be found. "
        "Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, "
        "verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the "
        "error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.; line 1 pos 14");
    RUN(s, "spark.sqlContext.sql(\"select id from T\").count()", "res9: Long = 1");
    spark_sess_free(s);
}

TEST(df_gson) {
    Sess *s = spark_sess();
    SETUP(s, "import com.google.gson.{Gson, GsonBuilder}\ncase class U(name: String, n: Int, tags: Seq[String], o: Option[String], z: String)\n");
    RUN(s, "new Gson().toJson(U(\"a<b\", 1, Seq(\"x\"), None, null))", "res0: String = {\"name\":\"a\\u003cb\",\"n\":1,\"tags\":[\"x\"]}");
    RUN(s, "new com.google.gson.Gson().toJson(Map(\"a\" -> 1, \"b\" -> List(1.5, 2.0)))", "res1: String = {\"a\":1,\"b\":[1.5,2.0]}");
    RUN(s, "new Gson().toJson((\"x\", 2))", "res2: String = {\"_1\":\"x\",\"_2\":2}");
    RUN(s, "new Gson().toJson(Some(\"q\"))", "res3: String = \"q\"");
    RUN(s, "new GsonBuilder().create().toJson(Array(1, 2))", "res4: String = [1,2]");
    /* Gson escapes HTML's characters, = and ', U+2028/U+2029 and control characters in lower-case hex */
    RUN(s, "new Gson().toJson(\"a\\u0001\\u001f='&>\\u2028\\u2029\\t\\\"\\\\\")",
        "res5: String = \"a\\u0001\\u001f\\u003d\\u0027\\u0026\\u003e\\u2028\\u2029\\t\\\"\\\\\"");
    spark_sess_free(s);
}

/* partitionBy: one folder per value (escaped as Spark escapes them, null and "" in
 * __HIVE_DEFAULT_PARTITION__) of part-00000-<uuid>.c000.json files without the column; read back,
 * the column comes last with its type inferred from the names; CSV with header and inferSchema;
 * text. Expected texts as spark-shell 3.5.5 printed them for the same statements. */
TEST(df_partitioned_csv_text) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("dfp");
    char src[2400], sub[1200];
    SETUP(s, "val p = spark.read.json(sc.parallelize(Seq(\"\"\"{\"k\":\"a/b=c:d\",\"n\":1,\"x\":1}\"\"\", \"\"\"{\"k\":\"\",\"n\":2,\"x\":2}\"\"\", "
             "\"\"\"{\"k\":\"sp ace%\",\"n\":30000000000,\"x\":3}\"\"\", \"\"\"{\"k\":\"1.5\",\"n\":3,\"x\":4}\"\"\")))\n");
    snprintf(src, sizeof src, "p.write.mode(\"overwrite\").partitionBy(\"k\").json(\"%s/pk\")", dir);
    RUN(s, src, "");
    snprintf(sub, sizeof sub, "%s/pk", dir);
    char *part, *names = listing(sub, &part);
    CHECK_STR(names, "_SUCCESS k=1.5 k=__HIVE_DEFAULT_PARTITION__ k=a%2Fb%3Dc%3Ad k=sp ace%25");
    free(names);
    free(part);
    snprintf(sub, sizeof sub, "%s/pk/k=1.5", dir);
    struct dirent **ents;
    int n = scandir(sub, &ents, NULL, alphasort), files = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = ents[i]->d_name;
        if (nm[0] != '.') {
            CHECK(strlen(nm) == 11 + 36 + 10 && !strncmp(nm, "part-00000-", 11) && !strcmp(nm + 47, ".c000.json"));
            char path[1700];
            snprintf(path, sizeof path, "%s/%s", sub, nm);
            char *text = slurp(path);
            CHECK_STR(text, "{\"n\":3,\"x\":4}\n");
            free(text);
            files++;
        }
        free(ents[i]);
    }
    free(ents);
    CHECK(files == 1);
    snprintf(src, sizeof src, "spark.read.json(\"%s/pk\").orderBy(\"x\").show()", dir);
    RUN(s, src, "+-----------+---+-------+\n|          n|  x|      k|\n+-----------+---+-------+\n|          1|  1|a/b=c:d|\n"
                "|          2|  2|   NULL|\n|30000000000|  3|sp ace%|\n|          3|  4|    1.5|\n+-----------+---+-------+\n\n");
    snprintf(src, sizeof src, "p.write.mode(\"overwrite\").partitionBy(\"k\", \"n\").parquet(\"%s/pq\")\n"
                              "spark.read.parquet(\"%s/pq\").orderBy(\"x\").show()", dir, dir);
    RUN(s, src, "+---+-------+-----------+\n|  x|      k|          n|\n+---+-------+-----------+\n|  1|a/b=c:d|          1|\n"
                "|  2|   NULL|          2|\n|  3|sp ace%|30000000000|\n|  4|    1.5|          3|\n+---+-------+-----------+\n\n");
    snprintf(src, sizeof src, "p.filter(\"x < 3\").write.mode(\"overwrite\").partitionBy(\"n\").json(\"%s/pn\")\n"
                              "spark.read.json(\"%s/pn\").printSchema()", dir, dir);
    RUN(s, src, "root\n |-- k: string (nullable = true)\n |-- x: long (nullable = true)\n |-- n: integer (nullable = true)\n\n");
    snprintf(src, sizeof src, "p.write.partitionBy(\"nope\").json(\"%s/px\")", dir);
    RUN(s, src, "!org.apache.spark.sql.AnalysisException: Partition column `nope` not found in schema struct<k:string,n:bigint,x:bigint>.");
    snprintf(src, sizeof src, "p.select(\"x\").write.partitionBy(\"x\").json(\"%s/px\")", dir);
    RUN(s, src, "!org.apache.spark.sql.AnalysisException: [ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.");
    /* CSV: quotes, backslash escapes, a quote that does not close (kept raw), empty → null */
    snprintf(sub, sizeof sub, "%s/q.csv", dir);
    FILE *f = fopen(sub, "w");
    fputs("a,b,c\n1,\"\",x\n2,,\"q \"\"w\"\"\"\n3,\"a\\\"b\",\n", f);
    fclose(f);
    snprintf(src, sizeof src, "spark.read.option(\"header\", \"true\").csv(\"%s\").show()", sub);
    RUN(s, src, "+---+----+---------+\n|  a|   b|        c|\n+---+----+---------+\n|  1|NULL|        x|\n"
                "|  2|NULL|\"q \"\"w\"\"\"|\n|  3| a\"b|     NULL|\n+---+----+---------+\n\n");
    snprintf(src, sizeof src, "spark.read.option(\"header\", \"true\").option(\"inferSchema\", \"true\").csv(\"%s\").printSchema()", sub);
    RUN(s, src, "root\n |-- a: integer (nullable = true)\n |-- b: string (nullable = true)\n |-- c: string (nullable = true)\n\n");
    snprintf(src, sizeof src, "spark.read.format(\"csv\").load(\"%s\").columns", sub);
    RUN(s, src, "res10: Array[String] = Array(_c0, _c1, _c2)");
    /* text: written one value per line, read as `value` */
    snprintf(src, sizeof src, "p.select(\"k\").write.text(\"%s/t\")\nspark.read.text(\"%s/t\").orderBy(\"value\").show()", dir, dir);
    RUN(s, src, "+-------+\n|  value|\n+-------+\n|       |\n|    1.5|\n|a/b=c:d|\n|sp ace%|\n+-------+\n\n");
    snprintf(src, sizeof src, "p.write.text(\"%s/t2\")", dir);
    RUN(s, src, "!org.apache.spark.sql.AnalysisException: [UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column `n` of the type \"BIGINT\".");
    spark_rmdir(dir);
    free(dir);
    spark_sess_free(s);
}
