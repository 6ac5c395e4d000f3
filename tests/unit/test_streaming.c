/* test_streaming.c — unit tests of Spark Streaming (kernel/spark/streaming.c, sources.c,
 * checkpoint.c) on the virtual clock: every DStream operation over queueStream inputs with the
 * exact output Spark gives (print's format byte for byte, window contents per slide,
 * reduceByKeyAndWindow with and without the inverse function, updateStateByKey and mapWithState
 * with timeouts), output operations in declaration order, saveAsTextFiles naming, Spark's errors
 * for misuse (durations, checkpoints, contexts), and checkpoint resume across sessions. Also the
 * session helper of test_spark.h. Expected outputs are worked out by hand from Spark's
 * documented semantics (the Streaming Programming Guide and the DStream sources). */
#include "test_spark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the session helper ---- */

Sess *spark_sess(void) {
    Sess *s = sess_new();
    spark_init(s->I);
    spark_conf_set("spark.default.parallelism", "2");
    return s;
}

void spark_sess_free(Sess *s) {
    spark_free(s->I);
    sess_free(s);
}

void spark_setup(Sess *s, const char *src, const char *file, int line) {
    sess_run(s, src);
    if (!s->r.ok) unit_fail(file, line, "set-up failed: %s: %s\n%s", s->r.ename, s->r.evalue, s->out ? s->out : "");
}

char *spark_tmpdir(const char *tag) {
    char *d = NULL;
    if (asprintf(&d, "/tmp/dstream-test-%s-XXXXXX", tag) < 0) return NULL;
    if (!mkdtemp(d)) { free(d); return NULL; }
    return d;
}

void spark_rmdir(const char *dir) {
    char *cmd = NULL;
    if (!dir || strncmp(dir, "/tmp/dstream-test-", 18) != 0) return;
    if (asprintf(&cmd, "rm -rf '%s'", dir) < 0) return;
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return strdup(buf);
}

static void write_file(const char *dir, const char *name, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) { unit_fail(__FILE__, __LINE__, "cannot write %s", path); return; }
    fputs(text, f);
    fclose(f);
}

#define PRE "import org.apache.spark.streaming._\nimport org.apache.spark.rdd.RDD\nimport scala.collection.mutable\n" \
            "val ssc = new StreamingContext(sc, Seconds(1))\n"
#define DASH "-------------------------------------------\n"
#define HDR(t) DASH "Time: " t " ms\n" DASH

/* A cell's stdout with the lines of a stream's print: RUN compares the whole text. */

/* ---- print ---- */

TEST(streaming_print_default_ten) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(1 to 12)\nq += sc.makeRDD(Seq(7))\n"
             "val st = ssc.queueStream(q)\nst.print()");
    RUN(s, "ssc.step(3)",
        HDR("1000") "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n...\n\n"
        HDR("2000") "7\n\n"
        HDR("3000") "\n");
    spark_sess_free(s);
}

TEST(streaming_print_n) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[String]]()\nq += sc.makeRDD(Seq(\"x\", \"y\"))\nq += sc.makeRDD(Seq(\"x\", \"y\", \"z\"))\n"
             "val st = ssc.queueStream(q)\nst.print(2)\nst.print(0)");
    RUN(s, "ssc.step(3)",
        HDR("1000") "x\ny\n\n" HDR("1000") "...\n\n"
        HDR("2000") "x\ny\n...\n\n" HDR("2000") "...\n\n"
        HDR("3000") "\n" HDR("3000") "\n");
    spark_sess_free(s);
}

TEST(streaming_print_values_as_tostring) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[(String, Double)]]()\nq += sc.makeRDD(Seq((\"a\", 1.5), (\"b\", 2.0)))\n"
             "ssc.queueStream(q).print()\nval q2 = new mutable.Queue[RDD[Option[Int]]]()\nq2 += sc.makeRDD(Seq(Some(1), None))\n"
             "ssc.queueStream(q2).print()");
    RUN(s, "ssc.step()", HDR("1000") "(a,1.5)\n(b,2.0)\n\n" HDR("1000") "Some(1)\nNone\n\n");
    spark_sess_free(s);
}

/* ---- element-wise operations ---- */

TEST(streaming_map_flatmap_filter) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[String]]()\n"
             "q += sc.makeRDD(Seq(\"a b\", \"b c\"))\nq += sc.makeRDD(Seq[String]())\nq += sc.makeRDD(Seq(\"c c a\"))\n"
             "val lines = ssc.queueStream(q)\nval words = lines.flatMap(_.split(\" \"))\n"
             "words.print()\nwords.map(_.toUpperCase).print()\nwords.filter(_ != \"b\").print()");
    RUN(s, "ssc.step(3)",
        HDR("1000") "a\nb\nb\nc\n\n" HDR("1000") "A\nB\nB\nC\n\n" HDR("1000") "a\nc\n\n"
        HDR("2000") "\n" HDR("2000") "\n" HDR("2000") "\n"
        HDR("3000") "c\nc\na\n\n" HDR("3000") "C\nC\nA\n\n" HDR("3000") "c\nc\na\n\n");
    spark_sess_free(s);
}

TEST(streaming_count_countbyvalue_reduce) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\n"
             "q += sc.makeRDD(Seq(1, 2, 3))\nq += sc.makeRDD(Seq[Int]())\nq += sc.makeRDD(Seq(4, 4))\n"
             "val st = ssc.queueStream(q)\nst.count().print()\nst.reduce(_ + _).print()\n"
             "st.countByValue().transform(_.sortByKey()).print()");
    /* count: one element per batch, 0 for an empty batch; reduce: none for an empty batch */
    RUN(s, "ssc.step(3)",
        HDR("1000") "3\n\n" HDR("1000") "6\n\n" HDR("1000") "(1,1)\n(2,1)\n(3,1)\n\n"
        HDR("2000") "0\n\n" HDR("2000") "\n" HDR("2000") "\n"
        HDR("3000") "2\n\n" HDR("3000") "8\n\n" HDR("3000") "(4,2)\n\n");
    spark_sess_free(s);
}

TEST(streaming_pair_operations) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[(String, Int)]]()\n"
             "q += sc.makeRDD(Seq((\"a\", 1), (\"b\", 2), (\"a\", 3)))\nq += sc.makeRDD(Seq((\"b\", 5)))\n"
             "val kv = ssc.queueStream(q)\n"
             "kv.reduceByKey(_ + _).transform(_.sortByKey()).print()\n"
             "kv.groupByKey().mapValues(_.toList.sorted).transform(_.sortByKey()).print()\n"
             "kv.mapValues(_ * 10).print()\n"
             "kv.flatMapValues(v => Seq(v, -v)).print()");
    /* makeRDD splits into 2 partitions: [(a,1)] [(b,2), (a,3)]; narrow operations keep that order */
    RUN(s, "ssc.step(2)",
        HDR("1000") "(a,4)\n(b,2)\n\n" HDR("1000") "(a,List(1, 3))\n(b,List(2))\n\n"
        HDR("1000") "(a,10)\n(b,20)\n(a,30)\n\n" HDR("1000") "(a,1)\n(a,-1)\n(b,2)\n(b,-2)\n(a,3)\n(a,-3)\n\n"
        HDR("2000") "(b,5)\n\n" HDR("2000") "(b,List(5))\n\n" HDR("2000") "(b,50)\n\n" HDR("2000") "(b,5)\n(b,-5)\n\n");
    spark_sess_free(s);
}

TEST(streaming_reducebykey_partitions) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[(Int, Int)]]()\nq += sc.makeRDD(Seq((1, 1), (2, 2), (3, 3)))\n"
             "val kv = ssc.queueStream(q)\n"
             "kv.reduceByKey(_ + _, 5).foreachRDD(r => println(r.getNumPartitions + \" \" + r.collect().sorted.mkString(\",\")))\n"
             "kv.groupByKey(3).foreachRDD(r => println(r.getNumPartitions))");
    RUN(s, "ssc.step()", "5 (1,1),(2,2),(3,3)\n3\n");
    spark_sess_free(s);
}

