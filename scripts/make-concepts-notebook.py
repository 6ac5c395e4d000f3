"""make-concepts-notebook.py — writes notebooks/DStream-Concepts.ipynb (sources only).

The outputs are produced by running it on the kernel:
    .venv/bin/python scripts/run-notebooks.py --inplace notebooks/DStream-Concepts.ipynb

A lesson that follows the Spark Streaming Programming Guide (DStreams): micro-batches, transformations,
output operations, windows (with a figure drawn from the actual batches), reduceByKeyAndWindow with and
without the inverse function, updateStateByKey, mapWithState, checkpoints and recovery, Kafka offsets
per batch, and live streams. The deterministic sections drive the StreamingContext with ssc.step()
(this kernel's addition: Spark's own tests advance a ManualClock the same way), so every run prints
the same batches. tests/python/test_concepts_notebook.py runs it and checks what it shows; the
prose below states results, so change both together.
"""
import os
import nbformat as nbf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "notebooks", "DStream-Concepts.ipynb")

META = {"kernelspec": {"name": "dstream", "display_name": "Spark Streaming on Kafka (C)", "language": "scala"},
        "language_info": {"name": "scala", "file_extension": ".scala", "codemirror_mode": "text/x-scala",
                          "mimetype": "text/x-scala", "pygments_lexer": "scala"}}

WORKDIR = "/tmp/dstream-concepts"
TOPIC = "concepts-clicks"


def md(text):
    return nbf.v4.new_markdown_cell(text.strip("\n"))


def code(text, **kw):
    return nbf.v4.new_code_cell(text.strip("\n"), **kw)


CELLS = []
add = CELLS.append

# ---------------------------------------------------------------------------------------------
add(md(r"""
# Spark Streaming concepts, one batch at a time

This notebook is a hands-on companion to the
[Spark Streaming Programming Guide](https://spark.apache.org/docs/latest/streaming-programming-guide.html)
(the DStream API). Each idea gets a short explanation and a small program that you can run, change
and run again. The programs are ordinary Spark Scala: the same code runs in `spark-shell` or a
notebook on a Spark cluster. Where a cluster behaves differently, or needs something more, a note
marked **On a cluster** says so.

### How the examples keep still: `ssc.step()`

A real `StreamingContext` runs one batch every *batch interval* of wall-clock time, so what you see
depends on when you look. Spark's own test suite avoids this with a *manual clock*: a test starts the
context, then moves the clock forward one batch interval at a time and checks the output of each batch.
This kernel offers the same thing as one extra method, **`ssc.step(n)`**: run the next `n` batches
right now, on a virtual clock that starts at 0. With one-second batches the first batch is
`Time: 1000 ms`, the second `Time: 2000 ms`, and so on — the same numbers on every run.

`step()` exists only in this kernel. On a cluster you write `ssc.start()` and
`ssc.awaitTermination()` instead, and batches happen when the clock says so. The last section of
the notebook does exactly that, because there the real clock is the point.

The input of the step-by-step examples is a **`queueStream`**: a queue of RDDs, where each batch takes
the next RDD from the queue (`sc.makeRDD(Seq(...))` makes an RDD from local data). It is the
simplest way to decide exactly what each batch contains.

### Contents

1. Micro-batches and the batch interval
2. Transformations
3. Output operations
4. Window operations, with a figure of the sliding window
5. `reduceByKeyAndWindow` with and without an inverse function
6. State across batches: `updateStateByKey`
7. State across batches: `mapWithState` and timeouts
8. Checkpointing and recovery
9. Kafka: the direct stream and its offsets per batch
10. Live streams: when the real clock matters

Run the cells in order (Shift+Enter). The whole notebook takes well under a minute.
"""))

