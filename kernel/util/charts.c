/* charts.c — %%sql's and display(df)'s charts: SVG for every frontend, Vega-Lite 5 for those that
 * draw it (see charts.h). */
#include "util/charts.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

double chart_nice_step(double range, int ticks) {
    double raw = range / ticks;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void fmt_num(char *buf, size_t n, double v) {
    if (fabs(v) >= 1e6 || (fabs(v) < 1e-3 && v != 0)) snprintf(buf, n, "%.3g", v);
    else snprintf(buf, n, "%.10g", v);
}

char *chart_svg(const ChartData *c) {
    const char *kind = c->kind, *title = c->title;
    const char *const *labels = c->labels, *const *series_names = c->series_names;
    const double *const *series = c->series;
    int nlabels = c->nlabels, nseries = c->nseries;
    static const char *palette[] = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2",
                                    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"};
    const double W = 720, H = 400, ml = 70, mr = 20, mt = 40, mb = 90;
    double pw = W - ml - mr, ph = H - mt - mb;
    double lo = 0, hi = 0;
    for (int s = 0; s < nseries; s++)
        for (int i = 0; i < nlabels; i++) {
            double v = series[s][i];
            if (isnan(v)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
    if (hi == lo) hi = lo + 1;
    double step = chart_nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    StrBuf b = {0};
    sb_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
                "font-family=\"sans-serif\" font-size=\"11\">\n", W, H, W, H);
    sb_printf(&b, "<rect width=\"%g\" height=\"%g\" fill=\"white\"/>\n", W, H);
    if (title) {
        sb_printf(&b, "<text x=\"%g\" y=\"20\" font-size=\"13\" font-weight=\"bold\">", ml);
        sb_html(&b, title, strlen(title));
        sb_puts(&b, "</text>\n");
    }
#define YPOS(v) (mt + ph - ((v) - lo) / (hi - lo) * ph)
    for (double v = lo; v <= hi + step / 2; v += step) {
        char num[32];
        fmt_num(num, sizeof num, fabs(v) < step / 1e6 ? 0 : v);
        sb_printf(&b, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", ml, YPOS(v), ml + pw, YPOS(v));
        sb_printf(&b, "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", ml - 6, YPOS(v) + 4, num);
    }
    sb_printf(&b, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#333\"/>\n", ml, mt, ml, mt + ph);
    double zero = YPOS(lo < 0 && hi > 0 ? 0 : lo);
    sb_printf(&b, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#333\"/>\n", ml, zero, ml + pw, zero);
    double gw = nlabels ? pw / nlabels : pw;
    int every = nlabels > 30 ? (nlabels + 29) / 30 : 1;
    for (int i = 0; i < nlabels; i += every) {
        double x = ml + gw * (i + 0.5);
        sb_printf(&b, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %g)\">",
                x, mt + ph + 14, x, mt + ph + 14);
        char lab[64];
        snprintf(lab, sizeof lab, "%s", labels[i] ? labels[i] : "null");
        if (strlen(labels[i] ? labels[i] : "") > 24) strcpy(lab + 21, "...");
        sb_html(&b, lab, strlen(lab));
        sb_puts(&b, "</text>\n");
    }
    bool bar = strcmp(kind, "line") != 0;
    for (int s = 0; s < nseries; s++) {
        const char *color = palette[s % 10];
        if (bar) {
            double bw = gw * 0.8 / (nseries ? nseries : 1);
            for (int i = 0; i < nlabels; i++) {
                double v = series[s][i];
                if (isnan(v)) continue;
                double x = ml + gw * i + gw * 0.1 + bw * s;
                double y0 = YPOS(lo < 0 && hi > 0 ? 0 : lo), y1 = YPOS(v);
                sb_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
                        x, y1 < y0 ? y1 : y0, bw > 1 ? bw - 1 : bw, fabs(y0 - y1), color);
                char num[32];
                fmt_num(num, sizeof num, v);
                const char *lab = labels[i] ? labels[i] : "null";
                sb_html(&b, lab, strlen(lab));
                sb_printf(&b, ": %s</title></rect>\n", num);
            }
        } else {
            sb_printf(&b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
            for (int i = 0; i < nlabels; i++)
                if (!isnan(series[s][i])) sb_printf(&b, "%.1f,%.1f ", ml + gw * (i + 0.5), YPOS(series[s][i]));
            sb_puts(&b, "\"/>\n");
            for (int i = 0; i < nlabels; i++)
                if (!isnan(series[s][i]))
                    sb_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", ml + gw * (i + 0.5), YPOS(series[s][i]), color);
        }
        double lx = ml + pw - 150, ly = mt - 24 + 0.0 + 14.0 * s;
        if (nseries > 1 || series_names[s]) {
            sb_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, ly, color);
            sb_printf(&b, "<text x=\"%.1f\" y=\"%.1f\">", lx + 14, ly + 9);
            if (series_names[s]) sb_html(&b, series_names[s], strlen(series_names[s]));
            sb_puts(&b, "</text>\n");
        }
    }
#undef YPOS
    sb_puts(&b, "</svg>\n");
    return sb_take(&b);
}

json_t *chart_vegalite(const ChartData *c) {
    const char *xname = c->xtitle ? c->xtitle : "label";
    json_t *values = json_array();
    for (int i = 0; i < c->nlabels; i++)
        for (int s = 0; s < c->nseries; s++) {
            double v = c->series[s][i];
            const char *name = c->series_names[s] ? c->series_names[s] : "value";
            json_array_append_new(values, json_pack("{s:s, s:s, s:o, s:i}", "label", c->labels[i] ? c->labels[i] : "null",
                                                    "series", name, "value", isnan(v) ? json_null() : json_real(v),
                                                    "order", i));
        }
    bool bar = strcmp(c->kind, "line") != 0, several = c->nseries > 1;
    const char *ytitle = several ? "value" : (c->series_names[0] ? c->series_names[0] : "value");
    json_t *enc = json_pack("{s:{s:s, s:s, s:s, s:{s:s}}, s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
        "x", "field", "label", "type", "ordinal", "title", xname, "sort", "field", "order",
        "y", "field", "value", "type", "quantitative", "title", ytitle,
        "tooltip", "field", "label", "type", "nominal", "title", xname,
                   "field", "series", "type", "nominal", "title", "series",
                   "field", "value", "type", "quantitative", "title", "value");
    if (several) {
        json_object_set_new(enc, "color", json_pack("{s:s, s:s, s:s}", "field", "series", "type", "nominal", "title", "series"));
        if (bar) json_object_set_new(enc, "xOffset", json_pack("{s:s}", "field", "series"));
    }
    json_t *mark = bar ? json_pack("{s:s, s:b}", "type", "bar", "tooltip", 1)
                       : json_pack("{s:s, s:b, s:b}", "type", "line", "point", 1, "tooltip", 1);
    json_t *spec = json_pack("{s:s, s:i, s:i, s:{s:o}, s:o, s:o, s:[{s:s, s:{s:s, s:[s]}, s:s}]}",
        "$schema", VEGALITE_SCHEMA, "width", 640, "height", 300,
        "data", "values", values, "mark", mark, "encoding", enc,
        "params", "name", "zoom", "select", "type", "interval", "encodings", "y", "bind", "scales");
    if (c->title) json_object_set_new(spec, "title", json_string(c->title));
    return spec;
}