TEST(streaming_union) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q1 = new mutable.Queue[RDD[Int]]()\nval q2 = new mutable.Queue[RDD[Int]]()\n"
             "val q3 = new mutable.Queue[RDD[Int]]()\n"
             "q1 += sc.makeRDD(Seq(1, 2))\nq2 += sc.makeRDD(Seq(10))\nq2 += sc.makeRDD(Seq(20))\nq3 += sc.makeRDD(Seq(100))\n"
             "val a = ssc.queueStream(q1)\nval b = ssc.queueStream(q2)\nval c = ssc.queueStream(q3)\n"
             "a.union(b).print()\nssc.union(Seq(a, b, c)).print()");
    RUN(s, "ssc.step(2)",
        HDR("1000") "1\n2\n10\n\n" HDR("1000") "1\n2\n10\n100\n\n"
        HDR("2000") "20\n\n" HDR("2000") "20\n\n");
    spark_sess_free(s);
}

/* join and its outer forms, cogroup and transformWith: the two streams' RDDs of the same batch
 * (windowed streams: a windowed join, as the Streaming Programming Guide shows) */
TEST(streaming_joins) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q1 = new mutable.Queue[RDD[(String, Int)]]()\nval q2 = new mutable.Queue[RDD[(String, String)]]()\n"
             "q1 += sc.makeRDD(Seq((\"a\", 1), (\"b\", 2)))\nq2 += sc.makeRDD(Seq((\"a\", \"x\"), (\"c\", \"y\")))\n"
             "q1 += sc.makeRDD(Seq((\"c\", 3)))\nq2 += sc.makeRDD(Seq[(String, String)]())\n"
             "val s1 = ssc.queueStream(q1)\nval s2 = ssc.queueStream(q2)\n"
             "def out[T](tag: String, d: org.apache.spark.streaming.dstream.DStream[T]) = "
             "d.foreachRDD((r, t) => println(tag + \" \" + t.milliseconds + \": \" + r.collect().map(_.toString).sorted.mkString(\" \")))\n"
             "out(\"join\", s1.join(s2))\n"
             "out(\"left\", s1.leftOuterJoin(s2))\n"
             "out(\"right\", s1.rightOuterJoin(s2))\n"
             "out(\"full\", s1.window(Seconds(2)).fullOuterJoin(s2.window(Seconds(2))))\n"
             "out(\"cogroup\", s1.cogroup(s2).mapValues { case (v, w) => (v.toList, w.toList) })\n"
             "out(\"with\", s1.transformWith(s2, (x: RDD[(String, Int)], y: RDD[(String, String)]) => x.keys.union(y.keys).distinct()))\n"
             "out(\"with-time\", s1.transformWith(s2, (x: RDD[(String, Int)], y: RDD[(String, String)], t: Time) => x.map(p => t.milliseconds + p._2)))");
    RUN(s, "s1.join(s1.window(Seconds(2), Seconds(2)))", "!java.lang.IllegalArgumentException: Some of the DStreams have different slide durations");
    RUN(s, "ssc.step(2)",
        "join 1000: (a,(1,x))\n"
        "left 1000: (a,(1,Some(x))) (b,(2,None))\n"
        "right 1000: (a,(Some(1),x)) (c,(None,y))\n"
        "full 1000: (a,(Some(1),Some(x))) (b,(Some(2),None)) (c,(None,Some(y)))\n"
        "cogroup 1000: (a,(List(1),List(x))) (b,(List(2),List())) (c,(List(),List(y)))\n"
        "with 1000: a b c\n"
        "with-time 1000: 1001 1002\n"
        "join 2000: \n"
        "left 2000: (c,(3,None))\n"
        "right 2000: \n"
        "full 2000: (a,(Some(1),Some(x))) (b,(Some(2),None)) (c,(Some(3),Some(y)))\n"
        "cogroup 2000: (c,(List(3),List()))\n"
        "with 2000: c\n"
        "with-time 2000: 2003\n");
    spark_sess_free(s);
}

TEST(streaming_transform_both_forms) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(Seq(1, 2))\nq += sc.makeRDD(Seq(3))\n"
             "val st = ssc.queueStream(q)\n"
             "st.transform(rdd => rdd.map(_ * 2)).print()\n"
             "st.transform((rdd, t) => rdd.map(x => s\"$t:$x\")).print()\n"
             "st.transform((rdd, t) => rdd.map(x => t.milliseconds + x)).print()");
    RUN(s, "ssc.step(2)",
        HDR("1000") "2\n4\n\n" HDR("1000") "1000 ms:1\n1000 ms:2\n\n" HDR("1000") "1001\n1002\n\n"
        HDR("2000") "6\n\n" HDR("2000") "2000 ms:3\n\n" HDR("2000") "2003\n\n");
    spark_sess_free(s);
}

TEST(streaming_repartition) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(1 to 10, 1)\nq += sc.makeRDD(Seq[Int](), 1)\n"
             "val st = ssc.queueStream(q)\n"
             "st.repartition(3).foreachRDD(r => println(r.getNumPartitions + \" \" + r.count() + \" \" + r.collect().sorted.mkString(\",\")))\n"
             "st.repartition(1).foreachRDD(r => println(r.getNumPartitions))");
    RUN(s, "st.repartition(0)", "!java.lang.IllegalArgumentException: requirement failed: Number of partitions (0) must be positive.");
    RUN(s, "ssc.step(2)", "3 10 1,2,3,4,5,6,7,8,9,10\n1\n3 0 \n1\n");
    spark_sess_free(s);
}

TEST(streaming_foreachrdd_forms_and_accumulator) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(Seq(1, 2, 3))\nq += sc.makeRDD(Seq(4))\n"
             "val n = sc.accumulator(0L, \"n\")\nval total = sc.longAccumulator(\"total\")\n"
             "val st = ssc.queueStream(q)\n"
             "st.foreachRDD(rdd => rdd.foreach(x => n += 1))\n"
             "st.foreachRDD((rdd, time) => { rdd.foreach(x => total.add(x)); println(s\"$time ${rdd.count()}\") })");
    RUN(s, "ssc.step(3)\nprintln(n)\nprintln(\"Finished \" + n + \" records\")\nprintln(total.value + \" \" + n.value)",
        "1000 ms 3\n2000 ms 1\n3000 ms 0\n4\nFinished 4 records\n10 4\n");
    spark_sess_free(s);
}

TEST(streaming_outputs_in_declaration_order) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(Seq(1))\nq += sc.makeRDD(Seq(2))\n"
             "val st = ssc.queueStream(q)\n"
             "st.foreachRDD(r => println(\"first \" + r.collect().mkString))\n"
             "st.map(_ * 10).print()\n"
             "st.foreachRDD(r => println(\"third \" + r.collect().mkString))");
    RUN(s, "ssc.step(2)",
        "first 1\n" HDR("1000") "10\n\nthird 1\n"
        "first 2\n" HDR("2000") "20\n\nthird 2\n");
    spark_sess_free(s);
}

TEST(streaming_queue_one_at_a_time_false_and_default) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(Seq(1))\nq += sc.makeRDD(Seq(2, 3))\n"
             "ssc.queueStream(q, false).print()\n"
             "val q2 = new mutable.Queue[RDD[Int]]()\n"
             "ssc.queueStream(q2, true, sc.makeRDD(Seq(-1))).print()");
    RUN(s, "ssc.step(2)",
        HDR("1000") "1\n2\n3\n\n" HDR("1000") "-1\n\n"
        HDR("2000") "\n" HDR("2000") "-1\n\n");
    /* RDDs enqueued while the context runs are picked up by later batches */
    SETUP(s, "q += sc.makeRDD(Seq(9))\nq2 += sc.makeRDD(Seq(8))");
    RUN(s, "ssc.step()",
        HDR("3000") "9\n\n" HDR("3000") "8\n\n");
    spark_sess_free(s);
}

/* ---- windows ---- */

/* batches 1000..7000 hold 1..7 (one element each); nothing after */
#define SEVEN "val q = new mutable.Queue[RDD[Int]]()\nfor (i <- 1 to 7) q += sc.makeRDD(Seq(i))\nval st = ssc.queueStream(q)\n"

TEST(streaming_window_3s_slide_2s) {
    Sess *s = spark_sess();
    SETUP(s, PRE SEVEN "st.window(Seconds(3), Seconds(2)).print()");
    /* every 2 s, the batches of the last 3 s: (t-3 s, t] */
    RUN(s, "ssc.step(9)",
        HDR("2000") "1\n2\n\n" HDR("4000") "2\n3\n4\n\n" HDR("6000") "4\n5\n6\n\n" HDR("8000") "6\n7\n\n");
    spark_sess_free(s);
}

