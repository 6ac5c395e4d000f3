//// cell 0
lazy val a: Int = a + 1; a
