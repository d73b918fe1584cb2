// OnednnResizeConv and time_onednn_resize_conv: oneDNN resampling_forward followed by
// convolution_forward on a kf::Problem of a ResizeConvDesc.
//
// ResizeConvDesc -> oneDNN: activations {mb, c, spatial...} with the user's layout given as
// strides; weights {[g,] oc/g, ic/g, k...} with OIHW (NCHW) or HWIO (NHWC) strides; dilation is
// 0-based in oneDNN; padding_r is conv.pad_end; ReLU and clamp are eltwise post-ops.
#include "bench/peers/onednn_resize_conv.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>
#include <unordered_map>

namespace kf::peers {

namespace {

using dnnl::memory;

memory::dims spatial(const std::array<int64_t, kMaxSpatialRank>& values, int rank,
                     int64_t offset = 0) {
  memory::dims dims;
  for (int i = 0; i < rank; ++i) dims.push_back(values[i] + offset);
  return dims;
}

// A dense desc of logical `dims` whose physical order (outermost first) is `order` (logical
// positions).
memory::desc dense(const memory::dims& dims, const std::vector<int>& order) {
  memory::dims strides(dims.size());
  int64_t stride = 1;
  for (int i = static_cast<int>(order.size()) - 1; i >= 0; --i) {
    strides[order[i]] = stride;
    stride *= dims[order[i]];
  }
  return memory::desc(dims, memory::data_type::f32, strides);
}

memory::desc activation(const ConvDesc& d, int64_t channels, const memory::dims& sizes) {
  memory::dims logical = {d.mb, channels};
  logical.insert(logical.end(), sizes.begin(), sizes.end());
  std::vector<int> order = {0};
  if (d.layout == Layout::kNCHW) order.push_back(1);
  for (size_t i = 0; i < sizes.size(); ++i) order.push_back(2 + static_cast<int>(i));
  if (d.layout == Layout::kNHWC) order.push_back(1);
  return dense(logical, order);
}

memory::desc user_weights(const ConvDesc& d) {
  const int rank = d.spatial_rank;
  const bool grouped = d.groups > 1;
  memory::dims logical;
  if (grouped) logical.push_back(d.groups);
  logical.insert(logical.end(), {d.oc / d.groups, d.ic / d.groups});
  const int g = 0, o = grouped ? 1 : 0, i = o + 1, k0 = i + 1;
  for (int64_t k : spatial(d.kernel, rank)) logical.push_back(k);
  std::vector<int> order;
  if (d.layout == Layout::kNCHW) {  // OIHW: [g][oc/g][ic/g][k...]
    if (grouped) order.push_back(g);
    order.insert(order.end(), {o, i});
    for (int s = 0; s < rank; ++s) order.push_back(k0 + s);
  } else {  // HWIO: [k...][ic/g][g][oc/g]
    for (int s = 0; s < rank; ++s) order.push_back(k0 + s);
    order.push_back(i);
    if (grouped) order.push_back(g);
    order.push_back(o);
  }
  return dense(logical, order);
}

memory::desc any(const memory::desc& m) {
  return memory::desc(m.dims(), memory::data_type::f32, memory::format_tag::any);
}

}  // namespace

struct OnednnResizeConv::State {
  Problem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::resampling_forward resampling;
  dnnl::convolution_forward convolution;
  std::string implementation;
  memory user_dst, src, upsampled, weights, bias, dst;
  std::unordered_map<int, memory> resampling_args, convolution_args;
};

OnednnResizeConv::OnednnResizeConv(std::unique_ptr<State> state) : state_(std::move(state)) {}
OnednnResizeConv::~OnednnResizeConv() = default;

std::unique_ptr<OnednnResizeConv> OnednnResizeConv::create(const ResizeConvDesc& desc,
                                                           Problem& problem, int threads) {
  OmpThreads scope(threads);
  const ConvDesc& c = desc.conv;
  const int rank = c.spatial_rank;
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);

  memory::dims small;
  for (int i = 0; i < rank; ++i) small.push_back(desc.input_size(i));
  const memory::desc user_src = activation(c, c.ic, small);
  const memory::desc user_up = activation(c, c.ic, spatial(c.in, rank));
  const memory::desc user_dst = activation(c, c.oc, spatial(c.out, rank));
  const memory::desc weights = user_weights(c);
  const memory::desc bias({c.oc}, memory::data_type::f32, memory::format_tag::a);
  const auto prop = dnnl::prop_kind::forward_inference;