TEST(streaming_window_slide_defaults_to_batch) {
    Sess *s = spark_sess();
    SETUP(s, PRE SEVEN "st.window(Seconds(2)).foreachRDD((r, t) => println(t + \": \" + r.collect().mkString(\",\")))");
    RUN(s, "ssc.step(9)",
        "1000 ms: 1\n2000 ms: 1,2\n3000 ms: 2,3\n4000 ms: 3,4\n5000 ms: 4,5\n6000 ms: 5,6\n7000 ms: 6,7\n8000 ms: 7\n9000 ms: \n");
    spark_sess_free(s);
}

TEST(streaming_window_of_window_and_slide_duration) {
    Sess *s = spark_sess();
    SETUP(s, PRE SEVEN "val w = st.window(Seconds(2), Seconds(2))\n"
             "w.window(Seconds(4), Seconds(4)).foreachRDD((r, t) => println(t + \": \" + r.collect().mkString(\",\")))");
    RUN(s, "w.slideDuration", "res2: org.apache.spark.streaming.Duration = 2000 ms");
    RUN(s, "ssc.step(8)", "4000 ms: 1,2,3,4\n8000 ms: 5,6,7\n");
    spark_sess_free(s);
}

TEST(streaming_count_by_window) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("cbw");
    char src[1024];
    /* 1000: nothing, 2000: two, 3000: nothing, 4000: three, then nothing */
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[Int]]()\n"
             "q += sc.makeRDD(Seq[Int]())\nq += sc.makeRDD(Seq(1, 1))\nq += sc.makeRDD(Seq[Int]())\nq += sc.makeRDD(Seq(1, 1, 1))\n"
             "ssc.queueStream(q).countByWindow(Seconds(3), Seconds(1)).foreachRDD((r, t) => println(t + \": \" + r.collect().mkString(\",\")))", dir);
    SETUP(s, src);
    /* Spark's countByWindow is reduceByWindow(_ + _, _ - _): no element before any data entered
     * a window; a window that became empty again counts 0 */
    RUN(s, "ssc.step(8)", "1000 ms: \n2000 ms: 2\n3000 ms: 2\n4000 ms: 5\n5000 ms: 3\n6000 ms: 3\n7000 ms: 0\n8000 ms: 0\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

TEST(streaming_reduce_by_window) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("rbw");
    char src[1024];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[Int]]()\nfor (i <- 1 to 4) q += sc.makeRDD(Seq(i))\n"
             "val st = ssc.queueStream(q)\n"
             "st.reduceByWindow(_ + _, Seconds(3), Seconds(1)).foreachRDD((r, t) => println(\"plain \" + t + \": \" + r.collect().mkString(\",\")))\n"
             "st.reduceByWindow(_ + _, _ - _, Seconds(3), Seconds(1)).foreachRDD((r, t) => println(\"inverse \" + t + \": \" + r.collect().mkString(\",\")))", dir);
    SETUP(s, src);
    RUN(s, "ssc.step(7)",
        "plain 1000 ms: 1\ninverse 1000 ms: 1\nplain 2000 ms: 3\ninverse 2000 ms: 3\n"
        "plain 3000 ms: 6\ninverse 3000 ms: 6\nplain 4000 ms: 9\ninverse 4000 ms: 9\n"
        "plain 5000 ms: 7\ninverse 5000 ms: 7\nplain 6000 ms: 4\ninverse 6000 ms: 4\n"
        "plain 7000 ms: \ninverse 7000 ms: 0\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

/* 1000: a b, 2000: a, 3000: c, 4000: -, 5000: a, then nothing */
#define WORDS_KV "val q = new mutable.Queue[RDD[(String, Int)]]()\n" \
    "for (b <- Seq(Seq(\"a\", \"b\"), Seq(\"a\"), Seq(\"c\"), Seq[String](), Seq(\"a\"))) q += sc.makeRDD(b.map(w => (w, 1)))\n" \
    "val kv = ssc.queueStream(q)\n" \
    "def show(name: String) = (r: RDD[(String, Int)], t: Time) => println(name + \" \" + t + \": \" + r.collect().sorted.mkString(\" \"))\n"

TEST(streaming_reduce_by_key_and_window_with_and_without_inverse) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("rbkw");
    char src[2048];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\n" WORDS_KV
             "kv.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(2), Seconds(1)).foreachRDD(show(\"plain\"))\n"
             "kv.reduceByKeyAndWindow((a: Int, b: Int) => a + b, (a: Int, b: Int) => a - b, Seconds(2), Seconds(1)).foreachRDD(show(\"inverse\"))\n"
             "kv.reduceByKeyAndWindow(_ + _, _ - _, Seconds(2), Seconds(1), 2, (p: (String, Int)) => p._2 != 0).foreachRDD(show(\"filtered\"))", dir);
    SETUP(s, src);
    /* the inverse form keeps keys whose value fell to 0 (as Spark does) unless filterFunc drops them */
    RUN(s, "ssc.step(7)",
        "plain 1000 ms: (a,1) (b,1)\ninverse 1000 ms: (a,1) (b,1)\nfiltered 1000 ms: (a,1) (b,1)\n"
        "plain 2000 ms: (a,2) (b,1)\ninverse 2000 ms: (a,2) (b,1)\nfiltered 2000 ms: (a,2) (b,1)\n"
        "plain 3000 ms: (a,1) (c,1)\ninverse 3000 ms: (a,1) (b,0) (c,1)\nfiltered 3000 ms: (a,1) (c,1)\n"
        "plain 4000 ms: (c,1)\ninverse 4000 ms: (a,0) (b,0) (c,1)\nfiltered 4000 ms: (c,1)\n"
        "plain 5000 ms: (a,1)\ninverse 5000 ms: (a,1) (b,0) (c,0)\nfiltered 5000 ms: (a,1)\n"
        "plain 6000 ms: (a,1)\ninverse 6000 ms: (a,1) (b,0) (c,0)\nfiltered 6000 ms: (a,1)\n"
        "plain 7000 ms: \ninverse 7000 ms: (a,0) (b,0) (c,0)\nfiltered 7000 ms: \n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

TEST(streaming_reduce_by_key_and_window_slide_2s) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("rbkw2");
    char src[2048];
    /* 1000: a, 2000: a, 3000: b, 4000: a, 5000: -, 6000: b */
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[(String, Int)]]()\n"
             "for (b <- Seq(\"a\", \"a\", \"b\", \"a\", \"\", \"b\")) q += sc.makeRDD(if (b.isEmpty) Seq[(String, Int)]() else Seq((b, 1)))\n"
             "val kv = ssc.queueStream(q)\n"
             "def show(name: String) = (r: RDD[(String, Int)], t: Time) => println(name + \" \" + t + \": \" + r.collect().sorted.mkString(\" \"))\n"
             "kv.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(4), Seconds(2)).foreachRDD(show(\"plain\"))\n"
             "kv.reduceByKeyAndWindow(_ + _, _ - _, Seconds(4), Seconds(2)).foreachRDD(show(\"inverse\"))", dir);
    SETUP(s, src);
    RUN(s, "ssc.step(8)",
        "plain 2000 ms: (a,2)\ninverse 2000 ms: (a,2)\n"
        "plain 4000 ms: (a,3) (b,1)\ninverse 4000 ms: (a,3) (b,1)\n"
        "plain 6000 ms: (a,1) (b,2)\ninverse 6000 ms: (a,1) (b,2)\n"
        "plain 8000 ms: (b,1)\ninverse 8000 ms: (a,0) (b,1)\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

TEST(streaming_count_by_value_and_window) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("cbvw");
    char src[1024];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[Int]]()\n"
             "q += sc.makeRDD(Seq(1))\nq += sc.makeRDD(Seq(2))\nq += sc.makeRDD(Seq(2))\n"
             "ssc.queueStream(q).countByValueAndWindow(Seconds(2), Seconds(1)).foreachRDD((r, t) => println(t + \": \" + r.collect().sorted.mkString(\" \")))", dir);
    SETUP(s, src);
    /* counts that fell to 0 are filtered out (Spark's countByValueAndWindow filters them) */
    RUN(s, "ssc.step(5)", "1000 ms: (1,1)\n2000 ms: (1,1) (2,1)\n3000 ms: (2,2)\n4000 ms: (2,1)\n5000 ms: \n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

/* ---- state ---- */

TEST(streaming_update_state_by_key_running_totals) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("usbk");
    char src[2048];
    /* totals per key; a total reaching 10 removes the key (the function returns None) */
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[(String, Int)]]()\n"
             "q += sc.makeRDD(Seq((\"a\", 3), (\"b\", 1)))\nq += sc.makeRDD(Seq((\"a\", 4)))\n"
             "q += sc.makeRDD(Seq((\"b\", 2), (\"a\", 5)))\nq += sc.makeRDD(Seq[(String, Int)]())\nq += sc.makeRDD(Seq((\"a\", 1)))\n"
             "def update(values: Seq[Int], state: Option[Int]): Option[Int] = {\n"
             "  val n = state.getOrElse(0) + values.sum\n  if (n >= 10) None else Some(n)\n}\n"
             "val totals = ssc.queueStream(q).updateStateByKey(update _)\n"
             "totals.foreachRDD((r, t) => println(t + \": \" + r.collect().sorted.mkString(\" \")))", dir);
    SETUP(s, src);
    RUN(s, "ssc.step(5)",
        "1000 ms: (a,3) (b,1)\n2000 ms: (a,7) (b,1)\n3000 ms: (b,3)\n4000 ms: (b,3)\n5000 ms: (a,1) (b,3)\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

TEST(streaming_update_state_by_key_lambda_word_count) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("usbk2");
    char src[2048];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[String]]()\n"
             "q += sc.makeRDD(Seq(\"to be or\", \"not to be\"))\nq += sc.makeRDD(Seq(\"be\"))\n"
             "val counts = ssc.queueStream(q).flatMap(_.split(\" \")).map((_, 1))\n"
             "  .updateStateByKey((vs: Seq[Int], st: Option[Int]) => Some(vs.sum + st.getOrElse(0)))\n"
             "counts.transform(_.sortByKey()).print()", dir);
    SETUP(s, src);
    RUN(s, "ssc.step(3)",
        HDR("1000") "(be,2)\n(not,1)\n(or,1)\n(to,2)\n\n"
        HDR("2000") "(be,3)\n(not,1)\n(or,1)\n(to,2)\n\n"
        HDR("3000") "(be,3)\n(not,1)\n(or,1)\n(to,2)\n\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}


TEST(streaming_map_with_state_and_snapshots) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("mws");
    char src[2048];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[(String, Int)]]()\n"
             "q += sc.makeRDD(Seq((\"a\", 1), (\"b\", 2), (\"a\", 3)))\nq += sc.makeRDD(Seq((\"b\", 5)))\n"
             "val spec = StateSpec.function((k: String, v: Option[Int], st: State[Int]) => {\n"
             "  val sum = v.getOrElse(0) + st.getOption.getOrElse(0)\n  st.update(sum)\n  (k, sum)\n})\n"
             "val mapped = ssc.queueStream(q).mapWithState(spec)\n"
             "mapped.foreachRDD((r, t) => println(\"mapped \" + t + \": \" + r.collect().sorted.mkString(\" \")))\n"
             "mapped.stateSnapshots().foreachRDD((r, t) => println(\"state \" + t + \": \" + r.collect().sorted.mkString(\" \")))", dir);
    SETUP(s, src);
    RUN(s, "ssc.step(3)",
        "mapped 1000 ms: (a,1) (a,4) (b,2)\nstate 1000 ms: (a,4) (b,2)\n"
        "mapped 2000 ms: (b,7)\nstate 2000 ms: (a,4) (b,7)\n"
        "mapped 3000 ms: \nstate 3000 ms: (a,4) (b,7)\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

/* 1000: (a,1) (b,1); 2000: (a,0) (b,1); 3000: (b,1). A value 0 reads the state without updating
 * it; with a timeout that still counts as activity (Spark refreshes the key's time). */
#define MWS_TIMEOUT "val q = new mutable.Queue[RDD[(String, Int)]]()\n" \
    "q += sc.makeRDD(Seq((\"a\", 1), (\"b\", 1)))\nq += sc.makeRDD(Seq((\"a\", 0), (\"b\", 1)))\nq += sc.makeRDD(Seq((\"b\", 1)))\n" \
    "val fn = (k: String, v: Option[Int], st: State[Int]) => {\n" \
    "  if (st.isTimingOut) s\"$k timed out with ${st.get}\"\n" \
    "  else {\n    if (v.get > 0) st.update(st.getOption.getOrElse(0) + v.get)\n    s\"$k=${st.getOption.getOrElse(0)}\"\n  }\n}\n" \
    "val mapped = ssc.queueStream(q).mapWithState(StateSpec.function(fn).timeout(Seconds(2)))\n"

TEST(streaming_map_with_state_timeout_every_batch) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("mwst");
    char src[2048];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\n" MWS_TIMEOUT
             "mapped.checkpoint(Seconds(1))\n"
             "mapped.foreachRDD((r, t) => println(t + \": \" + r.collect().sorted.mkString(\", \")))", dir);
    SETUP(s, src);
    /* idle longer than 2 s (strictly): a last active at 2000 times out at 5000, b (3000) at 6000.
     * mapped.checkpoint(Seconds(1)) makes every batch scan for timeouts */
    RUN(s, "ssc.step(7)",
        "1000 ms: a=1, b=1\n2000 ms: a=1, b=2\n3000 ms: b=3\n4000 ms: \n"
        "5000 ms: a timed out with 1\n6000 ms: b timed out with 3\n7000 ms: \n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

TEST(streaming_map_with_state_timeout_at_checkpoint_interval) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("mwst2");
    char src[2048];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\n" MWS_TIMEOUT
             "mapped.foreachRDD((r, t) => if (!r.isEmpty) println(t + \": \" + r.collect().sorted.mkString(\", \")))", dir);
    SETUP(s, src);
    /* by default mapWithState checkpoints (and looks for timed-out keys) every 10 batches */
    RUN(s, "ssc.step(11)",
        "1000 ms: a=1, b=1\n2000 ms: a=1, b=2\n3000 ms: b=3\n"
        "10000 ms: a timed out with 1, b timed out with 3\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

TEST(streaming_map_with_state_remove_and_initial_state) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("mwsr");
    char src[2048];
    snprintf(src, sizeof src, PRE "ssc.checkpoint(\"%s\")\nval q = new mutable.Queue[RDD[(String, Int)]]()\n"
             "q += sc.makeRDD(Seq((\"a\", 1), (\"z\", 1)))\nq += sc.makeRDD(Seq((\"a\", -1)))\n"
             "val spec = StateSpec.function((k: String, v: Option[Int], st: State[Int]) => {\n"
             "  if (v.get < 0) { st.remove(); k + \" removed\" } else { st.update(st.getOption.getOrElse(0) + v.get); k + \"=\" + st.get }\n"
             "}).initialState(sc.makeRDD(Seq((\"a\", 10))))\n"
             "val mapped = ssc.queueStream(q).mapWithState(spec)\n"
             "mapped.foreachRDD(r => println(r.collect().sorted.mkString(\", \")))\n"
             "mapped.stateSnapshots().foreachRDD(r => println(r.collect().sorted.mkString(\", \")))", dir);
    SETUP(s, src);
    RUN(s, "ssc.step(2)", "a=11, z=1\n(a,11), (z,1)\na removed\n(z,1)\n");
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

/* ---- the REPL's element types of DStreams ---- */

/* The echo of a stream up to its hash (the hash is the stream's id, counted across the process). */
static char *echo_type_of(Sess *s, const char *src) {
    const char *out = sess_run(s, src);
    const char *at = strrchr(out, '@');
    return strndup(out, at ? (size_t)(at - out) : strlen(out));
}
#define TYPE_IS(s, src, want) do { char *got_ = echo_type_of(s, src); CHECK_STR(got_, want); free(got_); } while (0)

/* spark-shell 3.5 (run_scala.py, local[2]) echoes each stream with its element type: from the
 * queue's RDDs, the lambdas' results (map, flatMap, mapValues), the pair operations and the
 * type argument of updateStateByKey[S]. */
TEST(streaming_element_types) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val queue = new mutable.Queue[RDD[String]]()\nqueue += sc.makeRDD(Seq(\"a b\", \"a\"))");
    const char *D = "org.apache.spark.streaming.dstream.";
    char want[400];
#define WANT(name, type, cls) (snprintf(want, sizeof want, "%s: %s%s = %s%s", name, D, type, D, cls), want)
    TYPE_IS(s, "val lines = ssc.queueStream(queue)", WANT("lines", "InputDStream[String]", "QueueInputDStream"));
    TYPE_IS(s, "val pairs = lines.flatMap(_.split(\" \")).map(word => (word, 1))", WANT("pairs", "DStream[(String, Int)]", "MappedDStream"));
    TYPE_IS(s, "val counts = pairs.reduceByKey(_ + _)", WANT("counts", "DStream[(String, Int)]", "ShuffledDStream"));
    TYPE_IS(s, "val g = pairs.groupByKey()", WANT("g", "DStream[(String, Iterable[Int])]", "ShuffledDStream"));
    TYPE_IS(s, "val j = pairs.join(pairs)", WANT("j", "DStream[(String, (Int, Int))]", "TransformedDStream"));
    TYPE_IS(s, "val lo = pairs.leftOuterJoin(pairs)", WANT("lo", "DStream[(String, (Int, Option[Int]))]", "TransformedDStream"));
    TYPE_IS(s, "val cg = pairs.cogroup(pairs)", WANT("cg", "DStream[(String, (Iterable[Int], Iterable[Int]))]", "TransformedDStream"));
    TYPE_IS(s, "val w = pairs.window(Seconds(2))", WANT("w", "DStream[(String, Int)]", "WindowedDStream"));
    TYPE_IS(s, "val c = lines.count()", WANT("c", "DStream[Long]", "MappedDStream"));
    TYPE_IS(s, "val st = pairs.updateStateByKey[Int]((vs: Seq[Int], s: Option[Int]) => Some(vs.sum + s.getOrElse(0)))",
            WANT("st", "DStream[(String, Int)]", "StateDStream"));
#undef WANT
    spark_sess_free(s);
}

/* ---- saveAsTextFiles ---- */

TEST(streaming_save_as_text_files) {
    Sess *s = spark_sess();
    char *dir = spark_tmpdir("save");
    char src[1024];
    snprintf(src, sizeof src, PRE "val q = new mutable.Queue[RDD[(String, Int)]]()\n"
             "q += sc.makeRDD(Seq((\"a\", 1), (\"b\", 2)), 2)\n"
             "val st = ssc.queueStream(q)\nst.saveAsTextFiles(\"%s/out\", \"txt\")\nst.saveAsTextFiles(\"%s/plain\")\n"
             "st.saveAsTextFiles(\"%s/new/dirs/w\")", dir, dir, dir);
    SETUP(s, src);
    RUN(s, "ssc.step(2)", "");
    char path[4200];
    struct stat st;
    /* prefix-TIME_IN_MS.suffix, and prefix-TIME_IN_MS without a suffix; one directory per batch */
    snprintf(path, sizeof path, "%s/out-1000.txt/part-00000", dir);
    char *p0 = slurp(path);
    CHECK_STR(p0, "(a,1)\n");
    snprintf(path, sizeof path, "%s/out-1000.txt/part-00001", dir);
    char *p1 = slurp(path);
    CHECK_STR(p1, "(b,2)\n");
    snprintf(path, sizeof path, "%s/out-1000.txt/_SUCCESS", dir);
    CHECK(stat(path, &st) == 0);
    snprintf(path, sizeof path, "%s/out-2000.txt", dir);
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    snprintf(path, sizeof path, "%s/plain-1000/part-00000", dir);
    CHECK(stat(path, &st) == 0);
    snprintf(path, sizeof path, "%s/plain-2000", dir);
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    /* as Hadoop's mkdirs, the missing parents of the prefix are made */
    snprintf(path, sizeof path, "%s/new/dirs/w-1000/part-00000", dir);
    CHECK(stat(path, &st) == 0);
    free(p0);
    free(p1);
    spark_sess_free(s);
    spark_rmdir(dir);
    free(dir);
}

/* ---- Spark's errors ---- */

TEST(streaming_window_durations_must_be_multiples) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val st = ssc.queueStream(new mutable.Queue[RDD[Int]]())\nval kv = st.map(x => (x, 1))");
    RUN(s, "st.window(Milliseconds(1500), Seconds(1))",
        "!java.lang.Exception: The window duration of windowed DStream (1500 ms) must be a multiple of the slide duration of parent DStream (1000 ms)");
    RUN(s, "st.window(Seconds(3), Milliseconds(2500))",
        "!java.lang.Exception: The slide duration of windowed DStream (2500 ms) must be a multiple of the slide duration of parent DStream (1000 ms)");
    RUN(s, "st.countByWindow(Milliseconds(500), Seconds(1))",
        "!java.lang.IllegalArgumentException: requirement failed: The window duration of ReducedWindowedDStream (500 ms) must be multiple of the slide duration of parent DStream (1000 ms)");
    RUN(s, "kv.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Milliseconds(2500), Seconds(1))",
        "!java.lang.Exception: The window duration of windowed DStream (2500 ms) must be a multiple of the slide duration of parent DStream (1000 ms)");
    RUN(s, "kv.reduceByKeyAndWindow(_ + _, _ - _, Seconds(2), Milliseconds(1500))",
        "!java.lang.IllegalArgumentException: requirement failed: The slide duration of ReducedWindowedDStream (1500 ms) must be multiple of the slide duration of parent DStream (1000 ms)");
    spark_sess_free(s);
}

