// The two charts of `kforge report`, as inline SVG (tools/svg_chart.h): the tuning curve of one
// workload and the roofline of all workloads of one thread count.
//
// Marks a test (or a reader's script) can count, by CSS class: "trial" (one circle per ok trial),
// "failed" (one cross per failed trial), "curve" (the best-so-far polyline), "point" (one circle
// per workload on the roofline, our best), "peer-point" (one per workload and peer), "roof" (the
// memory and compute roof lines, also "roof-memory" / "roof-compute").
#pragma once

#include <string>

#include "tools/report_data.h"

namespace kf {

/// The tuning curve of `workload`: best time so far against the trial's position (insertion
/// order), every ok trial as a dot and every failure as a cross along the top. `id` names the
/// <svg> element. Empty when the workload has no ok trial.
std::string tuning_curve_svg(const ReportWorkload& workload, const std::string& id);

/// The roofline of the workloads of `data` that ran with `threads` threads: arithmetic intensity
/// (FLOPs / min_bytes) against achieved GFLOP/s on log-log axes, the memory roof
/// (bandwidth x intensity) up to the ridge and the compute roof (FMA peak) after it, one point
/// per workload with a best trial and a known FLOP count (labelled with its number in the
/// summary: index + 1), and a hollow point per peer timing. Empty when no workload qualifies.
std::string roofline_svg(const ReportData& data, int threads, const std::string& id);

/// Number of workloads roofline_svg() plots for `threads`.
int roofline_point_count(const ReportData& data, int threads);

}  // namespace kf
