// SPDX-License-Identifier: MIT
// UTF-8 scanning used by ingest and offsets. No API promise.
#pragma once

#include <alinea/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace alinea::detail {

/// What scan_utf8 found first.
enum class utf8_problem : std::uint8_t { none, invalid, illegal_xml_char };

struct utf8_scan {
  utf8_problem problem = utf8_problem::none;
  std::size_t offset = 0;  ///< byte offset of the first bad sequence
  char32_t code_point = 0; ///< the offending character for illegal_xml_char
  bool ascii = true;       ///< every byte before `offset` (or in the text) is ASCII
};

/// Checks that `text` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF)
/// and holds only characters XML 1.0 allows. Tab, LF, CR are allowed, and so is form feed,
/// which plain-text books use as a page break and ingest replaces.
utf8_scan scan_utf8(std::string_view text) noexcept;

/// Length in bytes of the well-formed sequence starting at `text[i]` (1 for an ASCII byte).
/// Only valid on text that scan_utf8 accepted.
inline std::size_t sequence_length(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

inline bool is_continuation(unsigned char c) noexcept {
  return (c & 0xC0) == 0x80;
}

/// Decodes the code point at text[i] of any bytes, setting `len` to its length: a byte that
/// starts no well-formed sequence decodes as itself, length 1 (for annotators, which take any
/// string_view, not only a document's validated text).
inline char32_t decode_lenient(std::string_view text, std::size_t i, std::size_t &len) noexcept {
  const auto c = static_cast<unsigned char>(text[i]);
  const auto cont = [&](std::size_t k) {
    return i + k < text.size() && (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
  };
  const auto byte = [&](std::size_t k) { return char32_t(static_cast<unsigned char>(text[i + k]) & 0x3F); };
  len = 1;
  if (c >= 0xC2 && c < 0xE0 && cont(1)) {
    len = 2;
    return (char32_t(c & 0x1F) << 6) | byte(1);
  }
  if (c >= 0xE0 && c < 0xF0 && cont(1) && cont(2)) {
    len = 3;
    return (char32_t(c & 0x0F) << 12) | (byte(1) << 6) | byte(2);
  }
  if (c >= 0xF0 && c < 0xF5 && cont(1) && cont(2) && cont(3)) {
    len = 4;
    return (char32_t(c & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
  }
  return c;
}

/// A capital letter: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals (the scripts
/// of the names the annotators meet; others count as not capital).
constexpr bool is_capital_letter(char32_t c) noexcept {
  if (c >= U'A' && c <= U'Z') return true;
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) { // Latin Extended-A: capitals alternate with small letters
    if (c <= 0x137 || (c >= 0x14A && c <= 0x177)) return c % 2 == 0;
    if (c == 0x178) return true;
    return c % 2 == 1 && c != 0x149 && c != 0x17F;
  }
  return (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
}

/// A character of a word: an ASCII letter or digit, or any character from U+00C0 on but the
/// multiplication and division signs, general punctuation and symbols (U+2000-U+2BFF) and CJK
/// punctuation (U+3000-U+303F).
constexpr bool is_word_character(char32_t c) noexcept {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9')) return true;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F);
}

/// The lower-case ASCII letter an accented Latin letter is based on ("É", "é" -> 'e'; "Ł" ->
/// 'l'), for U+00C0-U+017F; 0 for other characters (and for "×", "÷").
constexpr char ascii_base_letter(char32_t c) noexcept {
  constexpr std::string_view latin1 = // U+00C0..U+00FF, '\0' where there is none
      std::string_view("aaaaaaaceeeeiiii"
                       "dnooooo\0ouuuuyts"
                       "aaaaaaaceeeeiiii"
                       "dnooooo\0ouuuuyty",
                       64);
  if (c >= 0xC0 && c <= 0xFF) return latin1[c - 0xC0];
  if (c >= 0x100 && c <= 0x17F) { // Latin Extended-A, in pairs of capital and small letter
    constexpr std::string_view ext_a =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnn"
        "oooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    const std::size_t k = c - 0x100;
    return k < ext_a.size() ? ext_a[k] : 0;
  }
  return 0;
}

/// Number of code points in valid UTF-8 text.
std::size_t count_code_points(std::string_view text) noexcept;

/// Decodes the code point starting at byte `i` of valid UTF-8.
char32_t decode_at(std::string_view text, std::size_t i) noexcept;

/// Line and column (both from 1, the column in code points) of byte `offset` of `text`, for
/// error messages. LF, CRLF and CR end lines. Linear in `offset`; only used on errors.
error_location locate(std::string_view text, std::size_t offset, const std::string &file);

} // namespace alinea::detail
