// Schedules are data: a KnobSpace names a template's knobs and their legal values; a Config is
// one choice per knob. Names exist only here, at the database/CLI boundary; templates decode a
// Config once into a typed struct.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace kf {

/// One tunable dimension of a schedule: a name and its legal integer values. Enumerated knobs
/// (such as where padding is computed) also carry a label per value for printing.
struct Knob {
  std::string name;
  std::vector<int> values;
  std::vector<std::string> labels;  ///< empty, or one label per value
  /// For a knob added to a template after records of it were written: the value that
  /// reproduces the schedule those records measured. KnobSpace::decode() takes it when the
  /// text lacks the knob, so the template keeps its version and its records stay valid.
  std::optional<int> value_before_added;

  /// Text of `value` as the database and CLI spell it (the label when there is one).
  std::string format(int value) const;
  /// Inverse of format(); throws InputError naming the knob when `text` is not a legal value.
  int parse(const std::string& text) const;
};

/// A point of a KnobSpace: values[i] is the value of knob i (a value, not an index).
struct Config {
  std::vector<int> values;
  bool operator==(const Config& other) const { return values == other.values; }
  bool operator!=(const Config& other) const { return values != other.values; }
};

/// The knobs of one template for one workload and target.
class KnobSpace {
 public:
  /// A joint rule over knob values (for example: accumulators fit the register file).
  using Constraint = std::function<bool(const Config&)>;

  KnobSpace() = default;
  /// Throws std::logic_error (a template bug) when a knob's value_before_added is not one of
  /// its values: decode() would turn every old record into an illegal config.
  explicit KnobSpace(std::vector<Knob> knobs, Constraint constraint = nullptr);

  const std::vector<Knob>& knobs() const { return knobs_; }
  /// Number of distinct configs (saturates at INT64_MAX).
  int64_t size() const;
  /// Position of the knob called `name`; throws std::logic_error if absent (a template bug).
  int index_of(const std::string& name) const;
  /// True when every value is legal for its knob and the joint constraint holds.
  bool contains(const Config& config) const;
  /// A uniformly random config among those that satisfy the constraint (rejection sampling;
  /// throws std::logic_error if none is found in many tries, which is a template bug).
  Config sample(std::mt19937_64& rng) const;
  /// Canonical text "name=value,name=value" in knob order.
  std::string encode(const Config& config) const;
  /// Inverse of encode(). Order-insensitive; a knob missing from `text` takes its
  /// value_before_added when it has one. Throws InputError for an unknown or (otherwise)
  /// missing knob name, an illegal value, malformed text, or values that break the joint
  /// constraint.
  Config decode(const std::string& text) const;

 private:
  std::vector<Knob> knobs_;
  Constraint constraint_;
};

}  // namespace kf
