// SPDX-License-Identifier: MIT
// What each block of a plain text is: front matter, headings, quotes, lists, page furniture,
// boilerplate, notes; and which paragraphs a page break cut in two.
#include "ingest_internal.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string>

namespace alinea::detail {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower_ascii(s.substr(0, prefix.size())) == prefix;
}

bool contains_ci(std::string_view s, std::string_view needle) {
  return lower_ascii(s).find(needle) != std::string::npos;
}

// True if the text ends a sentence or a clause that may end a paragraph (or holds only
// closing marks).
bool ends_complete(std::string_view s) {
  return strip_closers(s).empty() || ends_with_stop(s);
}

// Words that cannot end an English paragraph: a paragraph ending in one was cut off.
constexpr std::array<std::string_view, 62> dangling_words{
    "a",      "about",   "across", "after",  "against", "also",    "although", "among",   "an",
    "and",    "are",     "as",     "at",     "be",      "because", "been",     "before",  "between",
    "both",   "but",     "by",     "during", "each",    "either",  "every",    "for",     "from",
    "had",    "has",     "have",   "her",    "his",     "if",      "in",       "into",    "is",
    "its",    "neither", "nor",    "of",     "on",      "or",      "our",      "over",    "such",
    "than",   "that",    "the",    "their",  "these",   "this",    "those",    "through", "to",
    "toward", "under",   "upon",   "was",    "were",    "which",   "with",     "without"};

std::string_view last_word(std::string_view s) {
  const auto space = s.find_last_of(" \t");
  return space == std::string_view::npos ? s : s.substr(space + 1);
}

bool ends_dangling(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.back();
  if (c == ',' || c == '-') return true;
  if (s.ends_with("\xE2\x80\x94") || s.ends_with("\xE2\x80\x93")) return true; // em, en dash
  const std::string w = lower_ascii(last_word(s));
  return std::find(dangling_words.begin(), dangling_words.end(), w) != dangling_words.end();
}

// ----- numbers in headings -------------------------------------------------------------------

std::optional<std::uint32_t> roman_value(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  const auto value = [](char c) -> int {
    switch (std::toupper(static_cast<unsigned char>(c))) {
    case 'I':
      return 1;
    case 'V':
      return 5;
    case 'X':
      return 10;
    case 'L':
      return 50;
    case 'C':
      return 100;
    case 'D':
      return 500;
    case 'M':
      return 1000;
    default:
      return 0;
    }
  };
  int total = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int v = value(s[i]);
    if (v == 0) return std::nullopt;
    const int next = i + 1 < s.size() ? value(s[i + 1]) : 0;
    total += v < next ? -v : v;
  }
  if (total <= 0) return std::nullopt;
  // Accept only the canonical spelling (so "MIX" or "IIII" are not numbers).
  static constexpr std::array<std::pair<int, std::string_view>, 13> table{{{1000, "M"},
                                                                           {900, "CM"},
                                                                           {500, "D"},
                                                                           {400, "CD"},
                                                                           {100, "C"},
                                                                           {90, "XC"},
                                                                           {50, "L"},
                                                                           {40, "XL"},
                                                                           {10, "X"},
                                                                           {9, "IX"},
                                                                           {5, "V"},
                                                                           {4, "IV"},
                                                                           {1, "I"}}};
  std::string canonical;
  for (int rest = total; const auto &[v, numeral] : table)
    while (rest >= v)
      canonical += numeral, rest -= v;
  std::string upper(s);
  for (auto &c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (canonical != upper) return std::nullopt;
  return static_cast<std::uint32_t>(total);
}

