/* context.c — SparkContext (`sc`): parallelize, textFile, accumulators, configuration; and the
 * core module's set-up (core_init: sc, SparkConf, accumulators, RDD and Spark's packages) and
 * tear-down, the first row of spark/init.c's table.
 */
#include "spark/spark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#include "lang/ast.h"
#include "spark/modules.h"
#include "spark/sql/dataframe.h"
#include "spark/core/java_util.h"
#include "spark/core/shuffle_order.h"
#include "spark/kafka/kafka_client.h"
#include "spark/streaming/streaming.h"
#include "util/uuid.h"

#define SPARK_DOC "https://spark.apache.org/docs/3.3.0/api/scala/org/apache/spark/"

static Value the_sc;           /* the SparkContext value */

/* ---- configuration ---- */

typedef struct { char *key, *value; } ConfEntry;
static ConfEntry *conf;
static int nconf;

const char *spark_conf_get(const char *key) {
    for (int i = 0; i < nconf; i++) if (!strcmp(conf[i].key, key)) return conf[i].value;
    return NULL;
}

void spark_conf_set(const char *key, const char *value) {
    for (int i = 0; i < nconf; i++)
        if (!strcmp(conf[i].key, key)) { free(conf[i].value); conf[i].value = strdup(value); return; }
    conf = realloc(conf, (size_t)(nconf + 1) * sizeof *conf);
    conf[nconf].key = strdup(key);
    conf[nconf].value = strdup(value);
    nconf++;
}

static void conf_free(void) {
    for (int i = 0; i < nconf; i++) { free(conf[i].key); free(conf[i].value); }
    free(conf);
    conf = NULL;
    nconf = 0;
}

/* spark.master as set, else the MASTER environment variable (as spark-submit reads it), else local[*] */
static const char *spark_master(void) {
    const char *m = spark_conf_get("spark.master");
    if (!m || !*m) m = getenv("MASTER");
    return m && *m ? m : "local[*]";
}

/* spark.default.parallelism, else the N of local[N] (local: 1; local[*] and others: the cores) */
int spark_default_parallelism(void) {
    const char *p = spark_conf_get("spark.default.parallelism"), *m = spark_master();
    if (p && atoi(p) > 0) return atoi(p);
    if (strcmp(m, "local") == 0) return 1;
    if (strncmp(m, "local[", 6) == 0 && atoi(m + 6) > 0) return atoi(m + 6);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 2;
}

int spark_console_line(const Call *c) { return c && c->at ? c->at->line : 0; }

Value spark_context(Interp *I) { (void)I; return the_sc; }

/* ---- accumulators ---- */

typedef struct {
    int id;
    char *name;
    bool is_double, legacy;   /* legacy: sc.accumulator (prints its value) */
    bool unregistered;        /* a copy(): not registered with the context */
    int64_t sum, count;
    double dsum;
} Accum;

static int next_accum_id;
extern HostClass accum_class;

