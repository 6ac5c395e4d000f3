/* uuid.h — random (version 4) UUIDs, for message ids, sessions and part-file names. */
#ifndef DSTREAM_UTIL_UUID_H
#define DSTREAM_UTIL_UUID_H

/* Writes a version 4 UUID in its 36-character text form, NUL-terminated. */
void uuid4(char out[37]);

#endif
