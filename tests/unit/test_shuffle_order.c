/* test_shuffle_order.c — unit tests of the hashes behind Spark's key order after a shuffle
 * (kernel/spark/core/shuffle_order.c): java.lang hashCode of String (UTF-16 code units), Int, Long,
 * Boolean and Double, Scala 2.12's tuple hashCode (MurmurHash3.productHash over ##), Guava's
 * murmur3_32 hashInt and the HashPartitioner's nonNegativeMod. Every expected number was printed
 * by Spark 3.5's spark-shell (Scala 2.12, Java 17): `"abc".hashCode`, `(3L, "a").hashCode`,
 * `org.sparkproject.guava.hash.Hashing.murmur3_32().hashInt(42).asInt` … */
#include "unit.h"

#include "lang/value.h"
#include "spark/core/shuffle_order.h"

static int32_t str_hash(const char *s) {
    Value v = str_cstr(s);
    int32_t h = java_hash_code(v);
    val_decref(v);
    return h;
}

static int32_t tuple_hash(Value a, Value b) {   /* takes both references */
    Value items[2] = {a, b};
    Value t = tuple_new(2, items);
    int32_t h = java_hash_code(t);
    val_decref(t);
    return h;
}

TEST(java_hash_code_string) {
    CHECK_EQ_INT(str_hash(""), 0);
    CHECK_EQ_INT(str_hash("a"), 97);
    CHECK_EQ_INT(str_hash("abc"), 96354);
    CHECK_EQ_INT(str_hash("spark"), 109638365);
    CHECK_EQ_INT(str_hash("kafka"), 101807910);
    CHECK_EQ_INT(str_hash("h\xc3\xa9llo"), 103094734);         /* é: one UTF-16 unit */
    CHECK_EQ_INT(str_hash("\xf0\x9f\x98\x80x"), 54959989);      /* U+1F600: a surrogate pair */
    CHECK_EQ_INT(str_hash("Aa"), 2112);
    CHECK_EQ_INT(str_hash("BB"), 2112);
    CHECK_EQ_INT(str_hash("polygenelubricants"), -2147483647 - 1);
}

TEST(java_hash_code_numbers) {
    CHECK_EQ_INT(java_hash_code(v_int(42)), 42);
    CHECK_EQ_INT(java_hash_code(v_int(-1)), -1);
    CHECK_EQ_INT(java_hash_code(v_long(0)), 0);
    CHECK_EQ_INT(java_hash_code(v_long(-1)), 0);
    CHECK_EQ_INT(java_hash_code(v_long(4294967296LL)), 1);
    CHECK_EQ_INT(java_hash_code(v_long(INT64_MAX)), -2147483647 - 1);
    CHECK_EQ_INT(java_hash_code(v_long(INT64_MIN)), -2147483647 - 1);
    CHECK_EQ_INT(java_hash_code(v_long(123456789012LL)), -1097262584);
    CHECK_EQ_INT(java_hash_code(v_long(-5)), 4);
    CHECK_EQ_INT(java_hash_code(v_bool(true)), 1231);
    CHECK_EQ_INT(java_hash_code(v_bool(false)), 1237);
    CHECK_EQ_INT(java_hash_code(v_double(0.0)), 0);
    CHECK_EQ_INT(java_hash_code(v_double(-0.0)), -2147483647 - 1);
    CHECK_EQ_INT(java_hash_code(v_double(1.5)), 1073217536);
    CHECK_EQ_INT(java_hash_code(v_double(3.14159)), -1340954729);
    CHECK_EQ_INT(java_hash_code(v_double(1e300)), -164130400);
    CHECK_EQ_INT(java_hash_code(v_double(2.0)), 1073741824);
}

