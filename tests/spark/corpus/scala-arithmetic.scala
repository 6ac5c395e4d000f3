// source: docs/scala.md
// covers: Int overflow, integer division, Long/Double promotion, Char arithmetic, Float
Int.MaxValue + 1
7 / 2
7 / 2.0
7L * 3
'a' + 1
1.0f / 7
10 % 3
-7 / 2
math.max(3, 9)
1e10
0.1 + 0.2
