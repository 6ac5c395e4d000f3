/* magics_spark.c — %spark: the notebook as a program for real Spark.
 *
 * Every cell that ran is recorded (magics_record_cell, called by the backend), in the order it
 * ran: Scala cells as they are, %%scala bodies, %%sql queries as `spark.sql("""…""").show(…)`,
 * other magics as a comment (they are the kernel's, not Spark's). A cell that failed here is kept,
 * under a comment naming its error: spark-shell reads a program statement by statement, so the
 * statements before the failing one take effect there as here, the error is reported and the
 * program goes on, as the notebook did. Interrupted cells are left out (an awaitTermination the
 * user interrupted would wait for ever on Spark).
 * A program that calls the kernel's `ssc.step(n)` gets a prelude (STEP_PRELUDE) that gives Spark
 * the same call: contexts run on Spark's ManualClock, and step starts the context, advances the
 * clock by n batch intervals and waits for those batches to complete.
 * `%spark export FILE` writes that program; `%spark submit [options]` runs it on real Spark —
 * `spark-submit --class org.apache.spark.repl.Main … -I PROGRAM`, which is what spark-shell runs;
 * -I, not -i: -i compiles the whole file as one paste (a cell that defines `val ssc` again would not
 * compile), -I reads it line by line as spark-shell reads typed cells — streaming the driver's output
 * into the cell. The program is what the notebook ran here; a notebook that ran here must run
 * there (issue 12), and this is how to check it on a cluster.
 */
#include "magics_spark.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "magics_kafka_internal.h"
#include "util/strbuf.h"

static pthread_mutex_t program_lock = PTHREAD_MUTEX_INITIALIZER;
static StrBuf program;        /* the recorded cells */
static int program_cells, program_failed;

static const char *skip_blanks(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    return p;
}

/* The first line of s (without its newline), malloc'd. */
static char *first_line(const char *s) { return strndup(s, strcspn(s, "\r\n")); }

/* %%sql [-n MAXROWS] [-q] [--chart …] [-o NAME] BODY as the Spark call that shows the same rows. */
static void record_sql(StrBuf *sb, const char *args, const char *body) {
    Args a = split_args(args);
    long long n = 20;
    bool quiet = false;
    for (int i = 0; i < a.n; i++) {
        if (!strcmp(a.v[i], "-n") && i + 1 < a.n) parse_long(a.v[++i], &n);
        else if (!strcmp(a.v[i], "-q")) quiet = true;
    }
    args_free(&a);
    size_t len = strlen(body);
    while (len && (body[len - 1] == '\n' || body[len - 1] == ' ' || body[len - 1] == '\r' || body[len - 1] == ';')) len--;
    sb_puts(sb, "spark.sql(\"\"\"");
    sb_add(sb, body, len);
    sb_puts(sb, "\"\"\")");
    if (!quiet) sb_printf(sb, ".show(%lld, false)", n);
    sb_putc(sb, '\n');
}

void magics_record_cell(const char *code, const char *ename, const char *evalue) {
    const char *p = skip_blanks(code);
    if (!*p) return;
    if (ename && (!strcmp(ename, "Interrupted") || strstr(ename, "InterruptedException"))) return;
    StrBuf cell; sb_init(&cell);
    if (ename) {
        char *msg = first_line(evalue ? evalue : "");
        sb_printf(&cell, "// this cell failed in the kernel (%s%s%.200s); spark-shell reports its error and goes on\n",
                  ename, *msg ? ": " : "", msg);
        free(msg);
    }
    if (*p == '%') {
        char *line = first_line(p);
        const char *rest = p + strlen(line);
        if (*rest == '\r') rest++;
        if (*rest == '\n') rest++;
        if (!strncmp(line, "%%scala", 7) && (line[7] == 0 || line[7] == ' ')) sb_puts(&cell, rest);
        else if (!strncmp(line, "%%sql", 5) && (line[5] == 0 || line[5] == ' ')) record_sql(&cell, line + 5, rest);
        else if (!strncmp(line, "%spark", 6) && (line[6] == 0 || line[6] == ' ')) { free(line); free(sb_take(&cell)); return; }
        else sb_printf(&cell, "// %s  (a magic of this kernel: not part of the Spark program)\n", line);
        free(line);
    } else sb_puts(&cell, code);
    pthread_mutex_lock(&program_lock);
    if (program.len) sb_putc(&program, '\n');
    sb_add(&program, cell.s, cell.len);
    if (cell.len && cell.s[cell.len - 1] != '\n') sb_putc(&program, '\n');
    program_cells++;
    if (ename) program_failed++;
    pthread_mutex_unlock(&program_lock);
    free(sb_take(&cell));
}

