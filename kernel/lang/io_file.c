/* io_file.c — the little of java.io.File and scala.io.Source that programs use to look at what
 * they wrote: new File(path) / new File(parent, child) with exists, isDirectory, isFile, length,
 * getName, getPath, getParent, getAbsolutePath, list, listFiles (null for a missing folder, as
 * Java), mkdirs; Source.fromFile(file | path) with getLines() and mkString, close; Guava's
 * Files.append/write/toString (Spark's RecoverableNetworkWordCount appends its report with them)
 * and the java.nio Charset they take (UTF-8 only, the JVM's default here).
 */
#include "lang/internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- java.io.File: its path, normalised as Java does (no repeated or trailing '/') ---- */

static HostClass file_class;

static char *path_normalise(const char *p) {
    size_t n = strlen(p);
    char *s = malloc(n + 1), *o = s;
    if (!s) abort();
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '/' && o > s && o[-1] == '/') continue;
        *o++ = p[i];
    }
    if (o - s > 1 && o[-1] == '/') o--;
    *o = 0;
    return s;
}

static Value file_new(const char *path) { return host_new(&file_class, path_normalise(path)); }

static const char *file_path(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &file_class ? as_host(v)->data : NULL;
}

static bool file_construct(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    const char *a, *b;
    if (c->argc == 2 && file_path(c->argv[0])) a = file_path(c->argv[0]);
    else if (!arg_string(c, 0, &a)) return false;
    if (c->argc == 1) { *out = file_new(a); return true; }
    if (!arg_string(c, 1, &b)) return false;
    char *p;
    if (asprintf(&p, "%s/%s", a, b) < 0) abort();
    *out = file_new(p);
    free(p);
    return true;
}

static bool file_stat(Call *c, struct stat *st) { return stat(as_host(c->self)->data, st) == 0; }

enum { F_EXISTS, F_IS_DIR, F_IS_FILE, F_LENGTH, F_NAME, F_PATH, F_PARENT, F_ABSOLUTE, F_MKDIRS };
static bool file_query(Call *c, Value *out) {
    const char *p = as_host(c->self)->data;
    struct stat st;
    const char *slash = strrchr(p, '/');
    switch (CALL_TAG(c)) {
    case F_EXISTS: *out = v_bool(file_stat(c, &st)); return true;
    case F_IS_DIR: *out = v_bool(file_stat(c, &st) && S_ISDIR(st.st_mode)); return true;
    case F_IS_FILE: *out = v_bool(file_stat(c, &st) && S_ISREG(st.st_mode)); return true;
    case F_LENGTH: *out = v_long(file_stat(c, &st) && !S_ISDIR(st.st_mode) ? (int64_t)st.st_size : 0); return true;
    case F_NAME: *out = str_cstr(slash ? slash + 1 : p); return true;
    case F_PATH: *out = str_cstr(p); return true;
    case F_PARENT:
        *out = !slash ? v_null() : slash == p ? str_cstr("/") : str_new(p, (size_t)(slash - p));
        return true;
    case F_ABSOLUTE: {
        char cwd[4096];
        if (p[0] == '/' || !getcwd(cwd, sizeof cwd)) { *out = str_cstr(p); return true; }
        StrBuf b; sb_init(&b);
        sb_printf(&b, "%s/%s", cwd, p);
        *out = str_take(sb_take(&b));
        return true;
    }
    case F_MKDIRS: {
        char *q = strdup(p);
        if (!q) abort();
        bool made = false;
        for (char *s = q + 1;; s++) {
            if (*s && *s != '/') continue;
            char keep = *s;
            *s = 0;
            if (mkdir(q, 0777) == 0) made = true;
            else if (errno != EEXIST) { made = false; *s = keep; break; }
            *s = keep;
            if (!keep) break;
        }
        free(q);
        *out = v_bool(made);
        return true;
    }
    }
    return false;
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* list() / listFiles(): the entries (sorted by name; Java's order is the file system's), or null */
static bool file_list(Call *c, Value *out) {
    const char *p = as_host(c->self)->data;
    DIR *d = opendir(p);
    if (!d) { *out = v_null(); return true; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof *names);
            if (!names) abort();
        }
        names[n] = strdup(e->d_name);
        if (!names[n++]) abort();
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    Value a = seq_new(SEQ_ARRAY, n);
    for (size_t i = 0; i < n; i++) {
        if (CALL_TAG(c)) {
            char *full;
            if (asprintf(&full, "%s/%s", p, names[i]) < 0) abort();
            seq_push(a, file_new(full));
            free(full);
        } else seq_push(a, str_cstr(names[i]));
        free(names[i]);
    }
    free(names);
    *out = a;
    return true;
}

static char *file_str(Interp *I, void *d) { (void)I; return strdup(d); }
static const char *file_type(void *d) { (void)d; return "java.io.File"; }

