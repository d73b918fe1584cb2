// render_html_report (html_report.h): page skeleton, style, summary table, per-workload sections
// and the render check script. The charts come from report_charts.h.
#include "tools/html_report.h"

#include <cmath>
#include <ctime>
#include <set>

#include "tools/html_text.h"
#include "tools/report_charts.h"
#include "tools/text_table.h"

namespace kf {

namespace {

constexpr const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px;
       color: #1d2330; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; } h3 { font-size: 15px; }
code, .key { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid #d8dce6; padding: 4px 10px; text-align: left;
         vertical-align: top; }
th { background: #f2f4f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.faster { color: #11743a; font-weight: 600; } .slower { color: #b3261e; font-weight: 600; }
.meta { color: #5a6272; } .note { color: #5a6272; font-size: 12px; }
section.workload { border-top: 2px solid #e3e6ee; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.charts > figure { margin: 0; } .charts > div { flex: 1 1 320px; min-width: 320px; }
svg.chart { background: #fff; border: 1px solid #e3e6ee; }
svg .plot-area { fill: #fbfcfe; stroke: #9aa3b5; }
svg .grid { stroke: #e6e9f0; stroke-width: 1; }
svg .tick { font-size: 11px; fill: #5a6272; }
svg .x-tick { text-anchor: middle; } svg .y-tick { text-anchor: end; }
svg .axis-label { font-size: 12px; fill: #1d2330; text-anchor: middle; }
svg .curve { stroke: #1f5fbf; stroke-width: 2.5; fill: none; }
svg .trial { fill: #7aa7e8; stroke: #1f5fbf; }
svg .failed { stroke: #b3261e; stroke-width: 2; fill: none; }
svg .roof { stroke: #333a48; stroke-width: 2.5; }
svg .roof-memory { stroke-dasharray: 7 4; }
svg .roof-label { font-size: 11px; fill: #333a48; }
svg .roof-label-end { text-anchor: end; }
svg .point { fill: #1f5fbf; stroke: #fff; stroke-width: 1.5; }
svg .peer-point { fill: none; stroke: #d9822b; stroke-width: 2; }
svg .point-label { font-size: 11px; fill: #1f5fbf; font-weight: 600; }
)css";

// Counts, per chart, the marks that the browser laid out with a size and whose centre falls in
// the plot area; a test reads the attributes back from the DOM.
constexpr const char* kRenderCheck = R"js(
(function () {
  var classes = ['trial', 'failed', 'curve', 'point', 'peer-point', 'roof'];
  var charts = document.querySelectorAll('svg.chart');
  var drawn = 0;
  charts.forEach(function (svg) {
    var area = svg.querySelector('.plot-area').getBBox();
    if (!(area.width > 0 && area.height > 0)) return;
    classes.forEach(function (name) {
      var count = 0;
      svg.querySelectorAll('.' + name).forEach(function (mark) {
        var box = mark.getBBox();
        var cx = box.x + box.width / 2, cy = box.y + box.height / 2;
        if ((box.width > 0 || box.height > 0) && isFinite(cx) && isFinite(cy) &&
            cx >= area.x - 1 && cx <= area.x + area.width + 1 &&
            cy >= area.y - 1 && cy <= area.y + area.height + 1) {
          count++;
        }
      });
      svg.setAttribute('data-drawn-' + name, String(count));
    });
    drawn++;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
)js";

std::string cell(const std::string& text, bool numeric = false) {
  return std::string(numeric ? "<td class=\"num\">" : "<td>") + escape_html(text) + "</td>";
}

/// "1.23x" in green when ours is faster (peer time / our time > 1), red otherwise.
std::string speedup_cell(double ours, double peer) {
  const double ratio = peer / ours;
  const char* css = ratio >= 1 ? "num faster" : "num slower";
  return std::string("<td class=\"") + css + "\">" + escape_html(format("%.2fx", ratio)) + "</td>";
}

std::string workload_title(const ReportWorkload& w, size_t index) {
  return "#" + std::to_string(index + 1) + " " + (w.layer.empty() ? w.op : w.layer);
}

std::string percent_of_peak(const ReportData& data, const ReportWorkload& w) {
  const double g = w.best_gflops();
  return std::isfinite(g) ? format("%.1f%%", 100 * g / data.roofs_for(w.threads).peak_gflops) : "-";
}

std::string summary_table(const ReportData& data, const std::set<std::string>& peer_names) {
  std::string s =
      "<table class=\"summary\"><thead><tr><th>#</th><th>layer</th>"
      "<th>workload</th><th>op</th><th>threads</th><th>best template</th>"
      "<th>time</th><th>GFLOP/s</th><th>% of peak</th>";
  for (const std::string& peer : peer_names) {
    s += "<th>" + escape_html(peer) + "</th><th>vs " + escape_html(peer) + "</th>";
  }
  s += "</tr></thead><tbody>\n";
  for (size_t i = 0; i < data.workloads.size(); ++i) {
    const ReportWorkload& w = data.workloads[i];
    s += "<tr class=\"workload-row\"><td><a href=\"#w" + std::to_string(i + 1) + "\">" +
         std::to_string(i + 1) + "</a></td>" + cell(w.layer) + "<td class=\"key\">" +
         escape_html(w.key) + "</td>" + cell(w.op) + cell(std::to_string(w.threads), true);
    if (w.best) {
      s += cell(w.best->template_name) + cell(format_duration(w.best->min_seconds), true) +
           cell(format_significant(w.best_gflops()), true) + cell(percent_of_peak(data, w), true);
    } else {
      s += "<td colspan=\"4\">no successful trial</td>";
    }
    for (const std::string& name : peer_names) {
      const ReportPeer* peer = nullptr;
      for (const ReportPeer& p : w.peers) {
        if (p.peer == name) peer = &p;
      }
      if (peer == nullptr) {
        s += "<td>-</td><td>-</td>";
      } else {
        s += cell(format_duration(peer->min_seconds), true);
        s += w.best ? speedup_cell(w.best->min_seconds, peer->min_seconds) : "<td>-</td>";
      }
    }
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

/// The knobs "a=1,b=2" as a two-column table.
std::string knob_table(const std::string& knobs) {
  std::string s = "<table class=\"knobs\"><thead><tr><th>knob</th><th>value</th></tr></thead>";
  for (size_t start = 0; start <= knobs.size();) {
    size_t comma = knobs.find(',', start);
    if (comma == std::string::npos) comma = knobs.size();
    const std::string item = knobs.substr(start, comma - start);
    const size_t equals = item.find('=');
    s += "<tr>" + cell(item.substr(0, equals)) +
         cell(equals == std::string::npos ? "" : item.substr(equals + 1)) + "</tr>";
    start = comma + 1;
  }
  return s + "</table>\n";
}

std::string workload_section(const ReportData& data, const ReportWorkload& w, size_t index) {
  const std::string id = "w" + std::to_string(index + 1);
  int failed = 0;
  for (const ReportTrial& t : w.trials) failed += t.ok ? 0 : 1;
  std::string s = "<section class=\"workload\" id=\"" + id + "\" data-key=\"" + escape_html(w.key) +
                  "\">\n<h2>" + escape_html(workload_title(w, index)) +
                  "</h2>\n<p><span class=\"key\">" + escape_html(w.key) + "</span><br>" +
                  "<span class=\"meta\">op " + escape_html(w.op) + " &middot; target " +
                  escape_html(w.target) + " &middot; " + std::to_string(w.threads) +
                  " thread(s) &middot; " + std::to_string(w.trials.size()) + " trials, " +
                  std::to_string(failed) + " failed";
  if (std::isfinite(w.flops)) {
    s += " &middot; " + escape_html(format_significant(w.flops * 1e-9)) + " GFLOP, " +
         escape_html(format_significant(w.intensity())) + " FLOP/byte";
  } else {
    s += " &middot; FLOPs unknown (" + escape_html(w.key_problem) + ")";
  }
  s += "</span></p>\n<div class=\"charts\">\n";
  const std::string curve = tuning_curve_svg(w, id + "-curve");
  s += curve.empty() ? "<p>No successful trial: no tuning curve.</p>\n"
                     : "<figure>" + curve +
                           "<figcaption class=\"note\">best time so far (line), "
                           "each trial (dots), failures (crosses)"
                           "</figcaption></figure>\n";
  s += "<div>\n";
  if (w.best) {
    const TuningRecord& b = *w.best;
    s += "<h3>Best: " + escape_html(b.template_name) + " v" + std::to_string(b.template_version) +
         "</h3>\n<p>" + escape_html(format_duration(b.min_seconds)) + " (median " +
         escape_html(format_duration(b.median_seconds)) + "), " +
         escape_html(format_significant(w.best_gflops())) + " GFLOP/s, " +
         escape_html(percent_of_peak(data, w)) + " of peak, max error " +
         escape_html(format_significant(b.max_error, 2)) + ", trial " +
         std::to_string(b.trial_index) + "</p>\n" + knob_table(b.knobs);
    if (!w.peers.empty()) {
      s += "<table class=\"peers\"><thead><tr><th>peer</th><th>implementation</th><th>time</th>"
           "<th>ours</th><th>speedup</th><th>timings</th></tr></thead>";
      for (const ReportPeer& p : w.peers) {
        s += "<tr class=\"peer-row\">" + cell(p.peer) + cell(p.implementation) +
             cell(format_duration(p.min_seconds), true) +
             cell(format_duration(b.min_seconds), true) +
             speedup_cell(b.min_seconds, p.min_seconds) + cell(std::to_string(p.timings), true) +
             "</tr>";
      }
      s += "</table><p class=\"note\">speedup = peer time / our time (above 1: ours is "
           "faster); a peer timed several times shows its fastest.</p>\n";
    }
  }
  return s + "</div>\n</div>\n</section>\n";
}

}  // namespace

std::string render_html_report(const ReportData& data) {
  std::set<std::string> peer_names;
  for (const ReportWorkload& w : data.workloads) {
    for (const ReportPeer& p : w.peers) peer_names.insert(p.peer);
  }
  char when[64] = "";
  const std::time_t created = static_cast<std::time_t>(data.created_at);
  std::tm utc{};
  if (gmtime_r(&created, &utc) != nullptr) {
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &utc);
  }

  std::string s =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>KernelForge tuning report</title>\n<style>" +
      std::string(kStyle) + "</style>\n</head>\n<body>\n";
  s +=
      "<h1>KernelForge tuning report</h1>\n<p class=\"meta\">database <code>" +
      escape_html(data.db_path) + "</code> &middot; " +
      (data.target_filter.empty() ? std::string("all targets")
                                  : "target <code>" + escape_html(data.target_filter) + "</code>") +
      " &middot; " + std::to_string(data.workloads.size()) + " workload(s) &middot; " +
      escape_html(when) + "</p>\n";
  if (data.workloads.empty()) s += "<p>The database holds no trial.</p>\n";

  s += "<h2>Summary</h2>\n" + summary_table(data, peer_names);
  for (const ReportRoofs& roofs : data.roofs) {
    s += "<h2>Roofline, " + std::to_string(roofs.threads) + " thread(s)</h2>\n<p class=\"note\">" +
         "compute roof: FMA peak " + escape_html(format_significant(roofs.peak_gflops)) +
         " GFLOP/s (" + (roofs.peak_measured ? "measured on this machine" : "given") +
         "); memory roof: " + escape_html(format_significant(roofs.bandwidth_gbs)) +
         " GB/s; intensity = FLOPs / minimum bytes moved; filled points: our best, numbered as "
         "in the summary; hollow: peers.</p>\n";
    const std::string chart =
        roofline_svg(data, roofs.threads, "roofline-t" + std::to_string(roofs.threads));
    s += chart.empty() ? "<p>No workload with a successful trial and a known FLOP count.</p>\n"
                       : chart;
  }
  for (size_t i = 0; i < data.workloads.size(); ++i) {
    s += workload_section(data, data.workloads[i], i);
  }
  s += "<script>" + std::string(kRenderCheck) + "</script>\n</body>\n</html>\n";
  return s;
}

}  // namespace kf
