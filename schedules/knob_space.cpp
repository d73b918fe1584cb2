// KnobSpace: encoding, decoding and sampling of schedule configurations.
#include "schedules/knob_space.h"

#include <algorithm>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "dsl/input_error.h"

namespace kf {

std::string Knob::format(int value) const {
  if (labels.empty()) return std::to_string(value);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == value) return labels[i];
  }
  return std::to_string(value);
}

int Knob::parse(const std::string& text) const {
  for (size_t i = 0; i < values.size(); ++i) {
    if (format(values[i]) == text) return values[i];
  }
  std::string legal;
  for (int v : values) legal += (legal.empty() ? "" : " ") + format(v);
  throw InputError("knob " + name, "value '" + text + "' is not one of {" + legal + "}");
}

KnobSpace::KnobSpace(std::vector<Knob> knobs, Constraint constraint)
    : knobs_(std::move(knobs)), constraint_(std::move(constraint)) {
  for (const Knob& knob : knobs_) {
    if (knob.value_before_added && std::find(knob.values.begin(), knob.values.end(),
                                             *knob.value_before_added) == knob.values.end()) {
      throw std::logic_error("knob " + knob.name + ": value_before_added " +
                             std::to_string(*knob.value_before_added) +
                             " is not one of its values");
    }
  }
}

int64_t KnobSpace::size() const {
  int64_t total = 1;
  for (const Knob& knob : knobs_) {
    const int64_t n = static_cast<int64_t>(knob.values.size());
    if (n != 0 && total > std::numeric_limits<int64_t>::max() / n) {
      return std::numeric_limits<int64_t>::max();
    }
    total *= n;
  }
  return total;
}

int KnobSpace::index_of(const std::string& name) const {
  for (size_t i = 0; i < knobs_.size(); ++i) {
    if (knobs_[i].name == name) return static_cast<int>(i);
  }
  throw std::logic_error("knob space has no knob named " + name);
}

bool KnobSpace::contains(const Config& config) const {
  if (config.values.size() != knobs_.size()) return false;
  for (size_t i = 0; i < knobs_.size(); ++i) {
    const auto& legal = knobs_[i].values;
    if (std::find(legal.begin(), legal.end(), config.values[i]) == legal.end()) return false;
  }
  return !constraint_ || constraint_(config);
}

Config KnobSpace::sample(std::mt19937_64& rng) const {
  constexpr int kMaxTries = 10000;
  for (int attempt = 0; attempt < kMaxTries; ++attempt) {
    Config config;
    for (const Knob& knob : knobs_) {
      // Not std::uniform_int_distribution: its output differs between standard libraries, and
      // the same seed must give the same candidates everywhere.
      config.values.push_back(knob.values[rng() % knob.values.size()]);
    }
    if (!constraint_ || constraint_(config)) return config;
  }
  throw std::logic_error("knob space constraint rejects every sampled config");
}

std::string KnobSpace::encode(const Config& config) const {
  std::string text;
  for (size_t i = 0; i < knobs_.size() && i < config.values.size(); ++i) {
    if (i) text += ',';
    text += knobs_[i].name + '=' + knobs_[i].format(config.values[i]);
  }
  return text;
}

Config KnobSpace::decode(const std::string& text) const {
  std::map<std::string, std::string> given;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw InputError("knobs", "entry '" + item + "' is not of the form name=value");
    }
    const std::string name = item.substr(0, eq);
    if (!given.emplace(name, item.substr(eq + 1)).second) {
      throw InputError("knobs", "knob '" + name + "' is given twice");
    }
  }
  Config config;
  for (const Knob& knob : knobs_) {
    auto it = given.find(knob.name);
    if (it == given.end() && knob.value_before_added) {
      config.values.push_back(*knob.value_before_added);
      continue;
    }
    if (it == given.end()) throw InputError("knobs", "knob '" + knob.name + "' is missing");
    config.values.push_back(knob.parse(it->second));
    given.erase(it);
  }
  if (!given.empty()) {
    throw InputError("knobs", "unknown knob '" + given.begin()->first + "'");
  }
  if (constraint_ && !constraint_(config)) {
    throw InputError("knobs", "{" + text +
                                  "} breaks the template's joint constraint (for example "
                                  "more accumulators than registers)");
  }
  return config;
}

}  // namespace kf