void magics_spark_free(void) {
    pthread_mutex_lock(&program_lock);
    free(sb_take(&program));
    sb_init(&program);
    program_cells = program_failed = 0;
    pthread_mutex_unlock(&program_lock);
}

/* The kernel's ssc.step(n) for Spark, put before the cells of a program that calls it. StreamingContext
 * has no step; an implicit class gives it one. Spark's JobGenerator takes its clock from sc.conf's
 * spark.streaming.clock when a context is made (the prelude sets ManualClock there through SparkContext's
 * conf, private[spark] in Scala, public in bytecode), and a ManualClock restored from a checkpoint is set
 * to the checkpoint's time, as the kernel's virtual clock is. step starts the context (first batch at one
 * interval, as here), sets the clock (ssc.scheduler.clock, reached by reflection) n intervals on, and
 * waits until a StreamingListener has seen the batch at that time complete. */
static const char STEP_PRELUDE[] =
    "// ---- added by %spark: the kernel's ssc.step(n) on Spark (the cells call it; Spark has no such method).\n"
    "// Contexts run on Spark's ManualClock (spark.streaming.clock); step starts the context, moves the clock\n"
    "// on by n batch intervals and waits for those batches to complete. ----\n"
    "classOf[org.apache.spark.SparkContext].getMethod(\"conf\").invoke(sc).asInstanceOf[org.apache.spark.SparkConf].set(\"spark.streaming.clock\", \"org.apache.spark.util.ManualClock\")\n"
    "object DStreamKernelStep {\n"
    "  import java.util.concurrent.atomic.AtomicLong\n"
    "  import org.apache.spark.streaming.{Duration, StreamingContext, StreamingContextState}\n"
    "  import org.apache.spark.streaming.scheduler.{StreamingListener, StreamingListenerBatchCompleted}\n"
    "  private val done = new java.util.WeakHashMap[StreamingContext, AtomicLong]()\n"
    "  private def member(o: AnyRef, name: String): AnyRef = o.getClass.getMethod(name).invoke(o)\n"
    "  def step(ssc: StreamingContext, n: Int): Unit = {\n"
    "    require(n >= 0, s\"step($n): the number of batches cannot be negative\")\n"
    "    val last = done.synchronized {\n"
    "      if (ssc.getState() == StreamingContextState.INITIALIZED && !done.containsKey(ssc)) {\n"
    "        val completed = new AtomicLong(-1L)\n"
    "        ssc.addStreamingListener(new StreamingListener {\n"
    "          override def onBatchCompleted(b: StreamingListenerBatchCompleted): Unit = completed.synchronized {\n"
    "            completed.set(math.max(completed.get, b.batchInfo.batchTime.milliseconds)); completed.notifyAll()\n"
    "          }\n"
    "        })\n"
    "        done.put(ssc, completed)\n"
    "        ssc.start()\n"
    "      }\n"
    "      done.get(ssc)\n"
    "    }\n"
    "    if (last == null) throw new IllegalStateException(\"step: this StreamingContext was started with start(), not step()\")\n"
    "    val clock = member(member(ssc, \"scheduler\"), \"clock\")\n"
    "    val interval = member(member(ssc, \"graph\"), \"batchDuration\").asInstanceOf[Duration].milliseconds\n"
    "    val target = clock.getClass.getMethod(\"getTimeMillis\").invoke(clock).asInstanceOf[Long] + n * interval\n"
    "    clock.getClass.getMethod(\"setTime\", classOf[Long]).invoke(clock, Long.box(target))\n"
    "    val deadline = System.currentTimeMillis + 120000L\n"
    "    last.synchronized {\n"
    "      while (last.get < target && ssc.getState() == StreamingContextState.ACTIVE && System.currentTimeMillis < deadline) last.wait(100L)\n"
    "    }\n"
    "    if (last.get < target && ssc.getState() == StreamingContextState.ACTIVE)\n"
    "      throw new java.util.concurrent.TimeoutException(s\"step($n): the batches up to $target ms did not complete within 120 s\")\n"
    "  }\n"
    "}\n"
    "implicit class DStreamKernelStepCall(ssc: org.apache.spark.streaming.StreamingContext) {\n"
    "  def step(n: Int = 1): Unit = DStreamKernelStep.step(ssc, n)\n"
    "}\n";

/* The kernel's rich-output builtins for Spark, when the cells call them: a driver has no notebook to
 * draw in, so they do nothing there (the kernel's figure is display data, not printed text). */
