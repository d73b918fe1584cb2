// Halide 14's own autoschedulers as a peer for forward convolution: the same algorithm that
// KernelForge's templates schedule (make_conv_algorithm), scheduled instead by one of the
// autoscheduler plugins that ship with Halide (libautoschedule_mullapudi2016.so, _li2018.so,
// _adams2019.so), then compiled through our JitSession like every other kernel (never through
// Halide's own JIT: one Halide runtime per process).
//
// Main entry points: autoschedule_conv() (estimates, plugin, Pipeline::auto_schedule, timed) and
// compile_autoscheduled_conv() (the same, then JitSession::compile). The plugins are found next
// to libHalide (the Halide CMake package's imported targets, recorded at build time), or in the
// directory $KF_HALIDE_AUTOSCHEDULER_DIR names.
//
// Adams2019 with its defaults (beam size 32, 5 passes) exhausts the memory of a 24 GiB machine on
// a ResNet-50 convolution. adams2019_greedy_settings() holds the environment under which it
// finishes (it reads its settings only from HL_* environment variables).
#pragma once

#include <Halide.h>
#include <llvm/Support/Error.h>

#include <string>
#include <utility>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "dsl/conv_desc.h"
#include "jit/kernel.h"

namespace kf {
class JitSession;
}

namespace kf::peers {

/// The autoscheduler plugins of Halide 14.
enum class HalideAutoscheduler {
  kMullapudi2016,  ///< Mullapudi et al. 2016: grouping and tiling from a cost model
  kLi2018,         ///< Li et al. 2018: the "gradient" autoscheduler, simple heuristics
  kAdams2019,      ///< Adams et al. 2019: beam search with a learned cost model
};

/// The name the plugin registers itself under: "Mullapudi2016", "Li2018" or "Adams2019".
std::string to_string(HalideAutoscheduler scheduler);

/// Parses a name as to_string() prints it (case-insensitive); InputError naming `field`
/// otherwise.
HalideAutoscheduler parse_halide_autoscheduler(const std::string& text, const std::string& field);

/// Path of the plugin's shared library: the first that exists of
/// $KF_HALIDE_AUTOSCHEDULER_DIR/libautoschedule_<name>.so (when that variable is set), the path
/// the Halide CMake package recorded at build time (its imported target Halide::<Name>), and the
/// halide14/ directory next to the loaded libHalide. Throws std::runtime_error naming every place
/// looked at when none exists.
std::string halide_autoscheduler_plugin(HalideAutoscheduler scheduler);

/// Loads the plugin (once per process; later calls do nothing). Throws std::runtime_error when
/// the library is missing or Halide cannot load it.
void load_halide_autoscheduler(HalideAutoscheduler scheduler);

/// Machine description handed to the autoscheduler: `threads` as the parallelism, this
/// machine's last-level cache size (from /sys; when /sys does not describe the caches, Halide's
/// generic 16 MiB, with a note on stderr), and Halide's default balance of 40 (the cost of a load
/// from the last-level cache relative to arithmetic). glibc's sysconf is not used: it reads
/// CPUID, which in a VM may describe the host's whole package (508 MiB on one of ours).
Halide::MachineParams autoscheduler_machine_params(int threads);

/// HL_* environment settings under which Adams2019 finishes on ResNet-50 layers in a few GB and
/// seconds: greedy search (beam size 1, one pass) with its built-in weights.
std::vector<std::pair<std::string, std::string>> adams2019_greedy_settings();

/// Sets each of `settings` in the environment unless the variable is already set (so a user's
/// HL_BEAM_SIZE=... wins). Returns the settings in force afterwards, as "NAME=value" words.
std::string apply_environment_defaults(
    const std::vector<std::pair<std::string, std::string>>& settings);

/// One convolution scheduled by a Halide autoscheduler.
struct AutoscheduledConv {
  ConvAlgorithm algorithm;      ///< the Funcs the schedule was applied to
  Halide::Pipeline pipeline;    ///< over algorithm.output, scheduled
  std::string schedule_source;  ///< the C++ schedule the autoscheduler printed
  double schedule_seconds = 0;  ///< wall time of Pipeline::auto_schedule alone
};

/// Declares the algorithm of `desc` (make_conv_algorithm), gives every input and the output an
/// estimate equal to its exact shape, loads the plugin and runs Pipeline::auto_schedule with
/// `params` for `target`. Halide's complaints (an autoscheduler that rejects the pipeline) and a
/// missing plugin come back as llvm::Error.
llvm::Expected<AutoscheduledConv> autoschedule_conv(const ConvDesc& desc,
                                                    HalideAutoscheduler scheduler,
                                                    const Halide::Target& target,
                                                    const Halide::MachineParams& params);

/// What compile_autoscheduled_conv() produced: the kernel (its arguments are those of
/// ConvAlgorithm::arguments() followed by the output, the order of ConvProblem::buffers()) and
/// how long each step took.
struct AutoscheduledKernel {
  Kernel kernel;
  std::string schedule_source;
  double schedule_seconds = 0;  ///< Pipeline::auto_schedule
  double compile_seconds = 0;   ///< JitSession::compile (lowering, LLVM, loading)
};

/// autoschedule_conv() for the session's kernel target, then JitSession::compile.
llvm::Expected<AutoscheduledKernel> compile_autoscheduled_conv(JitSession& session,
                                                               const ConvDesc& desc,
                                                               HalideAutoscheduler scheduler,
                                                               const Halide::MachineParams& params);

}  // namespace kf::peers
