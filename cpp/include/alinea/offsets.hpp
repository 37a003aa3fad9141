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

} // namespace alinea
