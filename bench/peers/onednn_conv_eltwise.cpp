// OnednnConvEltwise: oneDNN direct convolution with a fused eltwise post-op, or followed by an
// in-place eltwise primitive (see onednn_conv_eltwise.h). The ConvDesc -> oneDNN mapping (dims,
// user format tags, 0-based dilation, padding_r = pad_end) is the one of onednn_conv.cpp.
#include "bench/peers/onednn_conv_eltwise.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "bench/peers/onednn_common.h"

namespace kf::peers {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

memory::dims spatial(const std::array<int64_t, kMaxSpatialRank>& values, int rank,
                     int64_t offset = 0) {
  memory::dims dims;
  for (int i = 0; i < rank; ++i) dims.push_back(values[i] + offset);
  return dims;
}

memory::dims concat(memory::dims head, const memory::dims& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

Tag activation_tag(const ConvDesc& desc) {
  const bool nhwc = desc.layout == Layout::kNHWC;
  const Tag channels_last[] = {Tag::nwc, Tag::nhwc, Tag::ndhwc};
  const Tag channels_first[] = {Tag::ncw, Tag::nchw, Tag::ncdhw};
  return (nhwc ? channels_last : channels_first)[desc.spatial_rank - 1];
}

/// NHWC pairs with TensorFlow's [k...][ic/g][oc] (HWIGO when grouped), NCHW with PyTorch's
/// [oc][ic/g][k...] (GOIHW when grouped).
Tag weight_tag(const ConvDesc& desc) {
  const bool nhwc = desc.layout == Layout::kNHWC;
  const bool grouped = desc.groups > 1;
  const Tag tf[2][3] = {{Tag::wio, Tag::hwio, Tag::dhwio}, {Tag::wigo, Tag::hwigo, Tag::dhwigo}};
  const Tag pt[2][3] = {{Tag::oiw, Tag::oihw, Tag::oidhw}, {Tag::goiw, Tag::goihw, Tag::goidhw}};
  return (nhwc ? tf : pt)[grouped][desc.spatial_rank - 1];
}

/// The eltwise algorithm and its alpha/beta for the descriptor's activation.
struct Eltwise {
  dnnl::algorithm algorithm;
  float alpha, beta;
};

Eltwise eltwise_of(const ConvDesc& desc) {
  switch (desc.activation) {
    case Activation::kRelu:
      return {dnnl::algorithm::eltwise_relu, 0.0f, 0.0f};
    case Activation::kClamp:
      return {dnnl::algorithm::eltwise_clip, desc.clamp_min, desc.clamp_max};
    default:
      throw std::runtime_error("OnednnConvEltwise: " + to_string(desc) + " has no activation");
  }
}

}  // namespace

std::string to_string(EltwiseMode mode) {
  return mode == EltwiseMode::kFused ? "fused" : "separate";
}

struct OnednnConvEltwise::State {
  ConvProblem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::convolution_forward conv;
  std::optional<dnnl::eltwise_forward> eltwise;  // separate mode only
  std::string implementation;
  memory user_dst;                 // wraps the problem's output buffer
  memory src, weights, bias, dst;  // in oneDNN's chosen layouts
  std::unordered_map<int, memory> conv_arguments;
  std::unordered_map<int, memory> eltwise_arguments;
};

OnednnConvEltwise::OnednnConvEltwise(std::unique_ptr<State> state) : state_(std::move(state)) {}

OnednnConvEltwise::~OnednnConvEltwise() = default;

std::unique_ptr<OnednnConvEltwise> OnednnConvEltwise::create(ConvProblem& problem, int threads,
                                                             EltwiseMode mode) {
  OmpThreads thread_scope(threads);
  const ConvDesc& desc = problem.desc();
  const Eltwise eltwise = eltwise_of(desc);
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);

  const int rank = desc.spatial_rank;
  const auto f32 = memory::data_type::f32;
  const memory::dims kernel = spatial(desc.kernel, rank);
  const memory::dims weight_dims =
      desc.groups > 1 ? concat({desc.groups, desc.oc / desc.groups, desc.ic / desc.groups}, kernel)
                      : concat({desc.oc, desc.ic}, kernel);
  const memory::desc user_src(concat({desc.mb, desc.ic}, spatial(desc.in, rank)), f32,
                              activation_tag(desc));
  const memory::desc user_weights(weight_dims, f32, weight_tag(desc));
  const memory::desc user_bias({desc.oc}, f32, Tag::a);
  const memory::desc user_dst(concat({desc.mb, desc.oc}, spatial(desc.out, rank)), f32,
                              activation_tag(desc));
  auto any = [&](const memory::desc& d) { return memory::desc(d.dims(), f32, Tag::any); };

