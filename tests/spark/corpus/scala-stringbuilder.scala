// source: docs/scala.md
// covers: StringBuilder, Integer.parseInt, Math
val sb = new StringBuilder
sb.append("a").append(1).append('c')
sb.toString
sb.length
Integer.parseInt("123") + 1
Math.abs(-4)
"%s=%d".format("x", 3)