add(md(r"""
## Setting up

The examples write checkpoints and files under one working directory; this cell empties it so that
every run of the notebook starts from scratch.
"""))
add(code(rf"""
%%bash
rm -rf {WORKDIR} && mkdir -p {WORKDIR}/out
echo "working directory: {WORKDIR} (empty)"
"""))
add(md(r"""
While a `StreamingContext` runs, this kernel shows a live *batch timeline* under the cell (section 10
shows it). On the virtual clock of `step()` it has nothing to add, so it is switched off until then.
`%%configure` sets Spark options for the session, as it does on a Livy-backed cluster notebook.
"""))
add(code(r"""
%%configure -f
{"conf": {"spark.streaming.ui.inline": "false"}}
"""))
add(md(r"""
The imports are the ones a Spark Streaming program makes. `sc`, the `SparkContext`, already exists,
as in `spark-shell`.
"""))
add(code(r"""
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 1. Micro-batches and the batch interval

Spark Streaming does not handle records one at a time. It cuts the incoming data into **micro-batches**:
everything that arrives during one *batch interval* becomes one RDD, and Spark processes that RDD as an
ordinary batch job. A **DStream** ("discretized stream") is the sequence of these RDDs, one per batch time.

The batch interval is fixed when the `StreamingContext` is created — here one second. Batch times are
multiples of it: the batch at time *T* holds what arrived in the interval that ends at *T*.
"""))
add(code(r"""
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
val lines = ssc.queueStream(queue)
lines.print()

for (batch <- Seq(Seq("the first line", "the second line"), Seq("the third line")))
  queue += sc.makeRDD(batch)
"""))
add(md(r"""
Nothing has run yet: the code above only *describes* the computation. Each `step()` runs one batch.
`print()` is an output operation (section 3); it prints a header with the batch time, then the first
elements of that batch's RDD.
"""))
add(code(r"""
ssc.step()
"""))
add(md(r"""
Two more batches. The second one takes the next RDD from the queue; the third finds the queue empty and
gets an empty RDD. A DStream has an RDD for **every** batch interval, whether or not any data arrived —
an empty batch still runs, it just has nothing to print.
"""))
add(code(r"""
ssc.step(2)
"""))
add(md(r"""
When you are done with a context, stop it. Only one `StreamingContext` can be active at a time, and a
stopped context cannot be started again: every section below therefore creates a fresh one.
`stopSparkContext = false` keeps `sc` alive for the next section (the default would stop it too).
"""))
add(code(r"""
ssc.stop(stopSparkContext = false)
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 2. Transformations

Transformations turn one DStream into another by applying an RDD operation to **each batch's RDD**:
`map`, `flatMap`, `filter`, `reduceByKey`, `countByValue`, `union`, … These are *stateless*: each batch
is transformed on its own, with no memory of earlier batches.

The classic first program is a word count. Two batches go in:
"""))
add(code(r"""
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
val lines = ssc.queueStream(queue)

val words = lines.flatMap(line => line.split(" "))
val pairs = words.map(word => (word, 1))
val wordCounts = pairs.reduceByKey(_ + _)
wordCounts.print()

for (text <- Seq("to be or not to be", "to stream or to batch"))
  queue += sc.makeRDD(Seq(text))
ssc.step(2)
ssc.stop(stopSparkContext = false)
"""))
add(md(r"""
At 2000 ms `to` counts 2, not 4: the second batch knows nothing about the first. Counting across
batches needs a window (section 4) or state (sections 6 and 7).

(The order of the pairs inside a batch is the order of the data here; on a cluster it follows Spark's
hash partitioning, so it can differ. The counts are the same.)

### `transform`: any RDD operation, batch by batch

`transform(f)` hands you each batch's RDD and uses the RDD you return. It reaches RDD operations that
have no DStream counterpart, such as joining every batch with a fixed data set. Here each batch's
word counts are joined with a small table of what the words are:
"""))
add(code(r"""
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
val kinds = sc.parallelize(Seq(("spark", "engine"), ("flink", "engine"), ("kafka", "log")))

val counts = ssc.queueStream(queue).flatMap(_.split(" ")).map(w => (w, 1)).reduceByKey(_ + _)
val known = counts.transform(rdd => rdd.join(kinds))
known.print()

queue += sc.makeRDD(Seq("spark reads kafka", "spark writes kafka", "hello spark"))
ssc.step()
ssc.stop(stopSparkContext = false)
"""))
add(md(r"""
`hello`, `reads` and `writes` are not in the table, so the (inner) join drops them. The function given to
`transform` runs on the driver once per batch, so it may also change what it does from batch to batch
(for example, re-read the table every hour).
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 3. Output operations

Transformations only describe; **output operations** make Spark run them. Each batch, Spark runs every
output operation once, in the order they were declared. A program without any output operation is an
error as soon as the context starts:
"""))
add(code(r"""
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
val doubled = ssc.queueStream(queue).map(_ * 2)
try ssc.step() catch { case e: IllegalArgumentException => println("Spark says: " + e.getMessage) }
"""))
add(md(r"""
The three output operations you will use most:

* **`print(n)`** — the first `n` elements of each batch (10 if you give no `n`) under a `Time:` header,
  and `...` when there are more. It runs on the driver: it is for development.
* **`saveAsTextFiles(prefix, suffix)`** — writes each batch as a directory `prefix-TIME_IN_MS.suffix`
  with one `part-NNNNN` file per partition.
* **`foreachRDD((rdd, time) => ...)`** — your own code, once per batch. The function itself runs on the
  **driver**; the RDD actions you call inside it (`count`, `collect`, `foreachPartition`, …) run on the
  executors. That is why the `ArrayBuffer` below, which lives on the driver, can be appended to.
"""))
add(code(rf"""
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
val numbers = ssc.queueStream(queue)

numbers.print(3)
numbers.map(n => n * n).saveAsTextFiles("{WORKDIR}/out/squares", "txt")
val report = mutable.ArrayBuffer[String]()
numbers.foreachRDD {{ (rdd, time) =>
  val n = rdd.count()
  val total = if (n > 0) rdd.reduce(_ + _) else 0
  report += s"$time: count = $n, sum = $total, partitions = ${{rdd.getNumPartitions}}"
}}

for ((batch, partitions) <- Seq((1 to 5, 2), (Seq(10), 1)))
  queue += sc.makeRDD(batch, partitions)
ssc.step(2)
ssc.stop(stopSparkContext = false)
report.foreach(println)
"""))
add(md(r"""
Each batch became one directory; the batch of 1000 ms had two partitions, hence two part files:
"""))
add(code(rf"""
%%bash
cd {WORKDIR}/out && for f in $(ls -d squares-* | sort); do echo "$f: $(ls $f | tr '\n' ' ')"; done
echo "--- squares-1000.txt/part-00000 and part-00001:"
cat squares-1000.txt/part-00000 squares-1000.txt/part-00001
"""))
add(md(r"""
**On a cluster**, `foreachRDD` is where a stream meets the outside world: a database, a queue, another
Kafka topic. Open connections *inside* `rdd.foreachPartition { records => ... }`, one per partition on
the executor, rather than on the driver (a connection cannot be shipped to an executor) or once per record
(too slow). The companion notebook *Stream-Tweets-To-Kafka* does exactly this with a `KafkaProducer`.
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 4. Window operations

A **window** looks at more than one batch at a time. It has two parameters, both multiples of the batch
interval:

* the **window length** — how much of the past each result covers;
* the **slide interval** — how often a result is produced.

`window(Seconds(3), Seconds(2))` produces, every 2 seconds, an RDD holding the batches of the last
3 seconds: the window at time *T* covers the batches with times in (*T* − 3 s, *T*]. Windows overlap when
the length is greater than the slide, so a batch can belong to several windows.

Below, eight one-second batches of numbers flow through a 3-second window sliding by 2 seconds. Besides
printing, the program records each batch and each window with `foreachRDD((rdd, time) => ...)`, so we
can check them and draw them afterwards. `countByWindow` counts the elements of each window.
"""))
add(code(rf"""
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("{WORKDIR}/ckpt-window")
val queue = new mutable.Queue[RDD[Int]]()
val events = ssc.queueStream(queue)

val windowLength = Seconds(3)
val slideInterval = Seconds(2)
val windowed = events.window(windowLength, slideInterval)
windowed.print()
events.countByWindow(windowLength, slideInterval).print()

val batchLog = mutable.ArrayBuffer[(Long, Seq[Int])]()
val windowLog = mutable.ArrayBuffer[(Long, Seq[Int])]()
events.foreachRDD((rdd, time) => batchLog += ((time.milliseconds, rdd.collect().toSeq)))
windowed.foreachRDD((rdd, time) => windowLog += ((time.milliseconds, rdd.collect().toSeq)))

Seq(Seq(1, 2), Seq(3), Seq(4, 5), Seq(6), Seq(7, 8), Seq(9), Seq(10), Seq(11, 12))
  .foreach(batch => queue += sc.makeRDD(batch))
"""))
add(md(r"""
Windowed results appear only at multiples of the slide interval — 2000, 4000, 6000 and 8000 ms — although
a batch runs every second. (`countByWindow` is computed incrementally, like the inverse form of section 5,
and therefore needs a checkpoint directory: hence the `ssc.checkpoint(...)` line.)
"""))
add(code(r"""
ssc.step(8)
ssc.stop(stopSparkContext = false)
"""))
add(md(r"""
Now check the rule with the recorded batches: which batches does each window cover, and is the window's
content exactly their union?
"""))
add(code(r"""
val lengthMs = windowLength.milliseconds
def covered(windowTime: Long): Seq[Long] =
  batchLog.map(_._1).filter(t => t > windowTime - lengthMs && t <= windowTime)

for ((time, values) <- windowLog) {
  val union = batchLog.filter(b => covered(time).contains(b._1)).flatMap(_._2)
  val same = if (values.sorted == union.sorted) "= the union of those batches" else "DIFFERS from those batches"
  println(s"window at $time ms covers batches ${covered(time).mkString(", ")}: ${values.sorted.mkString(" ")}  $same")
}
"""))
add(md(r"""
The first window, at 2000 ms, covers only two batches: its three seconds reach back before the stream
began. After that, each window shares one batch with the previous one (length 3 minus slide 2).

The same data as a picture, drawn in Scala from `batchLog` and `windowLog` and shown with `displaySVG`
(this kernel's way to show a figure; `displayHTML` works as it does on Databricks):
"""))
add(code(r"""
def windowFigure(): String = {
  val bw = 84; val bh = 40; val top = 34
  val left = 20 + bw                                  // one empty slot: the time before the stream began
  def x(t: Long): Int = left + ((t / 1000 - 1) * bw).toInt
  val width = left + batchLog.size * bw + 20
  val height = top + bh + 24 + windowLog.size * 46
  val svg = new StringBuilder
  svg.append(s"<svg xmlns='http://www.w3.org/2000/svg' width='$width' height='$height' font-family='sans-serif' font-size='13'>")
  svg.append(s"<text x='20' y='20' font-weight='bold'>1-second batches (boxes) and windows of length 3 s sliding by 2 s (brackets)</text>")
  svg.append(s"<text x='${left - bw / 2}' y='${top + 25}' text-anchor='middle' fill='#999' font-size='11'>(no batch)</text>")
  for ((t, vs) <- batchLog) {
    svg.append(s"<rect x='${x(t) + 3}' y='$top' width='${bw - 6}' height='$bh' rx='5' fill='#fdebd3' stroke='#e26428'/>")
    svg.append(s"<text x='${x(t) + bw / 2}' y='${top + 25}' text-anchor='middle'>${vs.mkString(", ")}</text>")
    svg.append(s"<text x='${x(t) + bw / 2}' y='${top + bh + 16}' text-anchor='middle' fill='#555' font-size='11'>$t ms</text>")
  }
  for (((t, vs), i) <- windowLog.zipWithIndex) {
    val y = top + bh + 34 + i * 46
    val x0 = x(t - lengthMs + 1000) + 3              // where the window's 3 seconds begin
    val x1 = x(t) + bw - 3
    val xs = math.max(x0, x(covered(t).head) + 3)    // where its first batch begins
    if (x0 < xs) svg.append(s"<path d='M $x0 ${y - 8} L $x0 $y L $xs $y' fill='none' stroke='#2a7ab0' stroke-width='2' stroke-dasharray='4 3'/>")
    svg.append(s"<path d='M $xs $y L $x1 $y L $x1 ${y - 8}' fill='none' stroke='#2a7ab0' stroke-width='2'/>")
    if (x0 == xs) svg.append(s"<path d='M $x0 ${y - 8} L $x0 $y' fill='none' stroke='#2a7ab0' stroke-width='2'/>")
    svg.append(s"<text x='$x0' y='${y + 16}' fill='#2a7ab0'>window at $t ms: ${vs.sorted.mkString(" ")}</text>")
  }
  svg.append("</svg>")
  svg.toString
}
displaySVG(windowFigure(), "Eight 1-second batches and the four windows of length 3 s, sliding by 2 s, that cover them")
"""))
add(md(r"""
The other window operations are shorthands built on the same idea:
`countByWindow(length, slide)`, `reduceByWindow(f, length, slide)`,
`countByValueAndWindow(length, slide)` and, for key–value streams, `reduceByKeyAndWindow` — next.

**On a cluster**, a window keeps every batch it covers in memory until the window slides past it, so
the window length times the input rate is memory you need on the executors.
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 5. `reduceByKeyAndWindow`, with and without an inverse function

"Word counts over the last 3 seconds, updated every second" is a `reduceByKeyAndWindow`. It comes in two
forms, which must give the same totals:

* **Without an inverse**: `reduceByKeyAndWindow(_ + _, Seconds(3), Seconds(1))` reduces all the batches
  in the window, every time. Simple; the work grows with the window length.
* **With an inverse**: `reduceByKeyAndWindow(_ + _, _ - _, Seconds(3), Seconds(1))` starts from the
  *previous window's* result, adds the batch that just entered and "subtracts" the batch that just left.
  The work per slide stays small however long the window is. It needs a reduce function that can be
  undone (sums can; max cannot), and a checkpoint directory, because every window is computed from the
  one before and Spark must cut that ever-growing chain now and then.

One difference shows up in the output: with the inverse form, a key whose count falls back to 0 **stays**
in the result as `(key,0)` — subtracting cannot tell "zero" from "gone". The optional `filterFunc`
argument decides which pairs to keep.

The three variants run side by side on the same stream of words:
"""))
add(code(rf"""
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("{WORKDIR}/ckpt-reduce")
val queue = new mutable.Queue[RDD[String]]()
val wordPairs = ssc.queueStream(queue).map(word => (word, 1))

val plain   = wordPairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(3), Seconds(1))
val inverse = wordPairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, (a: Int, b: Int) => a - b,
                                             Seconds(3), Seconds(1))
val cleaned = wordPairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, (a: Int, b: Int) => a - b,
                                             Seconds(3), Seconds(1), 2,
                                             (kv: (String, Int)) => kv._2 > 0)

val results = mutable.ArrayBuffer[(Long, String, Seq[(String, Int)])]()
def record(name: String)(rdd: RDD[(String, Int)], time: Time): Unit =
  results += ((time.milliseconds, name, rdd.collect().sorted.toSeq))
plain.foreachRDD((rdd, time) => record("without inverse")(rdd, time))
inverse.foreachRDD((rdd, time) => record("with inverse")(rdd, time))
cleaned.foreachRDD((rdd, time) => record("inverse + filterFunc")(rdd, time))

val input = Seq(Seq("spark", "kafka", "spark"), Seq("kafka"), Seq("flink"), Seq("flink", "flink"), Seq(), Seq())
input.foreach(words => queue += sc.makeRDD(words))
ssc.step(6)
ssc.stop(stopSparkContext = false)
"""))
add(code(r"""
println(f"${"batch"}%-8s ${"input"}%-18s ${"without inverse"}%-30s ${"with inverse"}%-36s ${"inverse + filterFunc"}")
for ((batch, i) <- input.zipWithIndex) {
  val t = (i + 1) * 1000L
  def cell(name: String) = results.filter(r => r._1 == t && r._2 == name).flatMap(_._3).mkString(" ")
  println(f"${t + " ms"}%-8s ${batch.mkString(" ")}%-18s ${cell("without inverse")}%-30s ${cell("with inverse")}%-36s ${cell("inverse + filterFunc")}")
}
val sameNonZeroTotalsInEveryWindow = results.groupBy(_._1).values.forall { rs =>
  val byName = rs.map(r => r._2 -> r._3.filter(_._2 != 0).toSet).toMap
  byName("without inverse") == byName("with inverse") && byName("with inverse") == byName("inverse + filterFunc")
}
"""))
add(md(r"""
At 4000 ms the batch of 1000 ms leaves the window and takes both `spark`s with it; at 5000 ms the last
`kafka` goes too. Without an inverse these keys simply disappear; with the inverse they linger as
`(spark,0)` and `(kafka,0)` — and on a real stream with many distinct keys such zeros pile up forever. The `filterFunc` (here `kv._2 > 0`; the `2` before it is the number of
partitions) removes them, and all three agree again.
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 6. State across batches: `updateStateByKey`

Windows forget what is older than the window. For a running total since the start of the stream you
keep **state** per key. `updateStateByKey(f)` calls, in every batch, for every key that has new values
*or* existing state:

```scala
f(newValues: Seq[V], state: Option[S]): Option[S]
```

`newValues` are the key's values in this batch (possibly none), `state` is what `f` returned last time
(`None` the first time). Returning `None` deletes the key. The state is part of every batch's result,
and it must survive a failure, so a checkpoint directory is required.

Page views per page, as running totals:
"""))
add(code(rf"""
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("{WORKDIR}/ckpt-update")
val queue = new mutable.Queue[RDD[String]]()
val views = ssc.queueStream(queue).map(page => (page, 1))

def addViews(newViews: Seq[Int], total: Option[Int]): Option[Int] =
  Some(total.getOrElse(0) + newViews.sum)

val totals = views.updateStateByKey[Int](addViews _)
totals.print()

for (batch <- Seq(Seq("home", "cart", "home"), Seq("home", "checkout"), Seq()))
  queue += sc.makeRDD(batch)
ssc.step(3)
ssc.stop(stopSparkContext = false)
"""))
add(md(r"""
`home` is 2, then 3. At 3000 ms nothing arrived, yet all three totals are printed again: `addViews` was
called for each key with an empty `newViews`, and kept the total. That is also the cost of
`updateStateByKey`: every batch touches **every** key ever seen, however few keys had new data.
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 7. State across batches: `mapWithState` and timeouts

`mapWithState` (Spark 1.6 and later) is the more scalable way to keep state. Its function is called
only for the keys that have data in the batch, once per record:

```scala
f(key: K, value: Option[V], state: State[S]): R
```

`state.getOption`, `state.update(s)` and `state.remove()` read and change the key's state, and what `f`
returns becomes an element of the output stream — one output per input record, anything you like.
`stateSnapshots()` gives the whole state after each batch.

A **timeout** removes keys that have been idle for longer than a given duration. Before removing one,
Spark calls `f` one last time with `value = None` and `state.isTimingOut()` true, so you can emit a
final result — the end of a user's session, say.

Here: visits per user, with sessions that time out after 2 seconds without a visit.
"""))
add(code(rf"""
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("{WORKDIR}/ckpt-mapwithstate")
val queue = new mutable.Queue[RDD[String]]()
val visits = ssc.queueStream(queue).map(user => (user, 1))

def trackSession(user: String, visit: Option[Int], state: State[Int]): String = {{
  if (state.isTimingOut()) s"$user: session ended after ${{state.get()}} visits"
  else {{
    val count = state.getOption.getOrElse(0) + visit.getOrElse(0)
    state.update(count)
    s"$user: visit $count"
  }}
}}

val sessions = visits.mapWithState(StateSpec.function(trackSession _).timeout(Seconds(2)))
sessions.checkpoint(Seconds(1))
sessions.print()
sessions.stateSnapshots().print()

for (batch <- Seq(Seq("ann", "bob", "ann"), Seq("bob"), Seq("ann"), Seq(), Seq(), Seq(), Seq()))
  queue += sc.makeRDD(batch)
"""))
add(code(r"""
ssc.step(7)
ssc.stop(stopSparkContext = false)
"""))
add(md(r"""
Read the two streams batch by batch: the upper block is what `trackSession` returned (one line per
record — `ann` twice at 1000 ms), the lower block is the state after the batch. Batches without visits
produce no output at all, unlike `updateStateByKey`. `bob` was last seen at 2000 ms and `ann` at 3000 ms;
each is timed out at the first batch where it has been idle for **more than** 2 seconds, gets its final
call, and leaves the state.

**On a cluster**, Spark looks for idle keys only in the batches where it checkpoints the state, which is
every 10 batch intervals unless you say otherwise — so by default a timeout is noticed up to ten batches
late. `sessions.checkpoint(Seconds(1))` above asks for a checkpoint (and so a timeout scan) every batch;
on a real job, choose a longer interval, since each checkpoint writes the whole state out.
"""))

