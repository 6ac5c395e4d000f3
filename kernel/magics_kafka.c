/* magics_kafka.c — the Kafka and configuration magics:
 *
 *   %%configure [-f] {"conf": {...}}   kafka.* keys become the session's client defaults,
 *                                      known spark.* keys are applied, the rest listed as ignored
 *   %kafka [embedded start|status|stop]  brokers in use, cluster, config with secrets masked
 *   %topics [--all]                     topic, partitions, replication, messages (HTML + text)
 *   %topic create NAME [--partitions N] [--replication-factor R] [--config k=v]... [--if-not-exists]
 *                                       (a topic that exists with N partitions: nothing to do)
 *   %topic describe NAME | %topic delete NAME | %topic list
 *   %%produce TOPIC [--key-separator S] [--partition P]   each line of the cell is one record
 *   %consume TOPIC [--from earliest|latest|OFFSET|-N] [--max N] [--timeout 5s] [--group G] [--partition P]
 *
 * They run on the shell thread without the interpreter lock (only the Kafka layer and the
 * session's settings are used; the output hooks are copied under the lock), and every wait is
 * bounded and interruptible.  Errors: "UsageError" for bad arguments; Kafka errors keep the
 * Java exception class and Kafka's error name (kafka_client.h).  Their rows (name, usage,
 * completion) are in the magic table, magics.c.
 *
 * This file holds %kafka, %topics and %topic (the cluster and its topics) and the completion of
 * topic arguments; %%configure is magics_kafka_configure.c's, %%produce and %consume are
 * magics_kafka_records.c's, the shared output, errors, arguments and session clients
 * magics_kafka_common.c's and the tables magics_kafka_table.c's. */
#include "magics_kafka_internal.h"

#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/embedded.h"
#include "util/strbuf.h"

/* ---- %kafka ---- */

