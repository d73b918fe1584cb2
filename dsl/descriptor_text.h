// The pieces of benchdnn's descriptor grammar that every op's parser shares: numbers, tags,
// names with their "*N" multiplicity, and the "descriptor" error for malformed text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "dsl/input_error.h"

namespace kf::descriptor_text {

/// Largest number a descriptor entry may hold (sizes are indexed with 32-bit ints).
constexpr int64_t kMaxNumber = 2147483647;

/// The error for malformed descriptor text: field "descriptor".
InputError malformed(const std::string& rule);

bool is_digit(char c);

/// True when `tag` stands at `pos` as a whole word: followed by '_' or the end of the text.
bool tag_at(const std::string& text, size_t pos, const std::string& tag);

/// Parses the decimal number of entry `name` starting at `pos` and advances past it; malformed()
/// when there is no digit or the number exceeds kMaxNumber.
int64_t parse_number(const std::string& text, size_t& pos, const std::string& name);

/// Splits a "*N" multiplicity suffix off `name` and returns N (1 when absent); InputError with
/// field "n" for a zero or too large N.
int split_multiplicity(std::string& name);

/// Reads benchdnn's nNAME / n"NAME" starting at the 'n' and advances past it. An unquoted name
/// runs to the end of the text, as in benchdnn.
std::string parse_name(const std::string& text, size_t& pos);

/// `s` without leading and trailing whitespace.
std::string trim(const std::string& s);

}  // namespace kf::descriptor_text
