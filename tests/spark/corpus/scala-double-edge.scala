// source: Scala that DStream notebooks use (averages and rates)
// covers: Double printing (exponents, NaN, Infinity, -0.0), rounding, division, toInt, math functions
100.0 / 3
1.0 / 0
-1.0 / 0
0.0 / 0
-0.0
1e7
1e-4
0.001
123456789.0
12345678.9
1.0E20
math.round(2.5)
math.round(-2.5)
math.floor(-1.5)
math.ceil(1.2)
(2.99).toInt
1e20.toLong
Double.MaxValue
Double.MinPositiveValue
math.sqrt(2)
math.pow(2, 10)
(0.1 * 3).toString
math.abs(-3.5)
3.0.toString
5.0 / 2 * 2
