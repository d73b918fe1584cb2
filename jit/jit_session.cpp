// JitSession: LLJIT construction from Halide's target choice, the runtime JITDylib, and
// compilation of Halide pipelines into callable kernels.
#include "jit/jit_session.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/SubtargetFeature.h>
#include <llvm/Support/SHA1.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <cstdlib>
#include <optional>

#include "jit/halide_errors.h"
#include "jit/nontemporal_stores.h"

namespace kf {

namespace {

// Halide's choice of CPU, features and options for `module` (read from the module flags that
// Halide's code generator sets), as an ORC target machine builder.
llvm::orc::JITTargetMachineBuilder target_machine_builder(const llvm::Module& module) {
  llvm::TargetOptions options;
  std::string cpu, features;
  Halide::Internal::get_target_options(module, options, cpu, features);
  llvm::orc::JITTargetMachineBuilder builder{llvm::Triple(module.getTargetTriple())};
  builder.setCPU(cpu);
  llvm::SubtargetFeatures parsed(features);
  for (const std::string& f : parsed.getFeatures()) builder.getFeatures().AddFeature(f);
  builder.setOptions(options);
  builder.setRelocationModel(llvm::Reloc::PIC_);
  // The large code model: RuntimeDyld maps a kernel's code and its constant data in separate
  // blocks, each near the previous block of its kind, and they (or the runtime) can end up more
  // than 2 GiB apart once the process has mapped large tensors in between; 32-bit displacements
  // then overflow and the kernel crashes (seen in the norm benchmark). 64-bit addressing costs a
  // few instructions outside the inner loops.
  builder.setCodeModel(llvm::CodeModel::Large);
  builder.setCodeGenOptLevel(llvm::CodeGenOpt::Aggressive);
  return builder;
}

// The debug switch: with KF_DUMP_DIR set, every kernel's lowered statement, LLVM IR and
// assembly are written there (as <kernel>.stmt, .ll, .s), so a performance question can start
// from the machine code. The IR and assembly are those of `module` as the JIT compiles it (after
// our own IR passes).
void dump_artefacts(const Halide::Module& lowered, const llvm::Module& module) {
  const char* dir = std::getenv("KF_DUMP_DIR");
  if (!dir || !*dir) return;
  const std::string stem = std::string(dir) + "/" + lowered.name();
  lowered.compile({{Halide::OutputFileType::stmt, stem + ".stmt"}});
  std::unique_ptr<llvm::raw_fd_ostream> ir = Halide::make_raw_fd_ostream(stem + ".ll");
  module.print(*ir, nullptr);
  std::unique_ptr<llvm::Module> copy = llvm::CloneModule(module);
  Halide::compile_llvm_module_to_assembly(*copy, *Halide::make_raw_fd_ostream(stem + ".s"));
}

}  // namespace

JitSession::JitSession(std::unique_ptr<llvm::orc::LLJIT> jit,
                       std::unique_ptr<llvm::TargetMachine> machine, Halide::Target target)
    : jit_(std::move(jit)), machine_(std::move(machine)), kernel_target_(std::move(target)) {}

JitSession::~JitSession() {
  // Worker threads run code inside the JIT's memory: stop them before the LLJIT (and that
  // memory) goes away.
  if (pool_) pool_->stop_workers();
  if (shutdown_thread_pool_) shutdown_thread_pool_();
}

llvm::Expected<std::unique_ptr<JitSession>> JitSession::create(const Halide::Target& target) {
  // The kernels' parallel loops run on the session's spinning pool, not on Halide's (unless
  // KF_THREAD_POOL=halide asks for Halide's, to compare the two).
  const char* pool_choice = std::getenv("KF_THREAD_POOL");
  const std::string pool = pool_choice ? pool_choice : "spinning";
  if (pool != "spinning" && pool != "halide") {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "KF_THREAD_POOL: must be 'spinning' (the default) or 'halide', "
                                   "got '%s'",
                                   pool.c_str());
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  // The runtime: an empty Halide module compiled with the runtime linked in.
  const Halide::Target runtime_target =
      target.without_feature(Halide::Target::NoRuntime).without_feature(Halide::Target::JIT);
  auto context = std::make_unique<llvm::LLVMContext>();
  auto runtime =
      lower_to_llvm([&] { return Halide::Module("kf_halide_runtime", runtime_target); }, *context);
  if (!runtime) return runtime.takeError();

  llvm::orc::JITTargetMachineBuilder machine_builder = target_machine_builder(**runtime);
  auto machine = machine_builder.createTargetMachine();
  if (!machine) return machine.takeError();
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(machine_builder).create();
  if (!jit) return jit.takeError();

  const llvm::DataLayout& layout = (*jit)->getDataLayout();
  auto process =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(layout.getGlobalPrefix());
  if (!process) return process.takeError();

  auto runtime_dylib = (*jit)->createJITDylib("halide_runtime");
  if (!runtime_dylib) return runtime_dylib.takeError();
  runtime_dylib->addGenerator(std::move(*process));
  if (llvm::Error error = (*jit)->addIRModule(
          *runtime_dylib, llvm::orc::ThreadSafeModule(std::move(*runtime), std::move(context)))) {
    return std::move(error);
  }
  // Kernels resolve runtime symbols first, then the process.
  (*jit)->getMainJITDylib().addToLinkOrder(*runtime_dylib);

  std::unique_ptr<JitSession> session(
      new JitSession(std::move(*jit), std::move(*machine), kernel_target_for(target)));
  auto set_threads = session->jit_->lookup(*runtime_dylib, "halide_set_num_threads");
  if (!set_threads) return set_threads.takeError();
  session->set_num_threads_ = reinterpret_cast<int (*)(int)>(set_threads->getAddress());
  auto shutdown = session->jit_->lookup(*runtime_dylib, "halide_shutdown_thread_pool");
  if (!shutdown) return shutdown.takeError();
  session->shutdown_thread_pool_ = reinterpret_cast<void (*)()>(shutdown->getAddress());
  if (pool == "spinning") {
    session->pool_ = std::make_shared<SpinningThreadPool>();
    auto set_do_par_for = session->jit_->lookup(*runtime_dylib, "halide_set_custom_do_par_for");
    if (!set_do_par_for) return set_do_par_for.takeError();
    reinterpret_cast<halide_do_par_for_t (*)(halide_do_par_for_t)>(set_do_par_for->getAddress())(
        &SpinningThreadPool::do_par_for);
  }
  return std::move(session);
}

Halide::Target JitSession::kernel_target_for(const Halide::Target& target) {
  return target.with_feature(Halide::Target::NoRuntime).without_feature(Halide::Target::JIT);
}

void JitSession::set_num_threads(int threads) {
  if (pool_) pool_->set_threads(threads);
  // With the spinning pool, Halide's own pool runs nothing of ours; its count is kept in step
  // for any runtime code that asks for it. Halide 14's halide_set_num_threads only caps how many
  // workers get created, so its pool is shut down first.
  if (threads == threads_) return;
  shutdown_thread_pool_();
  set_num_threads_(threads);
  threads_ = threads;
}

void JitSession::stop_worker_threads() {
  if (pool_) pool_->stop_workers();
  shutdown_thread_pool_();
  // Shutting down also forgets the requested count (Halide 14 clears its work queue state).
  if (threads_ > 0) set_num_threads_(threads_);
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> JitSession::generate_object(
    Halide::Pipeline pipeline, const std::vector<Halide::Argument>& arguments,
    const std::string& name, const std::vector<std::string>& streaming_buffers) {
  llvm::LLVMContext context;
  std::optional<Halide::Module> lowered;
  auto module = lower_to_llvm(
      [&] {
        lowered = pipeline.compile_to_module(arguments, name, kernel_target_);
        return *lowered;
      },
      context);
  if (!module) return module.takeError();
  mark_nontemporal_stores(**module, streaming_buffers);
  dump_artefacts(*lowered, **module);
  // Code generation only: Halide has already optimised the IR.
  std::lock_guard<std::mutex> lock(machine_mutex_);
  llvm::orc::SimpleCompiler compiler(*machine_);
  return compiler(**module);
}

llvm::Expected<Kernel> JitSession::load_object(const std::string& name,
                                               std::unique_ptr<llvm::MemoryBuffer> object) {
  llvm::orc::ResourceTrackerSP tracker = jit_->getMainJITDylib().createResourceTracker();
  if (llvm::Error error = jit_->addObjectFile(tracker, std::move(object))) {
    llvm::consumeError(tracker->remove());
    return std::move(error);
  }
  // The lookup links the object.
  auto symbol = jit_->lookup(name + "_argv");
  if (!symbol) {
    llvm::consumeError(tracker->remove());
    return symbol.takeError();
  }
  return Kernel(name, std::make_shared<LoadedCode>(name, std::move(tracker)),
                reinterpret_cast<Kernel::ArgvFunction>(symbol->getAddress()), pool_);
}

llvm::Expected<Kernel> JitSession::compile(Halide::Pipeline pipeline,
                                           const std::vector<Halide::Argument>& arguments,
                                           const CompileOptions& options) {
  if (options.cache_key.empty()) {
    const std::string name = "kf_kernel_" + std::to_string(next_id_++);
    auto object = generate_object(pipeline, arguments, name, options.streaming_buffers);
    if (!object) return object.takeError();
    return load_object(name, std::move(*object));
  }

  // Keyed: one name per key, so that a cached object (which defines that name) can be loaded
  // in any session. The full key is checked by the cache; the name needs only be unique.
  const std::array<uint8_t, 20> digest = llvm::SHA1::hash(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t*>(options.cache_key.data()), options.cache_key.size()));
  const std::string name =
      "kf_" + llvm::toHex(llvm::ArrayRef<uint8_t>(digest).take_front(10), /*LowerCase=*/true);
  std::lock_guard<std::mutex> lock(loaded_mutex_);
  if (auto found = loaded_.find(name); found != loaded_.end()) {
    if (std::shared_ptr<LoadedCode> code = found->second.first.lock()) {
      return Kernel(name, std::move(code), found->second.second, pool_);
    }
    loaded_.erase(found);
  }
  std::optional<Kernel> kernel;
  if (cache_) {
    if (std::unique_ptr<llvm::MemoryBuffer> cached = cache_->load(options.cache_key)) {
      llvm::Expected<Kernel> loaded = load_object(name, std::move(cached));
      if (loaded) {
        kernel = std::move(*loaded);
      } else {
        // A well-formed entry that does not link (say, a runtime symbol it needs is gone):
        // rebuild it rather than fail.
        llvm::errs() << "kforge: object cache: entry " << cache_->entry_path(options.cache_key)
                     << " does not load (" << llvm::toString(loaded.takeError())
                     << "); the kernel is rebuilt\n";
      }
    }
  }
  if (!kernel) {
    auto object = generate_object(pipeline, arguments, name, options.streaming_buffers);
    if (!object) return object.takeError();
    if (cache_) cache_->store(options.cache_key, (*object)->getMemBufferRef());
    llvm::Expected<Kernel> loaded = load_object(name, std::move(*object));
    if (!loaded) return loaded.takeError();
    kernel = std::move(*loaded);
  }
  ++next_id_;
  loaded_[name] = {kernel->code(), kernel->function()};
  return std::move(*kernel);
}

}  // namespace kf
