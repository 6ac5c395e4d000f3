/* ast.c — the arena that syntax trees live in, the resolution of operators and type names to
 * enums (ast_resolve, once a tree is parsed), and ast_dump(), an S-expression printer of trees
 * used by the parser's unit tests. */
#include "lang/ast.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena: a list of chunks, bump allocation, freed all at once ---- */

typedef struct Chunk {
    struct Chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} Chunk;

struct Arena {
    Chunk *head;
    size_t next_size;        /* chunks grow from FIRST_CHUNK to CHUNK_SIZE: small cells stay small */
};

#define CHUNK_SIZE (64 * 1024 - 64)
#define FIRST_CHUNK (2 * 1024 - 64)

Arena *arena_new(void) {
    return calloc(1, sizeof(Arena));
}

void arena_free(Arena *a) {
    if (!a) return;
    for (Chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

static Chunk *chunk_new(size_t size) {
    Chunk *c = mem_alloc(sizeof(Chunk) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *arena_alloc(Arena *a, size_t n) {
    if (n > SIZE_MAX / 2) abort();
    n = (n + 15) & ~(size_t)15;
    if (n == 0) n = 16;
    Chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        if (n > CHUNK_SIZE / 4) {
            /* a big block gets a chunk of its own, kept behind the current one */
            Chunk *big = chunk_new(n);
            big->used = n;
            if (c) { big->next = c->next; c->next = big; }
            else a->head = big;
            memset(big->data, 0, n);
            return big->data;
        }
        size_t size = a->next_size < FIRST_CHUNK ? FIRST_CHUNK : a->next_size;
        while (size < n) size = size * 2 + 64;
        if (size > CHUNK_SIZE) size = CHUNK_SIZE;
        a->next_size = size * 2 + 64;
        c = chunk_new(size);
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- sources ---- */

static _Atomic int live_sources;

int source_live_count(void) { return live_sources; }

Source *source_new(const char *text, size_t len) {
    Source *s = calloc(1, sizeof *s);
    if (!s) { fputs("out of memory\n", stderr); abort(); }
    s->rc = 1;
    live_sources++;
    s->arena = arena_new();
    s->text = arena_strndup(s->arena, text ? text : "", text ? len : 0);
    return s;
}

void source_retain(Source *s) {
    if (s) s->rc++;
}

void source_release(Source *s) {
    if (!s || --s->rc > 0) return;
    arena_free(s->arena);
    free(s);
    live_sources--;
}

const char *source_line(const Source *s, int line, size_t *len) {
    if (!s || line < 1) return NULL;
    const char *p = s->text;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p) return NULL;
    *len = strcspn(p, "\n");
    return p;
}

/* ---- operators and type names ---- */

Op ast_op(const char *text) {
    static const struct { const char *text; Op op; } ops[] = {
        {"+", OP_PLUS}, {"-", OP_MINUS}, {"*", OP_TIMES}, {"/", OP_DIV}, {"%", OP_MOD},
        {"&", OP_BITAND}, {"|", OP_BITOR}, {"^", OP_BITXOR}, {"<<", OP_SHL}, {">>", OP_SHR},
        {">>>", OP_USHR}, {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT}, {">=", OP_GE},
        {"==", OP_EQ}, {"!=", OP_NE}, {"eq", OP_REF_EQ}, {"ne", OP_REF_NE}, {"->", OP_ARROW},
        {"&&", OP_AND}, {"||", OP_OR}, {"!", OP_NOT}, {"~", OP_BITNOT},
        {"asInstanceOf", OP_AS_INSTANCE_OF}, {"isInstanceOf", OP_IS_INSTANCE_OF},
    };
    for (size_t i = 0; text && i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(ops[i].text, text)) return ops[i].op;
    return OP_OTHER;
}

TypeName ast_type_name(const char *text, bool exact) {
    static const struct { const char *name; TypeName tn; } names[] = {
        {"Any", TN_ANY}, {"AnyRef", TN_ANYREF}, {"Object", TN_OBJECT}, {"AnyVal", TN_ANYVAL},
        {"Unit", TN_UNIT}, {"Null", TN_NULL}, {"Nothing", TN_NOTHING}, {"Boolean", TN_BOOLEAN},
        {"Int", TN_INT}, {"Integer", TN_INTEGER}, {"Short", TN_SHORT}, {"Byte", TN_BYTE},
        {"Long", TN_LONG}, {"Double", TN_DOUBLE}, {"Float", TN_FLOAT}, {"Char", TN_CHAR},
        {"Character", TN_CHARACTER}, {"String", TN_STRING}, {"CharSequence", TN_CHARSEQUENCE},
        {"Comparable", TN_COMPARABLE}, {"Product", TN_PRODUCT}, {"Option", TN_OPTION},
        {"Some", TN_SOME}, {"None", TN_NONE}, {"Nil", TN_NIL}, {"::", TN_CONS},
        {"Array", TN_ARRAY}, {"Seq", TN_SEQ}, {"Iterable", TN_ITERABLE},
        {"Traversable", TN_TRAVERSABLE}, {"TraversableOnce", TN_TRAVERSABLEONCE},
        {"IterableOnce", TN_ITERABLEONCE}, {"List", TN_LIST}, {"LinearSeq", TN_LINEARSEQ},
        {"Vector", TN_VECTOR}, {"IndexedSeq", TN_INDEXEDSEQ}, {"ArrayBuffer", TN_ARRAYBUFFER},
        {"Buffer", TN_BUFFER}, {"ArrayList", TN_ARRAYLIST}, {"Range", TN_RANGE},
        {"Inclusive", TN_INCLUSIVE}, {"Map", TN_MAP}, {"HashMap", TN_HASHMAP},
        {"Properties", TN_PROPERTIES}, {"Set", TN_SET}, {"HashSet", TN_HASHSET},
        {"BigInt", TN_BIGINT},
    };
    if (!text) return TN_OTHER;
    const char *s = text;
    size_t n = strlen(text);
    if (!exact) {            /* the simple name of the base: after the last '.' before any '[' */
        const char *br = strchr(text, '[');
        n = br ? (size_t)(br - text) : n;
        for (size_t i = 0; i < n; i++) if (text[i] == '.') s = text + i + 1;
        n -= (size_t)(s - text);
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !strncmp(names[i].name, s, n)) return names[i].tn;
    return TN_OTHER;
}

static void resolve_pattern(Pattern *p) {
    if (!p) return;
    p->type_tn = ast_type_name(p->type, false);
    p->name_tn = p->kind == P_STABLE ? ast_type_name(p->name, true)
               : p->kind == P_EXTRACT ? ast_type_name(p->name, false) : TN_OTHER;
    ast_resolve(p->lit);
    for (int i = 0; i < p->nsubs; i++) resolve_pattern(p->subs[i]);
}

void ast_resolve(Node *n) {
    if (!n) return;
    switch (n->kind) {
    case N_INFIX: case N_PREFIX: case N_OPASSIGN: n->op = ast_op(n->str); break;
    case N_TYPEARGS:
        if (n->a && n->a->kind == N_SELECT) {
            Op op = ast_op(n->a->str);
            if (op == OP_AS_INSTANCE_OF || op == OP_IS_INSTANCE_OF) n->op = op;
        }
        /* fall through */
    case N_NEW: n->tn = n->ntypes ? ast_type_name(n->types[0], false) : TN_OTHER; break;
    case N_VAL: case N_DEF: n->tn = ast_type_name(n->type, true); break;
    default: break;
    }
    ast_resolve(n->a); ast_resolve(n->b); ast_resolve(n->c);
    for (int i = 0; i < n->list.len; i++) ast_resolve(n->list.items[i]);
    for (int i = 0; i < n->nparams; i++) {
        n->params[i].tn = ast_type_name(n->params[i].type, true);
        ast_resolve(n->params[i].deflt);
    }
    for (int i = 0; i < n->ngens; i++) { resolve_pattern(n->gens[i].pat); ast_resolve(n->gens[i].expr); }
    for (int i = 0; i < n->ncases; i++) {
        resolve_pattern(n->cases[i].pat);
        ast_resolve(n->cases[i].guard);
        ast_resolve(n->cases[i].body);
    }
    resolve_pattern(n->pat);
}

/* ---- ast_dump ---- */

typedef struct {
    char *buf;
    size_t len, cap;
} Out;

static void out_raw(Out *o, const char *s, size_t n) {
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (o->len + n + 1 > cap) cap *= 2;
        char *nb = realloc(o->buf, cap);
        if (!nb) abort();
        o->buf = nb;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void out_s(Out *o, const char *s) { out_raw(o, s, strlen(s)); }

static void out_f(Out *o, const char *fmt, ...) {
    char tmp[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof tmp) {
        char *big = malloc((size_t)n + 1);
        if (!big) abort();
        vsnprintf(big, (size_t)n + 1, fmt, ap2);
        out_raw(o, big, (size_t)n);
        free(big);
    } else if (n > 0) {
        out_raw(o, tmp, (size_t)n);
    }
    va_end(ap2);
}

static void out_quoted(Out *o, const char *s) {
    out_s(o, "\"");
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') out_f(o, "\\%c", c);
        else if (c == '\n') out_s(o, "\\n");
        else if (c == '\t') out_s(o, "\\t");
        else if (c < 0x20) out_f(o, "\\x%02x", c);
        else out_raw(o, (const char *)&c, 1);
    }
    out_s(o, "\"");
}

static void dump_node(Out *o, const Node *n);
static void dump_pat(Out *o, const Pattern *p);

static void dump_list(Out *o, const NodeList *l, const char **names) {
    for (int i = 0; i < l->len; i++) {
        out_s(o, " ");
        if (names && names[i]) {
            out_f(o, "(named %s ", names[i]);
            dump_node(o, l->items[i]);
            out_s(o, ")");
        } else {
            dump_node(o, l->items[i]);
        }
    }
}

static void dump_types(Out *o, const char **types, int n) {
    for (int i = 0; i < n; i++) {
        out_s(o, " [");
        out_s(o, types[i]);
        out_s(o, "]");
    }
}

static void dump_param(Out *o, const Param *p) {
    if (p->flags & NP_VAL) out_s(o, "val ");
    if (p->flags & NP_VAR) out_s(o, "var ");
    out_s(o, p->name);
    if (p->type) {
        out_s(o, ":");
        if (p->flags & NP_BYNAME) out_s(o, "=>");
        out_s(o, p->type);
        if (p->flags & NP_VARARGS) out_s(o, "*");
    }
    if (p->deflt) {
        out_s(o, "=");
        dump_node(o, p->deflt);
    }
}

/* (x y) — or, for defs, one group per parameter list: ((x:Int) (y:Int)) */
static void dump_params(Out *o, const Node *n, bool grouped) {
    out_s(o, " (");
    int k = 0;
    int groups = grouped ? n->nplists : 1;
    for (int g = 0; g < groups; g++) {
        int cnt = grouped ? n->plists[g] : n->nparams;
        if (grouped) out_s(o, g ? " (" : "(");
        for (int i = 0; i < cnt && k < n->nparams; i++, k++) {
            if (i) out_s(o, " ");
            dump_param(o, &n->params[k]);
        }
        if (grouped) out_s(o, ")");
    }
    out_s(o, ")");
}

static void dump_case(Out *o, const Case *c) {
    out_s(o, " (case ");
    dump_pat(o, c->pat);
    if (c->guard) {
        out_s(o, " (if ");
        dump_node(o, c->guard);
        out_s(o, ")");
    }
    out_s(o, " ");
    dump_node(o, c->body);
    out_s(o, ")");
}

static void dump_pats(Out *o, const Pattern *p) {
    for (int i = 0; i < p->nsubs; i++) {
        out_s(o, " ");
        if (p->varargs && i == p->nsubs - 1 && p->subs[i]->kind == P_WILDCARD) out_s(o, "_*");
        else dump_pat(o, p->subs[i]);
    }
}

static void dump_pat(Out *o, const Pattern *p) {
    if (!p) { out_s(o, "?"); return; }
    switch (p->kind) {
    case P_WILDCARD: out_s(o, "_"); break;
    case P_BIND: out_s(o, p->name); break;
    case P_LITERAL: out_s(o, "(lit "); dump_node(o, p->lit); out_s(o, ")"); return;
    case P_STABLE: out_f(o, "(stable %s)", p->name); return;
    case P_TUPLE: out_s(o, "(ptuple"); dump_pats(o, p); out_s(o, ")"); return;
    case P_EXTRACT: out_f(o, "(extract %s", p->name); dump_pats(o, p); out_s(o, ")"); return;
    case P_ALT: out_s(o, "(alt"); dump_pats(o, p); out_s(o, ")"); return;
    case P_BINDAT:
        out_f(o, "(bind %s ", p->name);
        if (p->varargs) out_s(o, "_*");
        else dump_pat(o, p->nsubs ? p->subs[0] : NULL);
        out_s(o, ")");
        return;
    }
    if (p->type) { out_s(o, ":"); out_s(o, p->type); }
}

static void dump_gen(Out *o, const Generator *g) {
    static const char *names[] = {"gen", "guard", "val"};
    out_f(o, " (%s ", names[g->kind]);
    if (g->pat) {
        dump_pat(o, g->pat);
        out_s(o, " ");
    }
    dump_node(o, g->expr);
    out_s(o, ")");
}

static void dump_sub(Out *o, const Node *n) {
    if (!n) return;
    out_s(o, " ");
    dump_node(o, n);
}

static void dump_number(Out *o, const char *kind, double d, bool is_float) {
    char tmp[64];
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d) {
        snprintf(tmp, sizeof tmp, "%.0f", d);
    } else {
        /* the shortest form that reads back the same */
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, d);
            double back = strtod(tmp, NULL);
            if (is_float ? (float)back == (float)d : back == d) break;
        }
    }
    out_f(o, "(%s %s)", kind, tmp);
}

static void dump_defn(Out *o, const Node *n) {
    out_s(o, "(");
    if (n->flags & NF_OVERRIDE) out_s(o, "override ");
    if (n->flags & NF_PRIVATE) out_s(o, "private ");
    switch (n->kind) {
    case N_VAL:
        out_s(o, (n->flags & NF_LAZY) ? "lazyval " : (n->flags & NF_VAR) ? "var " : "val ");
        dump_pat(o, n->pat);
        if (n->type) out_f(o, " :%s", n->type);
        dump_sub(o, n->a);
        break;
    case N_DEF:
        out_f(o, "def %s", n->str);
        dump_params(o, n, true);
        if (n->type) out_f(o, " :%s", n->type);
        dump_sub(o, n->a);
        break;
    case N_CLASS:
        out_f(o, "%s %s", (n->flags & NF_CASE_CLASS) ? "caseclass" : "class", n->str);
        dump_params(o, n, false);
        goto body;
    case N_OBJECT:
        out_f(o, "%s %s", (n->flags & NF_CASE_CLASS) ? "caseobject" : "object", n->str);
        goto body;
    case N_TRAIT:
        out_f(o, "trait %s", n->str);
    body:
        if (n->ntypes) { out_s(o, " (extends"); dump_types(o, n->types, n->ntypes); out_s(o, ")"); }
        if (n->a) { out_s(o, " (super"); dump_list(o, &n->a->list, n->a->names); out_s(o, ")"); }
        dump_list(o, &n->list, NULL);
        break;
    default:
        break;
    }
    out_s(o, ")");
}

static void dump_node(Out *o, const Node *n) {
    if (!n) { out_s(o, "nil"); return; }
    switch (n->kind) {
    case N_INT: out_f(o, "(int %lld)", (long long)n->ival); return;
    case N_LONG: out_f(o, "(long %lld)", (long long)n->ival); return;
    case N_DOUBLE: dump_number(o, "double", n->dval, false); return;
    case N_FLOAT: dump_number(o, "float", n->dval, true); return;
    case N_STRING: out_s(o, "(string "); out_quoted(o, n->str); out_s(o, ")"); return;
    case N_CHAR: out_f(o, "(char %lld)", (long long)n->ival); return;
    case N_BOOL: out_s(o, n->ival ? "(bool true)" : "(bool false)"); return;
    case N_NULL: out_s(o, "(null)"); return;
    case N_UNIT: out_s(o, "(unit)"); return;
    case N_INTERP: out_f(o, "(interp %s", n->str); dump_list(o, &n->list, NULL); break;
    case N_IDENT: out_f(o, "(ident %s)", n->str); return;
    case N_SELECT: out_s(o, "(select "); dump_node(o, n->a); out_f(o, " %s)", n->str); return;
    case N_APPLY:
        out_s(o, (n->flags & NF_BLOCK_ARG) ? "(applyblock " : "(apply ");
        dump_node(o, n->a);
        dump_list(o, &n->list, n->names);
        break;
    case N_TYPEARGS: out_s(o, "(typeargs "); dump_node(o, n->a); dump_types(o, n->types, n->ntypes); break;
    case N_NEW:
        out_f(o, "(new %s", n->str);
        dump_types(o, n->types, n->ntypes);
        dump_list(o, &n->list, n->names);
        if (n->b) dump_sub(o, n->b);     /* an anonymous class */
        break;
    case N_INFIX: out_f(o, "(infix %s", n->str); dump_sub(o, n->a); dump_sub(o, n->b); break;
    case N_PREFIX: out_f(o, "(prefix %s", n->str); dump_sub(o, n->a); break;
    case N_POSTFIX: out_f(o, "(postfix %s", n->str); dump_sub(o, n->a); break;
    case N_ASSIGN: out_s(o, "(assign"); dump_sub(o, n->a); dump_sub(o, n->b); break;
    case N_OPASSIGN: out_f(o, "(opassign %s", n->str); dump_sub(o, n->a); dump_sub(o, n->b); break;
    case N_IF: out_s(o, "(if"); dump_sub(o, n->a); dump_sub(o, n->b); dump_sub(o, n->c); break;
    case N_WHILE: out_s(o, "(while"); dump_sub(o, n->a); dump_sub(o, n->b); break;
    case N_DOWHILE: out_s(o, "(dowhile"); dump_sub(o, n->b); dump_sub(o, n->a); break;
    case N_FOR:
        out_s(o, (n->flags & NF_YIELD) ? "(foryield" : "(for");
        for (int i = 0; i < n->ngens; i++) dump_gen(o, &n->gens[i]);
        dump_sub(o, n->b);
        break;
    case N_BLOCK: out_s(o, "(block"); dump_list(o, &n->list, NULL); break;
    case N_LAMBDA:
        out_s(o, (n->flags & NF_CASE_LAMBDA) ? "(caselambda" : "(lambda");
        dump_params(o, n, false);
        dump_sub(o, n->b);
        break;
    case N_MATCH:
        out_s(o, "(match ");
        dump_node(o, n->a);
        for (int i = 0; i < n->ncases; i++) dump_case(o, &n->cases[i]);
        break;
    case N_TRY:
        out_s(o, "(try ");
        dump_node(o, n->a);
        for (int i = 0; i < n->ncases; i++) dump_case(o, &n->cases[i]);
        if (n->c) { out_s(o, " (finally "); dump_node(o, n->c); out_s(o, ")"); }
        break;
    case N_THROW: out_s(o, "(throw"); dump_sub(o, n->a); break;
    case N_RETURN: out_s(o, "(return"); dump_sub(o, n->a); break;
    case N_TUPLE: out_s(o, "(tuple"); dump_list(o, &n->list, NULL); break;
    case N_TYPED: out_s(o, "(typed "); dump_node(o, n->a); out_f(o, " [%s]", n->type); break;
    case N_VAL: case N_DEF: case N_CLASS: case N_OBJECT: case N_TRAIT: dump_defn(o, n); return;
    case N_IMPORT: out_s(o, "(import "); out_s(o, n->str); break;
    case N_PLACEHOLDER: out_s(o, "(placeholder"); break;
    default: out_f(o, "(?%d", (int)n->kind); break;
    }
    out_s(o, ")");
}

char *ast_dump(const Node *n) {
    Out o = {0};
    dump_node(&o, n);
    if (!o.buf) out_s(&o, "");
    return o.buf;
}
