//// cell 0
"abc".slice(Int.MaxValue, Int.MinValue)
