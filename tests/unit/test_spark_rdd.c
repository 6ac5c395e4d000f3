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
