/* history.h — the session's own input history, kept by the protocol layer for history_request
 * (hist_access_type tail, range and search). Only the shell thread uses it. */
#ifndef DSTREAM_PROTOCOL_HISTORY_H
#define DSTREAM_PROTOCOL_HISTORY_H

#include <jansson.h>
#include <stddef.h>

/* The session number reported in history entries ([session, line, input]). */
#define KP_HISTORY_SESSION 1

typedef struct kp_history kp_history;

kp_history *kp_history_new(void);
void kp_history_free(kp_history *h);
/* Records a cell that ran with store_history (line is its execution_count); input is len bytes
 * and may contain U+0000. */
int kp_history_add(kp_history *h, int line, const char *input, size_t len);
/* The content of a history_reply for a history_request's content (a new reference):
 * {"status":"ok","history":[...]} or {"status":"error",...} for a malformed request. */
json_t *kp_history_reply(const kp_history *h, const json_t *request);

#endif