static void accum_free(void *d) { Accum *a = d; free(a->name); free(a); }
static Value accum_value(const Accum *a) { return a->is_double ? v_double(a->dsum) : v_long(a->sum); }
static char *accum_str(Interp *I, void *d) {
    Accum *a = d;
    char *v = val_to_string(I, accum_value(a)), *s = NULL;
    if (a->legacy) return v;
    if (a->unregistered) {
        free(v);
        return strdup(a->is_double ? "Un-registered Accumulator: DoubleAccumulator" : "Un-registered Accumulator: LongAccumulator");
    }
    if (asprintf(&s, "%s(id: %d, name: %s%s%s, value: %s)", a->is_double ? "DoubleAccumulator" : "LongAccumulator",
                 a->id, a->name ? "Some(" : "None", a->name ? a->name : "", a->name ? ")" : "", v) < 0) s = NULL;
    free(v);
    return s;
}
static const char *accum_type(void *d) {
    Accum *a = d;
    if (a->legacy) return a->is_double ? "org.apache.spark.Accumulator[Double]" : "org.apache.spark.Accumulator[Long]";
    return a->is_double ? "org.apache.spark.util.DoubleAccumulator" : "org.apache.spark.util.LongAccumulator";
}
static json_t *accum_json(Interp *I, void *d) {
    (void)I;
    Accum *a = d;
    return a->is_double ? json_real(a->dsum) : json_integer(a->sum);
}
static bool accum_add(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data;
    if (!call_arity(c, 1, 1)) return false;
    Value x = c->argv[0];
    if (x.t == T_DOUBLE) { a->dsum += x.u.d; if (!a->is_double) a->sum += (int64_t)x.u.d; }
    else if (x.t == T_INT || x.t == T_LONG) {
        int64_t v = x.t == T_INT ? x.u.i : x.u.l;
        a->sum += v;
        a->dsum += (double)v;
    } else return interp_throw(c->I, "error", "type mismatch: an accumulator adds numbers");
    a->count++;
    *out = v_unit();   /* += and add are Unit in Spark, so `acc += 1` echoes nothing */
    return true;
}
static bool accum_get(Call *c, Value *out) { *out = accum_value(as_host(c->self)->data); return true; }
static bool accum_count(Call *c, Value *out) { *out = v_long(((Accum *)as_host(c->self)->data)->count); return true; }
static bool accum_avg(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data;
    *out = v_double(a->count ? (a->is_double ? a->dsum : (double)a->sum) / (double)a->count : 0.0 / 0.0);
    return true;
}
static bool accum_name(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data;
    *out = a->name ? some_new(str_cstr(a->name)) : v_none();
    return true;
}
static bool accum_reset(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data;
    a->sum = a->count = 0;
    a->dsum = 0;
    *out = v_unit();
    return true;
}
static bool accum_setvalue(Call *c, Value *out) {
    accum_reset(c, out);
    return accum_add(c, out);
}
static bool accum_iszero(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data;
    *out = v_bool(a->count == 0 && (a->is_double ? a->dsum == 0 : a->sum == 0));
    return true;
}
/* copy() and copyAndReset() (data 1): a new, unregistered accumulator of the same kind */
static bool accum_copy(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data, *b = malloc(sizeof *b);
    *b = *a;
    b->name = NULL;
    b->unregistered = true;
    if (CALL_TAG(c)) { b->sum = b->count = 0; b->dsum = 0; }
    *out = host_new(as_host(c->self)->cls, b);
    return true;
}
static bool accum_merge(Call *c, Value *out) {
    Accum *a = as_host(c->self)->data, *o;
    if (c->argv[0].t != T_HOST || as_host(c->argv[0])->cls != as_host(c->self)->cls ||
        (o = as_host(c->argv[0])->data)->is_double != a->is_double)
        return interp_throw(c->I, "java.lang.UnsupportedOperationException", "Cannot merge %s with %s",
                            a->is_double ? "DoubleAccumulator" : "LongAccumulator", val_class_name(c->argv[0]));
    a->sum += o->sum;
    a->dsum += o->dsum;
    a->count += o->count;
    *out = v_unit();
    return true;
}
static const MethodDef accum_methods[] = {
    METHOD("isZero", accum_iszero, 0, 0, "def isZero: Boolean", "Whether nothing was added (or it was reset)."),
    METHOD_DATA("copy", accum_copy, 0, 0, 0, "def copy(): LongAccumulator", "A new accumulator with the same value (not registered)."),
    METHOD_DATA("copyAndReset", accum_copy, 1, 0, 0, "def copyAndReset(): LongAccumulator", "A new, zero accumulator of the same kind (not registered)."),
    METHOD("merge", accum_merge, 1, 1, "def merge(other: AccumulatorV2[Long, Long]): Unit", "Adds other's sum and count to this one."),
    METHOD("+=", accum_add, 1, 1, "def +=(term: T): Unit", "Adds term to the accumulator."),
    METHOD("add", accum_add, 1, 1, "def add(v: Long): Unit", "Adds v to the accumulator."),
    METHOD("value", accum_get, 0, 0, "def value: T", "The accumulated value (read it on the driver, e.g. after a batch)."),
    METHOD("sum", accum_get, 0, 0, "def sum: Long", "The sum of the added values."),
    METHOD("count", accum_count, 0, 0, "def count: Long", "How many values were added."),
    METHOD("avg", accum_avg, 0, 0, "def avg: Double", "The average of the added values."),
    METHOD("name", accum_name, 0, 0, "def name: Option[String]", "The accumulator's name."),
    METHOD("reset", accum_reset, 0, 0, "def reset(): Unit", "Sets the value to zero."),
    METHOD("setValue", accum_setvalue, 1, 1, "def setValue(v: T): Unit", "Sets the value."),
};
HostClass accum_class = {.name = "LongAccumulator", .qualified = "org.apache.spark.util.LongAccumulator",
                         .doc = "An accumulator: tasks add to it, the driver reads its value.",
                         .doc_url = SPARK_DOC "util/LongAccumulator.html",
                         HOST_METHODS(accum_methods),
                         .finalize = accum_free, .to_string = accum_str, .type_name = accum_type,
                         .to_json = accum_json,
                         .aliases = (const char *const[]){"Accumulator", "org.apache.spark.Accumulator", "AccumulatorV2",
                                                          "DoubleAccumulator", "org.apache.spark.util.DoubleAccumulator", NULL}};

static Value make_accum(Call *c, const char *name, bool is_double, bool legacy, Value init) {
    Accum *a = calloc(1, sizeof *a);
    a->id = next_accum_id++;
    a->name = name ? strdup(name) : NULL;
    a->is_double = is_double;
    a->legacy = legacy;
    if (init.t == T_DOUBLE) { a->dsum = init.u.d; a->is_double = true; }
    else if (init.t == T_INT || init.t == T_LONG) { a->sum = init.t == T_INT ? init.u.i : init.u.l; a->dsum = (double)a->sum; }
    (void)c;
    return host_new(&accum_class, a);
}

