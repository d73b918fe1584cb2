// OnednnNorm and time_onednn_norm: oneDNN batch and layer normalisation on a kf::Problem.
#include "bench/peers/onednn_norm.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>
#include <unordered_map>

namespace kf::peers {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

// The data tensor in the user's layout: logical dims {mb, c, spatial...} for bnorm.
memory::desc data_desc(const NormDesc& d) {
  const auto f32 = memory::data_type::f32;
  if (d.row_wise()) {
    static const Tag kPlain[] = {Tag::a, Tag::ab, Tag::abc, Tag::abcd, Tag::abcde};
    return memory::desc(memory::dims(d.dims.begin(), d.dims.end()), f32, kPlain[d.dims.size() - 1]);
  }
  memory::dims dims = {d.mb, d.ic};
  for (int i = 0; i < d.spatial_rank; ++i) dims.push_back(d.spatial[i]);
  const bool nhwc = d.layout == NormLayout::kNHWC;
  static const Tag kNhwc[] = {Tag::nc, Tag::nwc, Tag::nhwc, Tag::ndhwc};
  static const Tag kNchw[] = {Tag::nc, Tag::ncw, Tag::nchw, Tag::ncdhw};
  return memory::desc(dims, f32, nhwc ? kNhwc[d.spatial_rank] : kNchw[d.spatial_rank]);
}

}  // namespace

bool onednn_has_norm(const NormDesc& desc) {
  if (desc.kind == NormKind::kBatch) return true;
  return desc.kind == NormKind::kLayer && desc.norm_dims == 1 && desc.dims.size() >= 2 &&
         desc.dims.size() <= 5;
}

struct OnednnNorm::State {
  Problem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::primitive primitive;
  std::string implementation;
  std::unordered_map<int, memory> arguments;
};

OnednnNorm::OnednnNorm(std::unique_ptr<State> state) : state_(std::move(state)) {}

OnednnNorm::~OnednnNorm() = default;

std::unique_ptr<OnednnNorm> OnednnNorm::create(Problem& problem, int threads) {
  const auto* desc = dynamic_cast<const NormDesc*>(&problem.op());
  if (!desc || !onednn_has_norm(*desc)) return nullptr;
  OmpThreads thread_scope(threads);
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);
  const memory::desc data = data_desc(*desc);
  const auto eps = static_cast<float>(desc->epsilon);
  const auto prop = dnnl::prop_kind::forward_inference;
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  auto wrap = [&](const memory::desc& md, size_t i) {
    return memory(md, state->engine, buffers[i]->host);
  };
  const memory::desc channel({desc->row_wise() ? desc->dims.back() : desc->ic},
                             memory::data_type::f32, Tag::a);
  try {
    if (desc->kind == NormKind::kBatch) {
      const auto flags = dnnl::normalization_flags::use_global_stats |
                         dnnl::normalization_flags::use_scale |
                         dnnl::normalization_flags::use_shift;
      const dnnl::batch_normalization_forward::primitive_desc pd(
          dnnl::batch_normalization_forward::desc(prop, data, eps, flags), state->engine, true);
      if (!pd) return nullptr;
      state->implementation = pd.impl_info_str();
      state->primitive = dnnl::batch_normalization_forward(pd);
      state->arguments = {{DNNL_ARG_SRC, wrap(data, 0)},         {DNNL_ARG_MEAN, wrap(channel, 1)},
                          {DNNL_ARG_VARIANCE, wrap(channel, 2)}, {DNNL_ARG_SCALE, wrap(channel, 3)},
                          {DNNL_ARG_SHIFT, wrap(channel, 4)},    {DNNL_ARG_DST, wrap(data, 5)}};
    } else {
      const auto flags =
          dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;
      const dnnl::layer_normalization_forward::primitive_desc pd(
          dnnl::layer_normalization_forward::desc(prop, data, eps, flags), state->engine, true);
      if (!pd) return nullptr;
      state->implementation = pd.impl_info_str();
      state->primitive = dnnl::layer_normalization_forward(pd);
      state->arguments = {{DNNL_ARG_SRC, wrap(data, 0)},
                          {DNNL_ARG_SCALE, wrap(channel, 1)},
                          {DNNL_ARG_SHIFT, wrap(channel, 2)},
                          {DNNL_ARG_DST, wrap(data, 3)}};
    }
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN rejected " + desc->key() + ": " + e.what());
  }
  return std::unique_ptr<OnednnNorm>(new OnednnNorm(std::move(state)));
}

int OnednnNorm::run() {
  OmpThreads thread_scope(state_->threads);
  state_->primitive.execute(state_->stream, state_->arguments);
  state_->stream.wait();
  return 0;
}

double OnednnNorm::check() {
  state_->problem->poison_output();
  run();
  return state_->problem->max_error();
}

const std::string& OnednnNorm::implementation() const { return state_->implementation; }

std::optional<PeerTiming> time_onednn_norm(const NormDesc& desc, int threads,
                                           const MeasureOptions& options) {
  if (!onednn_has_norm(desc)) return std::nullopt;
  Problem problem(desc);
  const std::unique_ptr<OnednnNorm> norm = OnednnNorm::create(problem, threads);
  return check_and_measure(norm, options);
}

}  // namespace kf::peers
