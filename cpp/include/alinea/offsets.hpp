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

/// Code-point offsets of byte offsets asked for in about ascending order, such as the starts
/// and ends of a layer in document order: a table lookup each (about a nanosecond), in time
/// linear in the text. It holds, for one 128-byte block of the text, how many continuation
/// bytes come before each of its bytes; an offset in that block is answered from the table.
/// Moving to a later block counts the bytes between; moving back to the block held before the
/// last move restores it (the start of an annotation after the end of an overlapping one); a
/// step further back or far forwards asks `to_code_point`, a slow but exact conversion (such
/// as document::to_code_point), called with the same kind of argument. Holds views of the text
/// and of `to_code_point`, which must outlive it.
class code_point_counter {
public:
  /// `ascii`: the text is ASCII (every conversion is the identity).
  template <class Convert>
  code_point_counter(std::string_view text, bool ascii, const Convert &to_code_point) noexcept
      : text_(text), ascii_(ascii), convert_(&to_code_point), call_(&call<Convert>) {
    start();
  }

  /// Code-point offset of byte offset `byte` (on a character boundary, at most text.size()).
  std::size_t to_code_point(std::size_t byte) noexcept {
    if ((byte >> block_bits) != now_.block) move_to(byte);
    return byte - now_.continuations - now_.before[byte & (block_size - 1)];
  }

private:
  static constexpr std::size_t block_bits = 7, block_size = std::size_t{1} << block_bits;
  struct block_state {
    std::size_t block = 0;                 // bytes [block * block_size, (block + 1) * block_size)
    std::size_t continuations = 0;         // continuation bytes before the block
    std::size_t inside = 0;                // continuation bytes in the block
    unsigned char before[block_size] = {}; // continuation bytes in the block before each byte
  };
  template <class Convert> static std::size_t call(const void *convert, std::size_t byte) noexcept {
    return (*static_cast<const Convert *>(convert))(byte);
  }
  void start() noexcept;
  void move_to(std::size_t byte) noexcept;
  void load(std::size_t block) noexcept;
  std::string_view text_;
  bool ascii_;
  const void *convert_;
  std::size_t (*call_)(const void *, std::size_t) noexcept;
  block_state now_, saved_; // saved_: the block held before the last move forwards
};

} // namespace alinea