TEST(java_hash_code_tuples) {
    CHECK_EQ_INT(tuple_hash(str_cstr("a"), v_int(1)), 128003929);
    CHECK_EQ_INT(tuple_hash(str_cstr("spark"), str_cstr("kafka")), -585358813);
    CHECK_EQ_INT(tuple_hash(v_int(1), v_int(2)), 1411956066);
    /* ## of the elements: a Long that fits an Int hashes as the Int, a Double as an Int, Long or
     * Float when it is one */
    CHECK_EQ_INT(tuple_hash(v_long(3), str_cstr("a")), -606285245);
    CHECK_EQ_INT(tuple_hash(v_long(5000000000LL), str_cstr("a")), 153000080);
    CHECK_EQ_INT(tuple_hash(v_long(-5), str_cstr("a")), 386305142);
    CHECK_EQ_INT(tuple_hash(v_double(2.0), str_cstr("a")), -1689998696);
    CHECK_EQ_INT(tuple_hash(v_double(3.14159), v_bool(true)), 354523192);
    CHECK_EQ_INT(tuple_hash(tuple_new(2, (Value[]){str_cstr("a"), v_int(1)}), v_char('c')), 896087202);
    CHECK_EQ_INT(tuple_hash(some_new(v_int(3)), v_none()), -254836859);
    Value t3 = tuple_new(3, (Value[]){str_cstr("x"), v_int(7), v_double(1.5)});
    CHECK_EQ_INT(java_hash_code(t3), -132792998);
    val_decref(t3);
}

TEST(murmur3_hash_int_as_guava) {
    CHECK_EQ_INT(murmur3_hash_int(0), 593689054);
    CHECK_EQ_INT(murmur3_hash_int(1), -68075478);
    CHECK_EQ_INT(murmur3_hash_int(-1), 1982413648);
    CHECK_EQ_INT(murmur3_hash_int(42), -1134849565);
    CHECK_EQ_INT(murmur3_hash_int(96354), 74834163);
    CHECK_EQ_INT(murmur3_hash_int(2147483647), -1653689534);
    CHECK_EQ_INT(murmur3_hash_int(-2147483647 - 1), -1718298732);
    CHECK_EQ_INT(murmur3_hash_int(123456), -1294369584);
}

TEST(hash_partition_non_negative_mod) {
    CHECK_EQ_INT(spark_hash_partition(7, 3), 1);
    CHECK_EQ_INT(spark_hash_partition(-7, 3), 2);
    CHECK_EQ_INT(spark_hash_partition(-2147483647 - 1, 2), 0);
    CHECK_EQ_INT(spark_hash_partition(109638365, 2), 1);
}

/* `val m = new org.apache.spark.util.collection.AppendOnlyMap[Int, Int]()`, then m.update(i * 7, i)
 * for i in 0 until 50 (the table grows from 64 to 128 at the 45th), m.iterator's keys */
TEST(append_only_map_slot_order) {
    static const int want[50] = {315, 119, 189, 231, 28, 105, 98, 35, 14, 294, 161, 266, 175, 336, 133,
        140, 154, 322, 252, 63, 238, 70, 273, 49, 203, 84, 224, 56, 217, 21, 112, 301, 280, 77, 182,
        329, 343, 0, 42, 210, 126, 259, 245, 7, 91, 308, 287, 196, 168, 147};
    int32_t hashes[50];
    size_t order[50];
    for (int i = 0; i < 50; i++) hashes[i] = i * 7;
    append_only_map_order(hashes, NULL, 50, order);
    for (int i = 0; i < 50; i++) CHECK_EQ_INT(hashes[order[i]], want[i]);
}

/* sc.parallelize(Seq("x","y","z","w","v","u","x")).countByValue() printed
 * Map(x -> 2, y -> 1, u -> 1, v -> 1, w -> 1, z -> 1): toMap's HashTrieMap order of the keys
 * collected in reduceByKey's order (z, x, v, w, y, u); up to 4 keys a Map keeps insertion order */
TEST(scala_hashmap_order_trie) {
    const char *collected[6] = {"z", "x", "v", "w", "y", "u"}, *want = "xyuvwz";
    int32_t hashes[6];
    size_t order[6];
    for (int i = 0; i < 6; i++) hashes[i] = (int32_t)collected[i][0];
    scala_hashmap_order(hashes, 6, order);
    for (int i = 0; i < 6; i++) CHECK_EQ_INT(collected[order[i]][0], want[i]);
    scala_hashmap_order(hashes, 4, order);
    for (int i = 0; i < 4; i++) CHECK_EQ_INT((int)order[i], i);
}
