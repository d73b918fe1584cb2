// OpKernel: compiling an op's pipelines, packing its weights once, and substituting the packed
// tensors at each call.
#include "jit/op_kernel.h"

#include <cstdint>
#include <string>

#include "jit/jit_session.h"

namespace kf {

namespace {

// Describes the dense `buffer` as `view` (outermost first) in `out`, with dims in `dims`; false
// when `buffer` is not dense (innermost stride 1, each next stride the product of the extents
// inside it) or holds another number of elements.
bool reshape(const halide_buffer_t& buffer, const std::vector<int64_t>& view, halide_buffer_t& out,
             std::vector<halide_dimension_t>& dims) {
  int64_t elements = 1, stride = 1;
  for (int d = 0; d < buffer.dimensions; ++d) {
    if (buffer.dim[d].stride != stride && buffer.dim[d].extent > 1) return false;
    stride *= buffer.dim[d].extent;
    elements *= buffer.dim[d].extent;
  }
  int64_t view_elements = 1;
  for (int64_t extent : view) view_elements *= extent;
  if (view_elements != elements) return false;
  out = buffer;
  dims.assign(view.size(), halide_dimension_t{});
  stride = 1;
  for (size_t d = 0; d < view.size(); ++d) {
    const int64_t extent = view[view.size() - 1 - d];
    dims[d] = halide_dimension_t(0, static_cast<int32_t>(extent), static_cast<int32_t>(stride));
    stride *= extent;
  }
  out.dimensions = static_cast<int32_t>(view.size());
  out.dim = dims.data();
  return true;
}

}  // namespace

int OpKernel::prepare(halide_buffer_t* const* buffers, int count) {
  prepared_ = false;
  for (PackedInput& pack : packs_) {
    if (pack.input_index < 0 || pack.input_index >= count) return kNotPrepared;
    // A packing stage reads the tensor as the compute kernel's view describes it.
    halide_buffer_t reshaped;
    std::vector<halide_dimension_t> reshaped_dims;
    halide_buffer_t* source = buffers[pack.input_index];
    const size_t index = static_cast<size_t>(pack.input_index);
    if (index < views_.size() && !views_[index].empty()) {
      if (!source || !reshape(*source, views_[index], reshaped, reshaped_dims)) {
        return kViewMismatch;
      }
      source = &reshaped;
    }
    halide_buffer_t* stage_buffers[2] = {source, pack.packed.raw_buffer()};
    if (int code = pack.kernel.run(stage_buffers, 2)) return code;
  }
  prepared_ = true;
  return 0;
}

void OpKernel::move_packed_tensors() {
  prepared_ = false;
  for (PackedInput& pack : packs_) {
    // Allocated before the old tensor is freed, so the new one cannot take its place.
    const std::vector<int> sizes(pack.shape.rbegin(), pack.shape.rend());
    Halide::Runtime::Buffer<void> moved(pack.packed.type(), sizes);
    pack.packed = std::move(moved);
  }
}

int OpKernel::run(halide_buffer_t* const* buffers, int count) const {
  const Kernel* kernel = &compute_;
  if (output_alignment_ > 1 && count > 0 && buffers[count - 1] &&
      reinterpret_cast<uintptr_t>(buffers[count - 1]->host) % output_alignment_ != 0) {
    if (!unaligned_fallback_.valid()) return kUnalignedOutput;
    kernel = &unaligned_fallback_;
  }
  // Tensors the kernel takes reshaped: described anew (the pointers stay the caller's).
  std::vector<halide_buffer_t> reshaped(views_.size());
  std::vector<std::vector<halide_dimension_t>> reshaped_dims(views_.size());
  std::vector<halide_buffer_t*> viewed;
  if (!views_.empty()) {
    if (static_cast<int>(views_.size()) != count) return kViewMismatch;
    viewed.assign(buffers, buffers + count);
    for (int i = 0; i < count; ++i) {
      if (views_[i].empty()) continue;
      if (!buffers[i] || !reshape(*buffers[i], views_[i], reshaped[i], reshaped_dims[i])) {
        return kViewMismatch;
      }
      viewed[i] = &reshaped[i];
    }
    buffers = viewed.data();
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
  op.set_argument_views(scheduled.argument_views);
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
