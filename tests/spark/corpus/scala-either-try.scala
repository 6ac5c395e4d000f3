// source: Scala that DStream notebooks use (parsing records)
// covers: Either, Left/Right, map, fold, Try, Success/Failure, toOption, getOrElse, recover
import scala.util.{Try, Success, Failure}
def parse(s: String): Either[String, Int] = if (s.forall(_.isDigit)) Right(s.toInt) else Left(s"bad: $s")
parse("12")
parse("x1")
parse("12").map(_ * 2)
parse("x1").map(_ * 2)
parse("7").fold(e => -1, v => v)
parse("z").isLeft
Seq("1", "a", "3").map(parse)
// ---- cell
Try("42".toInt)
Try("4x2".toInt)
Try("42".toInt).toOption
Try("4x".toInt).getOrElse(0)
Try(10 / 0) match { case Success(v) => s"ok $v"; case Failure(e) => s"failed: ${e.getMessage}" }
Try("x".toInt).recover { case _: NumberFormatException => -1 }
Seq("1", "b", "3").flatMap(s => Try(s.toInt).toOption)