  dnnl::convolution_forward::primitive_desc conv_pd;
  dnnl::resampling_forward::primitive_desc resample_pd;
  try {
    const memory::dims strides = spatial(c.stride, rank), dilates = spatial(c.dilation, rank, -1);
    const memory::dims pad_l = spatial(c.pad_begin, rank), pad_r = spatial(c.pad_end, rank);
    const auto alg = dnnl::algorithm::convolution_direct;
    const dnnl::convolution_forward::desc conv_desc =
        c.bias ? dnnl::convolution_forward::desc(prop, alg, any(user_up), any(weights), bias,
                                                 any(user_dst), strides, dilates, pad_l, pad_r)
               : dnnl::convolution_forward::desc(prop, alg, any(user_up), any(weights),
                                                 any(user_dst), strides, dilates, pad_l, pad_r);
    dnnl::primitive_attr attr;
    if (c.activation != Activation::kNone) {
      dnnl::post_ops post_ops;
      if (c.activation == Activation::kRelu) {
        post_ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
      } else {
        post_ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, c.clamp_min, c.clamp_max);
      }
      attr.set_post_ops(post_ops);
    }
    conv_pd = dnnl::convolution_forward::primitive_desc(conv_desc, attr, state->engine,
                                                        /*allow_empty=*/true);
    if (!conv_pd) return nullptr;
    // The resampling reads the user's input as given and writes straight into the layout the
    // convolution reads (oneDNN requires a defined source layout for resampling).
    const auto resample_alg = desc.mode == ResizeMode::kNearest
                                  ? dnnl::algorithm::resampling_nearest
                                  : dnnl::algorithm::resampling_linear;
    const dnnl::resampling_forward::desc resample_desc(prop, resample_alg, user_src,
                                                       conv_pd.src_desc());
    resample_pd = dnnl::resampling_forward::primitive_desc(resample_desc, state->engine,
                                                           /*allow_empty=*/true);
    if (!resample_pd) return nullptr;
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN rejected resize_conv " + to_string(desc) + ": " + e.what());
  }
  state->resampling = dnnl::resampling_forward(resample_pd);
  state->convolution = dnnl::convolution_forward(conv_pd);
  state->implementation = std::string(resample_pd.impl_info_str()) + " + " + conv_pd.impl_info_str();

  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  auto into = [&](memory from, const memory::desc& wanted) {
    if (from.get_desc() == wanted) return from;
    memory to(wanted, state->engine);
    dnnl::reorder(from, to).execute(state->stream, from, to);
    return to;
  };
  state->src = into(memory(user_src, state->engine, buffers[0]->host), resample_pd.src_desc());
  state->weights = into(memory(weights, state->engine, buffers[1]->host), conv_pd.weights_desc());
  state->upsampled = memory(conv_pd.src_desc(), state->engine);
  state->dst = memory(conv_pd.dst_desc(), state->engine);
  state->user_dst = memory(user_dst, state->engine, buffers.back()->host);
  state->resampling_args = {{DNNL_ARG_SRC, state->src}, {DNNL_ARG_DST, state->upsampled}};
  state->convolution_args = {{DNNL_ARG_SRC, state->upsampled},
                             {DNNL_ARG_WEIGHTS, state->weights},
                             {DNNL_ARG_DST, state->dst}};
  if (c.bias) {
    state->bias = memory(bias, state->engine, buffers[2]->host);
    state->convolution_args[DNNL_ARG_BIAS] = state->bias;
  }
  state->stream.wait();
  return std::unique_ptr<OnednnResizeConv>(new OnednnResizeConv(std::move(state)));
}

int OnednnResizeConv::run() {
  OmpThreads scope(state_->threads);
  state_->resampling.execute(state_->stream, state_->resampling_args);
  state_->convolution.execute(state_->stream, state_->convolution_args);
  state_->stream.wait();
  return 0;
}

double OnednnResizeConv::check() {
  state_->problem->poison_output();
  run();
  OmpThreads scope(state_->threads);
  dnnl::reorder(state_->dst, state_->user_dst)
      .execute(state_->stream, state_->dst, state_->user_dst);
  state_->stream.wait();
  return state_->problem->max_error();
}

const std::string& OnednnResizeConv::implementation() const { return state_->implementation; }

std::optional<PeerTiming> time_onednn_resize_conv(const ResizeConvDesc& desc, int threads,
                                                  const MeasureOptions& options) {
  Problem problem(desc);
  const std::unique_ptr<OnednnResizeConv> peer = OnednnResizeConv::create(desc, problem, threads);
  return check_and_measure(peer, options);
}

}  // namespace kf::peers
