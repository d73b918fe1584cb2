// The targets of one emitted library: which lists make one library, their run-time order, and
// the C function that picks one by the CPU's features. A library may hold several targets of
// one architecture (for example AVX-512 and AVX2); its header's functions call the kernel of
// the first target this CPU can run, the last being the fallback.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

namespace kf {

/// A target as objects are lowered for it: without the runtime (the library holds one copy)
/// and ahead of time.
Halide::Target emission_target(const Halide::Target& target);

/// Why `targets` cannot make one library (empty list, a target that is not a CPU target,
/// different architectures, bit widths or OSes, a target listed twice), or "" when they can.
std::string targets_problem(const std::vector<Halide::Target>& targets);

/// The feature words halide_can_use_target_features takes for `target` (as
/// compile_multitarget builds them: bit i of word i / 64 for feature i).
std::vector<uint64_t> feature_words(const Halide::Target& target);

/// Orders the targets of one library for run-time dispatch: most features first (ties keep
/// their order), so that the last, the fallback, has the fewest. Throws InputError (field
/// "target") when targets_problem() finds a problem.
std::vector<Halide::Target> dispatch_order(std::vector<Halide::Target> targets);

/// The C function `select`(): the index of the first of `targets` whose CPU features this CPU
/// has (the last is always taken).
std::string select_function(const std::vector<Halide::Target>& targets, const std::string& select);

}  // namespace kf
