// CliArgs: the command line of one kforge subcommand: options (--name value, --flag) and
// positional arguments, checked against the options the subcommand declares. Errors are
// InputError naming the option, which main() turns into exit code 2.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kf {

class CliArgs {
 public:
  /// Parses `argv` (the subcommand's arguments, without the program and subcommand names).
  /// `valued` options take a value ("--db PATH" or "--db=PATH"); `flags` take none. Throws
  /// InputError for an unknown option, a missing value or a repeated option.
  CliArgs(const std::vector<std::string>& argv, const std::set<std::string>& valued,
          const std::set<std::string>& flags);

  bool has(const std::string& option) const { return values_.count(option) != 0; }
  std::string get(const std::string& option, const std::string& fallback) const;
  /// Integer option within [min, max]; InputError naming the option otherwise.
  int64_t get_int(const std::string& option, int64_t fallback, int64_t min, int64_t max) const;
  /// Positive finite number; InputError naming the option otherwise.
  double get_positive(const std::string& option, double fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace kf
