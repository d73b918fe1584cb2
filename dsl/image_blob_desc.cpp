// ImageBlobDesc as an OpDesc: tensor specs (u8 NHWC image in, f32 blob out), validate() and the
// naive double-precision reference of blobFromImage's semantics.
#include "dsl/image_blob_desc.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr int64_t kMaxEntry = INT32_MAX;

bool ends_in_multiplicity(const std::string& name) {
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  return digits > 0 && digits < name.size() && name[name.size() - 1 - digits] == '*';
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// Offset of output element (n, c, y, x) in `layout`.
int64_t output_offset(const ImageBlobDesc& d, int64_t n, int64_t c, int64_t y, int64_t x) {
  if (d.layout == BlobLayout::kNhwc) return ((n * d.ih + y) * d.iw + x) * d.ic + c;
  return ((n * d.ic + c) * d.ih + y) * d.iw + x;
}

// The reference for any element type of the image (u8 from users, exact floats from Problem).
template <typename Pixel>
void reference_of(const ImageBlobDesc& d, const Pixel* image, float* output) {
  validate(d);
  for (int64_t n = 0; n < d.mb; ++n) {
    for (int64_t y = 0; y < d.ih; ++y) {
      for (int64_t x = 0; x < d.iw; ++x) {
        const Pixel* pixel = image + ((n * d.ih + y) * d.iw + x) * d.ic;
        for (int64_t c = 0; c < d.ic; ++c) {
          const double value = static_cast<double>(pixel[d.source_channel(c)]);
          const double deviation = d.stddev.empty() ? 1.0 : d.stddev[c];
          output[output_offset(d, n, c, y, x)] =
              static_cast<float>(d.scale * (value - d.mean_of(c)) / deviation);
        }
      }
    }
  }
}

}  // namespace

double ImageBlobDesc::flops() const { return 2.0 * static_cast<double>(mb * ih * iw * ic); }

std::string ImageBlobDesc::to_string() const { return kf::to_string(*this); }

std::string ImageBlobDesc::key() const {
  ImageBlobDesc unnamed = *this;
  unnamed.name.clear();
  return "image_blob:" + kf::to_string(unnamed);
}

void ImageBlobDesc::set_batch(int64_t batch) {
  mb = batch;
  validate(*this);
}

void ImageBlobDesc::set_layout(const std::string& text) {
  if (text == "nchw") {
    layout = BlobLayout::kNchw;
  } else if (text == "nhwc") {
    layout = BlobLayout::kNhwc;
  } else {
    throw InputError("--layout",
                     "image_blob writes its output as nchw or nhwc (the input is always nhwc "
                     "u8), got '" +
                         text + "'");
  }
}

std::vector<TensorSpec> ImageBlobDesc::inputs() const {
  TensorSpec image{"image", {mb, ih, iw, ic}, "NHWC", 0.0, 255.0};
  image.type = ElementType::kU8;
  return {image};
}

TensorSpec ImageBlobDesc::output() const {
  if (layout == BlobLayout::kNhwc) return TensorSpec{"output", {mb, ih, iw, ic}, "NHWC"};
  return TensorSpec{"output", {mb, ic, ih, iw}, "NCHW"};
}

void ImageBlobDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  reference_of(*this, inputs.at(0), output);
}

bool ImageBlobDesc::operator==(const ImageBlobDesc& o) const {
  return mb == o.mb && ih == o.ih && iw == o.iw && ic == o.ic && scale == o.scale &&
         mean == o.mean && stddev == o.stddev && swap_rb == o.swap_rb && layout == o.layout &&
         name == o.name;
}

void validate(const ImageBlobDesc& d) {
  auto check_size = [](const std::string& field, int64_t value) {
    if (value <= 0 || value > kMaxEntry) {
      throw InputError(field, "must be between 1 and " + std::to_string(kMaxEntry) + ", got " +
                                  std::to_string(value));
    }
  };
  check_size("mb", d.mb);
  check_size("ih", d.ih);
  check_size("iw", d.iw);
  if (d.ic != 1 && d.ic != 3 && d.ic != 4) {
    throw InputError("ic", "must be 1, 3 or 4 (gray, BGR or BGRA), got " + std::to_string(d.ic));
  }
  int64_t elements = 1;
  for (int64_t extent : {d.mb, d.ih, d.iw, d.ic}) {
    if (__builtin_mul_overflow(elements, extent, &elements) || elements > kMaxEntry) {
      throw InputError("descriptor", "the image must have at most " + std::to_string(kMaxEntry) +
                                         " elements (32-bit indexing)");
    }
  }
  if (d.swap_rb && d.ic < 3) {
    throw InputError("swaprb", "needs at least 3 channels (it swaps channels 0 and 2), got ic" +
                                   std::to_string(d.ic));
  }
  auto check_per_channel = [&](const std::string& field, const std::vector<double>& values) {
    if (!values.empty() && static_cast<int64_t>(values.size()) != d.ic) {
      throw InputError(field, "needs one value per channel (ic" + std::to_string(d.ic) + "), got " +
                                  std::to_string(values.size()));
    }
  };
  check_per_channel("mean", d.mean);
  for (double m : d.mean) {
    if (!std::isfinite(m)) throw InputError("mean", "values must be finite, got " + number_text(m));
  }
  check_per_channel("std", d.stddev);
  for (double s : d.stddev) {
    if (!std::isfinite(s) || !(s > 0)) {
      throw InputError("std", "values must be finite and positive, got " + number_text(s));
    }
  }
  if (!std::isfinite(d.scale) || d.scale == 0) {
    throw InputError("scale", "must be finite and non-zero, got " + number_text(d.scale));
  }
  for (char c : d.name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || std::isspace(u) || std::iscntrl(u)) {
      throw InputError(
          "n", "name \"" + d.name + "\" must not contain quotes, whitespace or control characters");
    }
  }
  if (ends_in_multiplicity(d.name)) {
    throw InputError("n", "name \"" + d.name + "\" must not end in \"*N\" (that suffix states " +
                              "how often a layer occurs in a shape file)");
  }
}

void image_blob_reference(const ImageBlobDesc& desc, const uint8_t* image, float* output) {
  reference_of(desc, image, output);
}

}  // namespace kf