/* ---- SparkContext ---- */

static bool sc_parallelize(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    int64_t slices = spark_default_parallelism();
    if (c->argc > 1 && !arg_long(c, 1, &slices)) return false;
    if (slices < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Positive number of partitions required");
    Value *items;
    size_t n;
    if (!interp_iter_items(c->I, c->argv[0], &items, &n))
        return interp_throw(c->I, "error", "type mismatch: parallelize needs a Seq");
    char origin[64];
    snprintf(origin, sizeof origin, "%s at <console>:%d", c->name, spark_console_line(c));
    *out = rdd_from_items(c->I, "ParallelCollectionRDD", origin, items, n, (int)slices);
    free(items);
    return true;
}

static bool sc_textfile(Call *c, Value *out) {
    const char *path;
    if (!arg_string(c, 0, &path)) return false;
    Value *items;
    size_t n;
    if (!spark_read_lines(c->I, path, &items, &n)) return false;
    char origin[64];
    snprintf(origin, sizeof origin, "textFile at <console>:%d", spark_console_line(c));
    *out = rdd_from_items(c->I, "MapPartitionsRDD", origin, items, n, n ? 2 : 1);
    free(items);
    rdd_insert_hidden_parent(*out, "HadoopRDD");   /* Spark: a HadoopRDD mapped to the lines, named by the path */
    rdd_set_name(*out, path);
    return true;
}

/* ---- Broadcast: sc.broadcast(v) holds v (one process: nothing is shipped); Broadcast(id) ---- */
typedef struct { Value v; long id; char *type; bool destroyed; } Bcast;
static int next_broadcast_id;
static void bcast_free(void *d) { Bcast *b = d; val_decref(b->v); free(b->type); free(b); }
static void bcast_traverse(void *d, VisitFn visit, void *ctx) { visit(((Bcast *)d)->v, ctx); }
static char *bcast_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "Broadcast(%ld)", ((Bcast *)d)->id) < 0) s = NULL;
    return s;
}
static const char *bcast_type(void *d) { return ((Bcast *)d)->type; }
static bool bcast_value(Call *c, Value *out) {
    Bcast *b = as_host(c->self)->data;
    if (b->destroyed)
        return interp_throw(c->I, "org.apache.spark.SparkException", "Attempted to use Broadcast(%ld) after it was destroyed (destroy at <console>)", b->id);
    val_incref(b->v);
    *out = b->v;
    return true;
}
static bool bcast_id(Call *c, Value *out) { *out = v_long(((Bcast *)as_host(c->self)->data)->id); return true; }
static bool bcast_unpersist(Call *c, Value *out) {
    if (CALL_TAG(c)) ((Bcast *)as_host(c->self)->data)->destroyed = true;
    *out = v_unit();
    return true;
}
static const MethodDef bcast_methods[] = {
    METHOD("value", bcast_value, 0, 0, "def value: T", "The broadcast value."),
    METHOD("id", bcast_id, 0, 0, "def id: Long", "The broadcast's id."),
    METHOD_DATA("unpersist", bcast_unpersist, 0, 0, 1, "def unpersist(blocking: Boolean = false): Unit", "Accepted (one process: nothing was shipped)."),
    METHOD_DATA("destroy", bcast_unpersist, 1, 0, 0, "def destroy(): Unit", "Destroys the broadcast: value fails after it."),
};
static HostClass bcast_class = {.name = "Broadcast", .qualified = "org.apache.spark.broadcast.Broadcast",
                                .doc = "A read-only value shared with the tasks (here: held once, in process).",
                                .doc_url = SPARK_DOC "broadcast/Broadcast.html",
                                HOST_METHODS(bcast_methods), .finalize = bcast_free, .traverse = bcast_traverse,
                                .to_string = bcast_str, .type_name = bcast_type};
static bool sc_broadcast(Call *c, Value *out) {
    Bcast *b = calloc(1, sizeof *b);
    b->v = c->argv[0];
    val_incref(b->v);
    b->id = next_broadcast_id++;
    char *t = val_type_name(c->I, b->v);
    if (asprintf(&b->type, "org.apache.spark.broadcast.Broadcast[%s]", t) < 0) b->type = NULL;
    free(t);
    *out = host_new(&bcast_class, b);
    return true;
}