#define NO_CKPT "!java.lang.IllegalArgumentException: requirement failed: The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint()."

TEST(streaming_stateful_needs_checkpoint) {
    static const char *ops[] = {
        "kv.updateStateByKey((vs: Seq[Int], s: Option[Int]) => Some(vs.sum)).print()",
        "kv.mapWithState(StateSpec.function((k: Int, v: Option[Int], s: State[Int]) => k)).print()",
        "kv.reduceByKeyAndWindow(_ + _, _ - _, Seconds(2), Seconds(1)).print()",
        "st.countByWindow(Seconds(2), Seconds(1)).print()",
        "st.countByValueAndWindow(Seconds(2), Seconds(1)).print()",
        "st.reduceByWindow(_ + _, _ - _, Seconds(2), Seconds(1)).print()",
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        Sess *s = spark_sess();
        SETUP(s, PRE "val st = ssc.queueStream(new mutable.Queue[RDD[Int]]())\nval kv = st.map(x => (x, 1))");
        SETUP(s, ops[i]);
        RUN(s, "ssc.step()", NO_CKPT);
        /* a context that failed to start is stopped, as in Spark */
        RUN(s, "println(ssc.getState())", "STOPPED\n");
        spark_sess_free(s);
    }
    /* windows without an inverse function need no checkpoint */
    Sess *s = spark_sess();
    SETUP(s, PRE "val st = ssc.queueStream(new mutable.Queue[RDD[Int]]())\n"
             "st.map((_, 1)).reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(2)).print()\n"
             "st.reduceByWindow(_ + _, Seconds(2), Seconds(1)).print()\nst.window(Seconds(2)).count().print()");
    RUN(s, "ssc.step()", HDR("1000") "\n" HDR("1000") "\n" HDR("1000") "0\n\n");
    spark_sess_free(s);
}