static const MethodDef file_methods[] = {
    METHOD_DATA("exists", file_query, F_EXISTS, 0, 0, "def exists(): Boolean", "Whether the path exists."),
    METHOD_DATA("isDirectory", file_query, F_IS_DIR, 0, 0, "def isDirectory(): Boolean", "Whether it is a folder."),
    METHOD_DATA("isFile", file_query, F_IS_FILE, 0, 0, "def isFile(): Boolean", "Whether it is a regular file."),
    METHOD_DATA("length", file_query, F_LENGTH, 0, 0, "def length(): Long", "The size in bytes (0 for a folder or a missing file)."),
    METHOD_DATA("getName", file_query, F_NAME, 0, 0, "def getName(): String", "The last part of the path."),
    METHOD_DATA("getPath", file_query, F_PATH, 0, 0, "def getPath(): String", "The path."),
    METHOD_DATA("toString", file_query, F_PATH, 0, 0, "def toString(): String", "The path."),
    METHOD_DATA("getParent", file_query, F_PARENT, 0, 0, "def getParent(): String", "The path without its last part, or null."),
    METHOD_DATA("getAbsolutePath", file_query, F_ABSOLUTE, 0, 0, "def getAbsolutePath(): String", "The path from the root."),
    METHOD_DATA("mkdirs", file_query, F_MKDIRS, 0, 0, "def mkdirs(): Boolean", "Creates the folder and its parents; whether it made any."),
    METHOD_DATA("list", file_list, 0, 0, 0, "def list(): Array[String]", "The names in the folder (sorted), or null when it is not one."),
    METHOD_DATA("listFiles", file_list, 1, 0, 0, "def listFiles(): Array[File]", "The Files in the folder (sorted), or null when it is not one."),
};

static HostClass file_class = {
    .name = "File", .qualified = "java.io.File", .doc = "A file or folder path (java.io.File).",
    HOST_METHODS(file_methods), .construct = file_construct,
    .ctor_signature = "new File(pathname: String)", .finalize = free, .to_string = file_str, .type_name = file_type,
};

/* ---- scala.io.Source.fromFile ---- */

static HostClass source_class;

/* The whole text of the file at p (malloc'd), or NULL with Java's FileNotFoundException raised. */
static char *read_whole_file(Interp *I, const char *p) {
    FILE *f = fopen(p, "rb");
    if (!f) { interp_throw(I, "java.io.FileNotFoundException", "%s (%s)", p, strerror(errno)); return NULL; }
    StrBuf b; sb_init(&b);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&b, buf, n);
    fclose(f);
    return sb_take(&b);
}

/* Source.fromFile(file | path): the file's text, read at once */
static bool source_from_file(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    const char *p = file_path(c->argv[0]);
    if (!p && !arg_string(c, 0, &p)) return false;
    char *text = read_whole_file(c->I, p);
    if (!text) return false;
    *out = host_new(&source_class, text);
    return true;
}

/* getLines(): an Iterator of the lines (without their \n or \r\n) */
static bool source_get_lines(Call *c, Value *out) {
    const char *s = as_host(c->self)->data;
    Value it = seq_new(SEQ_ITER, 0);
    while (*s) {
        size_t n = strcspn(s, "\n");
        size_t k = n && s[n - 1] == '\r' ? n - 1 : n;
        seq_push(it, str_new(s, k));
        s += n;
        if (*s) s++;
    }
    *out = it;
    return true;
}

static bool source_mk_string(Call *c, Value *out) { *out = str_cstr(as_host(c->self)->data); return true; }
static bool source_close(Call *c, Value *out) { (void)c; *out = v_unit(); return true; }

static const MethodDef source_methods[] = {
    METHOD("getLines", source_get_lines, 0, 0, "def getLines(): Iterator[String]", "The lines of the text."),
    METHOD("mkString", source_mk_string, 0, 0, "def mkString: String", "The whole text."),
    METHOD("close", source_close, 0, 0, "def close(): Unit", "Nothing to release (the text was read at once)."),
};
static char *source_str(Interp *I, void *d) { (void)I; (void)d; return strdup("non-empty iterator"); }
static HostClass source_class = {
    .name = "BufferedSource", .qualified = "scala.io.BufferedSource", .doc = "A file's text (Source.fromFile).",
    HOST_METHODS(source_methods), .finalize = free, .to_string = source_str,
};

static const MethodDef source_object_methods[] = {
    METHOD("fromFile", source_from_file, 1, 2, "def fromFile(file: File): BufferedSource", "The text of a file (a java.io.File or a path)."),
};
static HostClass source_object_class = {
    .name = "Source", .qualified = "scala.io.Source", .doc = "Reading text: Source.fromFile(path).getLines().",
    HOST_METHODS(source_object_methods),
};

/* ---- java.nio.charset.Charset (UTF-8) and Guava's com.google.common.io.Files ---- */