static bool sc_accumulator(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    const char *name = NULL;
    if (c->argc > 1 && !arg_string(c, 1, &name)) return false;
    *out = make_accum(c, name, c->argv[0].t == T_DOUBLE, true, c->argv[0]);
    return true;
}
static bool sc_longaccumulator(Call *c, Value *out) {
    const char *name = NULL;
    if (c->argc > 0 && !arg_string(c, 0, &name)) return false;
    *out = make_accum(c, name, false, false, v_long(0));
    return true;
}
static bool sc_doubleaccumulator(Call *c, Value *out) {
    const char *name = NULL;
    if (c->argc > 0 && !arg_string(c, 0, &name)) return false;
    *out = make_accum(c, name, true, false, v_double(0));
    return true;
}
static bool sc_version(Call *c, Value *out) { (void)c; *out = str_cstr("3.5.5"); return true; }
static const char *app_name(void);
static bool sc_appname(Call *c, Value *out) { (void)c; *out = str_cstr(app_name()); return true; }
static bool sc_master(Call *c, Value *out) { (void)c; *out = str_cstr(spark_master()); return true; }
static bool sc_parallelism(Call *c, Value *out) { (void)c; *out = v_int(spark_default_parallelism()); return true; }
static bool sc_noop(Call *c, Value *out) { (void)c; *out = v_unit(); return true; }
static bool sc_stop(Call *c, Value *out) {
    interp_printf(c->I, 2, "sc.stop() is ignored: this kernel's SparkContext lives as long as the kernel\n");
    *out = v_unit();
    return true;
}
static bool sc_false(Call *c, Value *out) { (void)c; *out = v_bool(false); return true; }
static bool sc_appid(Call *c, Value *out) {
    (void)c;
    *out = str_printf("local-%ld", (long)getpid());
    return true;
}
static bool sc_emptyrdd(Call *c, Value *out) {
    *out = rdd_from_items(c->I, "EmptyRDD", "emptyRDD at <console>", NULL, 0, 0);
    return true;
}
static bool sc_range(Call *c, Value *out) {
    int64_t a, b, step = 1;
    if (!arg_long(c, 0, &a) || !arg_long(c, 1, &b) || (c->argc > 2 && !arg_long(c, 2, &step))) return false;
    if (step == 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "step cannot be 0");
    size_t n = step > 0 ? (b > a ? (size_t)((b - a + step - 1) / step) : 0) : (a > b ? (size_t)((a - b - step - 1) / -step) : 0);
    Value *items = malloc((n ? n : 1) * sizeof(Value));
    for (size_t i = 0; i < n; i++) items[i] = v_long(a + (int64_t)i * step);
    char origin[64];
    snprintf(origin, sizeof origin, "range at <console>:%d", spark_console_line(c));
    *out = rdd_from_items(c->I, "MapPartitionsRDD", origin, items, n, spark_default_parallelism());
    free(items);
    return true;
}
static bool sc_union(Call *c, Value *out) {
    Value *all = NULL;
    size_t total = 0;
    for (int i = 0; i < c->argc; i++) {
        Value *items = NULL;
        size_t n = 0;
        Rdd *r = rdd_get(c->argv[i]);
        if (r) items = rdd_items(r, &n);
        else if (c->argv[i].t == T_SEQ) {
            for (size_t j = 0; j < as_seq(c->argv[i])->len; j++) {
                Rdd *rr = rdd_get(as_seq(c->argv[i])->items[j]);
                if (!rr) continue;
                size_t k;
                Value *its = rdd_items(rr, &k);
                all = realloc(all, (total + k + 1) * sizeof(Value));
                memcpy(all + total, its, k * sizeof(Value));
                total += k;
                free(its);
            }
            continue;
        } else { free(all); return interp_throw(c->I, "error", "sc.union needs RDDs"); }
        all = realloc(all, (total + n + 1) * sizeof(Value));
        memcpy(all + total, items, n * sizeof(Value));
        total += n;
        free(items);
    }
    *out = rdd_from_items(c->I, "UnionRDD", "union at <console>", all, total, spark_default_parallelism());
    free(all);
    return true;
}

/* sc.setCheckpointDir(dir): as Spark, a folder of a random UUID under dir (made, with dir), which
 * sc.getCheckpointDir names (file:/absolute/dir/uuid); RDD checkpoints are not written here. */
static char *checkpoint_dir;
static bool sc_set_checkpoint_dir(Call *c, Value *out) {
    const char *d;
    if (!arg_string(c, 0, &d)) return false;
    char *local = df_local_path(c->I, d);
    if (!local) return false;
    char id[37];
    uuid4(id);
    char *sub = NULL;
    if (asprintf(&sub, "%s/%s", local, id) < 0) sub = NULL;
    free(local);
    if (!sub) return false;
    for (char *p = sub + 1; ; p++) {         /* mkdir -p */
        if (*p == '/' || !*p) {
            char ch = *p;
            *p = 0;
            if (mkdir(sub, 0777) && errno != EEXIST) {
                int e = errno;
                bool r = interp_throw(c->I, "java.io.IOException", "Failed to create %s (%s)", sub, strerror(e));
                free(sub);
                return r;
            }
            *p = ch;
            if (!ch) break;
        }
    }
    char abs[PATH_MAX];
    free(checkpoint_dir);
    checkpoint_dir = NULL;
    if (asprintf(&checkpoint_dir, "file:%s", realpath(sub, abs) ? abs : sub) < 0) checkpoint_dir = NULL;
    free(sub);
    *out = v_unit();
    return true;
}
static bool sc_get_checkpoint_dir(Call *c, Value *out) {
    (void)c;
    *out = checkpoint_dir ? some_new(str_cstr(checkpoint_dir)) : v_none();
    return true;
}

