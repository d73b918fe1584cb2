// CliArgs: option parsing with errors that name the option and the rule.
#include "tools/cli_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "dsl/input_error.h"

namespace kf {

CliArgs::CliArgs(const std::vector<std::string>& argv, const std::set<std::string>& valued,
                 const std::set<std::string>& flags) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    const size_t eq = arg.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (flags.count(name)) {
      if (inline_value) throw InputError(name, "takes no value");
    } else if (valued.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw InputError(name, "needs a value");
        value = argv[++i];
      }
    } else {
      throw InputError(name, "unknown option (see --help)");
    }
    if (!values_.emplace(name, value).second) throw InputError(name, "given more than once");
  }
}

std::string CliArgs::get(const std::string& option, const std::string& fallback) const {
  auto it = values_.find(option);
  return it == values_.end() ? fallback : it->second;
}

int64_t CliArgs::get_int(const std::string& option, int64_t fallback, int64_t min,
                         int64_t max) const {
  auto it = values_.find(option);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) {
    throw InputError(option, "must be an integer, got '" + text + "'");
  }
  if (value < min || value > max) {
    throw InputError(option, "must be in [" + std::to_string(min) + ", " + std::to_string(max) +
                                 "], got " + text);
  }
  return value;
}

double CliArgs::get_positive(const std::string& option, double fallback) const {
  auto it = values_.find(option);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value <= 0) {
    throw InputError(option, "must be a positive number, got '" + text + "'");
  }
  return value;
}

}  // namespace kf
