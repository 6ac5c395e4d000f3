// source: Scala that DStream notebooks use (local aggregation)
// covers: groupBy, mapValues, partition, span, grouped, sliding, zipWithIndex, distinct, count, foldLeft
val words = List("a", "bb", "a", "ccc", "bb", "a")
words.groupBy(identity).map { case (k, v) => (k, v.size) }.toList.sortBy(_._1)
words.groupBy(_.length).mapValues(_.size).toList.sorted
words.distinct
words.count(_ == "a")
words.partition(_.length > 1)
words.span(_ == "a")
(1 to 7).grouped(3).toList
(1 to 5).sliding(2).map(_.sum).toList
words.zipWithIndex.take(3)
words.foldLeft(0)(_ + _.length)
(1 to 5).scanLeft(0)(_ + _)
words.toSet.size
words.groupBy(_.head).keys.toList.sorted
(1 to 10).filter(_ % 2 == 0).map(x => x * x).sum