static HostClass conf_class;
static bool sc_getconf(Call *c, Value *out) { (void)c; *out = host_new(&conf_class, NULL); return true; }

static const MethodDef sc_methods[] = {
    METHOD("getConf", sc_getconf, 0, 0, "def getConf: SparkConf", "The configuration (the kernel's: spark.master, spark.app.name, what %%configure set)."),
    METHOD("parallelize", sc_parallelize, 1, 2, "def parallelize[T](seq: Seq[T], numSlices: Int = defaultParallelism): RDD[T]", "Distributes a local collection to form an RDD."),
    METHOD("makeRDD", sc_parallelize, 1, 2, "def makeRDD[T](seq: Seq[T], numSlices: Int = defaultParallelism): RDD[T]", "Distributes a local collection to form an RDD."),
    METHOD("textFile", sc_textfile, 1, 2, "def textFile(path: String): RDD[String]", "The lines of a text file (or of the files in a directory)."),
    METHOD("accumulator", sc_accumulator, 1, 2, "def accumulator[T](initialValue: T, name: String): Accumulator[T]", "A (Spark 1.x style) accumulator that tasks add to with +=."),
    METHOD("longAccumulator", sc_longaccumulator, 0, 1, "def longAccumulator(name: String): LongAccumulator", "A Long accumulator: add(v), value, sum, count, avg."),
    METHOD("broadcast", sc_broadcast, 1, 1, "def broadcast[T](value: T): Broadcast[T]", "A read-only value for the tasks: read it with .value."),
    METHOD("doubleAccumulator", sc_doubleaccumulator, 0, 1, "def doubleAccumulator(name: String): DoubleAccumulator", "A Double accumulator."),
    METHOD("version", sc_version, 0, 0, "def version: String", "The Spark version this kernel follows."),
    METHOD("appName", sc_appname, 0, 0, "def appName: String", "The application's name."),
    METHOD("master", sc_master, 0, 0, "def master: String", "The master URL (local[*]: this kernel runs everything in-process)."),
    METHOD("defaultParallelism", sc_parallelism, 0, 0, "def defaultParallelism: Int", "Partitions used when none is given (the machine's cores)."),
    METHOD("setLogLevel", sc_noop, 1, 1, "def setLogLevel(logLevel: String): Unit", "Accepted; this kernel has no log4j."),
    METHOD("setCheckpointDir", sc_set_checkpoint_dir, 1, 1, "def setCheckpointDir(directory: String): Unit", "Makes a folder of a random name under directory, as Spark (RDD checkpoints are not written here)."),
    METHOD("getCheckpointDir", sc_get_checkpoint_dir, 0, 0, "def getCheckpointDir: Option[String]", "The folder setCheckpointDir made, if any."),
    METHOD("stop", sc_stop, 0, 0, "def stop(): Unit", "Ignored: the SparkContext lives as long as the kernel."),
    METHOD("isStopped", sc_false, 0, 0, "def isStopped: Boolean", "false."),
    METHOD("applicationId", sc_appid, 0, 0, "def applicationId: String", "An id for this kernel's application."),
    METHOD("emptyRDD", sc_emptyrdd, 0, 0, "def emptyRDD[T]: RDD[T]", "An RDD with no partitions."),
    METHOD("range", sc_range, 2, 3, "def range(start: Long, end: Long, step: Long = 1): RDD[Long]", "start until end by step, as an RDD."),
    METHOD("union", sc_union, 1, -1, "def union[T](rdds: Seq[RDD[T]]): RDD[T]", "The elements of all the RDDs."),
};
bool spark_second_context(Interp *I) {
    return interp_throw(I, "org.apache.spark.SparkException",
                        "Only one SparkContext should be running in this JVM (see SPARK-2243).The currently running "
                        "SparkContext was created at:\nthe kernel's start-up, as `sc` (use sc, SparkContext.getOrCreate(conf) "
                        "or new StreamingContext(sc, batchDuration))");
}
static bool sc_new(Call *c, Value *out) { (void)out; return spark_second_context(c->I); }
static HostClass sc_class = {.construct = sc_new, .ctor_signature = "new SparkContext(config: SparkConf)",.name = "SparkContext", .qualified = "org.apache.spark.SparkContext",
                             .doc = "The entry point to Spark's core: makes RDDs and accumulators. Predefined as `sc`.",
                             .doc_url = SPARK_DOC "SparkContext.html",
                             HOST_METHODS(sc_methods)};

static char *sc_to_string(Interp *I, void *d) {
    (void)I; (void)d;
    return strdup("org.apache.spark.SparkContext@dstream");
}

/* new SparkConf().setAppName(..).setMaster(..) — accepted for StreamingContext(conf, …);
 * setAppName and setMaster have their key as the method's data, set(key, value) has none */
