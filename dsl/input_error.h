// The project's error type for bad user input: every message names the offending field and the
// rule it broke, so a user can fix a descriptor without reading the source.
#pragma once

#include <stdexcept>
#include <string>

namespace kf {

/// Thrown for malformed or invalid user input (descriptors, CLI values, database rows).
/// `field()` is the name the user wrote (for example "ih" or "--budget-trials"); `rule()` is the
/// constraint that failed, phrased so that it can be read on its own.
class InputError : public std::runtime_error {
 public:
  InputError(std::string field, std::string rule)
      : std::runtime_error(field + ": " + rule), field_(std::move(field)), rule_(std::move(rule)) {}

  const std::string& field() const { return field_; }
  const std::string& rule() const { return rule_; }

 private:
  std::string field_;
  std::string rule_;
};

}  // namespace kf
