/* package_members.h — the members of the Spark packages notebooks import from (package_members.c,
 * generated from the Spark 3.5 jars by scripts/make-spark-packages.py). */
#ifndef DSTREAM_SPARK_PACKAGE_MEMBERS_H
#define DSTREAM_SPARK_PACKAGE_MEMBERS_H

typedef struct { const char *package; const char *const *names; } SparkPackage;
extern const SparkPackage spark_packages[];      /* ends with {NULL, NULL} */

#endif
