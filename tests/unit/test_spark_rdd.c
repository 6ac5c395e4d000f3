/* test_spark_rdd.c — unit tests of the RDDs and the SparkContext (kernel/spark/core/rdd.c,
 * context.c) as a foreachRDD body uses them: sc.parallelize's slices as Spark cuts them, the
 * actions (count, isEmpty, collect, take, first, reduce, countByValue, top, foreach,
 * foreachPartition) and transformations (map, filter, flatMap, sortBy, distinct, union, the joins and cogroup), the
 * errors of empty RDDs, and accumulators (sc.accumulator += and printing, sc.longAccumulator);
 * Spark's and Kafka's exception classes. */
#include "test_spark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define P(src) "val r = sc.parallelize(" src ")\n"

TEST(rdd_parallelize_slices) {
    Sess *s = spark_sess();
    /* Spark's ParallelCollectionRDD.slice: partition i holds [i*n/k, (i+1)*n/k) */
    RUN(s, "sc.parallelize(1 to 10, 3).glom().collect()",
        "res0: Array[Array[Int]] = Array(Array(1, 2, 3), Array(4, 5, 6), Array(7, 8, 9, 10))");
    RUN(s, "sc.parallelize(Seq(1, 2, 3, 4, 5), 2).glom().collect()", "res1: Array[Array[Int]] = Array(Array(1, 2), Array(3, 4, 5))");
    RUN(s, "println(sc.parallelize(Seq(1, 2), 4).glom().collect().map(_.mkString(\"[\", \",\", \"]\")).mkString)", "[][1][][2]\n");
    /* without a count: sc.defaultParallelism (2 in these tests) */
    RUN(s, "println(sc.defaultParallelism + \" \" + sc.parallelize(1 to 7).getNumPartitions + \" \" + sc.makeRDD(Seq(1)).getNumPartitions)", "2 2 2\n");
    RUN(s, "sc.parallelize(1 to 3, 0)", "!java.lang.IllegalArgumentException: Positive number of partitions required");
    spark_sess_free(s);
}

TEST(rdd_actions) {
    Sess *s = spark_sess();
    SETUP(s, P("Seq(3, 1, 4, 1, 5, 9, 2, 6), 3"));
    RUN(s, "r.count()", "res0: Long = 8");
    RUN(s, "r.isEmpty()", "res1: Boolean = false");
    RUN(s, "r.collect()", "res2: Array[Int] = Array(3, 1, 4, 1, 5, 9, 2, 6)");
    RUN(s, "r.take(3)", "res3: Array[Int] = Array(3, 1, 4)");
    RUN(s, "r.take(100).length", "res4: Int = 8");
    RUN(s, "r.first()", "res5: Int = 3");
    RUN(s, "r.reduce(_ + _)", "res6: Int = 31");
    RUN(s, "r.top(3)", "res7: Array[Int] = Array(9, 6, 5)");
    RUN(s, "r.countByValue().toSeq.sorted.mkString(\" \")", "res8: String = (1,2) (2,1) (3,1) (4,1) (5,1) (6,1) (9,1)");
    RUN(s, "r.sortBy(x => x).collect()", "res9: Array[Int] = Array(1, 1, 2, 3, 4, 5, 6, 9)");
    RUN(s, "r.sortBy(x => -x).first()", "res10: Int = 9");
    RUN(s, "r.sortBy(x => x, false).take(2)", "res11: Array[Int] = Array(9, 6)");
    spark_sess_free(s);
}

TEST(rdd_transformations) {
    Sess *s = spark_sess();
    SETUP(s, P("Seq(\"a b\", \"c\", \"b a\"), 2"));
    RUN(s, "r.map(_.length).collect()", "res0: Array[Int] = Array(3, 1, 3)");
    RUN(s, "r.filter(_.contains(\"a\")).collect()", "res1: Array[String] = Array(a b, b a)");
    RUN(s, "r.flatMap(_.split(\" \")).collect()", "res2: Array[String] = Array(a, b, c, b, a)");
    RUN(s, "r.flatMap(_.split(\" \")).distinct().collect().sorted", "res3: Array[String] = Array(a, b, c)");
    RUN(s, "r.union(sc.parallelize(Seq(\"d\"), 1)).collect()", "res4: Array[String] = Array(a b, c, b a, d)");
    RUN(s, "r.union(sc.parallelize(Seq(\"d\"), 1)).getNumPartitions", "res5: Int = 3");
    RUN(s, "r.map(_.length).getNumPartitions", "res6: Int = 2");
    spark_sess_free(s);
}

