/* dataframe.h — DataFrames, JSON, SQL views and Gson (spark.read.json, select, show, %%sql…). */
#ifndef DSTREAM_SPARK_DATAFRAME_H
#define DSTREAM_SPARK_DATAFRAME_H

#include "lang/interp.h"

void dataframe_init(Interp *I);   /* registers `spark`, DataFrame classes, functions, Gson */
void dataframe_free(Interp *I);   /* closes the SQLite database and frees the layer's state */

#endif