# ---------------------------------------------------------------------------------------------
add(md(rf"""
## 8. Checkpointing and recovery

A streaming job runs for weeks, so it must survive the failure of its driver. `ssc.checkpoint(dir)`
makes Spark save, after each batch, what it could not recompute: the state of `updateStateByKey` and
`mapWithState`, the data windows still need, and where each source had got to (Kafka offsets, for
instance).

The recovery recipe has three parts:

1. put **all** of the job's setup in a function that creates the context;
2. get the context with `StreamingContext.getOrCreate(checkpointDir, createContext)`: the first time
   there is no checkpoint and it calls the function; after a restart it finds the checkpoint and
   recovers from it;
3. start it.

Below the "driver" runs two batches, then is stopped — think of it as a crash — and a second
`getOrCreate` on the same directory carries on. The running totals continue instead of starting from
zero, and the batch times continue from where the first run stopped.
"""))
add(code(rf"""
val checkpointDir = "{WORKDIR}/ckpt-recovery"
val queue = new mutable.Queue[RDD[String]]()

def createContext(): StreamingContext = {{
  val ssc = new StreamingContext(sc, Seconds(1))
  ssc.checkpoint(checkpointDir)
  val totals = ssc.queueStream(queue).map(page => (page, 1))
    .updateStateByKey[Int]((views: Seq[Int], total: Option[Int]) => Some(total.getOrElse(0) + views.sum))
  totals.print()
  ssc
}}

val firstRun = StreamingContext.getOrCreate(checkpointDir, createContext _)
for (batch <- Seq(Seq("home", "cart"), Seq("home")))
  queue += sc.makeRDD(batch)
firstRun.step(2)
firstRun.stop(stopSparkContext = false)
"""))
add(code(r"""
val secondRun = StreamingContext.getOrCreate(checkpointDir, createContext _)
for (batch <- Seq(Seq("home", "checkout")))
  queue += sc.makeRDD(batch)
secondRun.step()
secondRun.stop(stopSparkContext = false)
"""))
add(md(r"""
`home` continues at 3 and `cart` at 1: the state of 2000 ms came back from the checkpoint, and the
next batch is 3000 ms.

**On a cluster** two details differ from this notebook:

* when a checkpoint exists, Spark rebuilds the whole DStream graph from it and does **not** call
  `createContext` (this kernel calls it to rebuild the graph, then restores the saved data into it).
  This is why everything — sources, transformations, output operations — must be set up inside the
  function: code outside it is not run again after a restart. It also means a restarted job runs the
  *old* code: after changing the program you must start from an empty checkpoint directory.
* a `queueStream` cannot be recovered (Spark refuses with *queueStream doesn't support checkpointing*):
  its data lives only in the driver's memory. A recoverable job reads from a source that can be read
  again — Kafka, next.
"""))