TEST(rdd_foreach_and_foreach_partition) {
    Sess *s = spark_sess();
    SETUP(s, P("1 to 5, 3"));
    RUN(s, "r.foreach(x => println(x))", "1\n2\n3\n4\n5\n");
    /* one call per partition, each with an iterator over the partition's elements */
    RUN(s, "r.foreachPartition(it => println(\"partition: \" + it.toList.mkString(\",\")))",
        "partition: 1\npartition: 2,3\npartition: 4,5\n");
    RUN(s, "var calls = 0\nr.foreachPartition(it => calls += 1)\ncalls", "calls: Int = 0\nres3: Int = 3");
    spark_sess_free(s);
}

TEST(rdd_empty_errors) {
    Sess *s = spark_sess();
    SETUP(s, P("Seq[Int](), 2"));
    RUN(s, "r.count()", "res0: Long = 0");
    RUN(s, "r.isEmpty()", "res1: Boolean = true");
    RUN(s, "r.take(1).length", "res2: Int = 0");
    RUN(s, "r.first()", "!java.lang.UnsupportedOperationException: empty collection");
    RUN(s, "r.reduce(_ + _)", "!java.lang.UnsupportedOperationException: empty collection");
    RUN(s, "r.top(2).length", "res5: Int = 0");
    RUN(s, "sc.parallelize(1 to 3).repartition(0)", "!java.lang.IllegalArgumentException: requirement failed: Number of partitions (0) must be positive.");
    spark_sess_free(s);
}

TEST(rdd_inside_foreachrdd) {
    Sess *s = spark_sess();
    SETUP(s, "import org.apache.spark.streaming._\nimport org.apache.spark.rdd.RDD\nimport scala.collection.mutable\n"
             "val ssc = new StreamingContext(sc, Seconds(2))\nval q = new mutable.Queue[RDD[String]]()\n"
             "q += sc.makeRDD(Seq(\"b\", \"a\", \"b\", \"c\"), 2)\nq += sc.makeRDD(Seq[String]())\n"
             "ssc.queueStream(q).foreachRDD { rdd =>\n"
             "  if (rdd.isEmpty) println(\"empty batch, count \" + rdd.count())\n"
             "  else {\n"
             "    println(rdd.count() + \" \" + rdd.first() + \" \" + rdd.take(2).mkString(\",\") + \" \" + rdd.collect().mkString(\",\"))\n"
             "    println(rdd.map(_.toUpperCase).filter(_ != \"C\").collect().mkString(\",\") + \" \" + rdd.flatMap(x => Seq(x, x)).count())\n"
             "    println(rdd.reduce(_ + _) + \" \" + rdd.countByValue()(\"b\") + \" \" + rdd.sortBy(x => x).collect().mkString + \" \" + rdd.top(1).mkString)\n"
             "    println(rdd.distinct().count() + \" \" + rdd.union(rdd).count())\n"
             "    rdd.foreachPartition(p => println(\"partition of \" + p.size))\n"
             "  }\n}");
    RUN(s, "ssc.step(2)",
        "4 b b,a b,a,b,c\nB,A,B 8\nbabc 2 abbc c\n3 8\npartition of 2\npartition of 2\nempty batch, count 0\n");
    spark_sess_free(s);
}

TEST(rdd_accumulators) {
    Sess *s = spark_sess();
    SETUP(s, "val n = sc.accumulator(0L, \"Tweets sent\")\nval la = sc.longAccumulator(\"la\")");
    RUN(s, "n += 1\nn += 2\nprintln(n)\nprintln(\"Finished writing \" + n + \" tweets\")\nn.value", "3\nFinished writing 3 tweets\nres4: Long = 3");
    RUN(s, "sc.parallelize(1 to 4, 2).foreach(x => la.add(x))\nprintln(la.value + \" \" + la.sum + \" \" + la.count + \" \" + la.avg)", "10 10 4 2.5\n");
    RUN(s, "println(la.name)", "Some(la)\n");
    spark_sess_free(s);
}