static const char DISPLAY_PRELUDE[] =
    "// ---- added by %spark: the kernel's displayHTML/displaySVG (the cells call them); a driver has no\n"
    "// notebook to draw in, so on Spark they do nothing. ----\n"
    "def displayHTML(html: String, text: String = \"\"): Unit = ()\n"
    "def displaySVG(svg: String, text: String = \"\"): Unit = ()\n";

/* Whether the recorded cells call step(…) on something (the kernel's virtual clock). */
static bool calls_step(const char *text) {
    return strstr(text, ".step(") != NULL;
}

/* The program's text with its header, malloc'd. */
static char *program_text(void) {
    StrBuf sb; sb_init(&sb);
    pthread_mutex_lock(&program_lock);
    sb_printf(&sb, "// A Spark program exported by the dstream kernel's %%spark: the %d cell%s that ran here, in the\n"
                   "// order they ran", program_cells, program_cells == 1 ? "" : "s");
    if (program_failed) sb_printf(&sb, " (%d failed here: marked below)", program_failed);
    sb_puts(&sb, ". Run it as spark-shell reads typed lines: spark-shell -I THIS_FILE\n"
                 "// (with the Kafka 0-10 connector: --packages org.apache.spark:spark-streaming-kafka-0-10_2.12:3.5.5).\n\n");
    bool step = program.len && calls_step(program.s);
    bool display = program.len && (strstr(program.s, "displayHTML(") || strstr(program.s, "displaySVG("));
    if (step) sb_puts(&sb, STEP_PRELUDE);
    if (display) sb_puts(&sb, DISPLAY_PRELUDE);
    if (step || display) sb_puts(&sb, "// ---- the notebook's cells ----\n");
    if (program.len) sb_add(&sb, program.s, program.len);
    pthread_mutex_unlock(&program_lock);
    return sb_take(&sb);
}

static bool write_file(const char *path, const char *text, CellResult *res) {
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s (%s): choose a path in a folder you can write to", path, strerror(errno));
        if (f) fclose(f);
        magics_set_error(res, "java.io.FileNotFoundException", msg);
        return false;
    }
    return true;
}

/* spark-submit from --spark-home, SPARK_HOME or the PATH; malloc'd, or NULL. */
static char *find_spark_submit(const char *home) {
    if (!home || !*home) home = getenv("SPARK_HOME");
    if (home && *home) {
        size_t n = strlen(home) + 32;
        char *p = malloc(n);
        snprintf(p, n, "%s/bin/spark-submit", home);
        if (access(p, X_OK) == 0) return p;
        free(p);
        return NULL;
    }
    const char *path = getenv("PATH");
    if (!path) return NULL;
    char *copy = strdup(path), *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        size_t n = strlen(dir) + 16;
        char *p = malloc(n);
        snprintf(p, n, "%s/spark-submit", *dir ? dir : ".");
        if (access(p, X_OK) == 0) { free(copy); return p; }
        free(p);
    }
    free(copy);
    return NULL;
}

#define SPARK_USAGE_TEXT "%spark export FILE.scala | %spark submit [--master M] [--conf k=v]... [--jars J] " \
                         "[--packages P] [--name N] [--spark-home DIR]"

/* On stderr, when the program talks to Kafka and this session's Kafka clients got the embedded broker: Spark's
 * Java client cannot use it (librdkafka's mock cluster answers Metadata only up to v2, and Kafka's
 * Java consumer waits forever for a node it can ask), and "" brokers mean nothing to Spark. */
static void note_embedded_broker(Interp *I, const char *text) {
    if (!strstr(text, "bootstrap.servers") && !strstr(text, "BOOTSTRAP_SERVERS_CONFIG")) return;
    if (!kafka_session_embedded_used()) return;
    Out o = out_for(I);
    out_text(&o, 2,
             "note: this session's Kafka is the embedded broker, which Spark's Java Kafka client cannot use "
             "(it needs Metadata requests newer than librdkafka's mock cluster answers). Run the program against a "
             "real broker: put its address in the notebook's brokers (e.g. val kafkaBrokers = \"host:9092\"), "
             "or start one on this machine with tests/kafka/broker.sh start.\n");
}

static bool spark_export(Interp *I, Args *a, CellResult *res) {
    if (a->n != 3) return usage(res, "%%spark export takes one file name: %s", SPARK_USAGE_TEXT);
    char *text = program_text();
    bool ok = write_file(a->v[2], text, res);
    if (ok) note_embedded_broker(I, text);
    free(text);
    if (ok) {
        Out o = out_for(I);
        char msg[700];
        pthread_mutex_lock(&program_lock);
        int n = program_cells;
        pthread_mutex_unlock(&program_lock);
        snprintf(msg, sizeof msg, "Wrote %d cell%s to %s (run it with: spark-shell -I %s)\n", n, n == 1 ? "" : "s",
                 a->v[2], a->v[2]);
        out_text(&o, 1, msg);
    }
    return true;
}