TEST(streaming_start_without_outputs) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val st = ssc.queueStream(new mutable.Queue[RDD[Int]]()).map(_ + 1)");
    RUN(s, "ssc.step()", "!java.lang.IllegalArgumentException: requirement failed: No output operations registered, so nothing to execute");
    RUN(s, "println(ssc.getState())", "STOPPED\n");
    RUN(s, "st.print()", "!java.lang.IllegalStateException: Adding new inputs, transformations, and output operations after stopping a context is not supported");
    RUN(s, "println(StreamingContext.getActive)", "None\n");
    spark_sess_free(s);
}

TEST(streaming_add_operation_after_start_and_stop) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val st = ssc.queueStream(new mutable.Queue[RDD[Int]]())\nst.print()\nssc.step()");
    RUN(s, "st.map(_ * 2)", "!java.lang.IllegalStateException: Adding new inputs, transformations, and output operations after starting a context is not supported");
    RUN(s, "st.foreachRDD(r => ())", "!java.lang.IllegalStateException: Adding new inputs, transformations, and output operations after starting a context is not supported");
    RUN(s, "ssc.queueStream(new mutable.Queue[RDD[Int]]())", "!java.lang.IllegalStateException: Adding new inputs, transformations, and output operations after starting a context is not supported");
    RUN(s, "ssc.stop(stopSparkContext = false)\nprintln(ssc.getState())", "STOPPED\n");
    RUN(s, "st.window(Seconds(2))", "!java.lang.IllegalStateException: Adding new inputs, transformations, and output operations after stopping a context is not supported");
    RUN(s, "ssc.step()", "!java.lang.IllegalStateException: StreamingContext has already been stopped");
    RUN(s, "ssc.start()", "!java.lang.IllegalStateException: StreamingContext has already been stopped");
    spark_sess_free(s);
}