std::optional<std::uint32_t> word_number(std::string_view s) {
  static constexpr std::array<std::string_view, 20> units{
      "zero",     "one",     "two",     "three",     "four",     "five",    "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static constexpr std::array<std::string_view, 8> tens{"twenty", "thirty",  "forty",  "fifty",
                                                        "sixty",  "seventy", "eighty", "ninety"};
  const std::string w = lower_ascii(s);
  for (std::size_t i = 1; i < units.size(); ++i)
    if (w == units[i]) return static_cast<std::uint32_t>(i);
  for (std::size_t t = 0; t < tens.size(); ++t) {
    if (w == tens[t]) return static_cast<std::uint32_t>(20 + 10 * t);
    if (w.starts_with(std::string(tens[t]) + "-") || w.starts_with(std::string(tens[t]) + " ")) {
      const auto rest = std::string_view(w).substr(tens[t].size() + 1);
      for (std::size_t i = 1; i < 10; ++i)
        if (rest == units[i]) return static_cast<std::uint32_t>(20 + 10 * t + i);
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> number_value(std::string_view s) {
  if (!s.empty() && std::all_of(s.begin(), s.end(), is_digit) && s.size() <= 6)
    return static_cast<std::uint32_t>(std::stoul(std::string(s)));
  if (auto w = word_number(s)) return w;
  return roman_value(s);
}

struct heading_match {
  division_kind kind;
  std::uint32_t number;
};

// "Chapter Six: Title", "CHAPTER IV.", "Part 2 - Title", "BOOK THE FIRST" is not handled.
std::optional<heading_match> match_division_heading(std::string_view line) {
  static constexpr std::array<std::pair<std::string_view, division_kind>, 6> words{
      {{"chapter", division_kind::chapter},
       {"part", division_kind::part},
       {"book", division_kind::book},
       {"section", division_kind::section},
       {"act", division_kind::act},
       {"scene", division_kind::scene}}};
  for (const auto &[word, kind] : words) {
    if (!starts_with_ci(line, word) || line.size() <= word.size() || line[word.size()] != ' ') continue;
    std::string_view rest = line.substr(word.size() + 1);
    // The number: up to ':', '.', a dash or the end; number words may be hyphenated ("Twenty-One").
    std::size_t stop = 0;
    while (stop < rest.size() && rest[stop] != ':' && rest[stop] != '.' && rest[stop] != ',' &&
           !(rest[stop] == ' ' && stop + 1 < rest.size() &&
             std::string_view("-\xE2").find(rest[stop + 1]) != std::string_view::npos))
      ++stop;
    std::string_view token = rest.substr(0, stop);
    while (!token.empty() && token.back() == ' ')
      token.remove_suffix(1);
    if (auto n = number_value(token)) return heading_match{kind, *n};
    // "Chapter 3 The Title": number then words.
    const auto space = token.find(' ');
    if (space != std::string_view::npos)
      if (auto n = number_value(token.substr(0, space))) return heading_match{kind, *n};
  }
  return std::nullopt;
}

// A line that is only a page number: "12", "- 12 -", "[12]", "Page 12", "xii".
std::optional<std::uint32_t> match_page_number(std::string_view line) {
  if (starts_with_ci(line, "page ")) line.remove_prefix(5);
  while (!line.empty() && std::string_view("-[( ").find(line.front()) != std::string_view::npos)
    line.remove_prefix(1);
  while (!line.empty() && std::string_view("-]) ").find(line.back()) != std::string_view::npos)
    line.remove_suffix(1);
  if (line.empty() || line.size() > 5) return std::nullopt;
  if (std::all_of(line.begin(), line.end(), is_digit))
    return static_cast<std::uint32_t>(std::stoul(std::string(line)));
  if (std::all_of(line.begin(), line.end(), is_lower)) return roman_value(line);
  return std::nullopt;
}

bool looks_like_title(std::string_view text, std::size_t lines) {
  if (lines != 1 || text.empty() || text.size() > 200) return false;
  const auto words = std::count(text.begin(), text.end(), ' ') + 1;
  return words <= 20 && std::string_view(".,;:!?").find(text.back()) == std::string_view::npos;
}

// All letters upper case, with at least two letters: "THE RETURN".
bool all_caps(std::string_view s) {
  std::size_t letters = 0;
  for (char c : s) {
    if (is_lower(c)) return false;
    if (is_upper(c)) ++letters;
  }
  return letters >= 2;
}

// Phrases of web and distributor boilerplate. Matched case-insensitively in short blocks.
constexpr std::array<std::string_view, 41> boilerplate_phrases{"support our journalis",
                                                               "support our journalism",
                                                               "support independent journalism",
                                                               "subscribe",
                                                               "sign up for",
                                                               "sign up to",
                                                               "newsletter",
                                                               "share this",
                                                               "share on facebook",
                                                               "share on twitter",
                                                               "follow us on",
                                                               "read more:",
                                                               "read more at",
                                                               "related articles",
                                                               "related stories",
                                                               "advertisement",
                                                               "all rights reserved",
                                                               "copyright \xC2\xA9",
                                                               "\xC2\xA9 ",
                                                               "click here",
                                                               "download our app",
                                                               "download the app",
                                                               "privacy policy",
                                                               "terms of use",
                                                               "terms of service",
                                                               "cookie",
                                                               "donate",
                                                               "become a member",
                                                               "this article was originally published",
                                                               "was originally published",
                                                               "more from",
                                                               "recommended for you",
                                                               "listen to this article",
                                                               "comments are closed",
                                                               "leave a comment",
                                                               "log in to",
                                                               "already a subscriber",
                                                               "skip to content",
                                                               "skip to main content",
                                                               "back to top",
                                                               "most popular"};

bool is_boilerplate_line(std::string_view s, std::size_t words) {
  if (words > 25) return false;
  const std::string l = lower_ascii(s);
  return std::any_of(boilerplate_phrases.begin(), boilerplate_phrases.end(),
                     [&](std::string_view p) { return l.find(p) != std::string::npos; });
}

// "Jane Doe is a journalist in ...", "Marjan Kalpykova is the pseudonym for ...",
// "John Smith was a professor of ...": a short statement about a named person.
bool is_author_note(std::string_view s, std::size_t words) {
  if (words > 60 || words < 4) return false;
  std::size_t at = 0;
  int names = 0;
  while (at < s.size() && names < 5) {
    const auto space = s.find(' ', at);
    if (space == std::string_view::npos) return false;
    const auto w = s.substr(at, space - at);
    if (w == "is" || w == "was") return names >= 2 && s.find(' ', space + 1) != std::string_view::npos;
    if (w.empty() || !(is_upper(w[0]) || static_cast<unsigned char>(w[0]) >= 0x80)) return false;
    ++names;
    at = space + 1;
  }
  return false;
}

// The Project Gutenberg markers around the text of a book.
bool is_gutenberg_start(std::string_view s) {
  return s.starts_with("***") && (contains_ci(s, "start of the project gutenberg") ||
                                  contains_ci(s, "start of this project gutenberg"));
}
bool is_gutenberg_end(std::string_view s) {
  return s.starts_with("***") &&
         (contains_ci(s, "end of the project gutenberg") || contains_ci(s, "end of this project gutenberg"));
}

bool is_kept(const planned_block &b) {
  return b.removed_as.empty();
}

class planner {
public:
  planner(const source_view &source, std::vector<planned_block> &blocks, const parse_options &options)
      : s_(source), blocks_(blocks), opt_(options) {}

  void run() {
    if (opt_.detect_boilerplate) mark_distributor_boilerplate();
    if (opt_.detect_boilerplate) mark_web_boilerplate(s_, blocks_); // ingest_web.cpp
    if (opt_.remove_page_furniture) mark_page_furniture();
    if (opt_.detect_title) mark_front_matter();
    if (opt_.detect_structure) {
      mark_headings();
      mark_quotes();
      split_lists();
    }
    if (opt_.detect_boilerplate) mark_tail();
    if (opt_.join_lines) mark_hard_wraps();
    if (opt_.join_page_breaks) mark_page_break_splits();
  }

private:
  std::string_view text1(const planned_block &b) const { return s_.first(b); }

  void mark_distributor_boilerplate() {
    std::size_t start = blocks_.size(), end = blocks_.size();
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      const auto first = text1(blocks_[i]);
      if (start == blocks_.size() && is_gutenberg_start(first)) start = i;
      if (is_gutenberg_end(first)) {
        end = i;
        break;
      }
    }
    if (start != blocks_.size())
      for (std::size_t i = 0; i <= start; ++i)
        blocks_[i].kind = block_kind::boilerplate;
    for (std::size_t i = end; i < blocks_.size(); ++i)
      blocks_[i].kind = block_kind::boilerplate;
  }

  void mark_page_furniture() {
    std::vector<std::size_t> pages;
    for (std::size_t i = 0; i < blocks_.size(); ++i)
      if (blocks_[i].line_count == 1 && blocks_[i].kind == block_kind::paragraph &&
          match_page_number(text1(blocks_[i])))
        pages.push_back(i);
    if (pages.size() >= 2) // one lone number is more likely a heading or a list than a page
      for (std::size_t i : pages) {
        blocks_[i].removed_as = "page-number";
        blocks_[i].number = *match_page_number(text1(blocks_[i]));
      }
    // Running heads: short single lines that recur (page numbers inside them aside).
    std::map<std::string, std::vector<std::size_t>> seen;
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      auto &b = blocks_[i];
      if (!is_kept(b) || b.line_count != 1 || b.kind != block_kind::paragraph || s_.words(b) > 10) continue;
      std::string key;
      for (char c : text1(b))
        if (!is_digit(c)) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      while (!key.empty() && is_hspace(key.back()))
        key.pop_back();
      while (!key.empty() && is_hspace(key.front()))
        key.erase(0, 1);
      if (key.size() >= 3) seen[key].push_back(i);
    }
    for (const auto &[key, where] : seen) {
      if (where.size() < 3 || match_division_heading(key)) continue;
      for (std::size_t i : where) {
        blocks_[i].removed_as = "running-head";
        std::string digits;
        for (char c : text1(blocks_[i]))
          if (is_digit(c)) digits += c;
        if (!digits.empty() && digits.size() <= 6)
          blocks_[i].number = static_cast<std::uint32_t>(std::stoul(digits));
      }
    }
    // Furniture surrounds text: if nothing would be left ("1\n\n2"), these blocks are the text.
    if (std::none_of(blocks_.begin(), blocks_.end(), is_kept))
      for (auto &b : blocks_)
        b.removed_as = {}, b.number = 0;
  }

  std::size_t next_kept(std::size_t i) const {
    while (i < blocks_.size() && (!is_kept(blocks_[i]) || blocks_[i].kind == block_kind::boilerplate))
      ++i;
    return i;
  }

  bool same_text(std::size_t a, std::size_t b) const {
    if (blocks_[a].line_count != blocks_[b].line_count) return false;
    for (std::size_t k = 0; k < blocks_[a].line_count; ++k)
      if (s_.trimmed(blocks_[a].first_line + k) != s_.trimmed(blocks_[b].first_line + k)) return false;
    return true;
  }

  void mark_front_matter() {
    const std::size_t t = next_kept(0);
    if (t >= blocks_.size()) return;
    auto &first = blocks_[t];
    if (opt_.detect_structure && match_division_heading(text1(first))) return; // a chapter opens the text
    if (!looks_like_title(text1(first), first.line_count) || next_kept(t + 1) >= blocks_.size()) return;
    first.kind = block_kind::title;
    // The title block (title, perhaps a standfirst) repeated right after itself.
    std::vector<std::size_t> kept;
    for (std::size_t i = t; i < blocks_.size() && kept.size() < 7; i = next_kept(i + 1))
      kept.push_back(i);
    if (opt_.drop_duplicate_title) {
      // Only when a block follows the repeat: a text that is all title block has no body.
      for (std::size_t k = std::min<std::size_t>(3, (kept.size() - 1) / 2); k >= 1; --k) {
        bool repeated = true;
        for (std::size_t j = 0; j < k && repeated; ++j)
          repeated = same_text(kept[j], kept[k + j]);
        if (!repeated) continue;
        for (std::size_t j = 0; j < k; ++j)
          blocks_[kept[k + j]].removed_as = "duplicate";
        if (k >= 2 && blocks_[kept[1]].line_count == 1 && s_.words(blocks_[kept[1]]) <= 60)
          blocks_[kept[1]].kind = block_kind::subtitle;
        break;
      }
    }
    // A byline among the next few blocks.
    std::size_t i = next_kept(t + 1);
    for (int looked = 0; looked < 3 && i < blocks_.size(); ++looked, i = next_kept(i + 1)) {
      auto &b = blocks_[i];
      const auto line = text1(b);
      if (b.line_count == 1 && s_.words(b) <= 12 && (line.starts_with("By ") || line.starts_with("by ")) &&
          line.size() > 3 && (is_upper(line[3]) || static_cast<unsigned char>(line[3]) >= 0x80)) {
        b.kind = block_kind::byline;
        break;
      }
    }
  }

  void mark_headings() {
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      auto &b = blocks_[i];
      if (!is_kept(b) || b.kind != block_kind::paragraph || b.line_count != 1) continue;
      const auto line = text1(b);
      if (s_.words(b) > 16) continue;
      if (auto m = match_division_heading(line)) {
        b.kind = block_kind::heading;
        b.division = m->kind;
        b.number = m->number;
        continue;
      }
      // "IV." or "12." alone on a line: a numbered section.
      std::string_view bare = line;
      if (bare.ends_with('.')) bare.remove_suffix(1);
      if (bare.size() <= 8 && !bare.empty() && (is_upper(bare[0]) || is_digit(bare[0]))) {
        // Digits or a Roman numeral only: "Two." alone is more likely text than a heading.
        const bool numeral = std::all_of(bare.begin(), bare.end(), is_digit) ||
                             std::all_of(bare.begin(), bare.end(), is_upper);
        if (auto n = number_value(bare); n && numeral) {
          b.kind = block_kind::heading;
          b.division = division_kind::section;
          b.number = *n;
          continue;
        }
      }
      // A short line in capitals, without final punctuation, before a paragraph.
      const std::size_t next = next_kept(i + 1);
      if (s_.words(b) <= 8 && all_caps(line) && !ends_complete(line) && next < blocks_.size() &&
          blocks_[next].kind == block_kind::paragraph && s_.words(blocks_[next]) > s_.words(b))
        b.kind = block_kind::heading;
    }
  }

  // Indentation of the block's lines: the smallest leading run of spaces (a tab counts 4).
  std::size_t indentation(const planned_block &b) const {
    std::size_t least = SIZE_MAX;
    for (std::size_t k = 0; k < b.line_count; ++k) {
      const auto &l = s_.lines[b.first_line + k];
      std::size_t width = 0;
      for (std::size_t at = l.begin; at < l.end && is_hspace(s_.src[at]); ++at)
        width += s_.src[at] == '\t' ? 4 : 1;
      least = std::min(least, width);
    }
    return least;
  }

  void mark_quotes() {
    std::size_t indented = 0, candidates = 0;
    for (const auto &b : blocks_)
      if (is_kept(b) && b.kind == block_kind::paragraph) {
        ++candidates;
        indented += indentation(b) >= 4 ? 1 : 0;
      }
    // Indentation marks a quotation only where ordinary paragraphs are not indented.
    const bool indent_quotes = indented * 2 < candidates;
    for (auto &b : blocks_) {
      if (!is_kept(b) || b.kind != block_kind::paragraph) continue;
      bool marked = true, content = false; // every line quoted, and some text besides the marks
      for (std::size_t k = 0; k < b.line_count && marked; ++k) {
        const auto line = s_.trimmed(b.first_line + k);
        marked = line.starts_with('>');
        content = content || line.find_first_not_of("> \t") != std::string_view::npos;
      }
      if (marked && content) {
        b.kind = block_kind::quote;
        b.prefix = line_prefix::quote_marker;
      } else if (indent_quotes && indentation(b) >= 4 && s_.words(b) >= 3) {
        b.kind = block_kind::quote;
        b.prefix = line_prefix::indent;
      }
    }
  }

  void split_lists() {
    std::vector<planned_block> out;
    out.reserve(blocks_.size());
    for (const auto &b : blocks_) {
      if (!is_kept(b) || b.kind != block_kind::paragraph || list_marker_length(text1(b)) == 0) {
        out.push_back(b);
        continue;
      }
      // Every line is an item or the indented continuation of one.
      bool list = true;
      for (std::size_t k = 1; k < b.line_count && list; ++k) {
        const auto &l = s_.lines[b.first_line + k];
        list = list_marker_length(s_.trimmed(b.first_line + k)) > 0 || is_hspace(s_.src[l.begin]);
      }
      if (!list || (b.line_count == 1 && s_.words(b) > 40)) {
        out.push_back(b);
        continue;
      }
      for (std::size_t k = 0; k < b.line_count; ++k) {
        if (list_marker_length(s_.trimmed(b.first_line + k)) == 0) {
          ++out.back().line_count; // continuation line
          continue;
        }
        planned_block item = b;
        item.first_line = b.first_line + k;
        item.line_count = 1;
        item.kind = block_kind::item;
        item.prefix = line_prefix::list_marker;
        item.same_list = k > 0;
        out.push_back(item);
      }
    }
    blocks_ = std::move(out);
  }

  void mark_tail() {
    // From the end: boilerplate and author notes after the last body paragraph.
    for (std::size_t i = blocks_.size(); i-- > 0;) {
      auto &b = blocks_[i];
      if (!is_kept(b) || b.kind == block_kind::boilerplate) continue;
      if (b.kind != block_kind::paragraph && b.kind != block_kind::item) break;
      const std::size_t words = s_.words(b);
      if (is_boilerplate_line(text1(b), words)) {
        b.kind = block_kind::boilerplate;
      } else if (b.line_count <= 3 && is_author_note(text1(b), words)) {
        b.kind = block_kind::note;
      } else {
        break;
      }
    }
  }

  void mark_hard_wraps() {
    for (auto &b : blocks_) {
      if (!is_kept(b) || b.line_count < 2) continue;
      if (b.kind == block_kind::item) {
        b.join_lines = true; // continuation lines of an item
        continue;
      }
      if (b.kind != block_kind::paragraph && b.kind != block_kind::quote && b.kind != block_kind::note)
        continue;
      // Prose wrapped at a fixed width: most lines but the last are at least half as wide as
      // the widest. Verse and addresses have short lines and are left alone.
      const std::size_t widest = s_.widest(b);
      if (widest < 50) continue;
      std::size_t full = 0;
      for (std::size_t k = 0; k + 1 < b.line_count; ++k)
        full += s_.trimmed(b.first_line + k).size() * 2 >= widest ? 1 : 0;
      b.join_lines = full * 3 >= (b.line_count - 1) * 2;
    }
  }

  void mark_page_break_splits() {
    std::size_t prev = blocks_.size();
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      auto &b = blocks_[i];
      if (!is_kept(b)) continue;
      if (prev != blocks_.size() && b.kind == block_kind::paragraph &&
          blocks_[prev].kind == block_kind::paragraph) {
        const auto end = s_.last(blocks_[prev]);
        const auto start = text1(b);
        const bool cut = !ends_complete(end) && s_.words(blocks_[prev]) >= 8;
        const bool continues = !start.empty() && (is_lower(start[0]) || ends_dangling(end));
        if (cut && continues) b.joins_previous = true;
      }
      prev = i;
    }
  }

  const source_view &s_;
  std::vector<planned_block> &blocks_;
  const parse_options &opt_;
};

} // namespace

