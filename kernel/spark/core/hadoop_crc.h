/* hadoop_crc.h — the hidden checksum files Hadoop's LocalFileSystem writes next to every file
 * (`.NAME.crc`), which Spark's writers leave in an output folder (saveAsTextFile, df.write). */
#ifndef DSTREAM_HADOOP_CRC_H
#define DSTREAM_HADOOP_CRC_H

#include <stdbool.h>

/* Writes dir/.NAME.crc for the file dir/NAME. false (errno set) if either cannot be read/written. */
bool hadoop_crc_write(const char *dir, const char *name);
/* Writes the .crc of every visible file under dir (recursively: partition folders) that has none. */
void hadoop_crc_tree(const char *dir);

#endif