TEST(rdd_joins_and_cogroup) {
    Sess *s = spark_sess();
    SETUP(s, "val a = sc.parallelize(Seq((\"a\", 1), (\"b\", 2), (\"a\", 3), (\"c\", 4)))\n"
             "val b = sc.parallelize(Seq((\"a\", \"x\"), (\"d\", \"y\"), (\"b\", \"z\"), (\"a\", \"w\")))\n"
             "def show[T](r: org.apache.spark.rdd.RDD[T]) = println(r.collect().map(_.toString).sorted.mkString(\" \"))");
    RUN(s, "show(a.join(b))", "(a,(1,w)) (a,(1,x)) (a,(3,w)) (a,(3,x)) (b,(2,z))\n");
    RUN(s, "show(a.leftOuterJoin(b))",
        "(a,(1,Some(w))) (a,(1,Some(x))) (a,(3,Some(w))) (a,(3,Some(x))) (b,(2,Some(z))) (c,(4,None))\n");
    RUN(s, "show(a.rightOuterJoin(b))",
        "(a,(Some(1),w)) (a,(Some(1),x)) (a,(Some(3),w)) (a,(Some(3),x)) (b,(Some(2),z)) (d,(None,y))\n");
    RUN(s, "show(a.fullOuterJoin(b))",
        "(a,(Some(1),Some(w))) (a,(Some(1),Some(x))) (a,(Some(3),Some(w))) (a,(Some(3),Some(x))) "
        "(b,(Some(2),Some(z))) (c,(Some(4),None)) (d,(None,Some(y)))\n");
    /* each side's values in their order; a side without the key has none */
    RUN(s, "show(a.cogroup(b).mapValues { case (v, w) => (v.toList, w.toList) })",
        "(a,(List(1, 3),List(x, w))) (b,(List(2),List(z))) (c,(List(4),List())) (d,(List(),List(y)))\n");
    RUN(s, "a.join(b, 3).getNumPartitions", "res5: Int = 3");
    RUN(s, "a.join(sc.parallelize(Seq[(String, Int)]())).count()", "res6: Long = 0");
    RUN(s, "a.join(sc.parallelize(Seq(1, 2))).count()", "!error: type mismatch: this operation needs an RDD of (key, value) pairs");
    spark_sess_free(s);
}

/* spark-shell 3.5 (run_scala.py, local[2]): groupByKey's and cogroup's values are CompactBuffers,
 * typed Iterable; the echo's element type of outer joins unifies Some and None into Option, and
 * tuples position by position (CompactBuffer() with CompactBuffer(3) is an Iterable[Int]). */
TEST(rdd_compact_buffer_and_pair_types) {
    Sess *s = spark_sess();
    SETUP(s, "val pairs = sc.parallelize(Seq((\"spark\", 1), (\"kafka\", 2), (\"scala\", 3), (\"spark\", 4), (\"jvm\", 5)), 2)\n"
             "val kinds = sc.parallelize(Seq((\"spark\", \"engine\"), (\"kafka\", \"log\"), (\"flink\", \"engine\")), 2)");
    RUN(s, "pairs.groupByKey().collect()",
        "res0: Array[(String, Iterable[Int])] = Array((scala,CompactBuffer(3)), (kafka,CompactBuffer(2)), "
        "(spark,CompactBuffer(1, 4)), (jvm,CompactBuffer(5)))");
    RUN(s, "pairs.cogroup(kinds).collect()",
        "res1: Array[(String, (Iterable[Int], Iterable[String]))] = Array((scala,(CompactBuffer(3),CompactBuffer())), "
        "(flink,(CompactBuffer(),CompactBuffer(engine))), (kafka,(CompactBuffer(2),CompactBuffer(log))), "
        "(spark,(CompactBuffer(1, 4),CompactBuffer(engine))), (jvm,(CompactBuffer(5),CompactBuffer())))");
    RUN(s, "pairs.leftOuterJoin(kinds).collect()",
        "res2: Array[(String, (Int, Option[String]))] = Array((scala,(3,None)), (kafka,(2,Some(log))), "
        "(spark,(1,Some(engine))), (spark,(4,Some(engine))), (jvm,(5,None)))");
    RUN(s, "pairs.fullOuterJoin(kinds).collect()",
        "res3: Array[(String, (Option[Int], Option[String]))] = Array((scala,(Some(3),None)), (flink,(None,Some(engine))), "
        "(kafka,(Some(2),Some(log))), (spark,(Some(1),Some(engine))), (spark,(Some(4),Some(engine))), (jvm,(Some(5),None)))");
    /* a CompactBuffer is a Seq: its transformations build Lists */
    SETUP(s, "val g = pairs.groupByKey().collect().find(_._1 == \"spark\").get._2");
    RUN(s, "g", "res4: Iterable[Int] = CompactBuffer(1, 4)");
    RUN(s, "g.getClass.getName", "res5: String = org.apache.spark.util.collection.CompactBuffer");
    RUN(s, "g.toList", "res6: List[Int] = List(1, 4)");
    RUN(s, "g.sum", "res7: Int = 5");
    RUN(s, "g match { case s: Seq[Int] => \"seq\" case _ => \"other\" }", "res8: String = seq");
    spark_sess_free(s);
}

/* spark-shell 3.5 (run_scala.py, local[2]): cartesian and zip, toDebugString's lineage (a join's
 * CoGroupedRDD and two MapPartitionsRDDs take three ids), cache()'s echo on a name (nums.type),
 * setName, and countByKey's scala.collection.Map. */
