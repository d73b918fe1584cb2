// OnednnSoftmax and time_onednn_softmax: dnnl::softmax_forward on a kf::Problem.
#include "bench/peers/onednn_softmax.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>

namespace kf::peers {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

/// Logical dims {N, C, spatial...} in desc's physical layout: abx for nchw, axb for nhwc.
memory::desc user_desc(const SoftmaxDesc& desc) {
  static const Tag kPlain[] = {Tag::undef, Tag::a, Tag::ab, Tag::abc, Tag::abcd, Tag::abcde};
  static const Tag kLast[] = {Tag::undef, Tag::a, Tag::ab, Tag::acb, Tag::acdb, Tag::acdeb};
  const Tag tag = desc.layout == Layout::kNHWC ? kLast[desc.rank()] : kPlain[desc.rank()];
  return memory::desc(memory::dims(desc.dims.begin(), desc.dims.end()), memory::data_type::f32,
                      tag);
}

}  // namespace

struct OnednnSoftmax::State {
  Problem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::softmax_forward primitive;
  std::string implementation;
  memory src, dst;
};

OnednnSoftmax::OnednnSoftmax(std::unique_ptr<State> state) : state_(std::move(state)) {}
OnednnSoftmax::~OnednnSoftmax() = default;

std::unique_ptr<OnednnSoftmax> OnednnSoftmax::create(const SoftmaxDesc& desc, Problem& problem,
                                                     int threads) {
  OmpThreads scope(threads);
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);
  const memory::desc md = user_desc(desc);
  dnnl::softmax_forward::primitive_desc pd;
  try {
    const dnnl::softmax_forward::desc op(dnnl::prop_kind::forward_inference, md, desc.axis);
    pd = dnnl::softmax_forward::primitive_desc(op, state->engine, /*allow_empty=*/true);
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN rejected softmax " + desc.to_string() + ": " + e.what());
  }
  if (!pd) return nullptr;
  state->primitive = dnnl::softmax_forward(pd);
  state->implementation = pd.impl_info_str();
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  state->src = memory(md, state->engine, buffers[0]->host);
  state->dst = memory(md, state->engine, buffers[1]->host);
  return std::unique_ptr<OnednnSoftmax>(new OnednnSoftmax(std::move(state)));
}

int OnednnSoftmax::run() {
  OmpThreads scope(state_->threads);
  state_->primitive.execute(state_->stream,
                            {{DNNL_ARG_SRC, state_->src}, {DNNL_ARG_DST, state_->dst}});
  state_->stream.wait();
  return 0;
}

double OnednnSoftmax::check() {
  state_->problem->poison_output();
  run();
  return state_->problem->max_error();
}

const std::string& OnednnSoftmax::implementation() const { return state_->implementation; }

std::optional<PeerTiming> time_onednn_softmax(const SoftmaxDesc& desc, int threads,
                                              const MeasureOptions& options) {
  Problem problem(desc);
  const std::unique_ptr<OnednnSoftmax> softmax = OnednnSoftmax::create(desc, problem, threads);
  return check_and_measure(softmax, options);
}

}  // namespace kf::peers
