// source: issue 12's list, Spark API (each named example that spark-shell accepts)
// covers: StorageLevel, HashPartitioner, Duration(ms), SparkContext.getOrCreate(conf), sc.getConf,
//   setCheckpointDir/getCheckpointDir, TaskContext, the AccumulatorV2 members
// session: fresh (getCheckpointDir is None before setCheckpointDir in a new session)
import org.apache.spark.storage.StorageLevel
StorageLevel.MEMORY_AND_DISK_SER
StorageLevel.MEMORY_ONLY
sc.parallelize(1 to 3).persist(StorageLevel.MEMORY_AND_DISK_SER_2).getStorageLevel
// ---- cell
import org.apache.spark.HashPartitioner
val hp = new HashPartitioner(4)
hp.numPartitions
hp.getPartition("a")
sc.parallelize(Seq(("a",1),("b",2),("c",3))).partitionBy(hp).glom().collect()
// ---- cell
import org.apache.spark.streaming.{Duration, Seconds, StreamingContext}
Duration(1500)
Duration(1500).milliseconds
// ---- cell
import org.apache.spark.{SparkConf, SparkContext}
val conf = new SparkConf().setAppName("x").setMaster("local[2]")
val sc2 = SparkContext.getOrCreate(conf)
sc2 eq sc
sc.getConf.get("spark.master")
// ---- cell
sc.getCheckpointDir
sc.setCheckpointDir("@TMP@/cp")
sc.getCheckpointDir.isDefined
sc.getCheckpointDir.get.startsWith("file:/")
// ---- cell
sc.parallelize(1 to 4, 2).map(x => org.apache.spark.TaskContext.getPartitionId).collect()
org.apache.spark.TaskContext.get()
sc.parallelize(1 to 4, 2).mapPartitions(it => Iterator(org.apache.spark.TaskContext.get().partitionId)).collect()
// ---- cell
val da = sc.doubleAccumulator("d")
da.isZero
da.add(1.5); da.add(2.0)
da.value
da.sum
da.count
da.avg
da.isZero
da.name
val dc = da.copy()
dc.value
da.reset(); da.value
da.toString
(da.count, da.name)
// ---- cell
val la = sc.longAccumulator("l")
la.add(3); la.add(4); (la.value, la.sum, la.count, la.avg, la.isZero)
la.merge(la.copy()); la.value
