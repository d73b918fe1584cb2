// OpKernel: compiling an op's pipelines, packing its weights once, and substituting the packed
// tensors at each call.
#include "jit/op_kernel.h"

#include <cstdint>
#include <string>

#include "jit/jit_session.h"

namespace kf {

int OpKernel::prepare(halide_buffer_t* const* buffers, int count) {
  prepared_ = false;
  for (PackedInput& pack : packs_) {
    if (pack.input_index < 0 || pack.input_index >= count) return kNotPrepared;
    halide_buffer_t* stage_buffers[2] = {buffers[pack.input_index], pack.packed.raw_buffer()};
    if (int code = pack.kernel.run(stage_buffers, 2)) return code;
  }
  prepared_ = true;
  return 0;
}

int OpKernel::run(halide_buffer_t* const* buffers, int count) const {
  const Kernel* kernel = &compute_;
  if (output_alignment_ > 1 && count > 0 && buffers[count - 1] &&
      reinterpret_cast<uintptr_t>(buffers[count - 1]->host) % output_alignment_ != 0) {
    if (!unaligned_fallback_.valid()) return kUnalignedOutput;
    kernel = &unaligned_fallback_;
  }
  if (packs_.empty()) return kernel->run(buffers, count);
  if (!prepared_) return kNotPrepared;
  std::vector<halide_buffer_t*> substituted(buffers, buffers + count);
  for (const PackedInput& pack : packs_) {
    if (pack.input_index >= count) return kNotPrepared;
    substituted[pack.input_index] = const_cast<halide_buffer_t*>(pack.packed.raw_buffer());
  }
  return kernel->run(substituted.data(), count);
}

llvm::Expected<OpKernel> compile_op(JitSession& session, const ScheduledPipeline& scheduled,
                                    const ScheduledPipeline* unaligned_fallback,
                                    const std::string& cache_key) {
  // Each pipeline of the op under the op's key plus its role.
  auto options = [&](const std::string& role, const std::vector<std::string>& streaming) {
    return CompileOptions{streaming, cache_key.empty() ? "" : cache_key + "role " + role + "\n"};
  };
  std::vector<OpKernel::PackedInput> packs;
  for (const PackStage& stage : scheduled.packs) {
    llvm::Expected<Kernel> kernel = session.compile(
        stage.pipeline, stage.arguments, options("pack " + std::to_string(stage.input_index), {}));
    if (!kernel) return kernel.takeError();
    OpKernel::PackedInput pack;
    pack.input_index = stage.input_index;
    pack.kernel = std::move(*kernel);
    pack.shape = stage.packed_shape;
    pack.layout = stage.packed_layout;
    // Halide's sizes are innermost first.
    std::vector<int> sizes(stage.packed_shape.rbegin(), stage.packed_shape.rend());
    const Halide::Type type = stage.pipeline.outputs().at(0).output_types().at(0);
    pack.packed = Halide::Runtime::Buffer<void>(static_cast<halide_type_t>(type), sizes);
    packs.push_back(std::move(pack));
  }
  llvm::Expected<Kernel> compute = session.compile(scheduled.pipeline, scheduled.arguments,
                                                   options("compute", scheduled.streaming_stores));
  if (!compute) return compute.takeError();
  OpKernel op(std::move(*compute), std::move(packs));
  if (scheduled.output_alignment > 1) {
    Kernel fallback;
    if (unaligned_fallback) {
      llvm::Expected<Kernel> compiled =
          session.compile(unaligned_fallback->pipeline, unaligned_fallback->arguments,
                          options("unaligned fallback", unaligned_fallback->streaming_stores));
      if (!compiled) return compiled.takeError();
      fallback = std::move(*compiled);
    }
    op.set_output_alignment(scheduled.output_alignment, std::move(fallback));
  }
  return op;
}

}  // namespace kf
