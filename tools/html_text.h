// Text helpers for the HTML report (tools/html_report.h): escaping of every string that comes
// from a database or the command line, and readable numbers.
#pragma once

#include <string>
#include <string_view>

namespace kf {

/// `text` with &, <, >, " and ' replaced by character references: safe as element content and
/// inside a quoted attribute value. Bytes that are not valid UTF-8 and control characters other
/// than tab and newline become U+FFFD, so a corrupt string cannot break the page.
std::string escape_html(std::string_view text);

/// A duration with a unit chosen for it: "12.3 us", "4.56 ms", "1.23 s"; "-" when not finite.
std::string format_duration(double seconds);

/// A number with `digits` significant digits ("%.*g"); "-" when not finite.
std::string format_significant(double value, int digits = 3);

}  // namespace kf