TEST(streaming_second_active_context) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val st = ssc.queueStream(new mutable.Queue[RDD[Int]]())\nst.print()\nssc.step()\n"
             "val ssc2 = new StreamingContext(sc, Seconds(1))\nssc2.queueStream(new mutable.Queue[RDD[Int]]()).print()");
    sess_run(s, "ssc2.step()");
    CHECK_STR(s->r.ename, "java.lang.IllegalStateException");
    const char *want = "Only one StreamingContext may be started in this JVM. Currently running StreamingContext was started at";
    CHECK(s->r.evalue && !strncmp(s->r.evalue, want, strlen(want)));
    /* the second context stays INITIALIZED (Spark checks this before starting) */
    RUN(s, "println(ssc2.getState())", "INITIALIZED\n");
    RUN(s, "ssc.stop(false)\nssc2.step()\nprintln(ssc2.getState())", HDR("1000") "\nACTIVE\n");
    spark_sess_free(s);
}

TEST(streaming_second_active_context_names_the_users_variable) {
    /* the hint to stop the running context names the val that holds it, not `ssc` */
    Sess *s = spark_sess();
    SETUP(s, PRE "val streamCtx = new StreamingContext(sc, Seconds(1))\n"
             "streamCtx.queueStream(new mutable.Queue[RDD[Int]]()).print()\nstreamCtx.step()\n"
             "val other = new StreamingContext(sc, Seconds(1))\nother.queueStream(new mutable.Queue[RDD[Int]]()).print()");
    sess_run(s, "other.step()");
    CHECK_STR(s->r.ename, "java.lang.IllegalStateException");
    const char *want = "(stop it with streamCtx.stop(stopSparkContext = false))";
    size_t n = s->r.evalue ? strlen(s->r.evalue) : 0;
    CHECK(n > strlen(want) && !strcmp(s->r.evalue + n - strlen(want), want));
    spark_sess_free(s);
}

TEST(streaming_start_twice_warns) {
    Sess *s = spark_sess();
    SETUP(s, PRE "ssc.queueStream(new mutable.Queue[RDD[Int]]()).print()\nssc.step()");
    RUN(s, "ssc.start()", "");
    CHECK_STR(s->err, "WARN StreamingContext: StreamingContext has already been started\n");
    RUN(s, "println(ssc.getState())", "ACTIVE\n");
    spark_sess_free(s);
}

TEST(streaming_get_active_and_get_active_or_create) {
    Sess *s = spark_sess();
    SETUP(s, PRE "var created = 0\n"
             "def make(): StreamingContext = {\n  created += 1\n  val c = new StreamingContext(sc, Seconds(1))\n"
             "  c.queueStream(new mutable.Queue[RDD[Int]]()).print()\n  c\n}");
    RUN(s, "println(StreamingContext.getActive)", "None\n");
    RUN(s, "{\n"
           /* nothing active: getActiveOrCreate calls the function (the context it makes is not started) */
           "  val a = StreamingContext.getActiveOrCreate(() => make())\n"
           "  println(created + \" \" + a.getState() + \" \" + StreamingContext.getActive.isEmpty)\n"
           /* an active context: getActive and getActiveOrCreate return it, the function is not called */
           "  a.step()\n  val b = StreamingContext.getActiveOrCreate(() => make())\n"
           "  println(created + \" \" + (b eq a) + \" \" + (StreamingContext.getActive.get eq a))\n"
           /* the samples name the creating def: the active context all the same */
           "  println(StreamingContext.getActiveOrCreate(make) eq a)\n"
           "  a.stop(false)\n  println(StreamingContext.getActive.isEmpty)\n"
           "  val c = StreamingContext.getActiveOrCreate(make)\n  println((c eq a) + \" \" + c.getState())\n"
           "}",
        "1 INITIALIZED true\n" HDR("1000") "\n1 true true\ntrue\ntrue\nfalse INITIALIZED\n");
    spark_sess_free(s);
}

TEST(streaming_step_on_real_clock_context) {
    Sess *s = spark_sess();
    SETUP(s, "import org.apache.spark.streaming._\nimport org.apache.spark.rdd.RDD\nimport scala.collection.mutable\n"
             "val ssc = new StreamingContext(sc, Seconds(30))\nssc.queueStream(new mutable.Queue[RDD[Int]]()).print()\nssc.start()");
    RUN(s, "ssc.step()", "!java.lang.IllegalStateException: step() drives a context on the virtual clock; this one was "
                         "started with start() and runs on the real clock");
    RUN(s, "println(ssc.getState())\nssc.stop(false)\nprintln(ssc.getState())", "ACTIVE\nSTOPPED\n");
    spark_sess_free(s);
}

TEST(streaming_stop_before_start) {
    Sess *s = spark_sess();
    SETUP(s, PRE "ssc.queueStream(new mutable.Queue[RDD[Int]]()).print()");
    RUN(s, "ssc.stop(false)\nprintln(ssc.getState())", "STOPPED\n");
    RUN(s, "ssc.step()", "!java.lang.IllegalStateException: StreamingContext has already been stopped");
    spark_sess_free(s);
}

TEST(streaming_errors_in_batches) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val q = new mutable.Queue[RDD[Int]]()\nq += sc.makeRDD(Seq(1, 0))\nq += sc.makeRDD(Seq(2))\n"
             "val st = ssc.queueStream(q)\nst.foreachRDD(r => println(\"before \" + r.count()))\n"
             "st.foreachRDD(r => r.foreach(x => println(10 / x)))\nst.foreachRDD(r => println(\"after\"))");
    /* the failing job is reported, the batch's other output operations still run, and the
     * exception surfaces in the cell */
    RUN(s, "ssc.step()", "before 2\n10\nafter\n!java.lang.ArithmeticException: / by zero");
    CHECK_STR(s->err, "ERROR JobScheduler: Error running job streaming job 1000 ms.1\njava.lang.ArithmeticException: / by zero\n");
    RUN(s, "ssc.step()", "before 1\n5\nafter\n");
    spark_sess_free(s);
}

/* ---- checkpoints ---- */

/* A word count over new files in `in`: running totals (updateStateByKey) and a 3 s window,
 * made through getOrCreate as a program that survives restarts is written. */
static char *ckpt_program(const char *ck, const char *in) {
    char *p = NULL;
    if (asprintf(&p, "import org.apache.spark.streaming._\n"
                 "def create(): StreamingContext = {\n"
                 "  val ssc = new StreamingContext(sc, Seconds(1))\n  ssc.checkpoint(\"%s\")\n"
                 "  val words = ssc.textFileStream(\"%s\").flatMap(_.split(\" \")).map((_, 1))\n"
                 "  words.updateStateByKey((vs: Seq[Int], st: Option[Int]) => Some(vs.sum + st.getOrElse(0)))\n"
                 "    .foreachRDD((r, t) => println(\"total \" + t + \": \" + r.collect().sorted.mkString(\" \")))\n"
                 "  words.window(Seconds(3)).count().foreachRDD((r, t) => println(\"window \" + t + \": \" + r.collect().mkString))\n"
                 "  ssc\n}\n"
                 "val ssc = StreamingContext.getOrCreate(\"%s\", () => create())", ck, in, ck) < 0) return NULL;
    return p;
}

/* batch 1000 starts the context on an empty directory (files present at start are not read, as
 * in Spark); then one file per batch */
static const char *ckpt_batches[] = {NULL, "a b", "a", "b c", "a", NULL};

/* Runs the batches from..to-1 of ckpt_batches (each written as a new file before its batch). */
static void ckpt_run(Sess *s, const char *in, int from, int to, char **out) {
    for (int i = from; i < to; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%d.txt", i);
        if (ckpt_batches[i]) write_file(in, name, ckpt_batches[i]);
        const char *o = sess_run(s, "ssc.step()");
        if (!s->r.ok) unit_fail(__FILE__, __LINE__, "step failed: %s", o);
        size_t n = strlen(*out) + strlen(o) + 1;
        *out = realloc(*out, n);
        strcat(*out, o);
    }
}

