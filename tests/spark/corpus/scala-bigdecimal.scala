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
