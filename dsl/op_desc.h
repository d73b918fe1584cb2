// OpDesc: what every op descriptor offers the rest of KernelForge (tuner, database, emitter,
// CLI), whatever the op: its canonical text, the tensors it reads and writes, its cost, and its
// naive reference. Concrete descriptors (ConvDesc, ...) derive from it; code that handles one op
// family works with the concrete type, generic code with OpDesc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kf {

/// Element type of a tensor of an op's interface. Activations, weights and outputs are f32; u8
/// covers 8-bit images entering a pre-processing op.
enum class ElementType { kF32, kU8 };

/// Bytes of one element of `type` (4 or 1).
int element_size(ElementType type);

/// The type as the emitted C header and messages spell it: "float32" or "uint8".
const char* element_type_name(ElementType type);

/// One tensor of an op's interface.
struct TensorSpec {
  std::string role;            ///< parameter name, e.g. "input", "weights", "bias", "gamma"
  std::vector<int64_t> shape;  ///< dense, outermost dimension first
  std::string layout;          ///< how a user reads the shape, e.g. "NHWC", "HWIO", "[oc]"
  /// Range of the random test values (e.g. a variance must not be negative).
  double test_min = -1.0;
  double test_max = 1.0;
  /// Element type; u8 test values are the integers in [test_min, test_max].
  ElementType type = ElementType::kF32;
};

class OpDesc {
 public:
  virtual ~OpDesc() = default;

  /// The op family, e.g. "conv". It prefixes database keys and selects the parser.
  virtual std::string op() const = 0;
  /// Canonical descriptor text (the op's benchdnn grammar plus KernelForge tags) that parses
  /// back to an equal descriptor with parse_op(op(), text).
  virtual std::string to_string() const = 0;
  /// The layer's name (benchdnn's n"..."), possibly empty.
  virtual std::string layer_name() const = 0;
  /// Replaces the batch size (benchdnn's --mb) and re-validates; InputError if invalid.
  virtual void set_batch(int64_t batch) = 0;
  /// Sets the user-facing layout ("nhwc" or "nchw", with its 1D/3D kin); InputError with field
  /// "--layout" when the op has no such layout.
  virtual void set_layout(const std::string& layout);
  /// Arithmetic operations (a multiply-add counts 2).
  virtual double flops() const = 0;
  /// Bytes that any implementation must move at least: every input read once, the output
  /// written once, at element_size() bytes per element of each tensor's type.
  virtual double min_bytes() const;
  /// Tensors read, in the order of the generated function's parameters.
  virtual std::vector<TensorSpec> inputs() const = 0;
  /// The tensor written.
  virtual TensorSpec output() const = 0;
  /// Computes the op naively (double accumulation) from dense tensors in the order of inputs().
  /// Every input arrives as f32, whatever its TensorSpec::type: a u8 tensor is passed converted
  /// to float (exactly, as every u8 value is a float). One signature for all ops keeps the
  /// reference a plain specification of the math; the kernel under test still reads the u8
  /// tensor itself (Problem holds both).
  virtual void reference(const std::vector<const float*>& inputs, float* output) const = 0;
  /// Largest acceptable |out - ref| / (1 + |ref|) for an f32 implementation of this workload.
  virtual double tolerance() const = 0;
  virtual std::unique_ptr<OpDesc> clone() const = 0;

  /// Database and cache key: op() + ":" + the canonical text without the name.
  virtual std::string key() const = 0;
};

/// Number of elements of a dense tensor of `shape`.
int64_t element_count(const std::vector<int64_t>& shape);

/// Ops that parse_op knows, e.g. {"conv"}.
std::vector<std::string> known_ops();

/// Parses `text` as a descriptor of `op`. `text` may also start with "<op>:" (as keys do), which
/// then overrides `op`. Throws InputError naming the field and rule, or field "op" for an
/// unknown op.
std::unique_ptr<OpDesc> parse_op(const std::string& op, const std::string& text);

/// One workload of a list: the descriptor, its multiplicity in the network ("*N") and line.
struct OpEntry {
  std::shared_ptr<const OpDesc> desc;
  int multiplicity = 1;
  int line = 0;
};

/// Parses `text_or_path` as one descriptor of `op` or, when it names a file, as a benchdnn
/// shape file of that op (comments, blank lines, "*N"); `mb_override` > 0 replaces the batch.
std::vector<OpEntry> parse_op_list(const std::string& op, const std::string& text_or_path,
                                   int64_t mb_override = 0);

}  // namespace kf