static bool run_kafka(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    kafka_error err;
    kafka_error_clear(&err);
    if (a->n >= 2 && !strcmp(a->v[1], "embedded")) {
        const char *what = a->n >= 3 ? a->v[2] : "status";
        char buf[2048], why[512];
        if (!strcmp(what, "stop")) {
            if (!embedded_broker_running(buf, sizeof buf)) { out_text(&o, 1, "The embedded broker is not running.\n"); return true; }
            if (embedded_broker_stop(&err) != 0) return kerror(res, &err);
            out_text(&o, 1, "Stopped the embedded broker (its topics and records are gone).\n");
            return true;
        }
        if (!strcmp(what, "start")) {
            if (embedded_broker_ensure(buf, sizeof buf, why, sizeof why) != 0) { magics_set_error(res, "org.apache.kafka.common.KafkaException", why); return true; }
            StrBuf t = {0};
            sb_printf(&t, "The embedded broker is running at %s.\n", buf);
            out_text(&o, 1, t.s);
            free(t.s);
            return true;
        }
        if (!strcmp(what, "status")) {
            if (embedded_broker_status(buf, sizeof buf, &err) != 0) { out_text(&o, 1, "The embedded broker is not running.\n"); return true; }
            StrBuf t = {0};
            sb_printf(&t, "%s\n", buf);
            out_text(&o, 1, t.s);
            free(t.s);
            return true;
        }
        return usage(res, "%%kafka embedded start|status|stop");
    }
    if (a->n > 1) return usage(res, "%%kafka takes no arguments (or: %%kafka embedded start|status|stop)");
    kafka_config sess_copy, *sess = &sess_copy;
    char bs[2048];
    const char *source = NULL;
    kafka_session_copy_defaults(&sess_copy);
    bool embedded = kafka_session_uses_embedded(NULL);
    int brc = kafka_session_bootstrap(NULL, bs, sizeof bs, &source, &err);
    if (brc != 0) { kafka_config_free(&sess_copy); return kerror(res, &err); }
    StrBuf t = {0}, h = {0};
    sb_printf(&t, "Brokers: %s (%s)\n", bs, source);
    sb_puts(&h, "<table><tr><th style=\"text-align:left\">Brokers</th><td style=\"text-align:left\">");
    sb_html(&h, bs, strlen(bs));
    sb_printf(&h, " (%s)</td></tr>", source);
    kafka_admin *adm = session_admin(res);
    if (!adm) { free(t.s); free(h.s); kafka_config_free(&sess_copy); return true; }
    kafka_cluster_info ci = {0};
    if (kafka_admin_cluster(adm, &ci, kafka_interp_check, o.I, &err) != 0) {
        kafka_admin_free(adm);
        free(t.s);
        free(h.s);
        kafka_config_free(&sess_copy);
        return kerror(res, &err);
    }
    kafka_admin_free(adm);
    sb_printf(&t, "Cluster id: %s\n", ci.cluster_id[0] ? ci.cluster_id : "(not told)");
    sb_printf(&h, "<tr><th style=\"text-align:left\">Cluster id</th><td style=\"text-align:left\">%s</td></tr>", ci.cluster_id);
    sb_puts(&h, "<tr><th style=\"text-align:left\">Broker list</th><td style=\"text-align:left\">");
    sb_puts(&t, "Broker list:\n");
    for (size_t i = 0; i < ci.nbrokers; i++) {
        kafka_broker_info *bi = &ci.brokers[i];
        sb_printf(&t, "  %d  %s:%d%s\n", (int)bi->id, bi->host, bi->port, bi->id == ci.controller_id ? "  (controller)" : "");
        sb_printf(&h, "%s%d: %s:%d%s", i ? "<br>" : "", (int)bi->id, bi->host, bi->port, bi->id == ci.controller_id ? " (controller)" : "");
    }
    sb_puts(&h, "</td></tr>");
    if (ci.embedded || embedded) {
        const char *note = "The embedded broker keeps its data in memory only (it is gone when the broker stops), and "
                           "each partition keeps only the newest ~5 MiB of records (older ones are dropped, like a short retention).";
        char st[1024] = "";
        kafka_error e2;
        embedded_broker_status(st, sizeof st, &e2);
        sb_printf(&t, "Embedded broker: %s\n  %s\n  (stop it with %%kafka embedded stop)\n", st[0] ? st : "running", note);
        sb_printf(&h, "<tr><th style=\"text-align:left\">Embedded broker</th><td style=\"text-align:left\">%s</td></tr>", note);
    }
    sb_puts(&t, "Configuration (session defaults; secrets masked):\n");
    sb_puts(&h, "<tr><th style=\"text-align:left\">Configuration</th><td style=\"text-align:left\">");
    sb_printf(&t, "  bootstrap.servers = %s\n", bs);
    sb_puts(&h, "bootstrap.servers = ");
    sb_html(&h, bs, strlen(bs));
    for (size_t i = 0; i < sess->n; i++) {
        if (!strcmp(sess->items[i].key, "bootstrap.servers")) continue;
        char shown[1024];
        kafka_config_mask(sess->items[i].key, sess->items[i].value, shown, sizeof shown);
        sb_printf(&t, "  %s = %s\n", sess->items[i].key, shown);
        sb_puts(&h, "<br>");
        sb_html(&h, sess->items[i].key, strlen(sess->items[i].key));
        sb_puts(&h, " = ");
        sb_html(&h, shown, strlen(shown));
    }
    sb_puts(&t, "  (producers: acks=all, enable.idempotence=true unless set)\n");
    sb_puts(&h, "</td></tr></table>");
    out_display(&o, h.s, t.s);
    kafka_config_free(&sess_copy);
    kafka_cluster_info_free(&ci);
    free(t.s);
    free(h.s);
    return true;
}

/* ---- %topics, %topic ---- */

static bool run_topics(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    bool all = false;
    for (int i = 1; i < a->n; i++) {
        if (!strcmp(a->v[i], "--all")) all = true;
        else return usage(res, "%%topics [--all]  (unknown argument '%s')", a->v[i]);
    }
    kafka_admin *adm = session_admin(res);
    if (!adm) return true;
    kafka_topic_list l = {0};
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_admin_list_topics(adm, 1, &l, kafka_interp_check, o.I, &err);
    kafka_admin_free(adm);
    if (rc != 0) return kerror(res, &err);
    static const char *head[] = {"topic", "partitions", "replication", "messages"};
    static bool right[] = {false, true, true, true};
    Table t = {.ncols = 4, .head = head, .right = right};
    int shown = 0;
    for (size_t i = 0; i < l.n; i++) {
        kafka_topic_info *ti = &l.topics[i];
        if (ti->internal && !all) continue;
        char *row[4] = {strdup(ti->name), fmt_ll((long long)ti->npartitions), fmt_ll(ti->replication_factor),
                        ti->messages >= 0 ? fmt_ll(ti->messages) : strdup("?")};
        table_row(&t, row);
        shown++;
    }
    char cap[96];
    snprintf(cap, sizeof cap, "%d topic%s", shown, shown == 1 ? "" : "s");
    table_show(&o, &t, cap);
    table_free(&t);
    kafka_topic_list_free(&l);
    return true;
}

