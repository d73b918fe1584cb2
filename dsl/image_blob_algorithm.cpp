// make_image_blob_algorithm: the one definition of blobFromImage-style pre-processing in Halide.
#include "dsl/image_blob_algorithm.h"

#include "dsl/dense_bounds.h"

namespace kf {

using Halide::Expr;
using Halide::Var;

namespace {

// `values[c]` of the channel `c` as an f32 expression: a constant for one channel, a mux
// (select chain, constant once `c` is unrolled) otherwise.
Expr per_channel(const Var& c, const std::vector<float>& values) {
  if (values.size() == 1) return Expr(values[0]);
  std::vector<Expr> exprs(values.begin(), values.end());
  return Halide::mux(c, exprs);
}

}  // namespace

std::vector<Halide::Argument> ImageBlobAlgorithm::arguments() const {
  std::vector<Halide::Argument> result = {image};
  if (means.empty()) return result;
  result.push_back(swap_rb);
  for (const Halide::Param<float>& p : means) result.push_back(p);
  for (const Halide::Param<float>& p : factors) result.push_back(p);
  return result;
}

ImageBlobAlgorithm make_image_blob_algorithm(const ImageBlobDesc& desc, const std::string& prefix,
                                             ImageBlobSizes sizes) {
  ImageBlobAlgorithm a;
  a.desc = desc;
  a.image = Halide::ImageParam(Halide::UInt(8), 4, prefix + "_image");
  a.c = Var("c");
  a.x = Var("x");
  a.y = Var("y");
  a.n = Var("n");
  if (desc.layout == BlobLayout::kNhwc) {
    a.args = {a.c, a.x, a.y, a.n};
  } else {
    a.args = {a.x, a.y, a.c, a.n};
  }

  if (sizes == ImageBlobSizes::kRunTime) {
    // The channel read and the constants come from parameters; 2 - min(c, 2) keeps the
    // unselected branch inside the channels read when swapping (bounds take both branches).
    const Expr source = Halide::select(a.swap_rb && a.c < 3, 2 - Halide::min(a.c, 2), Expr(a.c));
    std::vector<Expr> means, factors;
    for (int c = 0; c < 4; ++c) {
      a.means.emplace_back(prefix + "_mean" + std::to_string(c));
      a.factors.emplace_back(prefix + "_factor" + std::to_string(c));
      means.push_back(a.means.back());
      factors.push_back(a.factors.back());
    }
    const Expr value = Halide::cast<float>(a.image(source, a.x, a.y, a.n));
    a.output = Halide::Func(prefix + "_output");
    a.output(a.args) = (value - Halide::mux(a.c, means)) * Halide::mux(a.c, factors);
    return a;
  }

  // The channel read: 2 - c for the first three channels when swapping R and B. With alpha,
  // 2 - min(c, 2) keeps the bounds of the unselected branch inside [0, 2] (bounds inference
  // takes the union of both branches).
  Expr source = a.c;
  if (desc.swap_rb) {
    source = desc.ic == 3 ? 2 - a.c : Halide::select(a.c < 3, 2 - Halide::min(a.c, 2), a.c);
  }
  std::vector<float> means, factors;
  for (int64_t c = 0; c < desc.ic; ++c) {
    means.push_back(static_cast<float>(desc.mean_of(c)));
    factors.push_back(static_cast<float>(desc.factor_of(c)));
  }
  const Expr value = Halide::cast<float>(a.image(source, a.x, a.y, a.n));
  a.output = Halide::Func(prefix + "_output");
  a.output(a.args) = (value - per_channel(a.c, means)) * per_channel(a.c, factors);

  constrain_dense(a.image, desc.inputs()[0].shape);
  constrain_dense(a.output.output_buffer(), desc.output().shape);
  return a;
}

}  // namespace kf
