// source: Scala that DStream notebooks use (report lines)
// covers: f and s interpolators with widths, String.format, padding, %,d %x %e %%
val word = "kafka"
val n = 42
val d = 3.14159
f"$word%-10s|$n%5d|$d%8.3f|"
f"$word%10s|$n%-5d|$d%.0f"
f"$n%05d $n%x $n%X $n%o"
f"${1234567}%,d and ${1234567.891}%,.2f"
f"$d%e $d%.2e"
f"${0.5}%.1f%%"
"%s has %d chars".format(word, word.length)
"%-8s:%6.2f".format("avg", 2.0 / 3)
s"$word${n}x ${d * 2}"
s"${word.toUpperCase} ${if (n > 40) "big" else "small"}"
raw"a\tb\n$n"
f"${true}%b ${'c'}%c"