static char *ints_text(const int32_t *v, size_t n) {
    StrBuf b = {0};
    for (size_t i = 0; i < n; i++) sb_printf(&b, "%s%d", i ? "," : "", (int)v[i]);
    return sb_take(&b);
}

/* %topic create of a topic that exists: nothing to do when it has the partitions the cell asks
 * for (or the cell names none), as kafka-topics.sh --if-not-exists; a TopicExistsException
 * saying what differs else; with --if-not-exists never an error.  The replication factor is not
 * compared (the embedded broker keeps 3 replicas whatever was asked).  Returns false (err set)
 * when the cell must fail, else true with the line to print in *what.  A topic that metadata
 * does not show (one deleted on the embedded broker) keeps the broker's error. */
static bool topic_already_there(kafka_admin *adm, const char *name, long long parts, bool parts_asked, bool configs,
                                bool if_not_exists, Out *o, kafka_error *err, StrBuf *what) {
    kafka_topic_list l = {0};
    kafka_error derr;
    if (kafka_admin_describe_topic(adm, name, &l, kafka_interp_check, o->I, &derr) != 0 || l.n != 1) {
        kafka_topic_list_free(&l);
        return false;
    }
    long long have = (long long)l.topics[0].npartitions;
    kafka_topic_list_free(&l);
    bool differs = parts_asked && have != parts;
    if (differs && !if_not_exists) {
        kafka_error_set(err, RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS,
                        "Topic '%s' already exists with %lld partition%s, not the %lld this cell asks for: use it "
                        "as it is (ask for %lld, or add --if-not-exists), or %%topic delete %s and create it again",
                        name, have, have == 1 ? "" : "s", parts, have, name);
        return false;
    }
    sb_printf(what, "Topic %s already exists with %lld partition%s%s: nothing to do.\n", name, have, have == 1 ? "" : "s",
               differs ? " (not the number asked for; --if-not-exists keeps it)" :
               configs ? " (its configs are left as they are)" : "");
    return true;
}

