/* types.h — type texts as trees for the REPL echo's inference (types.c): parse, print as
 * scalac does, bind type variables, and read a registry signature's parameter and result types.
 * Internal to kernel/lang. */
#ifndef DSTREAM_LANG_TYPES_H
#define DSTREAM_LANG_TYPES_H

#include <stdbool.h>

#include "lang/value.h"

typedef enum { TY_NAME, TY_TUPLE, TY_FUNC } TyKind;
/* NAME: name[args]; TUPLE: (args); FUNC: (args[0..n-2]) => args[n-1] */
typedef struct Ty { TyKind kind; char *name; int n; struct Ty **args; } Ty;

Ty *ty_parse(const char *s);                 /* NULL when not a type */
Ty *ty_copy(const Ty *t);
void ty_free(Ty *t);
char *ty_print(const Ty *t);                 /* scalac's text (names as written), malloc'd */
const char *ty_simple(const char *name);     /* the last segment of a dotted name */

#define TY_MAX_BINDS 16
#define TY_MAX_PARAMS 12
typedef struct { int n; char *names[TY_MAX_BINDS]; Ty *types[TY_MAX_BINDS]; } TyBinds;
void ty_bind(TyBinds *b, const char *name, const Ty *t);   /* a variable (t NULL: unbound yet) */
void ty_bind_receiver(TyBinds *b, const Ty *recv);         /* T, A, K, V, CC of a receiver type */
void ty_unify(TyBinds *b, const Ty *pat, const Ty *act);   /* binds pat's unbound variables */
Ty *ty_subst(const TyBinds *b, const Ty *t);               /* NULL when a variable stays unbound */
void ty_unbind(TyBinds *b, const char *name);              /* a fresh variable: a method's type parameter */
void ty_binds_free(TyBinds *b);

/* "def name[U](f: T => U, n: Int): R": type parameters, parameters' types (all lists), result */
typedef struct { int ntparams, nparams; char *tparams[TY_MAX_BINDS]; Ty *params[TY_MAX_PARAMS]; Ty *result; } Sig;
bool sig_parse(const char *sig, Sig *out);
void sig_free(Sig *s);

#endif
