// source: Scala that DStream notebooks use (money amounts)
// covers: BigDecimal arithmetic, scale, rounding, comparison; BigInt
BigInt(2).pow(100)
BigInt("123456789012345678901234567890") * 2
(1 to 25).map(BigInt(_)).product
// ---- cell
val a = BigDecimal("10.25")
val b = BigDecimal("0.10")
a + b
a * b
a - b
(a / 3).setScale(2, BigDecimal.RoundingMode.HALF_UP)
a.setScale(1, BigDecimal.RoundingMode.HALF_EVEN)
a > b
a.toDouble
List(a, b).sum
// ---- cell
a / 3
BigDecimal(10) / 4
BigDecimal("10.00") / 2
BigDecimal(2) / 3
BigDecimal(0.1)
BigDecimal(1e10)
BigDecimal("1E-7")
BigDecimal(3.14159).setScale(2, BigDecimal.RoundingMode.HALF_UP).toDouble
BigDecimal.RoundingMode.HALF_UP
a * 2
a == BigDecimal("10.250")
a.scale
a.precision
-a
a.setScale(4)
