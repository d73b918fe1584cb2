// OnednnDeconv and time_onednn_deconv: oneDNN deconvolution_forward on a kf::Problem.
//
// DeconvDesc -> oneDNN: logical dims {mb, c, spatial...}, weights {[g,] oc/g, ic/g, k...};
// the user's physical layouts are given as strides (PyTorch weights [ic][oc/g][k...] or
// TensorFlow [k...][oc][ic]); dilation is 0-based in oneDNN; padding_r is pad_end, which may be
// negative (output padding).
#include "bench/peers/onednn_deconv.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>
#include <unordered_map>

namespace kf::peers {

namespace {

using dnnl::memory;

memory::dims spatial(const DeconvDesc::Dims& values, int rank, int64_t offset = 0) {
  memory::dims dims;
  for (int i = 0; i < rank; ++i) dims.push_back(values[i] + offset);
  return dims;
}

// Dense strides of `physical` (outermost first), placed at logical positions `logical_of`.
memory::dims strides_for(const memory::dims& physical, const std::vector<int>& logical_of) {
  memory::dims strides(physical.size());
  int64_t stride = 1;
  for (int i = static_cast<int>(physical.size()) - 1; i >= 0; --i) {
    strides[logical_of[i]] = stride;
    stride *= physical[i];
  }
  return strides;
}

struct UserDescs {
  memory::desc src, weights, bias, dst;
};

memory::desc activation(const DeconvDesc& d, int64_t channels, const DeconvDesc::Dims& sizes) {
  const int rank = d.spatial_rank;
  memory::dims logical = {d.mb, channels};
  for (int64_t s : spatial(sizes, rank)) logical.push_back(s);
  std::vector<int> order = {0};  // physical dim -> logical dim
  if (d.layout == Layout::kNCHW) order.push_back(1);
  for (int i = 0; i < rank; ++i) order.push_back(2 + i);
  if (d.layout == Layout::kNHWC) order.push_back(1);
  memory::dims physical;
  for (int l : order) physical.push_back(logical[l]);
  return memory::desc(logical, memory::data_type::f32, strides_for(physical, order));
}

UserDescs user_descs(const DeconvDesc& d) {
  const int rank = d.spatial_rank;
  const int64_t g = d.groups;
  const bool grouped = g > 1;
  // Logical weights: [g,] oc/g, ic/g, k...
  memory::dims logical;
  if (grouped) logical.push_back(g);
  logical.insert(logical.end(), {d.oc / g, d.ic / g});
  const int o = grouped ? 1 : 0, i = o + 1, k0 = i + 1;
  for (int64_t k : spatial(d.kernel, rank)) logical.push_back(k);
  std::vector<int> order;
  if (d.weights == DeconvWeights::kPyTorch) {
    if (grouped) order.push_back(0);  // [g][ic/g][oc/g][k...]
    order.insert(order.end(), {i, o});
    for (int s = 0; s < rank; ++s) order.push_back(k0 + s);
  } else {
    for (int s = 0; s < rank; ++s) order.push_back(k0 + s);  // [k...][oc][ic]
    order.insert(order.end(), {o, i});
  }
  memory::dims physical;
  for (int l : order) physical.push_back(logical[l]);
  return UserDescs{activation(d, d.ic, d.in),
                   memory::desc(logical, memory::data_type::f32, strides_for(physical, order)),
                   memory::desc({d.oc}, memory::data_type::f32, memory::format_tag::a),
                   activation(d, d.oc, d.out)};
}

dnnl::deconvolution_forward::primitive_desc make_pd(const DeconvDesc& d, OnednnAlgorithm algorithm,
                                                    const dnnl::engine& engine) {
  const UserDescs user = user_descs(d);
  auto any = [](const memory::desc& m) {
    return memory::desc(m.dims(), memory::data_type::f32, memory::format_tag::any);
  };
  const int rank = d.spatial_rank;
  const auto prop = dnnl::prop_kind::forward_inference;
  const auto alg = algorithm == OnednnAlgorithm::kWinograd ? dnnl::algorithm::deconvolution_winograd
                                                           : dnnl::algorithm::deconvolution_direct;
  const memory::dims strides = spatial(d.stride, rank), dilates = spatial(d.dilation, rank, -1);
  const memory::dims pad_l = spatial(d.pad_begin, rank), pad_r = spatial(d.pad_end, rank);
  try {
    const dnnl::deconvolution_forward::desc desc =
        d.bias ? dnnl::deconvolution_forward::desc(prop, alg, any(user.src), any(user.weights),
                                                   user.bias, any(user.dst), strides, dilates,
                                                   pad_l, pad_r)
               : dnnl::deconvolution_forward::desc(prop, alg, any(user.src), any(user.weights),
                                                   any(user.dst), strides, dilates, pad_l, pad_r);
    dnnl::primitive_attr attr;
    if (d.relu) {
      dnnl::post_ops post_ops;
      post_ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
      attr.set_post_ops(post_ops);
    }
    return dnnl::deconvolution_forward::primitive_desc(desc, attr, engine, /*allow_empty=*/true);
  } catch (const dnnl::error& e) {
    throw std::runtime_error("oneDNN rejected deconvolution " + to_string(d) + ": " + e.what());
  }
}

}  // namespace

struct OnednnDeconv::State {
  Problem* problem = nullptr;
  int threads = 1;
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::deconvolution_forward primitive;
  std::string implementation;
  memory user_dst, src, weights, bias, dst;
  std::unordered_map<int, memory> arguments;
};

OnednnDeconv::OnednnDeconv(std::unique_ptr<State> state) : state_(std::move(state)) {}
OnednnDeconv::~OnednnDeconv() = default;

std::unique_ptr<OnednnDeconv> OnednnDeconv::create(const DeconvDesc& desc, Problem& problem,
                                                   int threads, OnednnAlgorithm algorithm) {
  OmpThreads scope(threads);
  auto state = std::make_unique<State>();
  state->problem = &problem;
  state->threads = threads;
  state->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  state->stream = dnnl::stream(state->engine);
  const dnnl::deconvolution_forward::primitive_desc pd = make_pd(desc, algorithm, state->engine);
  if (!pd) return nullptr;
  state->primitive = dnnl::deconvolution_forward(pd);
  state->implementation = pd.impl_info_str();

  const UserDescs user = user_descs(desc);
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  memory user_src(user.src, state->engine, buffers[0]->host);
  memory user_weights(user.weights, state->engine, buffers[1]->host);
  state->user_dst = memory(user.dst, state->engine, buffers.back()->host);
  // Reorders happen once, here: weights are constant, activations stay in oneDNN's layout.
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
  state->stream.wait();
  return std::unique_ptr<OnednnDeconv>(new OnednnDeconv(std::move(state)));
}

int OnednnDeconv::run() {
  OmpThreads scope(state_->threads);
  state_->primitive.execute(state_->stream, state_->arguments);
  state_->stream.wait();
  return 0;
}

double OnednnDeconv::check() {
  state_->problem->poison_output();
  run();
  OmpThreads scope(state_->threads);
  dnnl::reorder(state_->dst, state_->user_dst)
      .execute(state_->stream, state_->dst, state_->user_dst);
  state_->stream.wait();
  return state_->problem->max_error();
}

const std::string& OnednnDeconv::implementation() const { return state_->implementation; }

std::optional<std::string> onednn_deconv_implementation(const DeconvDesc& desc, int threads,
                                                        OnednnAlgorithm algorithm) {
  OmpThreads scope(threads);
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  const dnnl::deconvolution_forward::primitive_desc pd = make_pd(desc, algorithm, engine);
  if (!pd) return std::nullopt;
  return std::string(pd.impl_info_str());
}

std::optional<PeerTiming> time_onednn_deconv(const DeconvDesc& desc, int threads,
                                             const MeasureOptions& options,
                                             OnednnAlgorithm algorithm) {
  Problem problem(desc);
  const std::unique_ptr<OnednnDeconv> deconv =
      OnednnDeconv::create(desc, problem, threads, algorithm);
  return check_and_measure(deconv, options);
}

}  // namespace kf::peers
