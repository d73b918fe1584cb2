// The peer of kf_image_blob_bench: blobFromImage as a careful engineer writes it by hand in C++.
#pragma once

#include <cstdint>

#include "dsl/image_blob_desc.h"

namespace kf::bench {

/// Rows (n, y) in parallel over `threads` OpenMP threads; per row, each output plane reads its
/// source channel with stride ic and the compiler vectorises the x loop (the file is compiled
/// with -O3 -march=native). Writes the NCHW blob of `d` (which must have layout nchw); returns 0.
int image_blob_cpp_loop(const ImageBlobDesc& d, const uint8_t* image, float* out, int threads);

}  // namespace kf::bench