# ---------------------------------------------------------------------------------------------
add(md(rf"""
## 9. Kafka: the direct stream and its offsets per batch

A Kafka topic is split into **partitions**; each is an append-only log whose records are numbered by
**offsets** 0, 1, 2, … The *direct stream* (`KafkaUtils.createDirectStream`, package
`spark-streaming-kafka-0-10`) maps this onto batches simply: at each batch time it asks Kafka for the
newest offset of every partition, and the batch's RDD is the range of records *from* where the previous
batch stopped *until* that offset — one RDD partition per Kafka partition. Each batch exposes those ranges
as `offsetRanges`, and they are what a job must remember to carry on after a failure without losing or
repeating records.

This kernel brings its own Kafka broker: with no brokers configured, it starts an embedded one (in
memory, shared by your notebooks). First a topic with two partitions, then a few records: page views,
each keyed by the user who made it. `%%produce` sends each line of the cell as one record; with
`--key-separator :` the part before the colon is the record's key. The producer puts all records with
the same key into the same partition (by a hash of the key), so each user's views stay in order.
"""))
add(code(rf"""
%topic create {TOPIC} --partitions 2 --replication-factor 1 --if-not-exists
"""))
add(code(rf"""
%%produce {TOPIC} --key-separator :
ann:home
dan:home
ann:cart
kim:search
dan:checkout
ann:home
"""))
add(md(r"""
The consumer side is the usual Spark code. `auto.offset.reset = earliest` starts a new consumer group at
the beginning of the topic; `enable.auto.commit = false` leaves committing offsets to us. Each batch prints
its offset ranges, and after processing commits them back to Kafka with `commitAsync` — the pattern the
Spark–Kafka integration guide recommends when you do not keep offsets yourself.
"""))
add(code(rf"""
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.common.serialization.StringDeserializer
import org.apache.spark.streaming.kafka010._
import org.apache.spark.streaming.kafka010.LocationStrategies.PreferConsistent
import org.apache.spark.streaming.kafka010.ConsumerStrategies.Subscribe

val kafkaParams = Map[String, Object](
  "bootstrap.servers" -> "",                // empty: the embedded broker; on a cluster "host1:9092,host2:9092"
  "key.deserializer" -> classOf[StringDeserializer],
  "value.deserializer" -> classOf[StringDeserializer],
  "group.id" -> "concepts-lesson",
  "auto.offset.reset" -> "earliest",
  "enable.auto.commit" -> (false: java.lang.Boolean)
)

val ssc = new StreamingContext(sc, Seconds(1))
val stream = KafkaUtils.createDirectStream[String, String](
  ssc, PreferConsistent, Subscribe[String, String](Array("{TOPIC}"), kafkaParams))

val offsetLog = mutable.ArrayBuffer[(Long, Int, Long, Long)]()
stream.foreachRDD {{ (rdd, time) =>
  val ranges = rdd.asInstanceOf[HasOffsetRanges].offsetRanges
  println(s"batch $time: ${{rdd.count()}} records")
  for (r <- ranges.sortBy(_.partition)) {{
    println(s"  partition ${{r.partition}}: fromOffset ${{r.fromOffset}}, untilOffset ${{r.untilOffset}}, count ${{r.count()}}")
    offsetLog += ((time.milliseconds, r.partition, r.fromOffset, r.untilOffset))
  }}
  stream.asInstanceOf[CanCommitOffsets].commitAsync(ranges)
}}
stream.map(record => record.value).countByValue().print()
"""))
add(md(r"""
The first batch reads everything produced so far; the second finds nothing new — its ranges are empty,
each starting and ending where the first one stopped.
"""))
add(code(r"""
ssc.step(2)
"""))
add(md(r"""
More records arrive while the context is running…
"""))
add(code(rf"""
%%produce {TOPIC} --key-separator :
kim:cart
ann:checkout
bob:home
"""))
add(md(r"""
…and the next batch picks up exactly those: each partition's range starts at the previous batch's
`untilOffset`. No record is read twice, none is skipped.
"""))
add(code(r"""
ssc.step()
ssc.stop(stopSparkContext = false)

for (p <- offsetLog.map(_._2).distinct.sorted) {
  val ranges = offsetLog.filter(_._2 == p).sortBy(_._1)
  val contiguous = ranges.zip(ranges.tail).forall { case (a, b) => a._4 == b._3 }
  println(s"partition $p: " + ranges.map(r => s"[${r._3}, ${r._4})").mkString(" ") +
    (if (contiguous) "  each batch starts where the previous one ended" else "  GAP OR OVERLAP"))
}
"""))
add(md(r"""
Which partition a record lands in is decided by the producer, from its key; how the records split
between partition 0 and 1 is therefore a property of the data, while the contiguity of the ranges is
the direct stream's guarantee.

If you run the notebook again, the topic is still there with the old records (the embedded broker keeps
them while it runs), and the consumer group `concepts-lesson` resumes from the offsets it committed the
last time: the first batch then reads only the records produced since, starting at the committed
offsets rather than at 0. That is exactly what committed offsets are for.

**On a cluster**, offsets are where exactly-once processing is won or lost. `commitAsync` after the
output is done gives *at-least-once*: after a crash, the batch that was running is read again. Saving the
offsets in the same transaction as the results gives exactly-once. With checkpointing (section 8) the
offsets are also in the checkpoint, and `getOrCreate` resumes from them.
"""))

