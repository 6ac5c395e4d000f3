// source: docs/scala.md
// covers: defaults, named arguments, currying, varargs, recursion, lambdas
def greet(name: String, greeting: String = "hello"): String = s"$greeting $name"
greet("ann")
greet(greeting = "hi", name = "bob")
def add(a: Int)(b: Int): Int = a + b
add(1)(2)
def sumAll(xs: Int*): Int = xs.sum
sumAll(1, 2, 3)
def fact(n: Int): BigInt = if (n <= 1) 1 else n * fact(n - 1)
fact(20)
val inc = (x: Int) => x + 1
inc(41)
List(1, 2, 3).map { case x if x > 1 => x * 10; case x => x }
