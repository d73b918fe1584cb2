// kernel_cache_key: the fields of the key, in a fixed order.
#include "autotune/kernel_key.h"

#include <sstream>

#include "autotune/tuner.h"
#include "kf_source_id.h"

namespace kf {

std::string kernel_cache_key(const OpDesc& desc, const Template& tmpl, const Config& config,
                             const Halide::Target& target) {
  std::ostringstream key;
  key << "kforge kernel key 1\n"
      << "source " << KF_SOURCE_ID << "\n"
      << "tools " << tool_versions() << "\n"
      << "target " << target.to_string() << "\n"
      << "op " << desc.op() << " " << desc.key() << "\n"
      << "template " << tmpl.name() << " v" << tmpl.version() << "\n"
      << "knobs " << tmpl.knob_space(desc, target).encode(config) << "\n";
  return key.str();
}

}  // namespace kf