TEST(rdd_lineage_cartesian_zip) {
    Sess *s = spark_sess();
    SETUP(s, "val pairs = sc.parallelize(Seq((\"spark\", 1), (\"kafka\", 2), (\"scala\", 3), (\"spark\", 4), (\"jvm\", 5)), 2)\n"
             "val a = sc.parallelize(Seq(1, 2, 3, 4), 2)\nval b = sc.parallelize(Seq(3, 4, 5, 6), 2)\n"
             "def ids(s: String) = s.replaceAll(\"RDD\\\\[\\\\d+\\\\]\", \"RDD[n]\")");
    RUN(s, "a.cartesian(b).collect()", "res0: Array[(Int, Int)] = Array((1,3), (1,4), (2,3), (2,4), (1,5), (1,6), "
        "(2,5), (2,6), (3,3), (3,4), (4,3), (4,4), (3,5), (3,6), (4,5), (4,6))");
    RUN(s, "a.cartesian(b).getNumPartitions", "res1: Int = 4");
    RUN(s, "a.zip(b).collect()", "res2: Array[(Int, Int)] = Array((1,3), (2,4), (3,5), (4,6))");
    RUN(s, "a.zip(sc.parallelize(Seq(1, 2, 3, 4), 3))",
        "!java.lang.IllegalArgumentException: Can't zip RDDs with unequal numbers of partitions: List(2, 3)");
    RUN(s, "a.zip(sc.parallelize(Seq(1, 2, 3), 2))",
        "!org.apache.spark.SparkException: Can only zip RDDs with same number of elements in each partition");
    RUN(s, "println(ids(pairs.reduceByKey(_ + _).mapValues(_ + 1).toDebugString))",
        "(2) MapPartitionsRDD[n] at mapValues at <console>:1 []\n"
        " |  ShuffledRDD[n] at reduceByKey at <console>:1 []\n"
        " +-(2) ParallelCollectionRDD[n] at parallelize at <console>:1 []\n");
    RUN(s, "println(ids(pairs.join(pairs).toDebugString))",
        "(2) MapPartitionsRDD[n] at join at <console>:1 []\n"
        " |  MapPartitionsRDD[n] at join at <console>:1 []\n"
        " |  CoGroupedRDD[n] at join at <console>:1 []\n"
        " +-(2) ParallelCollectionRDD[n] at parallelize at <console>:1 []\n"
        " +-(2) ParallelCollectionRDD[n] at parallelize at <console>:1 []\n");
    RUN(s, "println(ids(a.union(b).toDebugString))",
        "(4) UnionRDD[n] at union at <console>:1 []\n"
        " |  ParallelCollectionRDD[n] at parallelize at <console>:2 []\n"
        " |  ParallelCollectionRDD[n] at parallelize at <console>:3 []\n");
    RUN(s, "a.cache()", "res8: a.type = ParallelCollectionRDD[1] at parallelize at <console>:2");
    RUN(s, "println(ids(a.toDebugString))", "(2) ParallelCollectionRDD[n] at parallelize at <console>:2 [Memory Deserialized 1x Replicated]\n");
    RUN(s, "a.setName(\"numbers\")", "res10: a.type = numbers ParallelCollectionRDD[1] at parallelize at <console>:2");
    RUN(s, "a.name", "res11: String = numbers");
    RUN(s, "pairs.countByKey()", "res12: scala.collection.Map[String,Long] = Map(scala -> 1, kafka -> 1, spark -> 2, jvm -> 1)");
    /* collectAsMap: a mutable.HashMap in its table's order (Scala 2.12's byteswap32 index) */
    RUN(s, "pairs.collectAsMap()", "res13: scala.collection.Map[String,Int] = Map(spark -> 4, scala -> 3, jvm -> 5, kafka -> 2)");
    RUN(s, "pairs.leftOuterJoin(pairs)", "res14: org.apache.spark.rdd.RDD[(String, (Int, Option[Int]))] = "
        "MapPartitionsRDD[16] at leftOuterJoin at <console>:1");
    /* a join makes three RDDs (CoGroupedRDD, MapPartitionsRDD, MapPartitionsRDD), cogroup two */
    RUN(s, "{ val x = sc.parallelize(Seq(1)); (pairs.join(pairs).id - x.id, pairs.cogroup(pairs).id - x.id) }", "res15: (Int, Int) = (3,5)");
    spark_sess_free(s);
}

/* issue 9, defect 12: a password in a Map literal was echoed in clear. The echo masks the values
 * of keys that name secrets, as %kafka does; the value itself and println are unchanged. */
