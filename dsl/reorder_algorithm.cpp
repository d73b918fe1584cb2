// make_reorder_algorithm: the one definition of a layout conversion. The source is read through
// a Func of logical coordinates (channel, spatial..., batch); the output indexes it in the
// destination's dims. A blocked destination reads zero past the last real channel.
#include "dsl/reorder_algorithm.h"

#include "dsl/dense_bounds.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// Halide coordinates (innermost first) of logical (c, spatial innermost first, n) in `layout`.
std::vector<Expr> physical(ReorderLayout layout, const Expr& c, const std::vector<Expr>& spatial,
                           const Expr& n) {
  std::vector<Expr> coords;
  if (layout == ReorderLayout::kChannelsLast) coords.push_back(c);
  if (layout == ReorderLayout::kBlocked16) coords.push_back(c % static_cast<int>(kChannelBlock));
  coords.insert(coords.end(), spatial.begin(), spatial.end());
  if (layout == ReorderLayout::kChannelsFirst) coords.push_back(c);
  if (layout == ReorderLayout::kBlocked16) coords.push_back(c / static_cast<int>(kChannelBlock));
  coords.push_back(n);
  return coords;
}

}  // namespace

ReorderAlgorithm make_reorder_algorithm(const ReorderDesc& desc, const std::string& prefix,
                                        ReorderSizes sizes) {
  ReorderAlgorithm a;
  a.desc = desc;
  a.runtime_sizes = sizes == ReorderSizes::kRunTime;
  const int rank = desc.spatial_rank;
  const int dims = rank + (desc.src == ReorderLayout::kBlocked16 ? 3 : 2);
  a.input = Halide::ImageParam(Halide::Float(32), dims, prefix + "_input");

  // Logical source: (c, spatial innermost first, n).
  static const char* const kSpatial[] = {"w", "h", "d"};
  Var lc("lc"), ln("ln");
  std::vector<Var> ls;
  std::vector<Expr> ls_expr;
  for (int i = 0; i < rank; ++i) {
    ls.push_back(Var(std::string("l") + kSpatial[i]));
    ls_expr.push_back(ls.back());
  }
  std::vector<Var> logical = {lc};
  logical.insert(logical.end(), ls.begin(), ls.end());
  logical.push_back(ln);

  Func read(prefix + "_read");
  read(logical) = a.input(physical(desc.src, lc, ls_expr, ln));
  a.source = Func(prefix + "_source");
  if (desc.dst == ReorderLayout::kBlocked16) {
    Halide::Region bounds(logical.size());
    bounds[0] = {0, a.runtime_sizes ? Expr(a.channels) : Expr(static_cast<int>(desc.ic))};
    a.source(logical) = Halide::BoundaryConditions::constant_exterior(read, 0.0f, bounds)(logical);
  } else {
    a.source(logical) = read(logical);
  }

  // Destination dims, innermost first.
  Var c("c"), c_lane("c_lane"), c_block("c_block"), n("n");
  std::vector<Var> spatial;
  std::vector<Expr> spatial_expr;
  for (int i = 0; i < rank; ++i) {
    spatial.push_back(Var(kSpatial[i]));
    spatial_expr.push_back(spatial.back());
  }
  Expr channel = c;
  int c_pos = 0;
  if (desc.dst == ReorderLayout::kChannelsLast) a.args.push_back(c);
  if (desc.dst == ReorderLayout::kBlocked16) {
    a.args.push_back(c_lane);
    channel = c_block * static_cast<int>(kChannelBlock) + c_lane;
  }
  a.args.insert(a.args.end(), spatial.begin(), spatial.end());
  if (desc.dst == ReorderLayout::kChannelsFirst) {
    c_pos = static_cast<int>(a.args.size());
    a.args.push_back(c);
  }
  if (desc.dst == ReorderLayout::kBlocked16) a.args.push_back(c_block);
  a.args.push_back(n);

  std::vector<Expr> at = {channel};
  at.insert(at.end(), spatial_expr.begin(), spatial_expr.end());
  at.push_back(n);
  a.output = Func(prefix + "_output");
  a.output(a.args) = a.source(at);

  // The source's innermost dim as a position in args: w for channels first, else the channel
  // (c or c_lane).
  const int w_pos = desc.dst == ReorderLayout::kChannelsFirst ? 0 : 1;
  a.dst_inner_dim = 0;
  if (desc.src == ReorderLayout::kChannelsFirst) {
    a.src_inner_dim = w_pos;
  } else {
    a.src_inner_dim = desc.dst == ReorderLayout::kChannelsFirst ? c_pos : 0;
  }
  for (int d = 0; d < static_cast<int>(a.args.size()); ++d) {
    if (d != a.dst_inner_dim && d != a.src_inner_dim) a.outer_dims.push_back(d);
  }

  if (a.runtime_sizes) return a;
  constrain_dense(a.input, desc.shape(desc.src));
  constrain_dense(a.output.output_buffer(), desc.shape(desc.dst));
  return a;
}

}  // namespace kf
