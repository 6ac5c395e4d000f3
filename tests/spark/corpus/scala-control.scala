// source: docs/scala.md
// covers: while, do/while, try/catch/finally, throw, return
var i = 0
while (i < 3) i += 1
do { i -= 1 } while (i > 0)
i
def safeDiv(a: Int, b: Int): Int = try a / b catch { case _: ArithmeticException => -1 } finally println("done")
safeDiv(6, 3)
safeDiv(1, 0)
def firstNeg(xs: List[Int]): Int = { for (x <- xs) if (x < 0) return x; 0 }
firstNeg(List(1, -2, 3))
try throw new IllegalArgumentException("bad") catch { case e: IllegalArgumentException => e.getMessage }
