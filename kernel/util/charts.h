/* charts.h — the one chart maker of the kernel's displays: a table's series over its labels as
 * an SVG picture (image/svg+xml, every frontend shows it) and as the same chart in Vega-Lite 5
 * (application/vnd.vegalite.v5+json: JupyterLab draws it with tooltips and zoom). %%sql --chart
 * and display(df, "bar"|"line") use both; the streaming timeline builds its own layered spec. */
#ifndef DSTREAM_UTIL_CHARTS_H
#define DSTREAM_UTIL_CHARTS_H

#include <jansson.h>

/* labels[i] on the x axis, series[s][i] the values (NAN: missing); kind "bar" or "line". */
typedef struct ChartData {
    const char *kind, *title, *xtitle;
    const char *const *labels;
    int nlabels;
    const char *const *series_names;
    const double *const *series;
    int nseries;
} ChartData;

/* The SVG picture (malloc'd text). */
char *chart_svg(const ChartData *c);
/* The Vega-Lite 5 spec (new reference): the rows as data values, a tooltip on every mark, grouped
 * bars or one line per series, the y axis zoomable with the mouse wheel. */
json_t *chart_vegalite(const ChartData *c);
/* A round step (1, 2 or 5 times a power of ten) cutting range into about ticks parts. */
double chart_nice_step(double range, int ticks);
/* The URL of Vega-Lite 5's schema, the "$schema" of every spec the kernel makes. */
#define VEGALITE_SCHEMA "https://vega.github.io/schema/vega-lite/v5.json"
#define VEGALITE_MIME "application/vnd.vegalite.v5+json"

#endif
