// The page of `kforge report`: one self-contained HTML document (inline CSS, inline SVG charts,
// a few lines of inline script; nothing fetched from the network).
#pragma once

#include <string>

#include "tools/report_data.h"

namespace kf {

/// The report of `data` as an HTML document: a summary table (per workload: best template,
/// time, GFLOP/s, % of the FMA peak, speedup against each peer), the roofline per thread count,
/// and per workload its tuning curve, the knobs of its best trial and its peer comparison.
/// Every string from the database is escaped. An inline script checks, once the page is laid
/// out, that the chart marks have a size inside their plot area and records the counts on each
/// <svg> as data-drawn-<class> attributes (data-charts-drawn on <body>), so a headless browser
/// can tell that the charts rendered.
std::string render_html_report(const ReportData& data);

}  // namespace kf
