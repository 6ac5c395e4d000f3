/* test_host_methods.c — unit tests of the binding table (kernel/lang/interp.h): a native gets
 * its MethodDef's data through Call.data (called directly, without parentheses, or as a bound
 * method value), and a class grows its method table with host_class_add_methods past any fixed
 * size, keeps the first of two rows with one name, and is emptied when its interpreter is freed. */
#include "test_eval.h"

#include "lang/value.h"

#include <stdint.h>
#include <stdio.h>

static bool tag_fn(Call *c, Value *out) {
    *out = v_int(CALL_TAG(c) + (c->argc ? (int32_t)c->argv[0].u.i : 0));
    return true;
}

static bool text_fn(Call *c, Value *out) {
    *out = str_cstr(c->data);
    return true;
}

enum { NBIG = 170 };
static char big_names[NBIG][16];
static HostClass big_class = {.name = "Big", .qualified = "test.Big"};

static void add_big_methods(Interp *I) {
    MethodDef defs[NBIG];
    for (int i = 0; i < NBIG; i++) {
        snprintf(big_names[i], sizeof big_names[i], "m%d", i);
        defs[i] = (MethodDef)METHOD_DATA(big_names[i], tag_fn, (intptr_t)i, 0, 1, "def m(n: Int): Int", "");
    }
    /* in several calls, the last after the class was registered (and indexed) */
    host_class_add_methods(&big_class, defs, 60);
    host_class_add_methods(&big_class, defs + 60, 60);
    interp_register_class(I, &big_class);
    host_class_add_methods(&big_class, defs + 120, NBIG - 120);
    interp_register_global(I, "big", host_new(&big_class, NULL), "object big", "");
}

TEST(host_class_grows_past_160_methods) {
    Sess *s = sess_new();
    add_big_methods(s->I);
    CHECK_EQ_INT(big_class.nmethods, NBIG);
    RUN(s, "big.m169", "res0: Int = 169");
    RUN(s, "big.m169(1000)", "res1: Int = 1169");
    RUN(s, "big.m0 + big.m160", "res2: Int = 160");
    sess_free(s);
    CHECK_EQ_INT(big_class.nmethods, 0);
    CHECK(big_class.methods == NULL);
    /* a second interpreter builds the table again */
    s = sess_new();
    add_big_methods(s->I);
    RUN(s, "big.m165", "res0: Int = 165");
    sess_free(s);
}

TEST(host_class_keeps_the_first_row_of_a_name) {
    static HostClass cls = {.name = "Twice", .qualified = "test.Twice"};
    static const MethodDef first[] = {METHOD_DATA("which", text_fn, "first", 0, 0, "def which: String", "")};
    static const MethodDef second[] = {METHOD_DATA("which", text_fn, "second", 0, 0, "def which: String", ""),
                                       METHOD_DATA("other", text_fn, "other", 0, 0, "def other: String", "")};
    Sess *s = sess_new();
    host_class_add_methods(&cls, first, NMETHODS(first));
    host_class_add_methods(&cls, second, NMETHODS(second));
    CHECK_EQ_INT(cls.nmethods, 2);
    interp_register_class(s->I, &cls);
    interp_register_global(s->I, "twice", host_new(&cls, NULL), "object twice", "");
    RUN(s, "twice.which + twice.other", "res0: String = firstother");
    sess_free(s);
}

static const MethodDef data_methods[] = {
    METHOD_DATA("seconds", tag_fn, 1000, 1, 1, "def seconds(n: Int): Int", "Milliseconds in n seconds."),
    METHOD_DATA("minutes", tag_fn, 60000, 0, 1, "def minutes(n: Int): Int", "Milliseconds in n minutes."),
    METHOD_DATA("name", text_fn, "a pointer", 0, 0, "def name: String", "A pointer as data."),
    METHOD("plain", tag_fn, 0, 1, "def plain(n: Int): Int", "No data: Call.data is NULL."),
};
static HostClass data_class = {.name = "Data", .qualified = "test.Data", HOST_METHODS(data_methods)};

TEST(native_receives_its_method_data) {
    Sess *s = sess_new();
    interp_register_class(s->I, &data_class);
    interp_register_global(s->I, "units", host_new(&data_class, NULL), "object units", "");
    RUN(s, "units.seconds(1)", "res0: Int = 1001");
    RUN(s, "units.minutes", "res1: Int = 60000");
    RUN(s, "units.name", "res2: String = a pointer");
    RUN(s, "units.plain(7)", "res3: Int = 7");
    /* a method taken as a function value keeps its data */
    RUN(s, "val f = units.seconds\nf(5)", "f: Any => Any = $Lambda$<id>\nres4: Int = 1005");
    RUN(s, "Seq(1, 2).map(units.seconds)", "res5: Seq[Int] = List(1001, 1002)");
    sess_free(s);
}
