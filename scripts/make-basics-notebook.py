"""make-basics-notebook.py — writes notebooks/Scala-Basics.ipynb (sources only; run it to fill outputs)."""
import nbformat as nbf
nb = nbf.v4.new_notebook()
nb.metadata = {"kernelspec": {"name": "dstream", "display_name": "Spark Streaming on Kafka (C)", "language": "scala"},
               "language_info": {"name": "scala", "file_extension": ".scala", "codemirror_mode": "text/x-scala"}}
md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
nb.cells = [
 md("# Scala basics in the Spark Streaming kernel\n\nThis kernel interprets the part of Scala that Spark Streaming programs use, natively in C. "
    "Each cell is echoed the way `spark-shell` echoes it: a definition shows its name, type and value; an expression gets a `resN` name."),
 code("val words = List(\"spark\", \"kafka\", \"stream\", \"spark\", \"batch\")\nval counts = words.groupBy(identity).mapValues(_.size)"),
 md("Values persist from cell to cell, as in the Scala REPL."),
 code("counts.toList.sortBy(-_._2).take(2)"),
 md("Functions, case classes and pattern matching:"),
 code("case class Tweet(user: String, text: String, retweets: Int)\n\n"
      "def describe(t: Tweet): String = t match {\n  case Tweet(u, _, n) if n > 100 => s\"$u went viral ($n retweets)\"\n  case Tweet(u, txt, _) => s\"$u: $txt\"\n}\n\n"
      "val tweets = Seq(Tweet(\"ada\", \"hello kafka\", 3), Tweet(\"grace\", \"spark streaming!\", 250))\n"
      "tweets.map(describe).foreach(println)"),
 md("Errors are reported the way the JVM names them, with the line and a caret:"),
 code("val total = tweets.map(_.retweets).sum\nprintln(f\"average: ${total.toDouble / tweets.size}%.1f\")\ntotal / 0", metadata={"tags": ["raises-exception"]}),
 md("...and the kernel keeps going:"),
 code("for (i <- 1 to 3; j <- 1 to i if (i + j) % 2 == 0) yield (i, j)"),
]
nbf.write(nb, "notebooks/Scala-Basics.ipynb")
