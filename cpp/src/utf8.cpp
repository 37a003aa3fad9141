// SPDX-License-Identifier: MIT
// UTF-8 validation and byte/code-point offset conversion.
#include <alinea/detail/utf8.hpp>
#include <alinea/offsets.hpp>

#include <algorithm>
#include <bit>
#include <cstring>

namespace alinea {
namespace detail {
namespace {

// C0 controls other than tab, LF, CR and form feed are not XML 1.0 characters. Form feed is
// not either, but ingest consumes it as a page break before anything is written.
constexpr bool is_forbidden_ascii(unsigned char c) noexcept {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
}

inline bool chunk_is_plain_ascii(const unsigned char *p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  if (w & 0x8080808080808080ULL) return false;
  // Any byte below 0x20? (classic "has byte less than n" bit trick)
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  return ((w - ones * 0x20) & ~w & (ones * 0x80)) == 0;
}

} // namespace

utf8_scan scan_utf8(std::string_view text) noexcept {
  utf8_scan result;
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && chunk_is_plain_ascii(s + i)) {
      i += 8;
      continue;
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (is_forbidden_ascii(c)) {
        result.problem = utf8_problem::illegal_xml_char;
        result.offset = i;
        result.code_point = c;
        return result;
      }
      ++i;
      continue;
    }
    result.ascii = false;
    std::size_t len;
    char32_t cp;
    char32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      result.problem = utf8_problem::invalid;
      result.offset = i;
      return result;
    }
    if (i + len > n) {
      result.problem = utf8_problem::invalid;
      result.offset = i;
      return result;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (!is_continuation(s[i + k])) {
        result.problem = utf8_problem::invalid;
        result.offset = i;
        return result;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      result.problem = utf8_problem::invalid;
      result.offset = i;
      return result;
    }
    if (cp == 0xFFFE || cp == 0xFFFF) {
      result.problem = utf8_problem::illegal_xml_char;
      result.offset = i;
      result.code_point = cp;
      return result;
    }
    i += len;
  }
  return result;
}

std::size_t count_code_points(std::string_view text) noexcept {
  // Eight bytes at a time: a continuation byte is 10xxxxxx (bit 7 set, bit 6 clear).
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const std::size_t n = text.size();
  std::size_t continuation = 0, i = 0;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s + i, 8);
    // One bit per continuation byte at bit 7; sum the bytes by multiplication (no popcnt needed).
    const std::uint64_t bits = ((w & ~(w << 1) & high) >> 7);
    continuation += static_cast<std::size_t>((bits * 0x0101010101010101ULL) >> 56);
  }
  for (; i < n; ++i)
    continuation += is_continuation(s[i]) ? 1 : 0;
  return n - continuation;
}
char32_t decode_at(std::string_view text, std::size_t i) noexcept {
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const std::size_t len = sequence_length(s[i]);
  if (len == 1) return s[i];
  char32_t cp = s[i] & (0x7F >> len);
  for (std::size_t k = 1; k < len && i + k < text.size(); ++k)
    cp = (cp << 6) | (s[i + k] & 0x3F);
  return cp;
}

error_location locate(std::string_view text, std::size_t offset, const std::string &file) {
  error_location where{file, offset, 1, 1};
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++where.line;
      line_start = i + 1;
    }
  }
  offset = std::min(offset, text.size());
  where.column = 1 + count_code_points(text.substr(line_start, offset - line_start));
  return where;
}

} // namespace detail

offset_map::offset_map(std::string_view text) {
  const std::size_t block = std::size_t{1} << block_bits;
  const std::size_t blocks = (text.size() + block - 1) / block;
  std::size_t total = 0;
  std::vector<std::size_t> starts;
  starts.reserve(blocks + 1);
  bool ascii = true;
  for (std::size_t b = 0; b < blocks; ++b) {
    starts.push_back(total);
    const auto piece = text.substr(b * block, block);
    const std::size_t cps = detail::count_code_points(piece);
    if (cps != piece.size()) ascii = false;
    total += cps;
  }
  cp_count_ = total;
  if (!ascii) {
    starts.push_back(total);
    block_start_cp_ = std::move(starts);
  }
}

std::size_t offset_map::to_code_point(std::string_view text, std::size_t byte) const noexcept {
  if (block_start_cp_.empty()) return byte;
  const std::size_t b = byte >> block_bits;
  const std::size_t from = b << block_bits;
  return block_start_cp_[b] + detail::count_code_points(text.substr(from, byte - from));
}

