// source: docs/scala.md
// covers: for with generators, guards, definitions, yield
for (i <- 1 to 3; j <- 1 to i if (i + j) % 2 == 0) yield (i, j)
for { x <- List(1, 2, 3); y = x * x } yield y
var total = 0
for (i <- 1 until 5) total += i
total
