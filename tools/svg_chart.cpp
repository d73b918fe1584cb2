// SvgChart: axis scaling, ticks and the SVG text of a chart (see svg_chart.h).
#include "tools/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "tools/html_text.h"
#include "tools/text_table.h"

namespace kf {

namespace {

// Margins around the plot area, in pixels: room for tick labels and axis labels.
constexpr int kLeft = 64, kRight = 16, kTop = 14, kBottom = 46;

std::string class_attribute(const std::string& css_class) {
  return "class=\"" + escape_html(css_class) + "\"";
}

std::string title_element(const std::string& title) {
  return title.empty() ? "" : "<title>" + escape_html(title) + "</title>";
}

std::string pixels(double value) { return format("%.2f", value); }

void check_axis(const ChartAxis& axis, const char* name) {
  const bool ok = std::isfinite(axis.lo) && std::isfinite(axis.hi) && axis.lo < axis.hi &&
                  (!axis.log || axis.lo > 0);
  if (!ok) {
    throw std::invalid_argument(std::string("SvgChart: bad ") + name + " axis range [" +
                                format_significant(axis.lo) + ", " + format_significant(axis.hi) +
                                "]");
  }
}

/// Where `value` falls on `axis`, from 0 (lo) to 1 (hi).
double fraction(const ChartAxis& axis, double value) {
  if (axis.log) {
    return (std::log10(value) - std::log10(axis.lo)) / (std::log10(axis.hi) - std::log10(axis.lo));
  }
  return (value - axis.lo) / (axis.hi - axis.lo);
}

}  // namespace

std::vector<double> axis_ticks(const ChartAxis& axis) {
  std::vector<double> ticks;
  if (axis.log) {
    const int first = static_cast<int>(std::floor(std::log10(axis.lo)));
    const int last = static_cast<int>(std::ceil(std::log10(axis.hi)));
    const bool fine = std::log10(axis.hi / axis.lo) < 3;
    for (int e = first; e <= last; ++e) {
      for (double m : {1.0, 2.0, 5.0}) {
        if (m != 1.0 && !fine) continue;
        const double tick = m * std::pow(10.0, e);
        if (tick >= axis.lo * (1 - 1e-9) && tick <= axis.hi * (1 + 1e-9)) ticks.push_back(tick);
      }
    }
    return ticks;
  }
  const double raw = (axis.hi - axis.lo) / 5;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  for (double tick = std::ceil(axis.lo / step) * step; tick <= axis.hi + step * 1e-9;
       tick += step) {
    ticks.push_back(std::fabs(tick) < step * 1e-9 ? 0.0 : tick);
  }
  return ticks;
}

SvgChart::SvgChart(std::string id, std::string css_class, ChartAxis x, ChartAxis y, int width,
                   int height)
    : id_(std::move(id)),
      css_class_(std::move(css_class)),
      x_(std::move(x)),
      y_(std::move(y)),
      width_(width),
      height_(height) {
  check_axis(x_, "x");
  check_axis(y_, "y");
}

double SvgChart::px(double x) const { return kLeft + fraction(x_, x) * (width_ - kLeft - kRight); }

double SvgChart::py(double y) const {
  return height_ - kBottom - fraction(y_, y) * (height_ - kTop - kBottom);
}

void SvgChart::line(double x0, double y0, double x1, double y1, const std::string& css_class,
                    const std::string& title) {
  marks_ += "<line " + class_attribute(css_class) + " x1=\"" + pixels(px(x0)) + "\" y1=\"" +
            pixels(py(y0)) + "\" x2=\"" + pixels(px(x1)) + "\" y2=\"" + pixels(py(y1)) + "\">" +
            title_element(title) + "</line>\n";
}

void SvgChart::polyline(const std::vector<std::pair<double, double>>& points,
                        const std::string& css_class) {
  std::string list;
  for (const auto& [x, y] : points) {
    if (!list.empty()) list += ' ';
    list += pixels(px(x)) + "," + pixels(py(y));
  }
  marks_ +=
      "<polyline " + class_attribute(css_class) + " fill=\"none\" points=\"" + list + "\"/>\n";
}

void SvgChart::point(double x, double y, double radius, const std::string& css_class,
                     const std::string& title) {
  marks_ += "<circle " + class_attribute(css_class) + " cx=\"" + pixels(px(x)) + "\" cy=\"" +
            pixels(py(y)) + "\" r=\"" + pixels(radius) + "\">" + title_element(title) +
            "</circle>\n";
}

void SvgChart::cross(double x, double y, const std::string& css_class, const std::string& title) {
  const double cx = px(x), cy = py(y), r = 4;
  marks_ += "<path " + class_attribute(css_class) + " d=\"M" + pixels(cx - r) + "," +
            pixels(cy - r) + "L" + pixels(cx + r) + "," + pixels(cy + r) + "M" + pixels(cx - r) +
            "," + pixels(cy + r) + "L" + pixels(cx + r) + "," + pixels(cy - r) + "\">" +
            title_element(title) + "</path>\n";
}

void SvgChart::text(double x, double y, const std::string& content, const std::string& css_class,
                    int dx, int dy) {
  marks_ += "<text " + class_attribute(css_class) + " x=\"" + pixels(px(x) + dx) + "\" y=\"" +
            pixels(py(y) + dy) + "\">" + escape_html(content) + "</text>\n";
}

void SvgChart::attribute(const std::string& name, const std::string& value) {
  attributes_ += " data-" + escape_html(name) + "=\"" + escape_html(value) + "\"";
}

std::string SvgChart::render() const {
  const int plot_w = width_ - kLeft - kRight, plot_h = height_ - kTop - kBottom;
  const std::string id = escape_html(id_);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\" class=\"chart " +
                  escape_html(css_class_) + "\" width=\"" + std::to_string(width_) +
                  "\" height=\"" + std::to_string(height_) + "\" viewBox=\"0 0 " +
                  std::to_string(width_) + " " + std::to_string(height_) + "\"" + attributes_ +
                  ">\n";
  s += "<defs><clipPath id=\"" + id + "-clip\"><rect x=\"" + std::to_string(kLeft) + "\" y=\"" +
       std::to_string(kTop) + "\" width=\"" + std::to_string(plot_w) + "\" height=\"" +
       std::to_string(plot_h) + "\"/></clipPath></defs>\n";
  s += "<rect class=\"plot-area\" x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(kTop) +
       "\" width=\"" + std::to_string(plot_w) + "\" height=\"" + std::to_string(plot_h) + "\"/>\n";
  for (double tick : axis_ticks(x_)) {
    const std::string x = pixels(px(tick));
    s += "<line class=\"grid\" x1=\"" + x + "\" y1=\"" + std::to_string(kTop) + "\" x2=\"" + x +
         "\" y2=\"" + std::to_string(kTop + plot_h) + "\"/>";
    s += "<text class=\"tick x-tick\" x=\"" + x + "\" y=\"" + std::to_string(kTop + plot_h + 16) +
         "\">" + escape_html(format_significant(tick)) + "</text>\n";
  }
  for (double tick : axis_ticks(y_)) {
    const std::string y = pixels(py(tick));
    s += "<line class=\"grid\" x1=\"" + std::to_string(kLeft) + "\" y1=\"" + y + "\" x2=\"" +
         std::to_string(kLeft + plot_w) + "\" y2=\"" + y + "\"/>";
    s += "<text class=\"tick y-tick\" x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + y +
         "\" dy=\"4\">" + escape_html(format_significant(tick)) + "</text>\n";
  }
  s += "<text class=\"axis-label x-label\" x=\"" + std::to_string(kLeft + plot_w / 2) + "\" y=\"" +
       std::to_string(height_ - 8) + "\">" + escape_html(x_.label) + "</text>\n";
  s += "<text class=\"axis-label y-label\" transform=\"translate(14," +
       std::to_string(kTop + plot_h / 2) + ") rotate(-90)\">" + escape_html(y_.label) + "</text>\n";
  s += "<g class=\"marks\" clip-path=\"url(#" + id + "-clip)\">\n" + marks_ + "</g>\n</svg>\n";
  return s;
}

}  // namespace kf