namespace {

// The byte offset of code point `cp`, walking forward from byte `byte` before which `at`
// characters start (so `byte` need not be a boundary): eight bytes at a time while whole words
// lie before the target, then byte by byte. Precondition: the text has more than cp characters.
std::size_t walk_to_code_point(std::string_view text, std::size_t byte, std::size_t at,
                               std::size_t cp) noexcept {
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  while (byte + 8 <= text.size()) {
    std::uint64_t w;
    std::memcpy(&w, s + byte, 8);
    const std::uint64_t continuation_bits = (w & ~(w << 1) & high) >> 7;
    const std::size_t starts =
        8 - static_cast<std::size_t>((continuation_bits * 0x0101010101010101ULL) >> 56);
    if (at + starts > cp) break;
    at += starts;
    byte += 8;
  }
  while (true) {
    if (!detail::is_continuation(s[byte])) {
      if (at == cp) return byte;
      ++at;
    }
    ++byte;
  }
}

} // namespace

std::size_t offset_map::to_byte(std::string_view text, std::size_t cp) const noexcept {
  if (cp >= cp_count_) return text.size();
  if (block_start_cp_.empty()) return cp;
  // Last block starting at or before cp.
  const auto it = std::upper_bound(block_start_cp_.begin(), block_start_cp_.end(), cp);
  const std::size_t b = static_cast<std::size_t>(it - block_start_cp_.begin()) - 1;
  return walk_to_code_point(text, b << block_bits, block_start_cp_[b], cp);
}

std::size_t offset_cursor::to_byte(std::size_t cp) noexcept {
  if (cp >= map_.code_point_count()) return text_.size();
  if (map_.ascii()) return cp;
  if (cp < cp_) {
    byte_ = map_.to_byte(text_, cp);
  } else {
    byte_ = walk_to_code_point(text_, byte_, cp_, cp);
  }
  cp_ = cp;
  return byte_;
}

std::size_t offset_cursor::to_code_point(std::size_t byte) noexcept {
  if (map_.ascii()) return byte;
  if (byte < byte_) {
    cp_ = map_.to_code_point(text_, byte);
  } else {
    cp_ += detail::count_code_points(text_.substr(byte_, byte - byte_));
  }
  byte_ = byte;
  return cp_;
}

void code_point_counter::start() noexcept {
  if (!ascii_) load(0);
  saved_ = now_;
}

void code_point_counter::load(std::size_t block) noexcept {
  now_.block = block;
  if (ascii_) return; // the table stays zero
  const std::size_t at = block * block_size;
  unsigned char padded[block_size];
  const unsigned char *p = reinterpret_cast<const unsigned char *>(text_.data()) + at;
  if (at + block_size > text_.size()) { // the last block: zeros are not continuation bytes
    std::memset(padded, 0, block_size);
    if (at < text_.size()) std::memcpy(padded, p, text_.size() - at);
    p = padded;
  }
  std::size_t total = 0;
  if constexpr (std::endian::native == std::endian::little) {
    // Eight bytes at a time: c has 1 in each continuation byte (10xxxxxx); multiplying it by
    // 0x0101...01 leaves in each byte the sum of c over that byte and those before it in the word.
    constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    for (std::size_t w = 0; w < block_size; w += 8) {
      std::uint64_t v;
      std::memcpy(&v, p + w, 8);
      const std::uint64_t c = (v & ~(v << 1) & high) >> 7;
      const std::uint64_t through = c * ones;
      const std::uint64_t before = through - c + total * ones; // each byte stays below 128: no carry
      std::memcpy(now_.before + w, &before, 8);
      total += through >> 56;
    }
  } else {
    for (std::size_t k = 0; k < block_size; ++k) {
      now_.before[k] = static_cast<unsigned char>(total);
      total += detail::is_continuation(p[k]) ? 1 : 0;
    }
  }
  now_.inside = total;
}

void code_point_counter::move_to(std::size_t byte) noexcept {
  const std::size_t block = byte >> block_bits;
  if (ascii_) {
    now_.block = block;
    return;
  }
  if (block < now_.block && block >= saved_.block) {
    std::swap(now_, saved_); // back to where the last move forwards began
    if (now_.block == block) return;
  }
  // Counting more bytes than this between blocks costs more than a slow conversion.
  constexpr std::size_t far = 8;
  if (block > now_.block && block - now_.block <= far) {
    saved_ = now_;
    const std::size_t from = (now_.block + 1) * block_size, to = block * block_size; // to <= byte
    const std::size_t continuations = now_.continuations + now_.inside + (to - from) -
                                      detail::count_code_points(text_.substr(from, to - from));
    load(block);
    now_.continuations = continuations;
    return;
  }
  if (block > now_.block) saved_ = now_;
  load(block);
  now_.continuations = byte - call_(convert_, byte) - now_.before[byte & (block_size - 1)];
}

} // namespace alinea
