/* types.c — type texts as trees, for the small inference of infer.c: parsing a Scala type
 * ("Map[String, Int]", "(String, Int) => Boolean", "=> V"), printing it as scalac's REPL does
 * (type arguments joined by ",", tuples by ", ", a tuple parameter of a function in its own
 * parentheses; interp.c's normalize_type qualifies library classes' names), and
 * the result type of a method from its signature text in the registry ("def join[W](other:
 * RDD[(K, W)]): RDD[(K, (V, W))]") by binding the receiver's and the arguments' types.
 */
#include "lang/types.h"

#include "lang/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

static void skip_ws(const char **p) { while (**p == ' ') (*p)++; }

static Ty *ty_alloc(TyKind k, char *name) {
    Ty *t = calloc(1, sizeof *t);
    t->kind = k;
    t->name = name;
    return t;
}

static void ty_push(Ty *t, Ty *a) {
    t->args = realloc(t->args, (size_t)(t->n + 1) * sizeof *t->args);
    t->args[t->n++] = a;
}

void ty_free(Ty *t) {
    if (!t) return;
    for (int i = 0; i < t->n; i++) ty_free(t->args[i]);
    free(t->args);
    free(t->name);
    free(t);
}

static Ty *parse_type(const char **p, int depth);

/* a comma-separated list up to `close`; false when malformed */
static bool parse_list(const char **p, char close, Ty *into, int depth) {
    skip_ws(p);
    if (**p == close) { (*p)++; return true; }
    for (;;) {
        Ty *a = parse_type(p, depth + 1);
        if (!a) return false;
        ty_push(into, a);
        skip_ws(p);
        if (**p == ',') { (*p)++; continue; }
        if (**p == close) { (*p)++; return true; }
        return false;
    }
}

static Ty *parse_simple(const char **p, int depth) {
    skip_ws(p);
    if (**p == '(') {
        (*p)++;
        Ty *t = ty_alloc(TY_TUPLE, NULL);
        if (!parse_list(p, ')', t, depth)) { ty_free(t); return NULL; }
        return t;
    }
    const char *s = *p;
    while (isalnum((unsigned char)**p) || **p == '_' || **p == '.' || **p == '$') (*p)++;
    if (*p == s) return NULL;
    Ty *t = ty_alloc(TY_NAME, strndup(s, (size_t)(*p - s)));
    skip_ws(p);
    if (**p == '[') {
        (*p)++;
        if (!parse_list(p, ']', t, depth)) { ty_free(t); return NULL; }
    }
    skip_ws(p);
    if (**p == '*') (*p)++;      /* Int*: a repeated parameter's element type */
    return t;
}

static Ty *parse_type(const char **p, int depth) {
    if (depth > 32) return NULL;
    skip_ws(p);
    if (!strncmp(*p, "=>", 2)) {  /* => V: by-name, the type itself */
        *p += 2;
        return parse_type(p, depth + 1);
    }
    Ty *t = parse_simple(p, depth);
    if (!t) return NULL;
    skip_ws(p);
    if (!strncmp(*p, "=>", 2)) {
        *p += 2;
        Ty *r = parse_type(p, depth + 1);
        if (!r) { ty_free(t); return NULL; }
        Ty *f = ty_alloc(TY_FUNC, NULL);
        if (t->kind == TY_TUPLE) {          /* (A, B) => R: two parameters */
            f->args = t->args;
            f->n = t->n;
            t->args = NULL;
            t->n = 0;
            ty_free(t);
        } else {
            ty_push(f, t);
        }
        ty_push(f, r);
        return f;
    }
    if (t->kind == TY_TUPLE && t->n == 1) {  /* (A): A */
        Ty *a = t->args[0];
        t->n = 0;
        ty_free(t);
        return a;
    }
    return t;
}

Ty *ty_parse(const char *s) {
    if (!s) return NULL;
    const char *p = s;
    Ty *t = parse_type(&p, 0);
    skip_ws(&p);
    if (t && *p) { ty_free(t); return NULL; }
    return t;
}

Ty *ty_copy(const Ty *t) {
    if (!t) return NULL;
    Ty *c = ty_alloc(t->kind, t->name ? strdup(t->name) : NULL);
    for (int i = 0; i < t->n; i++) ty_push(c, ty_copy(t->args[i]));
    return c;
}

/* ---- printing ---- */

static void print_ty(StrBuf *sb, const Ty *t);