#define CKPT_EXPECTED \
    "total 1000 ms: \nwindow 1000 ms: 0\n" \
    "total 2000 ms: (a,1) (b,1)\nwindow 2000 ms: 2\n" \
    "total 3000 ms: (a,2) (b,1)\nwindow 3000 ms: 3\n" \
    "total 4000 ms: (a,2) (b,2) (c,1)\nwindow 4000 ms: 5\n" \
    "total 5000 ms: (a,3) (b,2) (c,1)\nwindow 5000 ms: 4\n" \
    "total 6000 ms: (a,3) (b,2) (c,1)\nwindow 6000 ms: 3\n"

TEST(streaming_checkpoint_uninterrupted_run) {
    char *ck = spark_tmpdir("ck"), *in = spark_tmpdir("in");
    char *prog = ckpt_program(ck, in), *out = strdup("");
    Sess *s = spark_sess();
    SETUP(s, prog);
    ckpt_run(s, in, 0, 6, &out);
    CHECK_STR(out, CKPT_EXPECTED);
    /* written atomically: checkpoint.json parses, no temporary file is left */
    char path[4200];
    snprintf(path, sizeof path, "%s/checkpoint.json", ck);
    json_error_t err;
    json_t *doc = json_load_file(path, 0, &err);
    CHECK(doc != NULL);
    CHECK_EQ_INT(json_integer_value(json_object_get(doc, "time")), 6000);
    json_decref(doc);
    snprintf(path, sizeof path, "%s/.checkpoint.json.tmp", ck);
    CHECK(access(path, F_OK) != 0);
    spark_sess_free(s);
    free(out);
    free(prog);
    spark_rmdir(ck);
    spark_rmdir(in);
    free(ck);
    free(in);
}

TEST(streaming_checkpoint_resume_equals_uninterrupted) {
    char *ck = spark_tmpdir("ck"), *in = spark_tmpdir("in");
    char *prog = ckpt_program(ck, in), *out = strdup("");
    /* the first kernel runs four batches, then goes away mid-stream */
    Sess *s = spark_sess();
    SETUP(s, prog);
    ckpt_run(s, in, 0, 4, &out);
    spark_sess_free(s);
    /* a file arrives while no kernel runs */
    write_file(in, "f4.txt", ckpt_batches[4]);
    /* a new kernel runs the same program: it resumes after 4000 ms; nothing is counted twice */
    s = spark_sess();
    SETUP(s, prog);
    const char *first = sess_run(s, "ssc.step()");
    char want[4600];
    snprintf(want, sizeof want, "Restored the streaming state from the checkpoint of 4000 ms in %s\n"
             "total 5000 ms: (a,3) (b,2) (c,1)\nwindow 5000 ms: 4\n", ck);
    CHECK_STR(first, want);
    out = realloc(out, strlen(out) + strlen(first) + 1);
    strcat(out, strchr(first, '\n') + 1);
    ckpt_run(s, in, 5, 6, &out);
    CHECK_STR(out, CKPT_EXPECTED);
    spark_sess_free(s);
    free(out);
    free(prog);
    spark_rmdir(ck);
    spark_rmdir(in);
    free(ck);
    free(in);
}

TEST(streaming_checkpoint_corrupt_or_foreign) {
    char *ck = spark_tmpdir("ck"), *in = spark_tmpdir("in");
    char *prog = ckpt_program(ck, in);
    /* a half-written temporary file (a kernel killed while writing) is ignored; a corrupt
     * checkpoint.json is a clear error naming the file */
    write_file(ck, ".checkpoint.json.tmp", "{\"time\": 10");
    write_file(ck, "checkpoint.json", "{\"time\": 10");
    Sess *s = spark_sess();
    SETUP(s, prog);
    sess_run(s, "ssc.step()");
    CHECK_STR(s->r.ename, "org.apache.spark.SparkException");
    char want[4300];
    snprintf(want, sizeof want, "could not restore the checkpoint in %s: %s/checkpoint.json: ", ck, ck);
    CHECK(s->r.evalue && !strncmp(s->r.evalue, want, strlen(want)));
    spark_sess_free(s);
    /* a checkpoint of another program (other streams) is refused, not misapplied */
    write_file(ck, "checkpoint.json", "{\"time\": 1000, \"batch_ms\": 1000, \"kinds\": [\"QueueInputDStream\"], \"streams\": [{}]}");
    s = spark_sess();
    SETUP(s, prog);
    sess_run(s, "ssc.step()");
    snprintf(want, sizeof want, "could not restore the checkpoint in %s: it was written by a different program (other "
             "streams or batch interval); delete the directory to start afresh", ck);
    CHECK_STR(s->r.evalue, want);
    spark_sess_free(s);
    free(prog);
    spark_rmdir(ck);
    spark_rmdir(in);
    free(ck);
    free(in);
}

TEST(streaming_checkpoint_dir_errors) {
    Sess *s = spark_sess();
    SETUP(s, "import org.apache.spark.streaming._\nval ssc = new StreamingContext(sc, Seconds(1))");
    RUN(s, "ssc.checkpoint(\"\")", "!java.lang.IllegalArgumentException: the checkpoint directory is empty");
    sess_run(s, "ssc.checkpoint(\"/proc/no/such/dir\")");
    CHECK_STR(s->r.ename, "java.io.IOException");
    spark_sess_free(s);
}

/* getState() is Spark's Java enum StreamingContextState, as spark-shell 3.5.5 echoes it */
TEST(streaming_context_state_enum) {
    Sess *s = spark_sess();
    SETUP(s, PRE);
    RUN(s, "ssc.getState()", "res0: org.apache.spark.streaming.StreamingContextState = INITIALIZED");
    RUN(s, "val st = ssc.getState()", "st: org.apache.spark.streaming.StreamingContextState = INITIALIZED");
    RUN(s, "st == StreamingContextState.INITIALIZED", "res1: Boolean = true");
    RUN(s, "st == StreamingContextState.ACTIVE", "res2: Boolean = false");
    RUN(s, "println(st)", "INITIALIZED\n");
    RUN(s, "st.toString", "res4: String = INITIALIZED");
    RUN(s, "StreamingContextState.ACTIVE", "res5: org.apache.spark.streaming.StreamingContextState = ACTIVE");
    RUN(s, "st match { case StreamingContextState.INITIALIZED => \"init\"; case _ => \"other\" }", "res6: String = init");
    RUN(s, "st.ordinal", "res7: Int = 0");
    RUN(s, "s\"state $st\"", "res8: String = state INITIALIZED");
    RUN(s, "org.apache.spark.streaming.StreamingContextState.STOPPED",
        "res9: org.apache.spark.streaming.StreamingContextState = STOPPED");
    spark_sess_free(s);
}

/* window()'s error shows the JVM frames spark-shell 3.5.5 printed above the cell's frames (the
 * one-argument form goes through one more DStream.window; the slide check is line 41) */
#define WF(line) "\n  at org.apache.spark.streaming.dstream.WindowedDStream.<init>(WindowedDStream.scala:" line ")" \
    "\n  at org.apache.spark.streaming.dstream.DStream.$anonfun$window$1(DStream.scala:768)" \
    "\n  at org.apache.spark.rdd.RDDOperationScope$.withScope(RDDOperationScope.scala:151)" \
    "\n  at org.apache.spark.rdd.RDDOperationScope$.withScope(RDDOperationScope.scala:112)" \
    "\n  at org.apache.spark.SparkContext.withScope(SparkContext.scala:919)" \
    "\n  at org.apache.spark.streaming.StreamingContext.withScope(StreamingContext.scala:270)" \
    "\n  at org.apache.spark.streaming.dstream.DStream.window(DStream.scala:768)"
TEST(streaming_window_error_frames) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val lines = ssc.queueStream(new mutable.Queue[RDD[Int]]())");
    static const char *const cells[][2] = {
        {"lines.window(Milliseconds(1500), Seconds(1))",
         "java.lang.Exception: The window duration of windowed DStream (1500 ms) must be a multiple of the slide duration "
         "of parent DStream (1000 ms)" WF("36") "\n  ... 47 elided"},
        {"lines.window(Seconds(2), Milliseconds(1500))",
         "java.lang.Exception: The slide duration of windowed DStream (1500 ms) must be a multiple of the slide duration "
         "of parent DStream (1000 ms)" WF("41") "\n  ... 47 elided"},
        {"def w() = lines.window(Milliseconds(1500))\nw()",
         "java.lang.Exception: The window duration of windowed DStream (1500 ms) must be a multiple of the slide duration "
         "of parent DStream (1000 ms)" WF("36") "\n  at org.apache.spark.streaming.dstream.DStream.window(DStream.scala:756)"
         "\n  at w(<console>:1)\n  ... 47 elided"},
    };
    for (int i = 0; i < 3; i++) {
        sess_run(s, cells[i][0]);
        CHECK_STR(s->r.traceback, cells[i][1]);
    }
    spark_sess_free(s);
}

