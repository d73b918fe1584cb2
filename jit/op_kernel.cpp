// OpKernel: compiling an op's pipelines, packing its weights once, and substituting the packed
// tensors at each call.
#include "jit/op_kernel.h"

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
  if (packs_.empty()) return compute_.run(buffers, count);
  if (!prepared_) return kNotPrepared;
  std::vector<halide_buffer_t*> substituted(buffers, buffers + count);
  for (const PackedInput& pack : packs_) {
    if (pack.input_index >= count) return kNotPrepared;
    substituted[pack.input_index] = const_cast<halide_buffer_t*>(pack.packed.raw_buffer());
  }
  return compute_.run(substituted.data(), count);
}

llvm::Expected<OpKernel> compile_op(JitSession& session, const ScheduledPipeline& scheduled) {
  std::vector<OpKernel::PackedInput> packs;
  for (const PackStage& stage : scheduled.packs) {
    llvm::Expected<Kernel> kernel = session.compile(stage.pipeline, stage.arguments);
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
  llvm::Expected<Kernel> compute = session.compile(scheduled.pipeline, scheduled.arguments);
  if (!compute) return compute.takeError();
  return OpKernel(std::move(*compute), std::move(packs));
}

}  // namespace kf
