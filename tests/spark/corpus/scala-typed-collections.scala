// source: the reader sample's and the Kafka 0-10 guide's kafkaParams (a Map[String, Object] holding classOf values)
// covers: collections made with their type arguments written out, classOf[T] and its echo
val params = Map[String, Object]("serializer" -> classOf[org.apache.spark.serializer.KryoSerializer], "group.id" -> "g", "enable.auto.commit" -> (false: java.lang.Boolean))
classOf[org.apache.spark.serializer.KryoSerializer]
println(classOf[org.apache.spark.serializer.KryoSerializer])
classOf[String]
classOf[org.apache.spark.serializer.KryoSerializer].getName
val m2 = Map[String, Any]("a" -> 1)
val l = List[Any](1, 2)
val s = Seq[Object]("x")
val t = List[(String, Int)](("a", 1))
val a = Array[Any](1, "x")
val e = List[Int]()
val v = Vector[Any](1)
val st = Set[Any](1, "a")
val o: Object = "x"
