// SPDX-License-Identifier: MIT
// Conversion between UTF-8 byte offsets (used inside the core) and code-point offsets
// (used at every public boundary where a user indexes a string, such as Python's str).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace alinea {

/// An index over one UTF-8 text that maps byte offsets to code-point offsets in O(1) and back
/// in O(log n). It stores no pointer to the text: every call takes the same text it was built
/// from, so the owner can move freely. For pure-ASCII text the index is empty and both
/// conversions are the identity.
class offset_map {
public:
  offset_map() = default;
  explicit offset_map(std::string_view text);

  /// Code-point offset of byte offset `byte` (on a character boundary, at most text.size()).
  std::size_t to_code_point(std::string_view text, std::size_t byte) const noexcept;
  /// Byte offset of code-point offset `cp`; `cp` is clamped to the code-point count.
  std::size_t to_byte(std::string_view text, std::size_t cp) const noexcept;
  std::size_t code_point_count() const noexcept { return cp_count_; }
  bool ascii() const noexcept { return block_start_cp_.empty(); }

private:
  static constexpr std::size_t block_bits = 8; // 256-byte blocks
  std::size_t cp_count_ = 0;
  std::vector<std::size_t> block_start_cp_; // code points before each block; empty if ASCII
};

/// Converts between code points and bytes of one text by walking forwards from the position
/// asked last, so that a pass in text order (annotations in document order) costs time linear
/// in the text, whatever the number of conversions; a step backwards asks the offset_map.
/// Holds views of the text and the map, which must outlive it.
class offset_cursor {
public:
  offset_cursor(std::string_view text, const offset_map &map) noexcept : text_(text), map_(map) {}
  /// Byte offset of code point `cp` (clamped to the text's end).
  std::size_t to_byte(std::size_t cp) noexcept;
  /// Code-point offset of byte offset `byte` (on a character boundary, at most text.size()).
  std::size_t to_code_point(std::size_t byte) noexcept;

private:
  std::string_view text_;
  const offset_map &map_;
  std::size_t byte_ = 0; // a character boundary
  std::size_t cp_ = 0;   // its code-point offset
};

} // namespace alinea
