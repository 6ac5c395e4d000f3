/* classes.c — the registration of kernel/spark/kafka/: every Kafka class and object with the
 * interpreter, the REPL echo's masking of secret settings, the session's settings reset, and the
 * direct stream are rows of spark/init.c's table; kafka_client_init / kafka_client_free here register
 * the classes and reset the session. */
#include <string.h>

#include "spark/kafka/kafka_internal.h"
#include "spark/modules.h"

static HostClass *const client_classes[] = {
    &jclass_class, &kafka_secrets_obj, &tp_class, &oam_class,
    &headers_class, &header_class, &precord_class, &rmeta_class, &producer_class, &future_class, &crecord_class,
    &crecords_class, &consumer_class,
};

/* The REPL echo's view of a Map or pair entry: Kafka's secret settings masked as %kafka shows
 * them (a notebook's outputs get shared; the value stays usable). */
static char *echo_secret_mask(const char *key, const char *value, char *out, size_t n) {
    if (!kafka_config_is_secret(key) && strcmp(key, "sasl.jaas.config") != 0) return NULL;
    return kafka_config_mask(key, value, out, n);
}

void kafka_client_init(Interp *I) {
    kafka_session_reset();
    interp_set_secret_mask(I, echo_secret_mask);
    for (size_t i = 0; i < sizeof client_classes / sizeof client_classes[0]; i++) interp_register_class(I, client_classes[i]);
}

void kafka_client_free(Interp *I) {
    (void)I;
    kafka_session_reset();
}