  dnnl::convolution_forward::primitive_desc conv_pd;
  try {
    const auto prop = dnnl::prop_kind::forward_inference;
    const auto algorithm = dnnl::algorithm::convolution_direct;
    const memory::dims strides = spatial(desc.stride, rank);
    const memory::dims dilates = spatial(desc.dilation, rank, -1);  // oneDNN's is 0-based
    const memory::dims padding_l = spatial(desc.pad_begin, rank);
    const memory::dims padding_r = spatial(desc.pad_end, rank);
    const dnnl::convolution_forward::desc conv =
        desc.bias ? dnnl::convolution_forward::desc(prop, algorithm, any(user_src),
                                                    any(user_weights), user_bias, any(user_dst),
                                                    strides, dilates, padding_l, padding_r)
                  : dnnl::convolution_forward::desc(prop, algorithm, any(user_src),
                                                    any(user_weights), any(user_dst), strides,
                                                    dilates, padding_l, padding_r);
    dnnl::primitive_attr attr;
    if (mode == EltwiseMode::kFused) {
      dnnl::post_ops post_ops;
      post_ops.append_eltwise(1.0f, eltwise.algorithm, eltwise.alpha, eltwise.beta);
      attr.set_post_ops(post_ops);
    }
    conv_pd = dnnl::convolution_forward::primitive_desc(conv, attr, state->engine,
                                                        /*allow_empty=*/true);
    if (!conv_pd) return nullptr;
    state->conv = dnnl::convolution_forward(conv_pd);
    state->implementation = conv_pd.impl_info_str();
    if (mode == EltwiseMode::kSeparate) {
      // In place over the convolution's output, in whatever layout oneDNN chose for it.
      const dnnl::eltwise_forward::desc eltwise_desc(prop, eltwise.algorithm, conv_pd.dst_desc(),
                                                     eltwise.alpha, eltwise.beta);
      const dnnl::eltwise_forward::primitive_desc eltwise_pd(eltwise_desc, state->engine);
      state->eltwise = dnnl::eltwise_forward(eltwise_pd);
      state->implementation += std::string(" + eltwise:") + eltwise_pd.impl_info_str();
    }
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN rejected " + to_string(desc) + ": " + e.what());
  }

  // User tensors wrap the problem's buffers (order: input, weights, [bias], output); input and
  // weights are reordered into oneDNN's layouts once, here.
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  auto into = [&](memory from, const memory::desc& wanted) {
    if (from.get_desc() == wanted) return from;
    memory to(wanted, state->engine);
    dnnl::reorder(from, to).execute(state->stream, from, to);
    return to;
  };
  state->src = into(memory(user_src, state->engine, buffers[0]->host), conv_pd.src_desc());
  state->weights =
      into(memory(user_weights, state->engine, buffers[1]->host), conv_pd.weights_desc());
  state->user_dst = memory(user_dst, state->engine, buffers.back()->host);
  state->dst = memory(conv_pd.dst_desc(), state->engine);
  state->conv_arguments = {
      {DNNL_ARG_SRC, state->src}, {DNNL_ARG_WEIGHTS, state->weights}, {DNNL_ARG_DST, state->dst}};
  if (desc.bias) {
    state->bias = memory(user_bias, state->engine, buffers[2]->host);
    state->conv_arguments[DNNL_ARG_BIAS] = state->bias;
  }
  state->eltwise_arguments = {{DNNL_ARG_SRC, state->dst}, {DNNL_ARG_DST, state->dst}};
  state->stream.wait();
  return std::unique_ptr<OnednnConvEltwise>(new OnednnConvEltwise(std::move(state)));
}

int OnednnConvEltwise::run() {
  OmpThreads thread_scope(state_->threads);
  state_->conv.execute(state_->stream, state_->conv_arguments);
  if (state_->eltwise) state_->eltwise->execute(state_->stream, state_->eltwise_arguments);
  state_->stream.wait();
  return 0;
}

int OnednnConvEltwise::run_eltwise() {
  if (!state_->eltwise) return 0;
  OmpThreads thread_scope(state_->threads);
  state_->eltwise->execute(state_->stream, state_->eltwise_arguments);
  state_->stream.wait();
  return 0;
}

double OnednnConvEltwise::check() {
  state_->problem->poison_output();
  run();
  OmpThreads thread_scope(state_->threads);
  dnnl::reorder(state_->dst, state_->user_dst)
      .execute(state_->stream, state_->dst, state_->user_dst);
  state_->stream.wait();
  return state_->problem->max_error();
}

const std::string& OnednnConvEltwise::implementation() const { return state_->implementation; }

}  // namespace kf::peers
