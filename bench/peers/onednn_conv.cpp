// OnednnConv and time_onednn_conv: oneDNN forward convolution on a kf::ConvProblem.
//
// ConvDesc -> oneDNN: dims are logical {mb, c, spatial...} and {[g,] o, i, k...}; the user's
// physical layout is a format tag (NHWC pairs with HWIO/HWIGO weights, NCHW and the blocked
// nChw16c with OIHW/GOIHW);
// oneDNN's dilation is 0-based (ConvDesc stores 1-based); padding_r is pad_end, which may be
// negative by less than the stride (oneDNN accepts it, as benchdnn does).
#include "bench/peers/onednn_conv.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>
#include <unordered_map>

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
  if (desc.layout == Layout::kNCHW16c) {
    return desc.spatial_rank == 1   ? Tag::nCw16c
           : desc.spatial_rank == 2 ? Tag::nChw16c
                                    : Tag::nCdhw16c;
  }
  switch (desc.spatial_rank) {
    case 1:
      return nhwc ? Tag::nwc : Tag::ncw;
    case 2:
      return nhwc ? Tag::nhwc : Tag::nchw;
    default:
      return nhwc ? Tag::ndhwc : Tag::ncdhw;
  }
}

/// NHWC's weights are [k...][ic/g][oc] with oc = g * (oc/g) + o, i.e. HWIGO when grouped;
/// NCHW's and NCHW16c's are [oc][ic/g][k...], i.e. GOIHW when grouped.
Tag weight_tag(const ConvDesc& desc) {
  const bool nhwc = desc.layout == Layout::kNHWC;
  const bool grouped = desc.groups > 1;
  switch (desc.spatial_rank) {
    case 1:
      return nhwc ? (grouped ? Tag::wigo : Tag::wio) : (grouped ? Tag::goiw : Tag::oiw);
    case 2:
      return nhwc ? (grouped ? Tag::hwigo : Tag::hwio) : (grouped ? Tag::goihw : Tag::oihw);
    default:
      return nhwc ? (grouped ? Tag::dhwigo : Tag::dhwio) : (grouped ? Tag::goidhw : Tag::oidhw);
  }
}

dnnl::algorithm to_dnnl(OnednnAlgorithm algorithm) {
  switch (algorithm) {
    case OnednnAlgorithm::kWinograd:
      return dnnl::algorithm::convolution_winograd;
    case OnednnAlgorithm::kAuto:
      return dnnl::algorithm::convolution_auto;
    default:
      return dnnl::algorithm::convolution_direct;
  }
}

/// The user-layout memory descriptors of one workload.
struct UserDescs {
  memory::desc src, weights, bias, dst;
};

UserDescs user_descs(const ConvDesc& desc) {
  const int rank = desc.spatial_rank;
  const memory::dims kernel = spatial(desc.kernel, rank);
  const memory::dims weight_dims =
      desc.groups > 1 ? concat({desc.groups, desc.oc / desc.groups, desc.ic / desc.groups}, kernel)
                      : concat({desc.oc, desc.ic}, kernel);
  const auto f32 = memory::data_type::f32;
  return UserDescs{
      memory::desc(concat({desc.mb, desc.ic}, spatial(desc.in, rank)), f32, activation_tag(desc)),
      memory::desc(weight_dims, f32, weight_tag(desc)), memory::desc({desc.oc}, f32, Tag::a),
      memory::desc(concat({desc.mb, desc.oc}, spatial(desc.out, rank)), f32, activation_tag(desc))};
}

/// The primitive descriptor for `desc`, or an empty one when oneDNN has no implementation.
/// The caller must have set the OpenMP thread count: oneDNN sizes its blocking for it.
dnnl::convolution_forward::primitive_desc make_primitive_desc(const ConvDesc& desc,
                                                              OnednnAlgorithm algorithm,
                                                              const dnnl::engine& engine) {
  const UserDescs user = user_descs(desc);
  auto any = [](const memory::desc& d) {
    return memory::desc(d.dims(), memory::data_type::f32, Tag::any);
  };
  const int rank = desc.spatial_rank;
  const memory::dims strides = spatial(desc.stride, rank);
  const memory::dims dilates = spatial(desc.dilation, rank, -1);  // oneDNN's 0-based dilation
  const memory::dims padding_l = spatial(desc.pad_begin, rank);
  const memory::dims padding_r = spatial(desc.pad_end, rank);
  const auto prop = dnnl::prop_kind::forward_inference;
  try {
    const dnnl::convolution_forward::desc conv =
        desc.bias ? dnnl::convolution_forward::desc(prop, to_dnnl(algorithm), any(user.src),
                                                    any(user.weights), user.bias, any(user.dst),
                                                    strides, dilates, padding_l, padding_r)
                  : dnnl::convolution_forward::desc(prop, to_dnnl(algorithm), any(user.src),
                                                    any(user.weights), any(user.dst), strides,
                                                    dilates, padding_l, padding_r);
    dnnl::primitive_attr attr;
    if (desc.activation != Activation::kNone) {
      dnnl::post_ops post_ops;
      if (desc.activation == Activation::kRelu) {
        post_ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
      } else {
        post_ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, desc.clamp_min,
                                desc.clamp_max);
      }
      attr.set_post_ops(post_ops);
    }
    return dnnl::convolution_forward::primitive_desc(conv, attr, engine, /*allow_empty=*/true);
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN rejected convolution " + to_string(desc) + ": " + e.what());
  }
}

}  // namespace

