// source: Scala exercises and course notebooks building grids and test data: Array.fill(rows, cols), Array.ofDim, tabulate
// covers: fill/tabulate with two dimensions on Array, Seq and List (echo types Seq[Seq[T]]), update of a cell a(i)(j) = v,
//   Array.ofDim[T](n1, n2) and ofDim[String]'s echo type, fill's element evaluated for every cell
val grid = Array.fill(2, 3)(0)
grid(1)(2) = 5
grid.map(_.mkString(",")).mkString(";")
// ---- cell
val m = Array.ofDim[Int](2, 2)
m(0)(1) = 7
m.map(_.toList).toList
val names = Array.ofDim[String](2, 1)
val one = Array.ofDim[java.lang.String](1)
// ---- cell
val c = Seq.fill(2, 2)("x")
val c1 = Seq.fill(2)("x")
val d = List.fill(2)(1.5)
val e = Vector.tabulate(3)(i => i * i)
val f = Seq.tabulate(2, 3)((i, j) => i * 10 + j)
Array.tabulate(2, 3)((i, j) => i * 10 + j).map(_.mkString(" ")).mkString("|")
// ---- cell
var k = 0
val cells = List.fill(2, 3) { k += 1; k }
k
