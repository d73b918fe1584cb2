// OnednnReorder and time_onednn_reorder: dnnl::reorder on a kf::Problem.
#include "bench/peers/onednn_reorder.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>

namespace kf::peers {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

Tag format_tag(int rank, ReorderLayout layout) {
  static const Tag kFirst[] = {Tag::undef, Tag::ncw, Tag::nchw, Tag::ncdhw};
  static const Tag kLast[] = {Tag::undef, Tag::nwc, Tag::nhwc, Tag::ndhwc};
  static const Tag kBlocked[] = {Tag::undef, Tag::nCw16c, Tag::nChw16c, Tag::nCdhw16c};
  switch (layout) {
    case ReorderLayout::kChannelsFirst:
      return kFirst[rank];
    case ReorderLayout::kChannelsLast:
      return kLast[rank];
    default:
      return kBlocked[rank];
  }
}

memory::desc user_desc(const ReorderDesc& desc, ReorderLayout layout) {
  memory::dims dims = {desc.mb, desc.ic};
  for (int i = 0; i < desc.spatial_rank; ++i) dims.push_back(desc.in[i]);
  return memory::desc(dims, memory::data_type::f32, format_tag(desc.spatial_rank, layout));
}

}  // namespace

struct OnednnReorder::State {
  Problem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::reorder primitive;
  std::string implementation;
  memory src, dst;
};

OnednnReorder::OnednnReorder(std::unique_ptr<State> state) : state_(std::move(state)) {}
OnednnReorder::~OnednnReorder() = default;

std::unique_ptr<OnednnReorder> OnednnReorder::create(const ReorderDesc& desc, Problem& problem,
                                                     int threads) {
  OmpThreads scope(threads);
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  state->src = memory(user_desc(desc, desc.src), state->engine, buffers[0]->host);
  state->dst = memory(user_desc(desc, desc.dst), state->engine, buffers[1]->host);
  try {
    const dnnl::reorder::primitive_desc pd(state->src, state->dst);
    state->primitive = dnnl::reorder(pd);
    state->implementation = pd.impl_info_str();
  } catch (const dnnl::error& e) {
    if (e.status == dnnl_unimplemented) return nullptr;
    throw std::runtime_error("oneDNN rejected reorder " + desc.to_string() + ": " + e.what());
  }
  return std::unique_ptr<OnednnReorder>(new OnednnReorder(std::move(state)));
}

int OnednnReorder::run() {
  OmpThreads scope(state_->threads);
  state_->primitive.execute(state_->stream, state_->src, state_->dst);
  state_->stream.wait();
  return 0;
}

double OnednnReorder::check() {
  state_->problem->poison_output();
  run();
  return state_->problem->max_error();
}

const std::string& OnednnReorder::implementation() const { return state_->implementation; }

std::optional<PeerTiming> time_onednn_reorder(const ReorderDesc& desc, int threads,
                                              const MeasureOptions& options) {
  Problem problem(desc);
  const std::unique_ptr<OnednnReorder> reorder = OnednnReorder::create(desc, problem, threads);
  return check_and_measure(reorder, options);
}

}  // namespace kf::peers
