// SPDX-License-Identifier: MIT
// Inline repairs of ingest: light markup and end-of-line hyphens.
#include "ingest_internal.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace alinea::detail {
namespace {

bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f';
}

// Characters after which an opening marker may stand, besides space: opening brackets, quotes
// and dashes. Bytes of multi-byte characters (curly quotes, dashes) count as such too.
bool opens_after(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return is_ascii_space(c) || u >= 0x80 || std::string_view("([{\"'-/").find(c) != std::string_view::npos;
}

// Characters before which a closing marker may stand, besides space: punctuation.
bool closes_before(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return is_ascii_space(c) || u >= 0x80 ||
         std::string_view(".,;:!?)]}\"'-/").find(c) != std::string_view::npos;
}

bool is_letter(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80;
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// First parts that keep their hyphen at a line end: compounds, not split words.
constexpr std::array<std::string_view, 31> compound_prefixes{
    "all",   "cross", "ex",      "far",    "full",   "great", "half", "high",  "ill",    "long",   "low",
    "mid",   "near",  "non",     "quasi",  "self",   "short", "vice", "well",  "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "one",   "two",  "three", "post"};

} // namespace

void find_light_markup(std::string_view src, std::span<const std::pair<std::size_t, std::size_t>> ranges,
                       std::vector<source_patch> &patches, std::vector<emphasis_span> &spans) {
  struct open_marker {
    std::size_t at;
    char ch;
    std::size_t len;
  };
  std::vector<open_marker> open;
  std::vector<std::pair<open_marker, std::size_t>> pairs; // opener, closer position
  for (std::size_t r = 0; r < ranges.size(); ++r) {
    const auto [b, e] = ranges[r];
    for (std::size_t i = b; i < e; ++i) {
      const char c = src[i];
      if (c != '*' && c != '_') continue;
      std::size_t len = 1;
      while (i + len < e && src[i + len] == c)
        ++len;
      if (len > 2) { // "***" and longer are rules or ornaments, not markers
        i += len - 1;
        continue;
      }
      // Neighbours: a range boundary (a line end) counts as space.
      const char before = i > b ? src[i - 1] : ' ';
      const char after = i + len < e ? src[i + len] : ' ';
      const bool can_open = opens_after(before) && !is_ascii_space(after);
      const bool can_close = !is_ascii_space(before) && closes_before(after);
      auto match = std::find_if(open.rbegin(), open.rend(),
                                [&](const open_marker &m) { return m.ch == c && m.len == len; });
      if (can_close && match != open.rend() && match->at + match->len < i) {
        const open_marker opener = *match;
        open.erase(std::next(match).base(), open.end()); // markers opened inside are unpaired
        pairs.emplace_back(opener, i);
      } else if (can_open) {
        open.push_back({i, c, len});
      }
      i += len - 1;
    }
  }
  std::vector<source_patch> found;
  for (const auto &[opener, close_at] : pairs) {
    const auto index = static_cast<std::int32_t>(spans.size());
    spans.push_back({opener.len == 2 ? "bold" : "italic"});
    found.push_back({opener.at, opener.at + opener.len, "", "markup", index, false});
    found.push_back({close_at, close_at + opener.len, "", "markup", index, true});
  }
  std::sort(found.begin(), found.end(),
            [](const source_patch &a, const source_patch &b) { return a.begin < b.begin; });
  patches.insert(patches.end(), found.begin(), found.end());
}

void hyphenation_judge::index_words() {
  indexed_ = true;
  std::string word;
  const auto flush = [&] {
    while (!word.empty() && word.back() == '-')
      word.pop_back();
    if (!word.empty()) {
      // The hyphenated form and each of its parts.
      words_.push_back(word);
      if (word.find('-') != std::string::npos) {
        std::size_t from = 0;
        for (std::size_t dash; (dash = word.find('-', from)) != std::string::npos; from = dash + 1)
          words_.push_back(word.substr(from, dash - from));
        words_.push_back(word.substr(from));
      }
    }
    word.clear();
  };
  for (char c : src_) {
    if (is_letter(c) || (c == '-' && !word.empty() && word.back() != '-'))
      word += lower(c);
    else
      flush();
  }
  flush();
  std::sort(words_.begin(), words_.end());
}

bool hyphenation_judge::has_word(std::string_view w) const {
  return std::binary_search(words_.begin(), words_.end(), w,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool hyphenation_judge::remove_hyphen(std::string_view before, std::string_view after) {
  // before ends with "letters-", after starts with the continuation.
  std::size_t start = before.size() - 1;
  while (start > 0 && is_letter(before[start - 1]))
    --start;
  std::string first(before.substr(start, before.size() - 1 - start));
  std::size_t stop = 0;
  while (stop < after.size() && is_letter(after[stop]))
    ++stop;
  std::string second(after.substr(0, stop));
  if (first.empty() || second.empty() || !(second[0] >= 'a' && second[0] <= 'z')) return false;
  std::transform(first.begin(), first.end(), first.begin(), lower);
  if (std::find(compound_prefixes.begin(), compound_prefixes.end(), first) != compound_prefixes.end())
    return false;
  if (!indexed_) index_words();
  if (has_word(first + "-" + second)) return false; // written hyphenated elsewhere
  if (has_word(first + second)) return true;        // written whole elsewhere
  // Both halves are words the text uses on their own elsewhere: a compound. The split itself
  // contributes one occurrence of each, so ask for a second.
  const auto count = [&](const std::string &w) {
    const auto [lo, hi] = std::equal_range(words_.begin(), words_.end(), w);
    return hi - lo;
  };
  if (first.size() >= 3 && second.size() >= 3 && count(first) >= 2 && count(second) >= 2) return false;
  return true;
}

} // namespace alinea::detail
