// NormDesc: one normalisation problem (inference), as a user states it. Five ops share it:
//
//   bnorm    batch norm with given statistics: y = (x - mean[c]) / sqrt(var[c] + eps) * gamma[c]
//            + beta[c]; benchdnn grammar mbXicX_idXihXiwX_epsF_nS; layouts NCHW/NHWC (+1D/3D).
//   gnorm    group norm: statistics per (sample, group of ic/g channels) over the group's
//            channels and all spatial positions; per-channel gamma/beta; grammar gXmbXicX_...
//   inorm    instance norm: gnorm with g == ic; grammar mbXicX_idXihXiwX (g optional, == ic).
//   lnorm    layer norm over the last `norm_dims` dims of a dense tensor, gamma/beta of exactly
//            those dims (torch.nn.LayerNorm); grammar TxNxC (dims by 'x'), tag _ndD.
//   rmsnorm  y = x / sqrt(mean(x^2) + eps) * gamma over the last `norm_dims` dims; lnorm grammar.
//
// Variance is biased (divided by the count), epsilon sits inside the square root. The default
// epsilon is benchdnn's 1/16; "_epsF" sets it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/op_desc.h"

namespace kf {

enum class NormKind { kBatch, kGroup, kInstance, kLayer, kRms };

/// Channel position of bnorm/gnorm/inorm tensors (lnorm/rmsnorm tensors are dense row-major).
enum class NormLayout { kNCHW, kNHWC };

constexpr double kDefaultNormEpsilon = 1.0 / 16;  // benchdnn's default
constexpr int kMaxNormSpatialRank = 3;
constexpr int kMaxNormDims = 6;  // lnorm/rmsnorm tensor rank

struct NormDesc final : public OpDesc {
  NormKind kind = NormKind::kBatch;
  // bnorm, gnorm, inorm: batch, channels, spatial sizes outermost first (d, h, w).
  int64_t mb = 2;
  int64_t ic = 0;
  int64_t groups = 1;    ///< gnorm; inorm keeps groups == ic; bnorm 1
  int spatial_rank = 0;  ///< 0..3
  std::array<int64_t, kMaxNormSpatialRank> spatial{};
  NormLayout layout = NormLayout::kNHWC;
  // lnorm, rmsnorm: the tensor's dims outermost first; the last `norm_dims` are normalised.
  std::vector<int64_t> dims;
  int norm_dims = 1;
  double epsilon = kDefaultNormEpsilon;
  std::string name;  ///< benchdnn's n"..." without quotes; may be empty

  /// True for lnorm and rmsnorm (dense tensor, normalised over trailing dims).
  bool row_wise() const { return kind == NormKind::kLayer || kind == NormKind::kRms; }
  /// Elements of one normalised slice (lnorm/rmsnorm row, gnorm/inorm group; 1 for bnorm).
  int64_t reduction_size() const;
  /// Number of independent statistics (rows, or mb * groups; ic for bnorm).
  int64_t statistics_count() const;
  /// Input (= output) shape outermost first, in the user's layout.
  std::vector<int64_t> input_shape() const;
  /// The normalised shape: lnorm/rmsnorm's trailing dims; {ic} for the channel ops.
  std::vector<int64_t> parameter_shape() const;

  // OpDesc: op "bnorm", "gnorm", "inorm", "lnorm" or "rmsnorm".
  std::string op() const override;
  std::string to_string() const override;
  std::string key() const override;
  std::string layer_name() const override { return name; }
  void set_batch(int64_t batch) override;
  void set_layout(const std::string& layout) override;
  /// Counts per element: bnorm 2 (one multiply-add), rmsnorm 4, lnorm/gnorm/inorm 8.
  double flops() const override;
  /// bnorm: input, mean, variance (test values >= 0), gamma, beta (each [ic]);
  /// gnorm/inorm: input, gamma, beta ([ic]); lnorm: input, gamma, beta (normalised shape);
  /// rmsnorm: input, gamma.
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  double tolerance() const override;
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<NormDesc>(*this); }

  bool operator==(const NormDesc& other) const;
  bool operator!=(const NormDesc& other) const { return !(*this == other); }
};

/// The op name of `kind` ("bnorm", ...).
std::string norm_op_name(NormKind kind);

/// Checks every rule; throws InputError naming the entry ("ic", "g", "eps", "nd", "dims", ...)
/// and the rule: sizes positive and at most 2^31 - 1; g divides ic (inorm: g == ic); eps
/// positive and finite; lnorm/rmsnorm have 1..6 dims and 1 <= nd <= dims; the input has at most
/// 2^31 - 1 elements (Halide addresses buffers with 32-bit indices); the name has no quote,
/// whitespace or control character and does not end in "*N".
void validate(const NormDesc& desc);

/// Parses one descriptor of `kind`'s grammar (see the file comment) with KernelForge tags
/// "nchw"/"nhwc" (channel ops; default nhwc), "ndD" (lnorm/rmsnorm: normalise the last D dims;
/// default 1), "epsF". benchdnn option words may precede it, separated by whitespace:
/// --tag (abx/axb families, tnc/ntc for lnorm), --stat_tag (lnorm: ignored, no statistics are
/// written), --dir=FWD_I (or FWD_D where it gives the same output), --dt=f32, --flags naming
/// exactly what the op computes (bnorm GCH, lnorm/gnorm CH, rmsnorm CM). Any other option is
/// rejected naming it. A "*N" name suffix is a multiplicity, returned in `multiplicity`.
NormDesc parse_norm(NormKind kind, const std::string& text, int* multiplicity = nullptr);

/// parse_norm for a line of a shape file: the descriptor (shared) and its multiplicity.
OpEntry parse_norm_entry(NormKind kind, const std::string& text);

/// Canonical text such that parse_norm(desc.kind, to_string(desc)) == desc.
std::string to_string(const NormDesc& desc);

}  // namespace kf