std::string to_string(OnednnAlgorithm algorithm) {
  switch (algorithm) {
    case OnednnAlgorithm::kWinograd:
      return "winograd";
    case OnednnAlgorithm::kAuto:
      return "auto";
    default:
      return "direct";
  }
}

struct OnednnConv::State {
  ConvProblem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::convolution_forward primitive;
  std::string implementation;
  memory user_dst;                 // wraps the problem's output buffer
  memory src, weights, bias, dst;  // in oneDNN's chosen layouts
  std::unordered_map<int, memory> arguments;
};

OnednnConv::OnednnConv(std::unique_ptr<State> state) : state_(std::move(state)) {}

OnednnConv::~OnednnConv() = default;

std::unique_ptr<OnednnConv> OnednnConv::create(ConvProblem& problem, int threads,
                                               OnednnAlgorithm algorithm) {
  OmpThreads thread_scope(threads);
  const ConvDesc& desc = problem.desc();
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);
  const dnnl::convolution_forward::primitive_desc pd =
      make_primitive_desc(desc, algorithm, state->engine);
  if (!pd) return nullptr;
  state->primitive = dnnl::convolution_forward(pd);
  state->implementation = pd.impl_info_str();

  // User tensors wrap the problem's buffers (order: input, weights, [bias], output).
  const UserDescs user = user_descs(desc);
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  memory user_src(user.src, state->engine, buffers[0]->host);
  memory user_weights(user.weights, state->engine, buffers[1]->host);
  state->user_dst = memory(user.dst, state->engine, buffers.back()->host);

  // Reorders happen here, once: inference weights are constant and the activations are laid out
  // the way the library wants, as a oneDNN user would keep them between layers.
  auto into = [&](memory from, const memory::desc& wanted) {
    if (from.get_desc() == wanted) return from;
    memory to(wanted, state->engine);
    dnnl::reorder(from, to).execute(state->stream, from, to);
    return to;
  };
  state->src = into(user_src, pd.src_desc());
  state->weights = into(user_weights, pd.weights_desc());
  state->dst = memory(pd.dst_desc(), state->engine);
  state->arguments = {
      {DNNL_ARG_SRC, state->src}, {DNNL_ARG_WEIGHTS, state->weights}, {DNNL_ARG_DST, state->dst}};
  if (desc.bias) {
    state->bias = memory(user.bias, state->engine, buffers[2]->host);
    state->arguments[DNNL_ARG_BIAS] = state->bias;
  }
  // Scratchpad stays library-managed (the default), as in an ordinary oneDNN application.
  state->stream.wait();
  return std::unique_ptr<OnednnConv>(new OnednnConv(std::move(state)));
}

int OnednnConv::run() {
  OmpThreads thread_scope(state_->threads);
  state_->primitive.execute(state_->stream, state_->arguments);
  state_->stream.wait();
  return 0;
}

double OnednnConv::check() {
  state_->problem->poison_output();
  run();
  OmpThreads thread_scope(state_->threads);
  dnnl::reorder(state_->dst, state_->user_dst)
      .execute(state_->stream, state_->dst, state_->user_dst);
  state_->stream.wait();
  return state_->problem->max_error();
}

const std::string& OnednnConv::implementation() const { return state_->implementation; }

int OnednnConv::threads() const { return state_->threads; }

std::optional<std::string> onednn_conv_implementation(const ConvDesc& desc, int threads,
                                                      OnednnAlgorithm algorithm) {
  OmpThreads thread_scope(threads);
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  const dnnl::convolution_forward::primitive_desc pd = make_primitive_desc(desc, algorithm, engine);
  if (!pd) return std::nullopt;
  return std::string(pd.impl_info_str());
}

std::optional<PeerTiming> time_onednn_conv(const ConvDesc& desc, int threads,
                                           const MeasureOptions& options,
                                           OnednnAlgorithm algorithm) {
  ConvProblem problem(desc);
  const std::unique_ptr<OnednnConv> conv = OnednnConv::create(problem, threads, algorithm);
  return check_and_measure(conv, options);
}

}  // namespace kf::peers