TEST(echo_masks_secret_settings) {
    Sess *S = spark_sess();
    RUN(S, "val m = Map(\"sasl.password\" -> \"hunter2\", \"bootstrap.servers\" -> \"b:9092\")",
        "m: scala.collection.immutable.Map[String,String] = Map(sasl.password -> ********, bootstrap.servers -> b:9092)");
    RUN(S, "m(\"sasl.password\")", "res0: String = hunter2");
    RUN(S, "println(m)", "Map(sasl.password -> hunter2, bootstrap.servers -> b:9092)\n");
    RUN(S, "\"ssl.key.password\" -> \"k\"", "res2: (String, String) = (ssl.key.password,********)");
    RUN(S, "val p = new java.util.Properties()", "p: java.util.Properties = {}");
    sess_run(S, "p.put(\"sasl.jaas.config\", \"PlainLoginModule required username=\\\"u\\\" password=\\\"pw\\\";\")");
    RUN(S, "p", "res4: java.util.Properties = {sasl.jaas.config=PlainLoginModule required username=\"u\" password=\"********\";}");
    RUN(S, "Map(\"user\" -> \"\")", "res5: scala.collection.immutable.Map[String,String] = Map(user -> \"\")");
    spark_sess_free(S);
}

/* sc.textFile of an empty directory: no names to sort (qsort was passed NULL — UBSan). */
/* Spark's and Kafka's exceptions, registered by spark/ (core, sql, kafka/errors.c) */
TEST(spark_and_kafka_exceptions) {
    Sess *s = spark_sess();
    RUN(s, "throw new SparkException(\"s\")", "!org.apache.spark.SparkException: s");
    RUN(s, "new AnalysisException(\"a\").isInstanceOf[Exception]", "res1: Boolean = true");
    RUN(s, "new AnalysisException(\"a\").isInstanceOf[RuntimeException]", "res2: Boolean = false");
    RUN(s, "try { throw new RetriableException(\"r\") } catch { case e: KafkaException => e.toString }",
        "res3: String = org.apache.kafka.common.errors.RetriableException: r");
    RUN(s, "try { throw new org.apache.kafka.common.errors.SerializationException(\"x\") } "
           "catch { case e: KafkaException => e.getClass.getName }",
        "res4: String = org.apache.kafka.common.errors.SerializationException");
    RUN(s, "new org.apache.kafka.common.errors.SerializationException(\"x\").isInstanceOf[ApiException]",
        "res5: Boolean = false");
    RUN(s, "new KafkaException(\"k\").isInstanceOf[RuntimeException]", "res6: Boolean = true");
    spark_sess_free(s);
}

TEST(rdd_textfile_empty_directory) {
    char dir[] = "/tmp/dstream-unit-emptydir-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    Sess *s = spark_sess();
    char code[128];
    snprintf(code, sizeof code, "sc.textFile(\"%s\").count()", dir);
    RUN(s, code, "res0: Long = 0");
    spark_sess_free(s);
    rmdir(dir);
}

/* ---- lazy RDDs (rdd_source.c) ---- */

/* A lazy RDD of JSON documents whose source remembers every partition it gave out, to see
 * whether the reader still holds one when it asks for the next. */
typedef struct { int nparts, per, computes, held_at_compute, fail_at; Value given[8]; } DocSource;
static bool doc_compute(Interp *I, void *ctx, int p, size_t limit, Value *out) {
    (void)limit;
    DocSource *d = ctx;
    d->computes++;
    if (d->fail_at && p == d->fail_at)   /* as a fetch from a broker that is gone */
        return interp_throw(I, "org.apache.spark.SparkException", "Job aborted due to stage failure: partition %d cannot be read", p);
    for (int q = 0; q < d->nparts; q++)   /* partitions given out before, still referenced by the reader */
        if (d->given[q].t != T_UNIT && d->given[q].u.o->rc > 1) d->held_at_compute++;
    val_decref(d->given[p]);
    *out = seq_new(SEQ_LIST, (size_t)d->per);
    for (int i = 0; i < d->per; i++) {
        char doc[64];
        snprintf(doc, sizeof doc, "{\"p\": %d, \"i\": %d, \"s\": \"x%d\"}", p, i, i);
        seq_push(*out, str_cstr(doc));
    }
    val_incref(*out);
    d->given[p] = *out;
    return true;
}
static void doc_free(void *ctx) { (void)ctx; }

