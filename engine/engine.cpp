// Engine: schedule lookup (database best or baseline), compilation through the shared JIT
// session, and plain-pointer calls with weights packed once.
#include "engine/engine.h"

#include <HalideBuffer.h>
#include <sys/stat.h>

#include <cstdio>

#include "autotune/database.h"
#include "autotune/tuner.h"
#include "dsl/input_error.h"
#include "jit/jit_session.h"
#include "jit/object_cache.h"
#include "schedules/op_template.h"

namespace kf {

namespace {

llvm::Error engine_error(const std::string& message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

// A non-owning Halide buffer over `data`, dense with `spec`'s shape and element type.
Halide::Runtime::Buffer<void> wrap(const TensorSpec& spec, const void* data) {
  const std::vector<int> sizes(spec.shape.rbegin(), spec.shape.rend());
  const halide_type_t type =
      spec.type == ElementType::kU8 ? halide_type_of<uint8_t>() : halide_type_of<float>();
  return Halide::Runtime::Buffer<void>(type, const_cast<void*>(data), sizes);
}

}  // namespace

EngineKernel::EngineKernel(std::shared_ptr<JitSession> session, std::unique_ptr<OpDesc> desc,
                           OpKernel kernel, std::string schedule)
    : session_(std::move(session)),
      desc_(std::move(desc)),
      inputs_(desc_->inputs()),
      output_(desc_->output()),
      kernel_(std::move(kernel)),
      schedule_(std::move(schedule)) {}

int EngineKernel::prepare(const std::vector<const void*>& inputs) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  return prepare_locked(inputs);
}

int EngineKernel::prepare_locked(const std::vector<const void*>& inputs) {
  if (inputs.size() != inputs_.size()) return kWrongInputCount;
  std::vector<Halide::Runtime::Buffer<void>> wrapped;
  std::vector<halide_buffer_t*> buffers;
  for (size_t i = 0; i < inputs.size(); ++i) wrapped.push_back(wrap(inputs_[i], inputs[i]));
  for (auto& b : wrapped) buffers.push_back(b.raw_buffer());
  buffers.push_back(nullptr);  // the output slot: packing stages do not read it
  const int code = kernel_.prepare(buffers.data(), static_cast<int>(buffers.size()));
  prepared_.store(code == 0, std::memory_order_release);
  return code;
}

int EngineKernel::run(const std::vector<const void*>& inputs, float* output) {
  if (inputs.size() != inputs_.size()) return kWrongInputCount;
  if (kernel_.needs_prepare() && !prepared_.load(std::memory_order_acquire)) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    if (!prepared_.load(std::memory_order_relaxed)) {
      if (int code = prepare_locked(inputs)) return code;
    }
  }
  std::shared_lock<std::shared_mutex> lock(mutex_);
  std::vector<Halide::Runtime::Buffer<void>> wrapped;
  std::vector<halide_buffer_t*> buffers;
  for (size_t i = 0; i < inputs.size(); ++i) wrapped.push_back(wrap(inputs_[i], inputs[i]));
  wrapped.push_back(wrap(output_, output));
  for (auto& b : wrapped) buffers.push_back(b.raw_buffer());
  return kernel_.run(buffers.data(), static_cast<int>(buffers.size()));
}

Engine::Engine(EngineOptions options, std::shared_ptr<JitSession> session,
               std::unique_ptr<Database> database)
    : options_(std::move(options)), session_(std::move(session)), database_(std::move(database)) {}

Engine::~Engine() = default;

llvm::Expected<std::unique_ptr<Engine>> Engine::create(const EngineOptions& options) {
  if (options.threads < 1) {
    return engine_error("EngineOptions.threads must be at least 1, got " +
                        std::to_string(options.threads));
  }
  std::unique_ptr<Database> database;
  if (!options.database_path.empty()) {
    struct stat info;
    if (stat(options.database_path.c_str(), &info) != 0) {
      return engine_error("EngineOptions.database_path: no such file '" + options.database_path +
                          "' (tune with kforge tune --db first, or leave it empty for baselines)");
    }
    try {
      database = Database::open(options.database_path);
    } catch (const std::exception& e) {
      return engine_error("EngineOptions.database_path: " + std::string(e.what()));
    }
  }
  auto session = JitSession::create(Halide::get_host_target());
  if (!session) return session.takeError();
  auto cache = ObjectCache::from_option_or_environment(options.cache_dir);
  if (!cache) return engine_error("EngineOptions.cache_dir: " + llvm::toString(cache.takeError()));
  (*session)->set_object_cache(std::move(*cache));
  (*session)->set_num_threads(options.threads);
  return std::unique_ptr<Engine>(
      new Engine(options, std::shared_ptr<JitSession>(std::move(*session)), std::move(database)));
}

ObjectCache* Engine::object_cache() const { return session_->object_cache(); }

llvm::Expected<std::unique_ptr<EngineKernel>> Engine::kernel(const std::string& op,
                                                             const std::string& descriptor) {
  try {
    return kernel(*parse_op(op, descriptor));
  } catch (const InputError& e) {
    return engine_error(e.what());
  }
}

llvm::Expected<std::unique_ptr<EngineKernel>> Engine::kernel(const OpDesc& desc) {
  std::lock_guard<std::mutex> lock(mutex_);
  const Halide::Target& target = session_->kernel_target();
  const Template* tmpl = nullptr;
  Config config;
  std::string schedule;
  try {
    if (database_) {
      if (auto best = database_->best(desc.key(), target_key(*session_), options_.threads)) {
        try {
          const ResolvedSchedule resolved = resolve_schedule(desc, *best, target);
          tmpl = resolved.tmpl;
          config = resolved.config;
          char timing[64];
          std::snprintf(timing, sizeof timing, "tuned (%.3f ms): ", best->min_seconds * 1e3);
          schedule = timing;
        } catch (const InputError& e) {
          // A record of an older template version: the baseline serves until a retune.
          schedule = std::string("baseline (database record unusable: ") + e.what() + "): ";
        }
      }
    }
    if (!tmpl) {
      const std::vector<const Template*> templates = templates_for(desc);
      if (templates.empty()) return engine_error("no schedule template applies to " + desc.key());
      tmpl = templates.front();
      config = tmpl->baseline(desc, target);
      if (schedule.empty()) schedule = "baseline: ";
    }
    schedule += tmpl->name() + " v" + std::to_string(tmpl->version()) + " {" +
                tmpl->knob_space(desc, target).encode(config) + "}";
  } catch (const std::exception& e) {
    return engine_error(e.what());
  }
  llvm::Expected<OpKernel> compiled = compile_config(*session_, desc, *tmpl, config);
  if (!compiled) return compiled.takeError();
  return std::make_unique<EngineKernel>(session_, desc.clone(), std::move(*compiled),
                                        std::move(schedule));
}

}  // namespace kf
