// kernel_cache_key: the content key of a compiled kernel for the persistent object cache
// (jit/object_cache.h), made of everything that decides its machine code.
#pragma once

#include <Halide.h>

#include <string>

#include "dsl/op_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// The key of `desc` scheduled by `tmpl` with `config` for `target`: the op and its canonical
/// descriptor (without the layer name), the template's name, version and knob values, the
/// target string, the tool versions (kforge, Halide, LLVM) and KF_SOURCE_ID, a hash of the
/// kernel generator's sources (so that a changed algorithm or schedule never reuses an old
/// object). Readable text, one field a line; JitSession adds the role of each pipeline
/// (compute, packing stage, fallback).
std::string kernel_cache_key(const OpDesc& desc, const Template& tmpl, const Config& config,
                             const Halide::Target& target);

}  // namespace kf