TEST(rdd_lazy_read_json_holds_one_partition) {
    Sess *s = spark_sess();
    DocSource d = {.nparts = 4, .per = 50};
    for (int i = 0; i < 8; i++) d.given[i] = v_unit();
    Value rdd = rdd_make_lazy(s->I, "KafkaRDD", "test", d.nparts,
                              &(RddSource){.compute = doc_compute, .free = doc_free, .ctx = &d, .I = s->I});
    interp_register_global(s->I, "docs", rdd, "val docs: RDD[String]", "test documents");
    /* spark.read.json: two passes (schema, rows), a partition at a time, each freed before the
     * next; the rows when the first action reads the table, once */
    RUN(s, "val df = spark.read.json(docs)", "df: org.apache.spark.sql.DataFrame = [i: bigint, p: bigint ... 1 more field]");
    CHECK_EQ_INT(d.computes, d.nparts);
    RUN(s, "df.count()", "res0: Long = 200");
    CHECK_EQ_INT(d.computes, 2 * d.nparts);
    CHECK_EQ_INT(d.held_at_compute, 0);
    RUN(s, "df.groupBy(\"p\").count().orderBy(\"p\").collect().mkString(\" \")", "res1: String = [0,50] [1,50] [2,50] [3,50]");
    CHECK_EQ_INT(d.computes, 2 * d.nparts);
    /* count and isEmpty compute partition by partition too (no count of the source's own) */
    d.computes = 0;
    RUN(s, "docs.count()", "res2: Long = 200");
    RUN(s, "docs.isEmpty", "res3: Boolean = false");
    CHECK_EQ_INT(d.computes, d.nparts + 1);
    CHECK_EQ_INT(d.held_at_compute, 0);
    /* a source that fails in pass 2: the action raises the source's exception, and the next one
     * loads the rows again (none of the failed load's kept) */
    RUN(s, "val again = spark.read.json(docs)", "again: org.apache.spark.sql.DataFrame = [i: bigint, p: bigint ... 1 more field]");
    d.fail_at = 2;
    RUN(s, "again.count()", "!org.apache.spark.SparkException: Job aborted due to stage failure: partition 2 cannot be read");
    RUN(s, "again.show(1)", "!org.apache.spark.SparkException: Job aborted due to stage failure: partition 2 cannot be read");
    d.fail_at = 0;
    RUN(s, "again.count()", "res6: Long = 200");
    RUN(s, "again.select(\"p\").distinct().count()", "res7: Long = 4");
    for (int i = 0; i < 8; i++) { val_decref(d.given[i]); d.given[i] = v_unit(); }
    spark_sess_free(s);
}

/* A lazy RDD whose source knows its counts (as a KafkaRDD's offset ranges) and fails when a
 * partition is computed (as a fetch from a broker that is gone). */
static int failing_computes;
static bool fail_compute(Interp *I, void *ctx, int p, size_t limit, Value *out) {
    (void)ctx; (void)limit; (void)out;
    failing_computes++;
    return interp_throw(I, "org.apache.spark.SparkException", "Job aborted due to stage failure: partition %d cannot be read", p);
}
static int64_t three_each(void *ctx, int p) { (void)ctx; (void)p; return 3; }

TEST(rdd_lazy_counts_without_computing_and_errors_surface_in_the_job) {
    Sess *s = spark_sess();
    Value rdd = rdd_make_lazy(s->I, "KafkaRDD", "test", 2,
                              &(RddSource){.compute = fail_compute, .count = three_each, .free = doc_free, .I = s->I});
    interp_register_global(s->I, "gone", rdd, "val gone: RDD[String]", "a lazy RDD that cannot be read");
    failing_computes = 0;
    RUN(s, "gone.count()", "res0: Long = 6");
    RUN(s, "gone.isEmpty", "res1: Boolean = false");
    RUN(s, "val m = gone.map(_.toString)", "m: org.apache.spark.rdd.RDD[Any] = MapPartitionsRDD[1] at map at <console>:1");
    CHECK_EQ_INT(failing_computes, 0);
    RUN(s, "spark.read.json(gone)", "!org.apache.spark.SparkException: Job aborted due to stage failure: partition 0 cannot be read");
    RUN(s, "m.count()", "!org.apache.spark.SparkException: Job aborted due to stage failure: partition 0 cannot be read");
    CHECK_EQ_INT(failing_computes, 2);
    spark_sess_free(s);
}

/* A lazy RDD whose source can read its elements' member "value" itself (as a KafkaRDD reads
 * ConsumerRecord.value): its elements are the texts as Strings, its projection counts its calls.
 * One text of each kind spark.read.json treats apart: an object, a corrupt record, an array of
 * objects, a blank line, a null. */
static const char *const proj_texts[2][3] = {{"{\"a\": 1, \"b\": \"x\"}", "{bad", "[{\"a\": 2}, {\"a\": 3, \"b\": \"y\"}]"},
                                             {"  ", NULL, "{\"a\": 4, \"c\": true}"}};