# ---------------------------------------------------------------------------------------------
add(md(r"""
## 10. Live streams: when the real clock matters

Everything so far ran on the virtual clock. Now the real thing: `ssc.start()` starts the context's own
scheduler, which runs a batch at every multiple of the batch interval on the wall clock, and
`awaitTerminationOrTimeout(ms)` waits while it works. The source is `TwitterUtils.createStream`, which in
this kernel produces *synthetic* tweets (Twitter's streaming API is gone) at roughly twenty per second.

While the context runs, the kernel shows a **live batch timeline**, switched back on by the first cell
below — what the *Streaming* tab of the Spark UI shows: for each batch its input records, *processing
time* (how long the batch's jobs took) and *scheduling delay* (how long the batch waited for the previous
ones to finish).

Batch times are now real times in milliseconds since 1970, as Spark prints them, so they change from run
to run.
"""))
add(code(r"""
%%configure -f
{"conf": {"spark.streaming.ui.inline": "true"}}
"""))
add(code(r"""
import org.apache.spark.streaming.twitter._

val ssc = new StreamingContext(sc, Seconds(1))
val tweets = TwitterUtils.createStream(ssc, None, Array("spark", "kafka", "coffee"))
tweets.count().print()
tweets.map(status => status.getLang()).countByValue().print(3)

ssc.start()                          // returns at once: the batches run on the context's own thread
ssc.awaitTerminationOrTimeout(4500)  // this cell waits 4.5 s while they run
ssc.stop(stopSparkContext = false)
"""))
add(md(r"""
Each batch held the tweets of one second, and processing took a millisecond or less: far below the
one-second interval, so no batch ever waited (scheduling delay 0).
"""))