/* args[0..n) between open and close, separated by sep */
static void print_args(StrBuf *sb, Ty *const *args, int n, char open, const char *sep, char close) {
    sb_putc(sb, open);
    for (int i = 0; i < n; i++) {
        if (i) sb_puts(sb, sep);
        print_ty(sb, args[i]);
    }
    sb_putc(sb, close);
}

static void print_ty(StrBuf *sb, const Ty *t) {
    switch (t->kind) {
    case TY_NAME:
        sb_puts(sb, t->name);
        if (t->n) print_args(sb, t->args, t->n, '[', ",", ']');
        break;
    case TY_TUPLE:   /* Scala names a Tuple1's type (A,) */
        print_args(sb, t->args, t->n, '(', ", ", ')');
        if (t->n == 1) { sb->len--; sb_puts(sb, ",)"); }
        break;
    case TY_FUNC: {
        int np = t->n - 1;
        if (np != 1 || t->args[0]->kind != TY_NAME) print_args(sb, t->args, np, '(', ", ", ')');
        else print_ty(sb, t->args[0]);
        sb_puts(sb, " => ");
        print_ty(sb, t->args[np]);
        break;
    }
    }
}

char *ty_print(const Ty *t) {
    StrBuf sb; sb_init(&sb);
    print_ty(&sb, t);
    return sb_take(&sb);
}

/* ---- binding type variables ---- */