typedef struct { int computes, projects, texts, prefetched[4]; } ProjSource;
static Value proj_part(int p) {
    Value v = seq_new(SEQ_LIST, 3);
    for (int i = 0; i < 3; i++) seq_push(v, proj_texts[p][i] ? str_cstr(proj_texts[p][i]) : v_null());
    return v;
}
static bool proj_compute(Interp *I, void *ctx, int p, size_t limit, Value *out) {
    (void)I; (void)limit;
    ((ProjSource *)ctx)->computes++;
    *out = proj_part(p);
    return true;
}
static int proj_project(Interp *I, void *ctx, int p, size_t limit, const char *member, Value *out) {
    (void)I; (void)limit;
    if (strcmp(member, "value")) return 0;
    ((ProjSource *)ctx)->projects++;
    *out = proj_part(p);
    return 1;
}
static int proj_project_texts(Interp *I, void *ctx, int p, int64_t at, const char *member, RddTexts *out) {
    (void)I;
    if (strcmp(member, "value")) return 0;
    ((ProjSource *)ctx)->texts++;
    int lo = (int)at, hi = at == 0 ? 2 : 3;   /* in two pieces: [0, 2) then [2, 3) */
    out->n = (size_t)(hi - lo);
    out->s = malloc(out->n * sizeof *out->s);
    out->len = malloc(out->n * sizeof *out->len);
    for (int i = lo; i < hi; i++) {
        out->s[i - lo] = proj_texts[p][i];
        out->len[i - lo] = proj_texts[p][i] ? strlen(proj_texts[p][i]) : 0;
    }
    out->next = hi < 3 ? hi : -1;
    return 1;
}
static void proj_prefetch(void *ctx, int p, int64_t at) { (void)at; ((ProjSource *)ctx)->prefetched[p]++; }

TEST(rdd_lazy_map_of_a_member_reads_it_from_the_source) {
    Sess *s = spark_sess();
    ProjSource d = {0};
    Value rdd = rdd_make_lazy(s->I, "KafkaRDD", "test", 2,
                              &(RddSource){.compute = proj_compute, .project = proj_project, .project_texts = proj_project_texts,
                                           .prefetch = proj_prefetch, .free = doc_free, .ctx = &d, .I = s->I});
    rdd_peek(rdd)->elem_type = strdup("org.apache.kafka.clients.consumer.ConsumerRecord[String,String]");   /* for the type checker */
    interp_register_global(s->I, "recs", rdd, "val recs: RDD[ConsumerRecord[String,String]]", "records with a value");
    CHECK(interp_fn_param_member(v_unit()) == NULL);
    /* the same rows whether read from the Strings or from the source's texts */
    ProjSource d2 = {0};   /* the same Strings from a source that only computes them */
    Value strs = rdd_make_lazy(s->I, "KafkaRDD", "test", 2, &(RddSource){.compute = proj_compute, .free = doc_free, .ctx = &d2, .I = s->I});
    interp_register_global(s->I, "strs", strs, "val strs: RDD[String]", "the same texts");
    RUN(s, "val plain = spark.read.json(strs)", "plain: org.apache.spark.sql.DataFrame = [_corrupt_record: string, a: bigint ... 2 more fields]");
    CHECK_EQ_INT(d2.computes, 2);   /* pass 1; pass 2 at the first action */
    RUN(s, "val df = spark.read.json(recs.map(r => r.value))",
        "df: org.apache.spark.sql.DataFrame = [_corrupt_record: string, a: bigint ... 2 more fields]");
    CHECK_EQ_INT(d.texts, 4);   /* pass 1: two partitions in two pieces */
    RUN(s, "df.collect().mkString(\" \") == plain.collect().mkString(\" \")", "res0: Boolean = true");
    CHECK_EQ_INT(d2.computes, 4);
    CHECK_EQ_INT(d.computes, 0);
    CHECK_EQ_INT(d.texts, 8);   /* two passes of two partitions in two pieces, no element made */
    CHECK_EQ_INT(d.prefetched[1], 4);   /* each piece hints the next: both of partition 1 in each pass */
    CHECK_EQ_INT(d.prefetched[0], 3);   /* partition 0's second piece in each pass, its first for pass 2 */
    RUN(s, "df.collect().mkString(\" \")", "res1: String = [null,1,x,null] [{bad,null,null,null] [null,2,null,null] [null,3,y,null] [null,4,null,true]");
    /* map(_.value) reads the member from the source; any other function runs on the elements */
    RUN(s, "recs.map(_.value).count()", "res2: Long = 6");
    CHECK_EQ_INT(d.projects, 2);
    CHECK_EQ_INT(d.computes, 0);
    RUN(s, "recs.map(r => r == null).collect().mkString(\",\")", "res3: String = false,false,false,false,true,false");
    CHECK_EQ_INT(d.computes, 2);
    spark_sess_free(s);
}

