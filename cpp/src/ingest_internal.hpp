// SPDX-License-Identifier: MIT
// Internal interfaces of plain-text ingest, shared by its stages:
//   ingest.cpp            lines, validation, and building the text with its edits
//   ingest_structure.cpp  what each block is (title, heading, list, boilerplate...) and which
//                         blocks continue across a page break
//   ingest_inline.cpp     light markup (*emphasis*) and end-of-line hyphens
//   ingest_web.cpp        web-page boilerplate: the article among menus, share lines, footers
#pragma once

#include <alinea/document.hpp>
#include <alinea/ingest.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace alinea::detail {

/// Space inside a line: space, tab, form feed.
inline bool is_hspace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\f';
}
inline bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
inline bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
inline bool is_lower(char c) noexcept {
  return c >= 'a' && c <= 'z';
}

/// `s` without the closing quotes and brackets at its end (ASCII, curly, guillemet), and
/// without the marks of emphasis.
std::string_view strip_closers(std::string_view s) noexcept;

/// True if `s` ends with . ! ? : ; or an ellipsis, closing quotes and brackets aside; false
/// for text that is empty once they are stripped.
bool ends_with_stop(std::string_view s) noexcept;

/// One physical line of the source: content [begin, end), line end [end, next).
struct source_line {
  std::size_t begin;
  std::size_t end;
  std::size_t next;
  bool blank;
};

/// Markers stripped from the start of each line of a block.
enum class line_prefix : std::uint8_t {
  none,
  quote_marker, ///< "> " (e-mail and Markdown block quotes)
  list_marker,  ///< "- ", "* ", "1. ", "(a) " ...
  indent,       ///< the indentation of an indented block quote
};

/// A run of non-blank source lines and what ingest makes of it.
struct planned_block {
  std::size_t first_line = 0; ///< index into the lines
  std::size_t line_count = 0;
  block_kind kind = block_kind::paragraph;
  division_kind division = division_kind::none;
  std::uint32_t number = 0;    ///< heading number, or the page of a removed page number
  std::string_view removed_as; ///< non-empty: dropped from the text, recorded as this edit kind
  bool joins_previous = false; ///< continues the previous kept block across a page break
  bool join_lines = false;     ///< hard-wrapped prose: line ends become spaces
  bool same_list = false;      ///< an item that continues the list of the previous item
  line_prefix prefix = line_prefix::none;
};

/// The source and its lines, with helpers the stages share.
struct source_view {
  std::string_view src;
  std::span<const source_line> lines;

  /// Line `i` without its leading and trailing spaces and tabs.
  std::string_view trimmed(std::size_t i) const noexcept;
  /// The first line of `b`, trimmed.
  std::string_view first(const planned_block &b) const noexcept { return trimmed(b.first_line); }
  /// The last line of `b`, trimmed.
  std::string_view last(const planned_block &b) const noexcept {
    return trimmed(b.first_line + b.line_count - 1);
  }
  /// Number of words (runs of non-space bytes) in `b`.
  std::size_t words(const planned_block &b) const noexcept;
  /// Bytes of the longest line of `b`.
  std::size_t widest(const planned_block &b) const noexcept;
};

/// Splits the source into lines; LF, CRLF and CR all end a line.
std::vector<source_line> split_lines(std::string_view src, std::size_t from);

/// Decides the kind of every block, which blocks are dropped (duplicates, page furniture),
/// split lists, and which blocks continue the previous one. Splits list blocks into one
/// planned block per item, so `blocks` may grow.
void plan_structure(const source_view &source, std::vector<planned_block> &blocks,
                    const parse_options &options);

/// Web-page boilerplate (ingest_web.cpp). If the text is the dump of a whole web page (it has
/// web furniture such as menus, "|" link bars, "[image]" markers, share and subscribe lines
/// outside its main run of prose), marks every block outside the article as boilerplate and,
/// inside it, captions, ads and share lines as boilerplate and short lines before prose as
/// headings; recognizes the title, byline and standfirst before the body. Leaves other texts
/// (plain prose, books, texts a distributor's markers already marked) untouched. Runs first,
/// on unsplit blocks; changes kinds only, never removes text. Linear in the input.
void mark_web_boilerplate(const source_view &source, std::vector<planned_block> &blocks);

/// The length of the list marker ("- ", "12. ", "(a) ") at the start of `line`, or 0.
std::size_t list_marker_length(std::string_view line) noexcept;

/// A change to the source inside a block: [begin, end) of the source becomes `replacement`.
struct source_patch {
  std::size_t begin;
  std::size_t end;
  std::string_view replacement;
  std::string_view kind;
  std::int32_t emphasis = -1; ///< index of the emphasis span this marker opens or closes
  bool closes = false;
};

/// A pair of emphasis markers found in the source.
struct emphasis_span {
  std::string_view rend; ///< "italic" or "bold"
};

/// Finds *emphasis*, _italics_ and **bold** in the given source ranges (the content of one
/// block, in order), appending one patch per marker, in source order.
void find_light_markup(std::string_view src, std::span<const std::pair<std::size_t, std::size_t>> ranges,
                       std::vector<source_patch> &patches, std::vector<emphasis_span> &spans);

/// Decides whether the hyphen that ends `before` (which ends in letter + '-') joins a word
/// split at the line end (true: remove it) or belongs to a compound such as "decision-makers"
/// (false). `after` is the start of the next line.
class hyphenation_judge {
public:
  explicit hyphenation_judge(std::string_view src) : src_(src) {}
  bool remove_hyphen(std::string_view before, std::string_view after);

private:
  void index_words();
  bool has_word(std::string_view w) const;
  std::string_view src_;
  bool indexed_ = false;
  std::vector<std::string> words_; // sorted, lower-case, unique
};

} // namespace alinea::detail