static HostClass charset_class;
static char *charset_str(Interp *I, void *d) { (void)I; (void)d; return strdup("UTF-8"); }
static bool charset_name(Call *c, Value *out) { (void)c; *out = str_cstr("UTF-8"); return true; }
static const MethodDef charset_methods[] = {
    METHOD("name", charset_name, 0, 0, "def name(): String", "The charset's canonical name."),
    METHOD("displayName", charset_name, 0, 0, "def displayName(): String", "The charset's name."),
};
static HostClass charset_class = {
    .name = "Charset", .qualified = "java.nio.charset.Charset", .doc = "A character set (UTF-8 here).",
    HOST_METHODS(charset_methods), .to_string = charset_str,
};
static bool charset_default(Call *c, Value *out) { (void)c; *out = host_new(&charset_class, (void *)1); return true; }
static bool charset_for_name(Call *c, Value *out) {
    const char *n;
    if (!arg_string(c, 0, &n)) return false;
    if (strcasecmp(n, "UTF-8") && strcasecmp(n, "UTF8"))
        return interp_throw(c->I, "java.nio.charset.UnsupportedCharsetException", "%s", n);
    *out = host_new(&charset_class, (void *)1);
    return true;
}
static const MethodDef charset_object_methods[] = {
    METHOD("defaultCharset", charset_default, 0, 0, "def defaultCharset(): Charset", "The JVM's default charset (UTF-8)."),
    METHOD("forName", charset_for_name, 1, 1, "def forName(charsetName: String): Charset", "The charset of that name (UTF-8 only here)."),
    METHOD("UTF_8", charset_default, 0, 0, "val UTF_8: Charset", "UTF-8 (StandardCharsets.UTF_8)."),
};
static HostClass charset_object_class = {
    .name = "Charset$", .qualified = "java.nio.charset.Charset$", .doc = "Charset.defaultCharset(), StandardCharsets.UTF_8.",
    HOST_METHODS(charset_object_methods),
};

enum { GF_APPEND, GF_WRITE, GF_TOSTRING };
/* Files.append(text, file, charset), Files.write(text, file, charset), Files.toString(file, charset) */
static bool guava_files(Call *c, Value *out) {
    int op = (int)CALL_TAG(c);
    int fi = op == GF_TOSTRING ? 0 : 1;
    const char *p = fi < c->argc ? file_path(c->argv[fi]) : NULL;
    if (!p) return interp_throw(c->I, "error", "type mismatch;\n found   : %s\n required: java.io.File",
                                fi < c->argc ? val_class_name(c->argv[fi]) : "Unit");
    if (op == GF_TOSTRING) {
        char *whole = read_whole_file(c->I, p);
        if (!whole) return false;
        *out = str_take(whole);
        return true;
    }
    char *text = val_to_string(c->I, c->argv[0]);
    if (!text) return false;
    FILE *f = fopen(p, op == GF_APPEND ? "ab" : "wb");
    if (!f) { free(text); return interp_throw(c->I, "java.io.FileNotFoundException", "%s (%s)", p, strerror(errno)); }
    fputs(text, f);
    fclose(f);
    free(text);
    *out = v_unit();
    return true;
}
static const MethodDef guava_files_methods[] = {
    METHOD_DATA("append", guava_files, GF_APPEND, 3, 3, "def append(from: CharSequence, to: File, charset: Charset): Unit", "Appends the text to the file."),
    METHOD_DATA("write", guava_files, GF_WRITE, 3, 3, "def write(from: CharSequence, to: File, charset: Charset): Unit", "Writes the text to the file (replacing it)."),
    METHOD_DATA("toString", guava_files, GF_TOSTRING, 2, 2, "def toString(file: File, charset: Charset): String", "The file's text."),
};
static HostClass guava_files_class = {
    .name = "Files", .qualified = "com.google.common.io.Files", .doc = "Guava's Files: append, write, toString.",
    HOST_METHODS(guava_files_methods),
};

void io_file_init(Interp *I) {
    interp_register_class(I, &charset_class);
    interp_register_class(I, &charset_object_class);
    interp_register_class(I, &guava_files_class);
    static const char *const cs[] = {"Charset", "java.nio.charset.Charset", "StandardCharsets", "java.nio.charset.StandardCharsets", NULL};
    for (int i = 0; cs[i]; i++)
        interp_register_global(I, cs[i], host_new(&charset_object_class, NULL), "object java.nio.charset.Charset", charset_object_class.doc);
    interp_register_package(I, "com.google.common.io");
    static const char *const gf[] = {"Files", "com.google.common.io.Files", NULL};
    for (int i = 0; gf[i]; i++)
        interp_register_global(I, gf[i], host_new(&guava_files_class, NULL), "object com.google.common.io.Files", guava_files_class.doc);
    interp_register_class(I, &file_class);
    interp_register_class(I, &source_class);
    interp_register_class(I, &source_object_class);
    static const char *const names[] = {"Source", "scala.io.Source", "io.Source", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], host_new(&source_object_class, NULL), "object scala.io.Source", source_object_class.doc);
}