const char *ty_simple(const char *name) {
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

static bool is_var(const TyBinds *b, const char *name) {
    for (int i = 0; i < b->n; i++) if (!strcmp(b->names[i], name)) return true;
    return false;
}

void ty_bind(TyBinds *b, const char *name, const Ty *t) {
    for (int i = 0; i < b->n; i++)
        if (!strcmp(b->names[i], name)) {
            if (!b->types[i] && t) b->types[i] = ty_copy(t);
            return;
        }
    if (b->n == TY_MAX_BINDS) return;
    b->names[b->n] = strdup(name);
    b->types[b->n++] = t ? ty_copy(t) : NULL;
}

void ty_unbind(TyBinds *b, const char *name) {
    for (int i = 0; i < b->n; i++)
        if (!strcmp(b->names[i], name)) { ty_free(b->types[i]); b->types[i] = NULL; return; }
    ty_bind(b, name, NULL);
}

void ty_binds_free(TyBinds *b) {
    for (int i = 0; i < b->n; i++) { free(b->names[i]); ty_free(b->types[i]); }
    b->n = 0;
}

/* Collection-like heads a signature's TraversableOnce[U] (and kin) accepts. */
static bool loose_head(const char *h) {
    static const char *const loose[] = {"TraversableOnce", "IterableOnce", "Iterable", "Traversable",
                                        "GenTraversableOnce", "Seq", NULL};
    for (int i = 0; loose[i]; i++) if (!strcmp(h, loose[i])) return true;
    return false;
}

void ty_unify(TyBinds *b, const Ty *pat, const Ty *act) {
    if (!pat || !act) return;
    if (pat->kind == TY_NAME && !pat->n && is_var(b, pat->name)) {
        ty_bind(b, pat->name, act);
        return;
    }
    if (pat->kind != act->kind) return;
    if (pat->kind == TY_NAME) {
        if (strcmp(ty_simple(pat->name), ty_simple(act->name)) && !loose_head(ty_simple(pat->name))) return;
        if (loose_head(ty_simple(pat->name)) && pat->n == 1 && act->n >= 1) {
            /* TraversableOnce[U] from Map[K, V]: the pairs; from Option[A], List[A]: A */
            if (act->n == 2) {
                Ty pair = {.kind = TY_TUPLE, .n = 2, .args = act->args};
                ty_unify(b, pat->args[0], &pair);
            } else {
                ty_unify(b, pat->args[0], act->args[0]);
            }
            return;
        }
    }
    if (pat->n != act->n) return;
    for (int i = 0; i < pat->n; i++) ty_unify(b, pat->args[i], act->args[i]);
}

/* t with the bound variables replaced; NULL when a variable of b is unbound in it */
Ty *ty_subst(const TyBinds *b, const Ty *t) {
    const Ty *v = NULL;
    if (t->kind == TY_NAME && is_var(b, t->name)) {
        for (int i = 0; i < b->n; i++) if (!strcmp(b->names[i], t->name)) v = b->types[i];
        if (!v || (t->n && (v->kind != TY_NAME || v->n))) return NULL;
        if (!t->n) return ty_copy(v);
        if (!strcmp(v->name, "String")) {   /* CC[A] of a String: a String while the elements stay Chars */
            Ty *a = t->n == 1 ? ty_subst(b, t->args[0]) : NULL;
            bool chars = a && a->kind == TY_NAME && !a->n && !strcmp(a->name, "Char");
            ty_free(a);
            return chars ? ty_copy(v) : NULL;
        }
    }
    Ty *c = ty_alloc(t->kind, v ? strdup(v->name) : t->name ? strdup(t->name) : NULL);   /* CC[B]: List[B] */
    for (int i = 0; i < t->n; i++) {
        Ty *a = ty_subst(b, t->args[i]);
        if (!a) { ty_free(c); return NULL; }
        ty_push(c, a);
    }
    return c;
}

/* ---- signatures ---- */

bool sig_parse(const char *sig, Sig *out) {
    memset(out, 0, sizeof *out);
    const char *p = sig;
    if (strncmp(p, "def ", 4)) return false;
    p += 4;
    while (*p && *p != '[' && *p != '(' && *p != ':') p++;
    if (*p == '[') {                       /* [U, W] */
        p++;
        for (;;) {
            skip_ws(&p);
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_') p++;
            if (p == s) return false;
            if (out->ntparams < TY_MAX_BINDS) out->tparams[out->ntparams++] = strndup(s, (size_t)(p - s));
            while (*p && *p != ',' && *p != ']') p++;   /* bounds: U <: T */
            if (*p == ',') { p++; continue; }
            if (*p == ']') { p++; break; }
            return false;
        }
    }
    while (*p == '(') {                    /* (a: A, b: => B)(c: C): every list's parameters */
        p++;
        for (;;) {
            skip_ws(&p);
            if (*p == ')') { p++; break; }
            const char *colon = NULL;
            for (const char *q = p; *q && *q != ',' && *q != ')'; q++) if (*q == ':') { colon = q; break; }
            if (!colon) return false;
            p = colon + 1;
            Ty *t = parse_type(&p, 0);
            if (!t) return false;
            if (out->nparams < TY_MAX_PARAMS) out->params[out->nparams++] = t;
            else ty_free(t);
            skip_ws(&p);
            if (*p == '=') {               /* a default: skip to the end of the parameter */
                int depth = 0;
                while (*p && (depth || (*p != ',' && *p != ')'))) {
                    if (*p == '(' || *p == '[') depth++;
                    else if (*p == ')' || *p == ']') depth--;
                    p++;
                }
            }
            if (*p == ',') { p++; continue; }
            if (*p == ')') { p++; break; }
            return false;
        }
    }
    skip_ws(&p);
    if (*p != ':') return false;
    p++;
    out->result = parse_type(&p, 0);
    return out->result != NULL;
}

void sig_free(Sig *s) {
    for (int i = 0; i < s->ntparams; i++) free(s->tparams[i]);
    for (int i = 0; i < s->nparams; i++) ty_free(s->params[i]);
    ty_free(s->result);
    memset(s, 0, sizeof *s);
}

void ty_bind_receiver(TyBinds *b, const Ty *recv) {
    static const char *const one[] = {"T", "A", "S", "E", NULL};
    if (recv->kind == TY_TUPLE) {
        static const char *const tn[] = {"T1", "T2", "T3", "T4", NULL};
        for (int i = 0; i < recv->n && tn[i]; i++) ty_bind(b, tn[i], recv->args[i]);
        return;
    }
    if (recv->kind != TY_NAME) return;
    Ty cc = {.kind = TY_NAME, .name = recv->name};
    ty_bind(b, "CC", &cc);
    if (!recv->n && !strcmp(recv->name, "String")) {   /* a String's elements: Chars */
        Ty ch = {.kind = TY_NAME, .name = "Char"};
        for (int i = 0; one[i]; i++) ty_bind(b, one[i], &ch);
        return;
    }
    if (recv->n == 1) {
        for (int i = 0; one[i]; i++) ty_bind(b, one[i], recv->args[0]);
        const Ty *a = recv->args[0];
        if (a->kind == TY_TUPLE && a->n == 2) {
            ty_bind(b, "K", a->args[0]);
            ty_bind(b, "V", a->args[1]);
        }
    } else if (recv->n == 2) {
        ty_bind(b, "K", recv->args[0]);
        ty_bind(b, "V", recv->args[1]);
        Ty pair = {.kind = TY_TUPLE, .n = 2, .args = recv->args};
        for (int i = 0; one[i]; i++) ty_bind(b, one[i], &pair);
    }
}