# The overloaded-stream demo below is off until the kernel survives awaitTerminationOrTimeout
# returning while a batch is still running (it crashes today: see docs/teaching.md, "Known gaps").
SLOW_DEMO = os.environ.get("CONCEPTS_SLOW_DEMO") == "1"
if SLOW_DEMO:
    add(md(r"""
### When processing is slower than the batch interval

The one rule of sizing a streaming job: **a batch must be processed in less than the batch interval**.
If not, batches queue up behind each other, the scheduling delay grows batch after batch, and the job
falls further and further behind. To see it, make every batch take 1.5 seconds (a `Thread.sleep` standing
in for slow work) with one-second batches, and watch the scheduling delay column:
"""))
    add(code(r"""
val ssc = new StreamingContext(sc, Seconds(1))
val tweets = TwitterUtils.createStream(ssc, None, Array("spark"))
tweets.foreachRDD { rdd =>
  Thread.sleep(1500)   // stands in for work that takes longer than the batch interval
  println(s"processed ${rdd.count()} tweets")
}
ssc.start()
ssc.awaitTerminationOrTimeout(5000)
ssc.stop(stopSparkContext = false)
"""))
    add(md(r"""
The scheduling delay grows by about half a second per batch, without end. The cures, on a cluster: make
the processing faster (more executors, more partitions, less work per record), or make the batch interval
longer so that each batch has more time — or both. The Spark UI's Streaming tab is where you watch this
number in production.
"""))
else:
    add(md(r"""
### When processing is slower than the batch interval

The one rule of sizing a streaming job: **a batch must be processed in less than the batch interval**.
If a batch takes 1.5 seconds with one-second batches, the next batch has to wait half a second before it
can start, the one after it a whole second, and so on: the *scheduling delay* column grows batch after
batch, without end, and the job falls further and further behind the data. The cures, on a cluster: make
the processing faster (more executors, more partitions, less work per record), or make the batch interval
longer so that each batch has more time — or both. The Spark UI's Streaming tab is where you watch this
number in production; in this notebook, it is the timeline above.
"""))

add(md(r"""
## Where to go next

* The [Spark Streaming Programming Guide](https://spark.apache.org/docs/latest/streaming-programming-guide.html)
  covers each of these sections in more depth, plus deployment, monitoring and tuning.
* The [Kafka integration guide](https://spark.apache.org/docs/latest/streaming-kafka-0-10-integration.html)
  for the direct stream's options and offset management.
* The companion notebooks *Stream-Tweets-To-Kafka* and *Spark-Streaming-From-Kafka-with-DStreams* put
  these pieces together into a writer and a reader.
* For new projects Spark recommends *Structured Streaming* (DataFrames instead of DStreams); the ideas of
  this notebook — micro-batches, windows, state, checkpoints, offsets — carry over directly.
"""))


def build():
    nb = nbf.v4.new_notebook(metadata=META)
    nb.cells = CELLS
    return nb


if __name__ == "__main__":
    nbf.write(build(), OUT)
    print(f"wrote {os.path.abspath(OUT)} ({sum(c.cell_type == 'code' for c in CELLS)} code cells; outputs: "
          "run scripts/run-notebooks.py --inplace on it)")