static bool conf_set(Call *c, Value *out) {
    const char *k = c->data, *v;
    if (k) { if (!arg_string(c, 0, &v)) return false; spark_conf_set(k, v); }
    else { if (!arg_string(c, 0, &k)) return false; char *s = val_to_string(c->I, c->argv[1]); spark_conf_set(k, s); free(s); }
    val_incref(c->self);
    *out = c->self;
    return true;
}
static const char *app_name(void) {
    return spark_conf_get("spark.app.name") ? spark_conf_get("spark.app.name") : "dstream-kernel";
}
static bool conf_get(Call *c, Value *out) {
    const char *k;
    if (!arg_string(c, 0, &k)) return false;
    const char *v = spark_conf_get(k);
    if (!v && !strcmp(k, "spark.master")) v = spark_master();
    if (!v && !strcmp(k, "spark.app.name")) v = app_name();
    if (v) { *out = str_cstr(v); return true; }
    if (c->argc > 1) { val_incref(c->argv[1]); *out = c->argv[1]; return true; }
    return interp_throw(c->I, "java.util.NoSuchElementException", "%s", k);
}
static const MethodDef conf_methods[] = {
    METHOD_DATA("setAppName", conf_set, "spark.app.name", 1, 1, "def setAppName(name: String): SparkConf", "Sets spark.app.name."),
    METHOD_DATA("setMaster", conf_set, "spark.master", 1, 1, "def setMaster(master: String): SparkConf", "Sets spark.master (recorded; everything runs in this kernel)."),
    METHOD("set", conf_set, 2, 2, "def set(key: String, value: String): SparkConf", "Sets a configuration key."),
    METHOD("get", conf_get, 1, 2, "def get(key: String): String", "A configuration value."),
};
static bool conf_new(Call *c, Value *out);
bool spark_is_conf(Value v) { return v.t == T_HOST && as_host(v)->cls == &conf_class; }
static HostClass conf_class = {.name = "SparkConf", .qualified = "org.apache.spark.SparkConf",
                               .doc = "Spark configuration: keys set here are the kernel's configuration.",
                               HOST_METHODS(conf_methods),
                               .construct = conf_new};
static bool conf_new(Call *c, Value *out) { (void)c; *out = host_new(&conf_class, NULL); return true; }

/* ---- SparkContext and TaskContext objects ---- */

/* SparkContext.getOrCreate(conf): the kernel's `sc` (Spark returns the running context too) */
static bool scobj_getorcreate(Call *c, Value *out) { (void)c; val_incref(the_sc); *out = the_sc; return true; }
static const MethodDef scobj_methods[] = {
    METHOD("getOrCreate", scobj_getorcreate, 0, 1, "def getOrCreate(config: SparkConf): SparkContext", "The running SparkContext: the kernel's `sc`."),
};
static HostClass scobj_class = {.name = "SparkContext$", .qualified = "org.apache.spark.SparkContext$",
                                .doc = "SparkContext.getOrCreate(conf): the kernel's sc.", HOST_METHODS(scobj_methods)};

static HostClass task_class;
/* TaskContext.get: the context of the task whose function runs (null on the driver, as Spark) */
static bool task_get(Call *c, Value *out) {
    (void)c;
    int p = rdd_task_partition();
    *out = p < 0 ? v_null() : host_new(&task_class, (void *)(intptr_t)(p + 1));   /* + 1: never NULL data */
    return true;
}
static bool task_getpartitionid(Call *c, Value *out) {   /* 0 on the driver, as Spark */
    (void)c;
    int p = rdd_task_partition();
    *out = v_int(p < 0 ? 0 : p);
    return true;
}
static bool task_partitionid(Call *c, Value *out) { *out = v_int((int)(intptr_t)as_host(c->self)->data - 1); return true; }
static bool task_zero(Call *c, Value *out) { (void)c; *out = v_int(0); return true; }
static bool task_false(Call *c, Value *out) { (void)c; *out = v_bool(false); return true; }
static const MethodDef task_methods[] = {
    METHOD("partitionId", task_partitionid, 0, 0, "def partitionId(): Int", "The partition this task computes."),
    METHOD("stageId", task_zero, 0, 0, "def stageId(): Int", "The stage (0 here)."),
    METHOD("attemptNumber", task_zero, 0, 0, "def attemptNumber(): Int", "The attempt (tasks run once here: 0)."),
    METHOD("isInterrupted", task_false, 0, 0, "def isInterrupted(): Boolean", "false."),
};
static HostClass task_class = {.name = "TaskContext", .qualified = "org.apache.spark.TaskContext",
                               .doc = "The running task: TaskContext.get.partitionId.",
                               .doc_url = SPARK_DOC "TaskContext.html", HOST_METHODS(task_methods)};
static const MethodDef taskobj_methods[] = {
    METHOD("get", task_get, 0, 0, "def get(): TaskContext", "The running task's context, or null on the driver."),
    METHOD("getPartitionId", task_getpartitionid, 0, 0, "def getPartitionId(): Int", "The running task's partition (0 on the driver)."),
};
static HostClass taskobj_class = {.name = "TaskContext$", .qualified = "org.apache.spark.TaskContext$",
                                  .doc = "TaskContext.get, TaskContext.getPartitionId.", HOST_METHODS(taskobj_methods)};

