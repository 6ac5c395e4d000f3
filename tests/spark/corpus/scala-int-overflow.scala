// source: Scala that DStream notebooks use (counters and hashes)
// covers: Int/Long overflow, MinValue, abs, conversions toByte/toShort/toChar, shifts, hex/binary strings
Int.MaxValue * 2
Int.MinValue - 1
math.abs(Int.MinValue)
Long.MaxValue + 1
Int.MaxValue.toLong * 2
65.toChar
1 << 31
-8 >> 1
-8 >>> 28
Integer.toHexString(255)
Integer.toBinaryString(10)
java.lang.Long.toHexString(-1L)
"ff".hashCode
"kafka".hashCode % 4
(-7) % 3
Math.floorMod(-7, 3)
Int.MaxValue + 1L
(1 to 40).foldLeft(1)((acc, _) => acc * 2)
// ---- cell
300.toByte
70000.toShort
