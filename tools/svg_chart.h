// SvgChart: a small x-y chart written as inline SVG (no script, no external resource), for the
// HTML report of `kforge report`. Axes are linear or logarithmic, with ticks, grid lines and
// labels; marks (lines, polylines, points, text) are given in data coordinates and clipped to
// the plot area. Every mark carries a CSS class, so the page styles them and a test can count
// them; every text is escaped.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kf {

/// One axis: the data range [lo, hi] (lo < hi; both > 0 on a log axis) and its label.
struct ChartAxis {
  double lo = 0;
  double hi = 1;
  bool log = false;
  std::string label;
};

class SvgChart {
 public:
  /// A chart of `width` x `height` pixels. `id` must be unique in the page (it names the clip
  /// path); `css_class` is added to the <svg> element's class "chart". Throws
  /// std::invalid_argument when an axis range is empty or not finite, or not positive on a log
  /// axis.
  SvgChart(std::string id, std::string css_class, ChartAxis x, ChartAxis y, int width = 560,
           int height = 320);

  /// A straight line between two points in data coordinates, with a hover title.
  void line(double x0, double y0, double x1, double y1, const std::string& css_class,
            const std::string& title = "");
  /// A polyline through `points` (data coordinates, in order).
  void polyline(const std::vector<std::pair<double, double>>& points, const std::string& css_class);
  /// A circle of `radius` pixels at (x, y) with a hover title (e.g. the workload and value).
  void point(double x, double y, double radius, const std::string& css_class,
             const std::string& title);
  /// A small cross at (x, y).
  void cross(double x, double y, const std::string& css_class, const std::string& title);
  /// Text anchored at (x, y), shifted by (dx, dy) pixels.
  void text(double x, double y, const std::string& content, const std::string& css_class,
            int dx = 0, int dy = 0);
  /// Adds a data-<name> attribute to the <svg> element (name: lowercase letters and '-').
  void attribute(const std::string& name, const std::string& value);

  /// The <svg> element: frame, grid, ticks and axis labels, then the marks in the order given.
  std::string render() const;

  /// Pixel coordinates of a data point (inside the plot area when the point is in range).
  double px(double x) const;
  double py(double y) const;

 private:
  std::string id_;
  std::string css_class_;
  ChartAxis x_;
  ChartAxis y_;
  int width_;
  int height_;
  std::string attributes_;
  std::string marks_;
};

/// Tick positions for an axis: 1-2-5 steps (about five ticks) on a linear axis; powers of ten on
/// a log axis, with 2 and 5 times them too when the range spans less than three decades.
std::vector<double> axis_ticks(const ChartAxis& axis);

}  // namespace kf