static bool spark_submit(Interp *I, Args *a, CellResult *res) {
    const char *home = NULL;
    /* argv: spark-submit --class … --name … [options] -I FILE */
    const char **argv = calloc((size_t)a->n + 12, sizeof *argv);
    int k = 1;
    argv[k++] = "--class";
    argv[k++] = "org.apache.spark.repl.Main";
    bool named = false;
    const char *master = NULL;
    for (int i = 2; i < a->n; i++) {
        const char *o = a->v[i];
        bool takes = !strcmp(o, "--master") || !strcmp(o, "--conf") || !strcmp(o, "--jars") ||
                     !strcmp(o, "--packages") || !strcmp(o, "--name") || !strcmp(o, "--driver-memory") ||
                     !strcmp(o, "--spark-home");
        if (!takes || i + 1 >= a->n) {
            free(argv);
            return usage(res, "%s %s: %s", o, takes ? "needs a value" : "is not an option of %spark submit", SPARK_USAGE_TEXT);
        }
        if (!strcmp(o, "--spark-home")) { home = a->v[++i]; continue; }
        if (!strcmp(o, "--name")) named = true;
        if (!strcmp(o, "--master")) master = a->v[i + 1];
        argv[k++] = o;
        argv[k++] = a->v[++i];
    }
    if (!named) { argv[k++] = "--name"; argv[k++] = "dstream-notebook"; }
    char *submit = find_spark_submit(home);
    if (!submit) {
        free(argv);
        char msg[600];
        snprintf(msg, sizeof msg, "spark-submit was not found (%s%s): set SPARK_HOME or --spark-home to a Spark 3.5 "
                 "distribution, or put its bin/ on the PATH (`pip install pyspark==3.5.5` ships one, in the package's folder)",
                 home ? "--spark-home " : getenv("SPARK_HOME") ? "SPARK_HOME=" : "PATH",
                 home ? home : getenv("SPARK_HOME") ? getenv("SPARK_HOME") : "");
        magics_set_error(res, "SparkSubmitNotFound", msg);
        return true;
    }
    char path[] = "/tmp/dstream-program-XXXXXX.scala";
    int fd = mkstemps(path, 6);
    if (fd < 0) {
        free(argv);
        free(submit);
        magics_set_error(res, "java.io.IOException", strerror(errno));
        return true;
    }
    close(fd);
    /* The notebook may leave a stream running (the kernel keeps it in the background); a program ends
     * with its cells, and a running StreamingContext keeps the JVM alive after the REPL's end of input.
     * sys.exit, not StreamingContext.getActive…stop: that would add a deprecation to the warnings. */
    StrBuf prog; sb_init(&prog);
    char *text = program_text();
    sb_printf(&prog, "%s\n// the end of the cells: the program ends (Spark's shutdown hooks stop a running stream)\n"
                     "sys.exit(0)\n", text);
    bool ok = write_file(path, prog.s, res);
    if (ok) note_embedded_broker(I, text);
    free(text);
    free(sb_take(&prog));
    if (ok) {
        argv[0] = submit;
        argv[k++] = "-I";
        argv[k++] = path;
        argv[k] = NULL;
        /* what bin/spark-shell adds: the REPL's compiler reads the JVM's class path */
        const char *opts = getenv("SPARK_SUBMIT_OPTS");
        StrBuf o; sb_init(&o);
        sb_printf(&o, "SPARK_SUBMIT_OPTS=%s%s-Dscala.usejavacp=true", opts ? opts : "", opts ? " " : "");
        char local_ip[] = "SPARK_LOCAL_IP=127.0.0.1";   /* a local run stays on the loopback */
        bool local = !master || !strncmp(master, "local", 5);
        char *env[] = {o.s, local && !getenv("SPARK_LOCAL_IP") ? local_ip : NULL, NULL};
        magics_spawn_streamed(I, (char *const *)argv, env, "spark-submit", res);
        free(sb_take(&o));
    }
    unlink(path);
    free(submit);
    free(argv);
    return true;
}

static bool run_spark(Interp *I, Args *a, CellResult *res) {
    if (a->n >= 2 && !strcmp(a->v[1], "export")) return spark_export(I, a, res);
    if (a->n >= 2 && !strcmp(a->v[1], "submit")) return spark_submit(I, a, res);
    return usage(res, "%s", SPARK_USAGE_TEXT);
}

void magic_spark(Interp *I, const char *args, const char *body, CellResult *res) {
    (void)body;
    run_line(I, "spark", args, res, run_spark);
}