std::string_view strip_closers(std::string_view s) noexcept {
  while (!s.empty()) {
    if (std::string_view("\"')]*_").find(s.back()) != std::string_view::npos) {
      s.remove_suffix(1);
    } else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99")) { // right quotes
      s.remove_suffix(3);
    } else if (s.ends_with("\xC2\xBB")) { // guillemet
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

bool ends_with_stop(std::string_view s) noexcept {
  s = strip_closers(s);
  if (s.empty()) return false;
  if (s.ends_with("\xE2\x80\xA6")) return true; // ellipsis
  return std::string_view(".!?:;").find(s.back()) != std::string_view::npos;
}

std::size_t list_marker_length(std::string_view line) noexcept {
  if (line.size() < 2) return 0;
  // Bullets: "- ", "* ", "+ ", "• " (U+2022).
  if ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return 2;
  if (line.starts_with("\xE2\x80\xA2 ")) return 4;
  // "12. ", "3) ", "(a) ", "b) ".
  std::size_t at = 0;
  const bool paren = line[0] == '(';
  if (paren) ++at;
  const std::size_t digits_from = at;
  while (at < line.size() && at - digits_from < 3 && is_digit(line[at]))
    ++at;
  if (at == digits_from && at < line.size() && is_lower(line[at]) &&
      (paren || (at + 1 < line.size() && line[at + 1] == ')')))
    ++at;
  if (at == digits_from || at >= line.size()) return 0;
  if (paren ? line[at] != ')' : (line[at] != '.' && line[at] != ')')) return 0;
  ++at;
  if (at >= line.size() || line[at] != ' ') return 0;
  return at + 1;
}

std::string_view source_view::trimmed(std::size_t i) const noexcept {
  const auto &l = lines[i];
  std::size_t b = l.begin, e = l.end;
  while (b < e && is_hspace(src[b]))
    ++b;
  while (e > b && is_hspace(src[e - 1]))
    --e;
  return src.substr(b, e - b);
}

std::size_t source_view::words(const planned_block &b) const noexcept {
  std::size_t count = 0;
  for (std::size_t k = 0; k < b.line_count; ++k) {
    bool in_word = false;
    for (char c : trimmed(b.first_line + k)) {
      const bool space = c == ' ' || c == '\t';
      if (!space && !in_word) ++count;
      in_word = !space;
    }
  }
  return count;
}

std::size_t source_view::widest(const planned_block &b) const noexcept {
  std::size_t w = 0;
  for (std::size_t k = 0; k < b.line_count; ++k)
    w = std::max(w, trimmed(b.first_line + k).size());
  return w;
}

void plan_structure(const source_view &source, std::vector<planned_block> &blocks,
                    const parse_options &options) {
  planner(source, blocks, options).run();
}

} // namespace alinea::detail
