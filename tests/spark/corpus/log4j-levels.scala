// source: Spark's streaming examples (StreamingExamples.setStreamingLogLevels) and notebooks that quiet Spark's logs
// covers: log4j's Logger and Level (the 1.2 API Spark 3.5 bridges to log4j 2)
import org.apache.log4j.{Level, Logger}
Logger.getLogger("org").setLevel(Level.WARN)
Logger.getRootLogger.setLevel(Level.ERROR)
Level.WARN
Level.toLevel("info")
Logger.getLogger("org.apache.spark").getName
val l = Logger.getLogger("akka")
l.setLevel(Level.OFF)
l.getLevel