void spark_register_object(Interp *I, HostClass *cls, const char *simple, const char *qualified) {
    char sig[96];
    snprintf(sig, sizeof sig, "object %s", qualified);
    interp_register_class(I, cls);
    Value v = host_new(cls, NULL);
    val_incref(v);
    interp_register_global(I, simple, v, sig, cls->doc);
    interp_register_global(I, qualified, v, sig, cls->doc);
}

/* ---- StorageLevel ---- */

typedef struct { const char *name; bool disk, memory, offheap, deserialized; int replication; } Level;
static const Level levels[] = {
    {"NONE", false, false, false, false, 1}, {"DISK_ONLY", true, false, false, false, 1},
    {"DISK_ONLY_2", true, false, false, false, 2}, {"DISK_ONLY_3", true, false, false, false, 3},
    {"MEMORY_ONLY", false, true, false, true, 1}, {"MEMORY_ONLY_2", false, true, false, true, 2},
    {"MEMORY_ONLY_SER", false, true, false, false, 1}, {"MEMORY_ONLY_SER_2", false, true, false, false, 2},
    {"MEMORY_AND_DISK", true, true, false, true, 1}, {"MEMORY_AND_DISK_2", true, true, false, true, 2},
    {"MEMORY_AND_DISK_SER", true, true, false, false, 1}, {"MEMORY_AND_DISK_SER_2", true, true, false, false, 2},
    {"OFF_HEAP", true, true, true, false, 1},
};
static HostClass level_class;
/* data: the level's index + 1 (a host object with NULL data prints as Class@hash) */
Value storage_level_value(int level) { return host_new(&level_class, (void *)(intptr_t)(level + 1)); }
int storage_level_of(Value v) {
    if (v.t != T_HOST || as_host(v)->cls != &level_class) return -1;
    return (int)(intptr_t)as_host(v)->data - 1;
}
const char *storage_level_description(int level) {
    static __thread char buf[96];
    const Level *l = &levels[level];
    snprintf(buf, sizeof buf, "%s%s%s%dx Replicated", l->disk ? "Disk " : "",
             l->memory ? (l->offheap ? "Memory (off heap) " : "Memory ") : "",
             l->deserialized ? "Deserialized " : "Serialized ", l->replication);
    return buf;
}
static char *level_str(Interp *I, void *d) {   /* Spark's StorageLevel.toString */
    (void)I;
    const Level *l = &levels[(intptr_t)d - 1];
    char *s = NULL;
    if (asprintf(&s, "StorageLevel(%s%s%s%s%d replicas)", l->disk ? "disk, " : "", l->memory ? "memory, " : "",
                 l->offheap ? "offheap, " : "", l->deserialized ? "deserialized, " : "", l->replication) < 0) return NULL;
    return s;
}
enum { LV_DISK, LV_MEMORY, LV_OFFHEAP, LV_DESER, LV_REPL };
static bool level_get(Call *c, Value *out) {
    const Level *l = &levels[storage_level_of(c->self)];
    switch (CALL_TAG(c)) {
    case LV_DISK: *out = v_bool(l->disk); break;
    case LV_MEMORY: *out = v_bool(l->memory); break;
    case LV_OFFHEAP: *out = v_bool(l->offheap); break;
    case LV_DESER: *out = v_bool(l->deserialized); break;
    default: *out = v_int(l->replication);
    }
    return true;
}
static const MethodDef level_methods[] = {
    METHOD_DATA("useDisk", level_get, LV_DISK, 0, 0, "def useDisk: Boolean", "Whether blocks go to disk."),
    METHOD_DATA("useMemory", level_get, LV_MEMORY, 0, 0, "def useMemory: Boolean", "Whether blocks stay in memory."),
    METHOD_DATA("useOffHeap", level_get, LV_OFFHEAP, 0, 0, "def useOffHeap: Boolean", "Whether blocks are off the heap."),
    METHOD_DATA("deserialized", level_get, LV_DESER, 0, 0, "def deserialized: Boolean", "Whether blocks are kept as objects."),
    METHOD_DATA("replication", level_get, LV_REPL, 0, 0, "def replication: Int", "How many copies of each block."),
};
static HostClass level_class = {.name = "StorageLevel", .qualified = "org.apache.spark.storage.StorageLevel",
                                .doc = "How an RDD is kept (accepted: RDDs are kept in memory here anyway).",
                                .doc_url = SPARK_DOC "storage/StorageLevel.html",
                                HOST_METHODS(level_methods), .to_string = level_str};
