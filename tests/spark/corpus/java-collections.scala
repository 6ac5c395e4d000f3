// source: Scala that DStream notebooks use (Kafka properties, Java maps)
// covers: java.util.Properties put/getProperty, java.util.HashMap put/get/containsKey/size
val props = new java.util.Properties()
props.put("bootstrap.servers", "127.0.0.1:9092")
props.put("bootstrap.servers", "127.0.0.1:9093")
props.getProperty("bootstrap.servers")
props.setProperty("acks", "all")
props.size
val hm = new java.util.HashMap[String, Int]()
hm.put("a", 1)
hm.put("a", 2)
hm.get("a")
hm.containsKey("a")
hm.size
val im = new java.util.HashMap[Int, Int]()
im.put(1, 10)
im.put(1, 11)
im.get(1)
im.get(2)
