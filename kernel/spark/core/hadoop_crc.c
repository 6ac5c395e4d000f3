/* hadoop_crc.c — Hadoop's checksum files (ChecksumFileSystem, as LocalFileSystem writes them):
 * `.NAME.crc` holds the magic "crc\0", the bytes per checksum (512) as a big-endian int, then the
 * CRC-32 (zlib's polynomial) of each 512-byte chunk of NAME, big-endian. An empty file's is the
 * 8-byte header alone. Checked byte for byte against spark-shell 3.5.5's saveAsTextFile. */
#include "spark/core/hadoop_crc.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { BYTES_PER_SUM = 512 };

static uint32_t crc32_chunk(const unsigned char *p, size_t n) {
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static void put_be32(FILE *f, uint32_t v) {
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
    fwrite(b, 1, 4, f);
}

bool hadoop_crc_write(const char *dir, const char *name) {
    char path[4200], crc[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(crc, sizeof crc, "%s/.%s.crc", dir, name);
    FILE *in = fopen(path, "rb");
    if (!in) return false;
    FILE *out = fopen(crc, "wb");
    if (!out) { fclose(in); return false; }
    fwrite("crc\0", 1, 4, out);
    put_be32(out, BYTES_PER_SUM);
    unsigned char buf[BYTES_PER_SUM];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) put_be32(out, crc32_chunk(buf, n));
    fclose(in);
    return fclose(out) == 0;
}

void hadoop_crc_tree(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char path[4200], crc[4300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(crc, sizeof crc, "%s/.%s.crc", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) hadoop_crc_tree(path);
        else if (S_ISREG(st.st_mode) && stat(crc, &st) != 0) hadoop_crc_write(dir, e->d_name);
    }
    closedir(d);
}
