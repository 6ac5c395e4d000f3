/* df_implicits.c — what spark-shell's `import spark.implicits._` (imported at its start) adds to
 * Scala collections and RDDs: Seq(...).toDF("a", "b"), Seq(...).toDS(), rdd.toDF(...), rdd.toDS().
 * They are extension methods of lang's Seq and of the RDD class (interp_register_extensions).
 */
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"
#include "spark/spark.h"

/* The items of the receiver (a Scala collection or an RDD): malloc'd, free with interp_free_items. */
static bool receiver_items(Call *c, Value **items, size_t *n) {
    Rdd *r = rdd_get(c->self);
    if (r) { *items = rdd_items(r, n); return true; }
    return interp_iter_items(c->I, c->self, items, n);
}

/* toDF(colNames*): a DataFrame of tuples, case class instances or single values ("value") */
static bool implicit_to_df(Call *c, Value *out) {
    const char **names = NULL;
    if (c->argc) {
        names = calloc((size_t)c->argc, sizeof *names);
        if (!names) abort();
        for (int i = 0; i < c->argc; i++)
            if (!arg_string(c, i, &names[i])) { free(names); return false; }
    }
    Value *items;
    size_t n;
    bool ok = receiver_items(c, &items, &n);
    if (ok) {
        ok = dataframe_from_values(c->I, items, n, names, c->argc, out);
        interp_free_items(items, n);
    }
    free(names);
    return ok;
}

/* toDS(): the same rows as a Dataset of the elements' type (Dataset[Int], Dataset[(Int, String)],
 * Dataset[Person] …) */
static bool implicit_to_ds(Call *c, Value *out) {
    Value *items;
    size_t n;
    if (!receiver_items(c, &items, &n)) return false;
    bool ok = df_dataset_of(c->I, items, n, NULL, 0, out);
    interp_free_items(items, n);
    return ok;
}

static const MethodDef implicit_methods[] = {
    METHOD("toDF", implicit_to_df, 0, -1, "def toDF(colNames: String*): DataFrame",
           "The elements (tuples, case class instances, or single values: column \"value\") as a DataFrame (spark.implicits._)."),
    METHOD("toDS", implicit_to_ds, 0, 0, "def toDS(): Dataset[T]", "The elements as a Dataset (spark.implicits._)."),
};

void implicits_init(Interp *I) {
    interp_register_extensions(I, "Seq", implicit_methods, NMETHODS(implicit_methods));
    interp_register_extensions(I, "RDD", implicit_methods, NMETHODS(implicit_methods));
}
