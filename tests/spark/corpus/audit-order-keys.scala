// source: issue 12's list, Order (shuffled keys of the types notebooks use, in Spark's order)
// covers: reduceByKey over case class, tuple and Long keys; countByValue of Strings; defaultParallelism
case class K(a: String, b: Int)
sc.parallelize(Seq(K("x",1),K("y",2),K("z",3),K("x",1),K("w",9),K("q",3))).map(k => (k, 1)).reduceByKey(_ + _).collect()
// ---- cell
sc.parallelize(Seq((("x",1),1),(("y",2),1),(("z",3),1),(("x",1),1),(("w",9),1))).reduceByKey(_ + _).collect()
// ---- cell
sc.parallelize(Seq(1L,2L,3L,40L,55L,1L,7L).map(x => (x, 1))).reduceByKey(_ + _).collect()
// ---- cell
sc.parallelize(Seq("apple","kiwi","plum","fig","kiwi","pear","lime","date")).countByValue()
// ---- cell
sc.defaultParallelism
