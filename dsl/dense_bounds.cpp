// constrain_dense: see the header.
#include "dsl/dense_bounds.h"

namespace kf {

void constrain_dense(Halide::OutputImageParam p, const std::vector<int64_t>& shape) {
  const int dims = static_cast<int>(shape.size());
  int64_t stride = 1;
  for (int d = 0; d < dims; ++d) {
    const int64_t extent = shape[dims - 1 - d];
    p.dim(d).set_bounds(0, static_cast<int>(extent)).set_stride(static_cast<int>(stride));
    stride *= extent;
  }
}

}  // namespace kf
