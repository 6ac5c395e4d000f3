/* complete_inspect.c — the kernel's answer to inspect_request (Shift-Tab): the signature, the
 * one-paragraph doc, the class and a link to its API page (with the method's anchor where Spark's
 * scaladoc or Kafka's javadoc has a stable one) for a method, a class or a value the cell defines;
 * the interpreter's own text for the session's names. */
#include "complete_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Anchors of Spark's scaladoc (Scala 2.12) and Kafka's javadoc for the methods notebooks use
 * most; the page is the class's doc_url. Others link to the class page. */
static const struct { const char *page, *method, *anchor; } anchors[] = {
    {"StreamingContext.html", "start", "start():Unit"},
    {"StreamingContext.html", "stop", "stop(stopSparkContext:Boolean,stopGracefully:Boolean):Unit"},
    {"StreamingContext.html", "awaitTermination", "awaitTermination():Unit"},
    {"StreamingContext.html", "awaitTerminationOrTimeout", "awaitTerminationOrTimeout(timeout:Long):Boolean"},
    {"StreamingContext.html", "remember", "remember(duration:org.apache.spark.streaming.Duration):Unit"},
    {"StreamingContext.html", "checkpoint", "checkpoint(directory:String):Unit"},
    {"StreamingContext.html", "textFileStream", "textFileStream(directory:String):org.apache.spark.streaming.dstream.DStream[String]"},
    {"StreamingContext.html", "socketTextStream", "socketTextStream(hostname:String,port:Int,storageLevel:org.apache.spark.storage.StorageLevel):org.apache.spark.streaming.dstream.ReceiverInputDStream[String]"},
    {"StreamingContext.html", "sparkContext", "sparkContext:org.apache.spark.SparkContext"},
    {"DStream.html", "print", "print(num:Int):Unit"},
    {"DStream.html", "foreachRDD", "foreachRDD(foreachFunc:org.apache.spark.rdd.RDD[T]=>Unit):Unit"},
    {"DStream.html", "count", "count():org.apache.spark.streaming.dstream.DStream[Long]"},
    {"DStream.html", "filter", "filter(filterFunc:T=>Boolean):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "window", "window(windowDuration:org.apache.spark.streaming.Duration,slideDuration:org.apache.spark.streaming.Duration):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "reduce", "reduce(reduceFunc:(T,T)=>T):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "repartition", "repartition(numPartitions:Int):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "union", "union(that:org.apache.spark.streaming.dstream.DStream[T]):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "countByWindow", "countByWindow(windowDuration:org.apache.spark.streaming.Duration,slideDuration:org.apache.spark.streaming.Duration):org.apache.spark.streaming.dstream.DStream[Long]"},
    {"DStream.html", "saveAsTextFiles", "saveAsTextFiles(prefix:String,suffix:String):Unit"},
    {"DStream.html", "cache", "cache():org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "checkpoint", "checkpoint(interval:org.apache.spark.streaming.Duration):org.apache.spark.streaming.dstream.DStream[T]"},
    {"RDD.html", "count", "count():Long"},
    {"RDD.html", "collect", "collect():Array[T]"},
    {"RDD.html", "first", "first():T"},
    {"RDD.html", "isEmpty", "isEmpty():Boolean"},
    {"RDD.html", "take", "take(num:Int):Array[T]"},
    {"RDD.html", "foreach", "foreach(f:T=>Unit):Unit"},
    {"RDD.html", "foreachPartition", "foreachPartition(f:Iterator[T]=>Unit):Unit"},
    {"RDD.html", "filter", "filter(f:T=>Boolean):org.apache.spark.rdd.RDD[T]"},
    {"RDD.html", "reduce", "reduce(f:(T,T)=>T):T"},
    {"RDD.html", "getNumPartitions", "getNumPartitions:Int"},
    {"RDD.html", "cache", "cache():RDD.this.type"},
    {"Dataset.html", "show", "show(numRows:Int):Unit"},
    {"Dataset.html", "printSchema", "printSchema():Unit"},
    {"Dataset.html", "count", "count():Long"},
    {"Dataset.html", "collect", "collect():Array[T]"},
    {"Dataset.html", "createOrReplaceTempView", "createOrReplaceTempView(viewName:String):Unit"},
    {"Dataset.html", "limit", "limit(n:Int):org.apache.spark.sql.Dataset[T]"},
    {"Dataset.html", "select", "select(cols:org.apache.spark.sql.Column*):org.apache.spark.sql.DataFrame"},
    {"Dataset.html", "filter", "filter(condition:org.apache.spark.sql.Column):org.apache.spark.sql.Dataset[T]"},
    {"Dataset.html", "where", "where(condition:org.apache.spark.sql.Column):org.apache.spark.sql.Dataset[T]"},
    {"Dataset.html", "write", "write:org.apache.spark.sql.DataFrameWriter[T]"},
    {"Dataset.html", "toJSON", "toJSON:org.apache.spark.sql.Dataset[String]"},
    {"Dataset.html", "schema", "schema:org.apache.spark.sql.types.StructType"},
    {"Dataset.html", "columns", "columns:Array[String]"},
    {"SparkContext.html", "parallelize", "parallelize[T](seq:Seq[T],numSlices:Int)(implicitevidence$1:scala.reflect.ClassTag[T]):org.apache.spark.rdd.RDD[T]"},
    {"SparkContext.html", "longAccumulator", "longAccumulator(name:String):org.apache.spark.util.LongAccumulator"},
    {"KafkaProducer.html", "send", "send(org.apache.kafka.clients.producer.ProducerRecord)"},
    {"KafkaProducer.html", "flush", "flush()"},
    {"KafkaProducer.html", "close", "close()"},
    {"KafkaConsumer.html", "poll", "poll(java.time.Duration)"},
    {"KafkaConsumer.html", "subscribe", "subscribe(java.util.Collection)"},
    {"KafkaConsumer.html", "close", "close()"},
    {"KafkaConsumer.html", "commitSync", "commitSync()"},
};

static char *method_url(const HostClass *cls, const char *method) {
    if (!cls || !cls->doc_url) return NULL;
    const char *page = strrchr(cls->doc_url, '/');
    page = page ? page + 1 : cls->doc_url;
    size_t plen = strcspn(page, "#?");
    for (size_t i = 0; method && i < sizeof anchors / sizeof anchors[0]; i++)
        if (strlen(anchors[i].page) == plen && !strncmp(page, anchors[i].page, plen) && !strcmp(anchors[i].method, method)) {
            char *u = NULL;
            if (asprintf(&u, "%.*s#%s", (int)(page - cls->doc_url + (long)plen), cls->doc_url, anchors[i].anchor) < 0) abort();
            return u;
        }
    return strdup(cls->doc_url);
}

static json_t *inspect_reply(const char *sig, const char *doc, const HostClass *cls, const char *url) {
    char *plain = NULL, *md = NULL;
    const char *qual = cls ? (cls->qualified ? cls->qualified : cls->name) : NULL;
    if (asprintf(&plain, "%s\n\n%s%s%s%s%s%s", sig ? sig : "", doc ? doc : "", qual ? "\n\nClass: " : "", qual ? qual : "",
                 url ? "\nDocumentation: " : "", url ? url : "", "") < 0) abort();
    if (asprintf(&md, "```scala\n%s\n```\n\n%s%s%s%s%s%s%s", sig ? sig : "", doc ? doc : "", qual ? "\n\n*" : "", qual ? qual : "",
                 qual ? "*" : "", url ? "\n\n[Documentation](" : "", url ? url : "", url ? ")" : "") < 0) abort();
    json_t *r = json_pack("{s:b, s:{s:s, s:s}, s:{}}", "found", 1, "data", "text/plain", plain, "text/markdown", md, "metadata");
    free(plain);
    free(md);
    return r;
}

/* The interpreter's own text, with the method's documentation link made precise. */
static json_t *interp_reply(char *text) {
    json_t *r = json_pack("{s:b, s:{s:s}, s:{}}", "found", 1, "data", "text/plain", text, "metadata");
    free(text);
    return r;
}

json_t *completer_inspect(Completer *c, const char *code, int cursor, int detail) {
    (void)detail;
    int len = (int)strlen(code);
    if (cursor < 0 || cursor > len) cursor = len;
    /* the word at the cursor; none (f(|) or after a space in the arguments): the call's callee */
    int s = cursor, e = cursor;
    while (s > 0 && ident_char(code[s - 1])) s--;
    while (e < len && ident_char(code[e])) e++;
    Scan sc;
    scan_text(&sc, code, e);
    if (s == e || !code_at(&sc, s)) {
        int k = sc.nopen - 1;
        while (k >= 0 && code[sc.open[k]] != '(') k--;
        if (k >= 0) {
            e = sc.open[k];
            if (e > 0 && code[e - 1] == ']' && sc.match[e - 1] >= 0) e = sc.match[e - 1];
            s = e;
            while (s > 0 && ident_char(code[s - 1])) s--;
        }
    }
    json_t *out = NULL;
    if (s < e) {
        Ctx x = {.c = c, .sc = &sc};
        char *name = xstrndup(code + s, (size_t)(e - s));
        int dot = skip_ws_back(&sc, s);
        const HostClass *cls = NULL;
        if (dot > 0 && code[dot - 1] == '.' && code_at(&sc, dot - 1)) {
            TypeInfo t;
            if (infer_range(&x, chain_start(&sc, dot - 1), dot - 1, 0, &t) && t.cls) cls = t.cls;
            ti_clear(&t);
            for (const HostClass *k = cls; k && !out; k = k->parent) {
                const MethodDef *md = host_find_method(k, name);
                if (md) {
                    char *url = method_url(k, name);
                    out = inspect_reply(md->signature ? md->signature : name, md->doc, k, url);
                    free(url);
                }
            }
        } else {
            bool is_new = false;
            int w = skip_ws_back(&sc, s);
            if (w >= 3 && word_at(&sc, w - 3, "new")) is_new = true;
            const HostClass *k = find_class(c, name);
            char *own = k && !is_new ? inspect_text(c, name) : NULL;
            if (own) k = NULL;        /* a name of the session's: the interpreter answers */
            free(own);
            if (k) {
                char *url = method_url(k, NULL);
                out = inspect_reply(k->ctor_signature ? k->ctor_signature : k->qualified ? k->qualified : k->name, k->doc, k, url);
                free(url);
            }
        }
        if (!out) {
            /* the interpreter's answer for the whole dotted name */
            int a = s;
            while (a > 0 && (ident_char(code[a - 1]) || code[a - 1] == '.')) a--;
            char *chain = xstrndup(code + a, (size_t)(e - a));
            char *t = interp_inspect(c->I, chain, (int)strlen(chain));
            if (t) out = interp_reply(t);
            free(chain);
        }
        if (!out) {
            /* a value the cell defines: its inferred class */
            TypeInfo t;
            if (dot == 0 || code[dot - 1] != '.') {
                if (infer_range(&x, s, e, 0, &t) && t.cls) {
                    char *sig = NULL;
                    if (asprintf(&sig, "%s: %s", name, t.cls->qualified ? t.cls->qualified : t.cls->name) < 0) abort();
                    char *url = method_url(t.cls, NULL);
                    out = inspect_reply(sig, t.cls->doc, t.cls, url);
                    free(url);
                    free(sig);
                }
                ti_clear(&t);
            }
        }
        free(name);
    }
    scan_free(&sc);
    if (!out) out = json_pack("{s:b, s:{}, s:{}}", "found", 0, "data", "metadata");
    return out;
}
