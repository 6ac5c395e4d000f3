/* magics_spark.h — %spark export / %spark submit: the cells that ran, as a program for real Spark
 * (magics_spark.c); the backend records each cell that ran without error. */
#ifndef DSTREAM_MAGICS_SPARK_H
#define DSTREAM_MAGICS_SPARK_H

#include "magics.h"

#define SPARK_USAGE "%spark export FILE.scala | %spark submit [--master M] [--conf k=v]... [--jars J] [--packages P]"

void magic_spark(Interp *I, const char *args, const char *body, CellResult *res);
/* A cell (Scala or magic) ran: it joins the program (a copy is kept); ename is NULL if it ran
 * without error, else its error (interrupted cells are left out). */
void magics_record_cell(const char *code, const char *ename, const char *evalue);
/* Forgets the program (at the backend's end). */
void magics_spark_free(void);

#endif