/* transform's element type from its function's RDD methods, as spark-shell 3.5.5 echoed it */
TEST(streaming_transform_elem_types) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val words = ssc.queueStream(new mutable.Queue[RDD[String]]())\nval pairs = words.map(w => (w, 1))\n"
             "val dataset = sc.parallelize(Seq((\"a\", \"x\")))");
    static const char *const cells[][2] = {
        {"val j1 = pairs.transform(rdd => rdd.join(dataset))", "j1: org.apache.spark.streaming.dstream.DStream[(String, (Int, String))]"},
        {"val j2 = pairs.transform(rdd => rdd.leftOuterJoin(dataset))", "j2: org.apache.spark.streaming.dstream.DStream[(String, (Int, Option[String]))]"},
        {"val j3 = pairs.transform { rdd => rdd.join(dataset) }", "j3: org.apache.spark.streaming.dstream.DStream[(String, (Int, String))]"},
        {"val j5 = pairs.transform(rdd => rdd.rightOuterJoin(dataset))", "j5: org.apache.spark.streaming.dstream.DStream[(String, (Option[Int], String))]"},
        {"val j6 = pairs.transform(rdd => rdd.fullOuterJoin(dataset))", "j6: org.apache.spark.streaming.dstream.DStream[(String, (Option[Int], Option[String]))]"},
        {"val j7 = pairs.transform(rdd => rdd.cogroup(dataset))", "j7: org.apache.spark.streaming.dstream.DStream[(String, (Iterable[Int], Iterable[String]))]"},
        {"val j8 = pairs.transform(rdd => rdd.subtractByKey(dataset))", "j8: org.apache.spark.streaming.dstream.DStream[(String, Int)]"},
        {"val j9 = pairs.transform(rdd => rdd.union(rdd))", "j9: org.apache.spark.streaming.dstream.DStream[(String, Int)]"},
        {"val j11 = words.transform(rdd => rdd.distinct())", "j11: org.apache.spark.streaming.dstream.DStream[String]"},
        {"val j12 = pairs.transform((rdd, t) => rdd.join(dataset))", "j12: org.apache.spark.streaming.dstream.DStream[(String, (Int, String))]"},
        {"val j13 = pairs.transform(rdd => rdd.join(dataset).filter(_._2._1 > 0))", "j13: org.apache.spark.streaming.dstream.DStream[(String, (Int, String))]"},
        /* through the interpreter's inference of the lambda's result (interp_infer_fn_result) */
        {"val j14 = words.transform(rdd => rdd.map(w => (w, w.length)))", "j14: org.apache.spark.streaming.dstream.DStream[(String, Int)]"},
        {"val j15 = words.transform(rdd => rdd.map(w => (w, 1)).reduceByKey(_ + _))", "j15: org.apache.spark.streaming.dstream.DStream[(String, Int)]"},
    };
    for (int i = 0; i < (int)(sizeof cells / sizeof cells[0]); i++) {
        const char *got = sess_run(s, cells[i][0]);
        CHECK(got && !strncmp(got, cells[i][1], strlen(cells[i][1])) && !strncmp(got + strlen(cells[i][1]), " = ", 3));
        if (got && strncmp(got, cells[i][1], strlen(cells[i][1]))) fprintf(stderr, "  got: %s\n", got);
    }
    spark_sess_free(s);
}

/* StateSpec and mapWithState's types from the mapping function, as spark-shell 3.5.5 echoed them
 * (the lambda's JVM name inside StateSpecImpl(…) varies per run there: only its start is checked) */
TEST(streaming_statespec_types) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val words = ssc.queueStream(new mutable.Queue[RDD[String]]())\nval pairs = words.map(w => (w, 1))\n"
             "def f2(word: String, one: Option[Int], state: State[Int]): String = word");
    static const char *const cells[][2] = {
        {"val spec2 = StateSpec.function(f2 _)",
         "spec2: org.apache.spark.streaming.StateSpec[String,Int,Int,String] = StateSpecImpl(org.apache.spark.streaming.StateSpec$$$Lambda$"},
        {"val spec4 = StateSpec.function((w: String, o: Option[Int], s: State[Long]) => o.getOrElse(0).toLong)",
         "spec4: org.apache.spark.streaming.StateSpec[String,Int,Long,Long] = StateSpecImpl(org.apache.spark.streaming.StateSpec$$$Lambda$"},
        {"val st3 = pairs.mapWithState(StateSpec.function(f2 _))",
         "st3: org.apache.spark.streaming.dstream.MapWithStateDStream[String,Int,Int,String] = org.apache.spark.streaming.dstream.MapWithStateDStreamImpl@"},
        {"val snaps = st3.stateSnapshots()",
         "snaps: org.apache.spark.streaming.dstream.DStream[(String, Int)] = org.apache.spark.streaming.dstream.FlatMappedDStream@"},
    };
    for (int i = 0; i < 4; i++) {
        const char *got = sess_run(s, cells[i][0]);
        CHECK(got && !strncmp(got, cells[i][1], strlen(cells[i][1])));
        if (got && strncmp(got, cells[i][1], strlen(cells[i][1]))) fprintf(stderr, "  got: %s\n", got);
    }
    spark_sess_free(s);
}

/* A join of windowed streams partitions by HashPartitioner(defaultParallelism) (PairDStreamFunctions'
 * default), not by the window's union RDD's 4 partitions: spark-shell 3.5.5 (local[2]) printed b first */
TEST(streaming_windowed_join_order) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val queue = new mutable.Queue[RDD[(String, Int)]]()\n"
             "for (batch <- Seq(Seq((\"a\", 1), (\"b\", 2), (\"a\", 3)), Seq((\"b\", 4), (\"c\", 5)), Seq((\"a\", 6)))) queue += sc.makeRDD(batch)\n"
             "val lines = ssc.queueStream(queue)\nval queue2 = new mutable.Queue[RDD[(String, String)]]()\n"
             "for (batch <- Seq(Seq((\"a\", \"x\"), (\"c\", \"y\")), Seq((\"b\", \"z\")), Seq((\"d\", \"w\")))) queue2 += sc.makeRDD(batch)\n"
             "val other = ssc.queueStream(queue2)\nlines.window(Seconds(2)).join(other.window(Seconds(2))).print()");
    RUN(s, "ssc.step(3)", HDR("1000") "(a,(1,x))\n(a,(3,x))\n\n" HDR("2000") "(b,(2,z))\n(b,(4,z))\n(a,(1,x))\n(a,(3,x))\n(c,(5,y))\n\n"
        HDR("3000") "(b,(4,z))\n\n");
    spark_sess_free(s);
}

/* queueStream(q) and queueStream(q, oneAtATime) make Spark's default RDD, sc.makeRDD(Seq.empty, 1):
 * it takes an RDD id and is every empty batch's RDD; an explicit null default gives EmptyRDDs
 * (spark-shell 3.5.5 printed these ids, partitions and the default RDD's name) */
TEST(streaming_queue_stream_default_rdd) {
    Sess *s = spark_sess();
    SETUP(s, PRE "val a = sc.parallelize(Seq(1))\nval q = new mutable.Queue[RDD[Int]]()\nval st = ssc.queueStream(q)\n"
             "val st2 = ssc.queueStream(q, false)\nval st3 = ssc.queueStream(q, true, null)\n"
             "st.foreachRDD(r => println(r + \" \" + r.partitions.size + \" \" + r.count))\n"
             "st3.foreachRDD(r => println(r.id + \" \" + r.partitions.size + \" \" + r.count))");
    RUN(s, "sc.parallelize(Seq(1)).id", "res2: Int = 3");   /* a 0, st 1, st2 2 */
    RUN(s, "ssc.step(2)", "ParallelCollectionRDD[1] at makeRDD at StreamingContext.scala:468 1 0\n4 0 0\n"
                          "ParallelCollectionRDD[1] at makeRDD at StreamingContext.scala:468 1 0\n5 0 0\n");
    spark_sess_free(s);
}
