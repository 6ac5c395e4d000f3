/* test_magics.c — the magic table (kernel/magics.c): every row is found by how it is written,
 * is_complete for magic cells (a cell magic waits for an empty line), the unknown-magic message
 * and %lsmagic list every row, and a cell of line magics runs them in order. */
#include "test_eval.h"

#include "magics.h"

#include <stdlib.h>

static void written(const Magic *m, char *out, size_t n) {
    snprintf(out, n, "%s%s", m->kind == MAGIC_CELL ? "%%" : "%", m->name);
}

TEST(magics_table_rows_are_found_by_their_written_form) {
    size_t n;
    const Magic *t = magics_table(&n);
    CHECK(n >= 10);
    for (size_t i = 0; i < n; i++) {
        char w[80];
        written(&t[i], w, sizeof w);
        CHECK(magics_find(w, strlen(w)) == &t[i]);
        CHECK(t[i].run != NULL);
        CHECK(!strncmp(t[i].usage, w, strlen(w)));     /* the synopsis starts with the magic */
        CHECK(t[i].help && *t[i].help);
        for (size_t j = 0; j < i; j++) CHECK(strcmp(t[i].name, t[j].name) || t[i].kind != t[j].kind);
    }
    CHECK(magics_find("%%bash", 6) && magics_find("%%sql", 5) && magics_find("%lsmagic", 8));
    CHECK(magics_find("%bash", 5) == NULL);         /* a cell magic is not a line magic */
    CHECK(magics_find("%%kafka", 7) == NULL);
    CHECK(magics_find("%%%sql", 6) == NULL);
    CHECK(magics_find("%%sqlx", 6) == NULL);
}

TEST(magics_is_complete_cell_magic_waits_for_empty_line) {
    CHECK_STR(magics_is_complete("%%produce words"), "incomplete");
    CHECK_STR(magics_is_complete("\n  %%bash"), "incomplete");
    CHECK_STR(magics_is_complete("%%produce words\nhello"), "incomplete");
    CHECK_STR(magics_is_complete("%%produce words\nhello\nworld"), "incomplete");
    CHECK_STR(magics_is_complete("%%produce words\nhello\n"), "complete");
    CHECK_STR(magics_is_complete("%%sql\nSELECT 1\n  "), "complete");
    CHECK_STR(magics_is_complete("%%bash\n"), "complete");
    /* line magics, unknown magics (execution says what is wrong) and Scala are not held back */
    CHECK_STR(magics_is_complete("%topics"), "complete");
    CHECK_STR(magics_is_complete("%topics\n%kafka"), "complete");
    CHECK_STR(magics_is_complete("%%nosuch"), "complete");
    CHECK(magics_is_complete("val x = 1") == NULL);
}

TEST(magics_cell_magic_and_its_body) {
    size_t body = 0;
    const Magic *m = magics_cell_magic("\n%%sql -n 5\nSELECT 1", &body);
    CHECK(m && !strcmp(m->name, "sql") && m->body == MAGIC_BODY_SQL);
    CHECK_EQ_INT(body, 12);
    CHECK(magics_cell_magic("%topics", &body) == NULL);
    CHECK(magics_cell_magic("1 + 1", &body) == NULL);
}

static void run_magic(Sess *S, const char *code) {
    cell_result_clear(&S->r);
    S->out_len = 0;
    if (S->out) S->out[0] = 0;
    CHECK(magics_run(S->I, code, &S->r));
}

TEST(magics_unknown_magic_lists_every_row) {
    Sess *S = sess_new();
    size_t n;
    const Magic *t = magics_table(&n);
    const char *bad[] = {"%%nosuch\nbody", "%nosuch", "%bash"};
    for (size_t k = 0; k < 3; k++) {
        run_magic(S, bad[k]);
        CHECK(!S->r.ok);
        CHECK_STR(S->r.ename, "UsageError");
        CHECK(S->r.evalue && strstr(S->r.evalue, "unknown magic"));
        for (size_t i = 0; i < n; i++) {
            char w[80];
            written(&t[i], w, sizeof w);
            if (!S->r.evalue || !strstr(S->r.evalue, w)) unit_fail(__FILE__, __LINE__, "%s missing from: %s", w, S->r.evalue);
        }
    }
    CHECK(strstr(S->r.evalue, "%%bash is a cell magic"));
    CHECK(!magics_run(S->I, "val x = 1", &S->r));
    sess_free(S);
}

TEST(magics_lsmagic_lists_the_table) {
    Sess *S = sess_new();
    run_magic(S, "%lsmagic");
    CHECK(S->r.ok);
    size_t n;
    const Magic *t = magics_table(&n);
    for (size_t i = 0; i < n; i++)
        if (!S->out || !strstr(S->out, t[i].usage) || !strstr(S->out, t[i].help))
            unit_fail(__FILE__, __LINE__, "%s missing from: %s", t[i].usage, S->out ? S->out : "");
    CHECK(strstr(S->out, "Line magics") && strstr(S->out, "Cell magics"));
    run_magic(S, "%lsmagic now");
    CHECK(!S->r.ok && S->r.ename && !strcmp(S->r.ename, "UsageError"));
    sess_free(S);
}

TEST(magics_line_cell_and_scala_cell) {
    Sess *S = sess_new();
    /* every line of a cell of line magics must be one */
    run_magic(S, "%lsmagic\nprintln(1)");
    CHECK(!S->r.ok && S->r.evalue && strstr(S->r.evalue, "holds only magic lines") && strstr(S->r.evalue, "%lsmagic"));
    CHECK(S->out_len == 0);            /* nothing ran */
    run_magic(S, "%lsmagic\n\n  %lsmagic\n");
    CHECK(S->r.ok);
    const char *second = S->out ? strstr(S->out + 1, "Line magics") : NULL;
    CHECK(second != NULL);             /* both ran */
    run_magic(S, "%%scala\nprintln(6 * 7)");
    CHECK(S->r.ok && S->out && !strcmp(S->out, "42\n"));
    sess_free(S);
}