static bool level_obj_get(Call *c, Value *out) { *out = storage_level_value((int)CALL_TAG(c)); return true; }
#define LEVEL(i, n) METHOD_DATA(n, level_obj_get, i, 0, 0, "val " n ": StorageLevel", "StorageLevel." n)
static const MethodDef level_obj_methods[] = {
    LEVEL(0, "NONE"), LEVEL(1, "DISK_ONLY"), LEVEL(2, "DISK_ONLY_2"), LEVEL(3, "DISK_ONLY_3"),
    LEVEL(4, "MEMORY_ONLY"), LEVEL(5, "MEMORY_ONLY_2"), LEVEL(6, "MEMORY_ONLY_SER"), LEVEL(7, "MEMORY_ONLY_SER_2"),
    LEVEL(8, "MEMORY_AND_DISK"), LEVEL(9, "MEMORY_AND_DISK_2"), LEVEL(10, "MEMORY_AND_DISK_SER"),
    LEVEL(11, "MEMORY_AND_DISK_SER_2"), LEVEL(12, "OFF_HEAP"),
};
static HostClass level_obj = {.name = "StorageLevel$", .qualified = "org.apache.spark.storage.StorageLevel$",
                              .doc = "The storage levels: MEMORY_ONLY, MEMORY_AND_DISK, DISK_ONLY …",
                              HOST_METHODS(level_obj_methods)};

/* ---- HashPartitioner ---- */

static HostClass hashpart_class;
static bool hashpart_new(Call *c, Value *out) {
    int64_t n;
    if (!call_arity(c, 1, 1) || !arg_long(c, 0, &n)) return false;
    if (n < 0)
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "requirement failed: Number of partitions (%lld) cannot be negative.", (long long)n);
    *out = host_new(&hashpart_class, (void *)(intptr_t)(n + 1));   /* + 1: never NULL data */
    return true;
}
bool hash_partitioner_parts(Value v, int *nparts) {
    if (v.t != T_HOST || as_host(v)->cls != &hashpart_class) return false;
    *nparts = (int)(intptr_t)as_host(v)->data - 1;
    return true;
}
static bool hashpart_num(Call *c, Value *out) { *out = v_int((int)(intptr_t)as_host(c->self)->data - 1); return true; }
static bool hashpart_get(Call *c, Value *out) {
    int n = (int)(intptr_t)as_host(c->self)->data - 1;
    *out = v_int(c->argv[0].t == T_NULL || n == 0 ? 0 : spark_hash_partition(java_hash_code(c->argv[0]), n));
    return true;
}
static char *hashpart_str(Interp *I, void *d) {   /* Spark's hashCode of a HashPartitioner is its count */
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.HashPartitioner@%x", (unsigned)((intptr_t)d - 1)) < 0) return NULL;
    return s;
}
static const MethodDef hashpart_methods[] = {
    METHOD("numPartitions", hashpart_num, 0, 0, "def numPartitions: Int", "The number of partitions."),
    METHOD("getPartition", hashpart_get, 1, 1, "def getPartition(key: Any): Int", "The partition of key: key.hashCode mod numPartitions (null: 0)."),
};
static HostClass hashpart_class = {.name = "HashPartitioner", .qualified = "org.apache.spark.HashPartitioner",
                                   .doc = "Partitions keys by their Java hashCode modulo the number of partitions.",
                                   .doc_url = SPARK_DOC "HashPartitioner.html",
                                   HOST_METHODS(hashpart_methods), .construct = hashpart_new,
                                   .ctor_signature = "new HashPartitioner(partitions: Int)",
                                   .to_string = hashpart_str,
                                   .aliases = (const char *const[]){"Partitioner", "org.apache.spark.Partitioner", NULL}};

/* ---- set-up ---- */

void core_init(Interp *I) {
    rdd_ids_reset();
    sc_class.to_string = sc_to_string;
    interp_register_class(I, &sc_class);
    interp_register_class(I, &accum_class);
    interp_register_class(I, &bcast_class);
    interp_register_class(I, &conf_class);
    interp_register_class(I, &rdd_class);
    interp_register_class(I, &hashpart_class);
    interp_register_class(I, &level_class);
    spark_register_object(I, &level_obj, "StorageLevel", "org.apache.spark.storage.StorageLevel");
    spark_register_object(I, &scobj_class, "SparkContext", "org.apache.spark.SparkContext");
    spark_register_object(I, &taskobj_class, "TaskContext", "org.apache.spark.TaskContext");
    interp_register_class(I, &task_class);
    log4j_init(I);
    the_sc = host_new(&sc_class, NULL);
    val_incref(the_sc);
    interp_register_global(I, "sc", the_sc, "val sc: SparkContext", sc_class.doc);
    static const char *const packages[] = {
        "org.apache.spark", "org.apache.kafka", "com.google.gson", "twitter4j", "kafka", NULL};
    for (int i = 0; packages[i]; i++) interp_register_package(I, packages[i]);
    interp_register_exception(I, "SparkException", "org.apache.spark.SparkException", "Exception");
}

void core_free(Interp *I) {
    (void)I;
    val_decref(the_sc);
    the_sc = v_unit();
    conf_free();
    free(checkpoint_dir);
    checkpoint_dir = NULL;
}
