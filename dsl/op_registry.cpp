// The ops parse_op knows, and the generic "descriptor or shape file" front door. Adding an op
// means adding one row to kParsers (a function-local table, no static registration).
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "dsl/conv_desc.h"
#include "dsl/deconv_desc.h"
#include "dsl/image_blob_desc.h"
#include "dsl/input_error.h"
#include "dsl/norm_desc.h"
#include "dsl/op_desc.h"
#include "dsl/reorder_desc.h"
#include "dsl/resize_conv_desc.h"
#include "dsl/softmax_desc.h"

namespace kf {

namespace {

// Parses one line of `op`'s grammar (with a possible "*N" multiplicity in the name).
using EntryParser = OpEntry (*)(const std::string& text);

OpEntry parse_conv_op_entry(const std::string& text) {
  ShapeEntry entry = parse_conv_entry(text);
  return OpEntry{std::make_shared<ConvDesc>(std::move(entry.desc)), entry.multiplicity, 0};
}

OpEntry parse_softmax_op_entry(const std::string& text) {
  int multiplicity = 1;
  SoftmaxDesc desc = parse_softmax(text, &multiplicity);
  return OpEntry{std::make_shared<SoftmaxDesc>(std::move(desc)), multiplicity, 0};
}

OpEntry parse_reorder_op_entry(const std::string& text) {
  int multiplicity = 1;
  ReorderDesc desc = parse_reorder(text, &multiplicity);
  return OpEntry{std::make_shared<ReorderDesc>(std::move(desc)), multiplicity, 0};
}

struct OpParser {
  const char* op;
  EntryParser parse;
};

const OpParser kParsers[] = {
    {"conv", parse_conv_op_entry},
    {"deconv",
     [](const std::string& t) {
       auto [desc, multiplicity] = parse_deconv_entry(t);
       return OpEntry{std::make_shared<DeconvDesc>(std::move(desc)), multiplicity, 0};
     }},
    {"softmax", parse_softmax_op_entry},
    {"reorder", parse_reorder_op_entry},
    {"bnorm", [](const std::string& t) { return parse_norm_entry(NormKind::kBatch, t); }},
    {"gnorm", [](const std::string& t) { return parse_norm_entry(NormKind::kGroup, t); }},
    {"inorm", [](const std::string& t) { return parse_norm_entry(NormKind::kInstance, t); }},
    {"lnorm", [](const std::string& t) { return parse_norm_entry(NormKind::kLayer, t); }},
    {"rmsnorm", [](const std::string& t) { return parse_norm_entry(NormKind::kRms, t); }},
    {"image_blob",
     [](const std::string& t) {
       int multiplicity = 1;
       ImageBlobDesc desc = parse_image_blob(t, &multiplicity);
       return OpEntry{std::make_shared<ImageBlobDesc>(std::move(desc)), multiplicity, 0};
     }},
    {"resize_conv",
     [](const std::string& t) {
       auto [desc, multiplicity] = parse_resize_conv_entry(t);
       return OpEntry{std::make_shared<ResizeConvDesc>(std::move(desc)), multiplicity, 0};
     }},
};

EntryParser parser_for(const std::string& op) {
  for (const OpParser& p : kParsers) {
    if (op == p.op) return p.parse;
  }
  std::string known;
  for (const OpParser& p : kParsers) known += (known.empty() ? "" : ", ") + std::string(p.op);
  throw InputError("op", "unknown op '" + op + "' (known: " + known + ")");
}

// Splits an "<op>:" prefix off `text` when it names a known op.
std::pair<std::string, std::string> split_op_prefix(const std::string& op,
                                                    const std::string& text) {
  const size_t colon = text.find(':');
  const size_t quote = text.find('"');
  if (colon != std::string::npos && (quote == std::string::npos || colon < quote)) {
    const std::string prefix = text.substr(0, colon);
    for (const OpParser& p : kParsers) {
      if (prefix == p.op) return {prefix, text.substr(colon + 1)};
    }
  }
  return {op, text};
}

// Drops a '#' comment (a '#' inside a quoted name is kept) and surrounding whitespace.
std::string strip_comment(const std::string& line) {
  bool quoted = false;
  size_t end = line.size();
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == '#' && !quoted) {
      end = i;
      break;
    }
  }
  size_t b = 0;
  while (b < end && std::isspace(static_cast<unsigned char>(line[b]))) ++b;
  while (end > b && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
  return line.substr(b, end - b);
}

OpEntry parse_entry(const std::string& op, const std::string& text, int64_t mb_override) {
  const auto [which, body] = split_op_prefix(op, text);
  OpEntry entry = parser_for(which)(body);
  if (mb_override > 0) {
    std::unique_ptr<OpDesc> copy = entry.desc->clone();
    copy->set_batch(mb_override);
    entry.desc = std::move(copy);
  }
  return entry;
}

std::vector<OpEntry> read_shape_file(const std::string& op, const std::string& path,
                                     int64_t mb_override) {
  std::ifstream in(path);
  if (!in) throw InputError(path, std::string("cannot read shape file: ") + std::strerror(errno));
  std::vector<OpEntry> entries;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    const std::string text = strip_comment(line);
    if (text.empty()) continue;
    try {
      OpEntry entry = parse_entry(op, text, mb_override);
      entry.line = line_no;
      entries.push_back(std::move(entry));
    } catch (const InputError& e) {
      throw InputError(path + ":" + std::to_string(line_no), e.field() + ": " + e.rule());
    }
  }
  if (in.bad()) throw InputError(path, "read error while reading the shape file");
  return entries;
}

}  // namespace

void OpDesc::set_layout(const std::string& layout) {
  throw InputError("--layout", op() + " takes no layout, got '" + layout + "'");
}

double OpDesc::min_bytes() const {
  auto bytes = [](const TensorSpec& t) {
    return static_cast<double>(element_count(t.shape)) * element_size(t.type);
  };
  double total = bytes(output());
  for (const TensorSpec& t : inputs()) total += bytes(t);
  return total;
}

int element_size(ElementType type) { return type == ElementType::kU8 ? 1 : 4; }

const char* element_type_name(ElementType type) {
  return type == ElementType::kU8 ? "uint8" : "float32";
}

int64_t element_count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::vector<std::string> known_ops() {
  std::vector<std::string> ops;
  for (const OpParser& p : kParsers) ops.push_back(p.op);
  return ops;
}

std::unique_ptr<OpDesc> parse_op(const std::string& op, const std::string& text) {
  return parse_entry(op, text, 0).desc->clone();
}

std::vector<OpEntry> parse_op_list(const std::string& op, const std::string& text_or_path,
                                   int64_t mb_override) {
  if (mb_override < 0) {
    throw InputError("--mb", "must be positive, or 0 to keep each descriptor's mb; got " +
                                 std::to_string(mb_override));
  }
  std::error_code ec;
  if (std::filesystem::is_regular_file(text_or_path, ec)) {
    return read_shape_file(op, text_or_path, mb_override);
  }
  if (std::filesystem::is_directory(text_or_path, ec)) {
    throw InputError(text_or_path, "cannot read shape file: it is a directory");
  }
  try {
    return {parse_entry(op, text_or_path, mb_override)};
  } catch (const InputError& e) {
    // Text that looks like a path most likely names a file that does not exist.
    if (e.field() == "descriptor" && text_or_path.find('/') != std::string::npos) {
      throw InputError(text_or_path, "cannot read shape file: no such file (and as a descriptor: " +
                                         e.rule() + ")");
    }
    throw;
  }
}

}  // namespace kf