/* saveAsTextFile leaves Hadoop's hidden checksum files next to each file, byte for byte as
 * spark-shell 3.5.5 wrote them for this RDD: "crc\0", 512 (bytes per checksum), a CRC-32 per
 * 512-byte chunk, big-endian; the empty _SUCCESS's is the header alone. */
static char *hex_of(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return strdup("(missing)");
    char *s = calloc(1, 4096);
    int ch;
    for (size_t n = 0; (ch = fgetc(f)) != EOF && n < 4000; n += 2) sprintf(s + n, "%02x", ch);
    fclose(f);
    return s;
}
TEST(rdd_save_as_text_file_crc) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("crc");
    char src[600], path[700];
    snprintf(src, sizeof src, "sc.parallelize(1 to 200, 2).map(i => \"line number \" + i).saveAsTextFile(\"%s/nums\")\n"
             "new java.io.File(\"%s/nums\").list.sorted", dir, dir);
    RUN(s, src, "res1: Array[String] = Array(._SUCCESS.crc, .part-00000.crc, .part-00001.crc, _SUCCESS, part-00000, part-00001)");
    static const char *const want[][2] = {
        {"._SUCCESS.crc", "6372630000000200"},
        {".part-00000.crc", "63726300000002001442f97fa44b3a832f7fc79f"},
    };
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/nums/%s", dir, want[i][0]);
        char *h = hex_of(path);
        CHECK_STR(h, want[i][1]);
        free(h);
    }
    /* df.write too: every file of the folder has its hidden .crc (spark-shell: true, Array(._SUCCESS.crc)) */
    snprintf(src, sizeof src, "spark.range(3).toDF(\"id\").write.json(\"%s/js\")\nval d = new java.io.File(\"%s/js\")\n"
             "d.list.filter(n => !n.startsWith(\".\")).forall(n => new java.io.File(d, \".\" + n + \".crc\").isFile)", dir, dir);
    char want_js[700];
    snprintf(want_js, sizeof want_js, "d: java.io.File = %s/js\nres3: Boolean = true", dir);
    RUN(s, src, want_js);
    RUN(s, "d.list.filter(_.startsWith(\"._\"))", "res4: Array[String] = Array(._SUCCESS.crc)");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}
/* A function value's type over Spark's classes: qualified as scalac prints them, the result
 * inferred through the registry's signatures (spark-shell 3.5.5's text, but $Lambda$<id> for
 * its $Lambda$…@hash). */
TEST(lambda_types_over_spark_classes) {
    Sess *s = spark_sess();
    RUN(s, "import org.apache.spark.streaming._\n"
           "val mappingFunc = (word: String, one: Option[Int], state: State[Int]) => {\n"
           "  val sum = one.getOrElse(0) + state.getOption.getOrElse(0)\n"
           "  val output = (word, sum)\n"
           "  state.update(sum)\n"
           "  output\n"
           "}",
        "import org.apache.spark.streaming._\n"
        "mappingFunc: (String, Option[Int], org.apache.spark.streaming.State[Int]) => (String, Int) = $Lambda$<id>");
    SETUP(s, "import org.apache.spark.rdd.RDD\nval x = sc.parallelize(Seq((\"a\", \"b\")))");
    RUN(s, "val f = (rdd: RDD[(String, Int)]) => rdd.join(x)",
        "f: org.apache.spark.rdd.RDD[(String, Int)] => org.apache.spark.rdd.RDD[(String, (Int, String))] = $Lambda$<id>");
    RUN(s, "val g = (rdd: RDD[(String, Int)]) => rdd.map(p => (p._2, p._1)).reduceByKey(_ + _)",
        "g: org.apache.spark.rdd.RDD[(String, Int)] => org.apache.spark.rdd.RDD[(Int, String)] = $Lambda$<id>");
    RUN(s, "val h = (rdd: RDD[String]) => rdd.map(w => (w, 1)).reduceByKey(_ + _)",
        "h: org.apache.spark.rdd.RDD[String] => org.apache.spark.rdd.RDD[(String, Int)] = $Lambda$<id>");
    /* the API the streaming layer types transform(f) with: f's parameter given its argument's type */
    SETUP(s, "val tj: RDD[(String, Int)] => RDD[(String, (Int, String))] = rdd => rdd.join(x)");
    Value fn;
    CHECK(interp_lookup_global(s->I, "tj", &fn));
    const char *arg = "org.apache.spark.rdd.RDD[(String, Int)]";
    char *t = interp_infer_fn_result(s->I, fn, &arg, 1);
    CHECK_STR(t, "RDD[(String, (Int, String))]");
    free(t);
    spark_sess_free(s);
}
