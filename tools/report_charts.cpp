// tuning_curve_svg and roofline_svg (report_charts.h): ranges, marks and hover titles.
#include "tools/report_charts.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "tools/html_text.h"
#include "tools/svg_chart.h"
#include "tools/text_table.h"

namespace kf {

namespace {

bool on_roofline(const ReportWorkload& w, int threads) {
  return w.threads == threads && std::isfinite(w.best_gflops()) && std::isfinite(w.intensity()) &&
         w.best_gflops() > 0 && w.intensity() > 0;
}

}  // namespace

std::string tuning_curve_svg(const ReportWorkload& workload, const std::string& id) {
  double slowest = 0;
  for (const ReportTrial& t : workload.trials) {
    if (t.ok) slowest = std::max(slowest, t.seconds);
  }
  if (slowest <= 0) return "";
  // Times in the unit that suits the slowest trial.
  const bool micro = slowest < 1e-3;
  const double scale = micro ? 1e6 : 1e3;
  const int n = static_cast<int>(workload.trials.size());
  ChartAxis x{0.5, std::max(n, 5) + 0.5, false, "trial (insertion order)"};
  ChartAxis y{0, slowest * scale * 1.12, false, micro ? "time (us)" : "time (ms)"};
  SvgChart chart(id, "curve-chart", x, y);

  std::vector<std::pair<double, double>> curve;
  double best = 0;
  int ok = 0, failed = 0;
  for (const ReportTrial& t : workload.trials) {
    if (!t.ok) {
      ++failed;
      chart.cross(t.position, y.hi * 0.95, "failed",
                  "trial " + std::to_string(t.position) + " failed: " + t.failure_reason);
      continue;
    }
    ++ok;
    const double value = t.seconds * scale;
    chart.point(t.position, value, 3, "trial",
                "trial " + std::to_string(t.position) + ": " + format_duration(t.seconds));
    if (curve.empty()) {
      best = value;
    } else if (value < best) {
      curve.emplace_back(t.position, best);  // the step down happens at this trial
      best = value;
    }
    curve.emplace_back(t.position, best);
  }
  curve.emplace_back(n, best);  // the best holds until the last trial
  chart.polyline(curve, "curve");
  chart.attribute("trials", std::to_string(n));
  chart.attribute("ok", std::to_string(ok));
  chart.attribute("failed", std::to_string(failed));
  return chart.render();
}

int roofline_point_count(const ReportData& data, int threads) {
  return static_cast<int>(
      std::count_if(data.workloads.begin(), data.workloads.end(),
                    [&](const ReportWorkload& w) { return on_roofline(w, threads); }));
}

std::string roofline_svg(const ReportData& data, int threads, const std::string& id) {
  const ReportRoofs& roofs = data.roofs_for(threads);
  const double peak = roofs.peak_gflops, bandwidth = roofs.bandwidth_gbs;
  const double ridge = peak / bandwidth;  // FLOP/byte where the two roofs meet
  double ai_lo = ridge, ai_hi = ridge, gflops_lo = peak, gflops_hi = peak;
  for (const ReportWorkload& w : data.workloads) {
    if (!on_roofline(w, threads)) continue;
    ai_lo = std::min(ai_lo, w.intensity());
    ai_hi = std::max(ai_hi, w.intensity());
    gflops_lo = std::min(gflops_lo, w.best_gflops());
    gflops_hi = std::max(gflops_hi, w.best_gflops());
    for (const ReportPeer& p : w.peers) {
      const double g = w.flops / p.min_seconds * 1e-9;
      gflops_lo = std::min(gflops_lo, g);
      gflops_hi = std::max(gflops_hi, g);
    }
  }
  if (roofline_point_count(data, threads) == 0) return "";
  ChartAxis x{ai_lo / 4, ai_hi * 4, true, "arithmetic intensity (FLOP / byte)"};
  ChartAxis y{std::min(gflops_lo / 4, x.lo * bandwidth), gflops_hi * 2, true, "GFLOP/s"};
  SvgChart chart(id, "roofline", x, y, 640, 400);

  chart.line(x.lo, x.lo * bandwidth, ridge, peak, "roof roof-memory",
             "memory roof: " + format_significant(bandwidth) + " GB/s");
  chart.line(ridge, peak, x.hi, peak, "roof roof-compute",
             "compute roof: FMA peak " + format_significant(peak) + " GFLOP/s");
  chart.text(x.hi, peak, "FMA peak " + format_significant(peak) + " GFLOP/s",
             "roof-label roof-label-end", -6, -6);
  // Along the memory roof, below it, a factor of 2 in from the left edge (still left of the
  // ridge, since x.lo <= ridge / 4).
  chart.text(2 * x.lo, 2 * x.lo * bandwidth, format_significant(bandwidth) + " GB/s", "roof-label",
             8, 16);

  int points = 0;
  for (size_t i = 0; i < data.workloads.size(); ++i) {
    const ReportWorkload& w = data.workloads[i];
    if (!on_roofline(w, threads)) continue;
    const std::string number = std::to_string(i + 1);
    const std::string name = w.layer.empty() ? w.key : w.layer + " (" + w.key + ")";
    for (const ReportPeer& p : w.peers) {
      chart.point(w.intensity(), w.flops / p.min_seconds * 1e-9, 5, "peer-point",
                  "#" + number + " " + p.peer + " " + p.implementation + ": " +
                      format_significant(w.flops / p.min_seconds * 1e-9) + " GFLOP/s");
    }
    chart.point(w.intensity(), w.best_gflops(), 5, "point",
                "#" + number + " " + name + ": " + format_significant(w.best_gflops()) +
                    " GFLOP/s at " + format_significant(w.intensity()) + " FLOP/byte (" +
                    w.best->template_name + ")");
    chart.text(w.intensity(), w.best_gflops(), number, "point-label", 7, -7);
    ++points;
  }
  chart.attribute("threads", std::to_string(threads));
  chart.attribute("points", std::to_string(points));
  chart.attribute("peak-gflops", format("%.6g", peak));
  chart.attribute("bandwidth-gbs", format("%.6g", bandwidth));
  return chart.render();
}

}  // namespace kf