static bool run_topic(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    const char *use = TOPIC_USAGE;
    if (a->n < 2) return usage(res, "%s", use);
    const char *verb = a->v[1];
    if (!strcmp(verb, "list")) {
        Args a2 = {0};
        return run_topics(I, &a2, res);
    }
    if (strcmp(verb, "create") && strcmp(verb, "describe") && strcmp(verb, "delete"))
        return usage(res, "unknown %%topic command '%s': %s", verb, use);
    if (a->n < 3 || a->v[2][0] == '-') return usage(res, "%%topic %s needs a topic name: %s", verb, use);
    const char *name = a->v[2];
    kafka_error err;
    kafka_error_clear(&err);
    if (!strcmp(verb, "create")) {
        long long parts = 1, rf = 1;
        bool parts_asked = false;
        kafka_config topic_cfg;
        kafka_config_init(&topic_cfg);
        for (int i = 3; i < a->n; i++) {
            const char *opt = a->v[i];
            const char *val = i + 1 < a->n ? a->v[i + 1] : NULL;
            if (!strcmp(opt, "--partitions") || !strcmp(opt, "-p")) {
                if (!parse_long(val, &parts) || parts < 1 || parts > 100000) { kafka_config_free(&topic_cfg); return usage(res, "--partitions needs a positive number, not '%s'", val ? val : ""); }
                parts_asked = true;
                i++;
            } else if (!strcmp(opt, "--replication-factor") || !strcmp(opt, "-r")) {
                if (!parse_long(val, &rf) || rf < 1 || rf > 32767) { kafka_config_free(&topic_cfg); return usage(res, "--replication-factor needs a positive number, not '%s'", val ? val : ""); }
                i++;
            } else if (!strcmp(opt, "--config")) {
                const char *eq = val ? strchr(val, '=') : NULL;
                if (!eq || eq == val) { kafka_config_free(&topic_cfg); return usage(res, "--config needs key=value, not '%s'", val ? val : ""); }
                char key[256];
                snprintf(key, sizeof key, "%.*s", (int)(eq - val), val);
                kafka_config_set(&topic_cfg, key, eq + 1);
                i++;
            } else if (!strcmp(opt, "--if-not-exists")) {
                kafka_config_set(&topic_cfg, "\x01if-not-exists", "1");
            } else { kafka_config_free(&topic_cfg); return usage(res, "unknown option '%s': %s", opt, use); }
        }
        bool if_not_exists = kafka_config_unset(&topic_cfg, "\x01if-not-exists");
        kafka_admin *adm = session_admin(res);
        if (!adm) { kafka_config_free(&topic_cfg); return true; }
        int rc = kafka_admin_create_topic(adm, name, (int)parts, (int)rf, topic_cfg.n ? &topic_cfg : NULL, kafka_interp_check, o.I, &err);
        StrBuf t = {0};
        if (rc != 0 && !strcmp(err.name, "TOPIC_ALREADY_EXISTS") &&
            topic_already_there(adm, name, parts, parts_asked, topic_cfg.n > 0, if_not_exists, &o, &err, &t))
            rc = 0;
        kafka_admin_free(adm);
        kafka_config_free(&topic_cfg);
        if (rc != 0) { free(t.s); return kerror(res, &err); }
        if (!t.s) sb_printf(&t, "Created topic %s.\n", name);
        out_text(&o, 1, t.s);
        free(t.s);
        return true;
    }
    if (a->n > 3) return usage(res, "%%topic %s takes only a topic name: %s", verb, use);
    kafka_admin *adm = session_admin(res);
    if (!adm) return true;
    if (!strcmp(verb, "delete")) {
        int rc = kafka_admin_delete_topic(adm, name, kafka_interp_check, o.I, &err);
        kafka_admin_free(adm);
        if (rc != 0) return kerror(res, &err);
        StrBuf t = {0};
        sb_printf(&t, "Deleted topic %s.\n", name);
        out_text(&o, 1, t.s);
        free(t.s);
        return true;
    }
    kafka_topic_list l = {0};
    int rc = kafka_admin_describe_topic(adm, name, &l, kafka_interp_check, o.I, &err);
    kafka_admin_free(adm);
    if (rc != 0) return kerror(res, &err);
    kafka_topic_info *ti = &l.topics[0];
    StrBuf head = {0};
    sb_printf(&head, "Topic: %s\tPartitionCount: %d\tReplicationFactor: %d\tMessages: %lld\n", ti->name,
               (int)ti->npartitions, ti->replication_factor, (long long)ti->messages);
    out_text(&o, 1, head.s);
    free(head.s);
    static const char *hd[] = {"partition", "leader", "replicas", "isr", "start offset", "end offset", "messages"};
    static bool right[] = {true, true, false, false, true, true, true};
    Table t = {.ncols = 7, .head = hd, .right = right};
    for (size_t i = 0; i < ti->npartitions; i++) {
        kafka_partition_info *p = &ti->partitions[i];
        char *row[7] = {fmt_ll(p->id), fmt_ll(p->leader), ints_text(p->replicas, p->nreplicas), ints_text(p->isr, p->nisr),
                        fmt_ll(p->low), fmt_ll(p->high), p->low >= 0 && p->high >= 0 ? fmt_ll(p->high - p->low) : strdup("?")};
        table_row(&t, row);
    }
    table_show(&o, &t, NULL);
    table_free(&t);
    kafka_topic_list_free(&l);
    return true;
}

/* ---- the table's entry points ---- */

void magic_kafka(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "kafka", args, res, run_kafka); }
void magic_topics(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "topics", args, res, run_topics); }
void magic_topic(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "topic", args, res, run_topic); }

/* ---- completion ---- */

MagicArg magic_topic_first(int argi, char *const *argv) {
    (void)argv;
    return (MagicArg){argi == 0 ? MAGIC_ARG_TOPIC : MAGIC_ARG_NONE, NULL};
}

MagicArg magic_topic_complete(int argi, char *const *argv) {
    static const char *const verbs[] = {"create", "describe", "delete", "list", NULL};
    if (argi == 0) return (MagicArg){MAGIC_ARG_WORDS, verbs};
    if (argi == 1 && (!strcmp(argv[0], "describe") || !strcmp(argv[0], "delete"))) return (MagicArg){MAGIC_ARG_TOPIC, NULL};
    return (MagicArg){MAGIC_ARG_NONE, NULL};
}
