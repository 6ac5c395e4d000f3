/* java_util.h — java.time.Duration and java.util.Arrays / Collections for cells (java_util.c). */
#ifndef DSTREAM_SPARK_JAVA_UTIL_H
#define DSTREAM_SPARK_JAVA_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/interp.h"
#include "lang/value.h"

/* A timeout argument: a java.time.Duration, a Spark Duration, or milliseconds (Int or Long).
 * False with IllegalArgumentException otherwise. */
bool java_timeout_ms(Interp *I, Value v, int64_t *ms);

#endif
