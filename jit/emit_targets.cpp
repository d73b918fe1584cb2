// The targets of one emitted library: checks, dispatch order, the selection function.
#include "jit/emit_targets.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "dsl/input_error.h"

namespace kf {

// Objects are lowered without the runtime (the library holds one copy) and ahead of time.
Halide::Target emission_target(const Halide::Target& target) {
  return target.with_feature(Halide::Target::NoRuntime).without_feature(Halide::Target::JIT);
}

// Why `targets` cannot make one library, or "" when they can.
std::string targets_problem(const std::vector<Halide::Target>& targets) {
  if (targets.empty()) return "needs at least one target";
  const Halide::Target& first = targets[0];
  for (size_t i = 0; i < targets.size(); ++i) {
    const Halide::Target& t = targets[i];
    if (t.has_gpu_feature() || t.arch == Halide::Target::Hexagon ||
        t.arch == Halide::Target::ArchUnknown) {
      return "'" + t.to_string() + "' is not a CPU target";
    }
    if (t.arch != first.arch || t.bits != first.bits || t.os != first.os) {
      return "the targets of one library must share architecture, bit width and OS ('" +
             first.to_string() + "' and '" + t.to_string() + "' do not)";
    }
    for (size_t j = 0; j < i; ++j) {
      if (emission_target(targets[j]) == emission_target(t)) {
        return "'" + t.to_string() + "' is listed twice";
      }
    }
  }
  return "";
}

// The feature words halide_can_use_target_features takes for `target` (as
// compile_multitarget builds them: bit i of word i / 64 for feature i).
std::vector<uint64_t> feature_words(const Halide::Target& target) {
  std::vector<uint64_t> words((Halide::Target::FeatureEnd + 63) / 64, 0);
  for (int i = 0; i < Halide::Target::FeatureEnd; ++i) {
    if (target.has_feature(static_cast<Halide::Target::Feature>(i))) {
      words[i / 64] |= uint64_t{1} << (i % 64);
    }
  }
  return words;
}

std::vector<Halide::Target> dispatch_order(std::vector<Halide::Target> targets) {
  const std::string problem = targets_problem(targets);
  if (!problem.empty()) throw InputError("target", problem);
  auto feature_count = [](const Halide::Target& target) {
    int count = 0;
    for (uint64_t word : feature_words(target)) count += __builtin_popcountll(word);
    return count;
  };
  std::stable_sort(targets.begin(), targets.end(),
                   [&](const Halide::Target& a, const Halide::Target& b) {
                     return feature_count(a) > feature_count(b);
                   });
  return targets;
}

// `<name>_select_target()`: the index of the first target this CPU can run.
std::string select_function(const std::vector<Halide::Target>& targets, const std::string& select) {
  std::ostringstream out;
  out << "/** The index of the first of the library's targets whose CPU features this CPU has\n"
      << " * (the last, the fallback, is always taken); every function below dispatches on it. */\n"
      << "static inline int " << select << "(void) {\n";
  for (size_t i = 0; i + 1 < targets.size(); ++i) {
    const std::vector<uint64_t> words = feature_words(targets[i]);
    out << "  /* " << targets[i].to_string() << " */\n"
        << "  static const uint64_t features_" << i << "[" << words.size() << "] = {";
    for (size_t w = 0; w < words.size(); ++w) {
      char text[32];
      std::snprintf(text, sizeof text, "UINT64_C(0x%016llx)",
                    static_cast<unsigned long long>(words[w]));
      out << (w ? ", " : "") << text;
    }
    out << "};\n"
        << "  if (halide_can_use_target_features(" << words.size() << ", features_" << i
        << ")) return " << i << ";\n";
  }
  out << "  return " << targets.size() - 1 << ";\n}\n\n";
  return out.str();
}

}  // namespace kf
