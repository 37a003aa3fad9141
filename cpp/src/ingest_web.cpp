// SPDX-License-Identifier: MIT
// Web-page boilerplate: the plain-text dump of a whole web page (w3m, lynx, copy and paste)
// holds the article among navigation menus, share and subscribe lines, captions, related-story
// lists, comment sections and footers. This stage finds the article and sets the rest apart.
//
// How:
//   1. Facts per block, in one pass over its bytes: words, sentence ends, the share of words
//      in lower case, bullets, "|" separators, the "[...]" markers a text browser leaves for
//      images and form fields, line shape, and (for short blocks only) a list of boilerplate
//      phrases, caption credits, dates and bylines.
//   2. A block is prose if it reads like running text: at least 8 words, a sentence end,
//      mostly lower-case words, lines filled to the wrap width, no bullets or markers.
//   3. The main content is the run of blocks with the largest score (Kadane's maximum
//      subarray): prose scores its word count, anything else a penalty, a section label such
//      as "Related stories" a large one, and the start of a comment section ends the run. A
//      label followed by headline-and-teaser pairs cuts the run at the label.
//   4. Only a text that has web furniture outside that run is treated as a web page (so plain
//      prose, books and the seeds are left alone). Then blocks outside the run become
//      boilerplate; inside it, non-prose blocks become boilerplate (captions, ads, share
//      lines), a heading (a short line before prose), or stay (a list, a lead-in to a list).
//   5. Front: the body starts at the first prose block followed by prose (or a long one); the
//      best title-like block shortly before it is the title, "By ..." a byline, the first prose
//      block after the title a standfirst (subtitle); the rest there is boilerplate.
// Every step is linear in the input; nothing is removed from the text. Scored on real pages by
// tests/bench/score_news.py; figures and weak spots in docs/ingest.md.
#include "ingest_internal.hpp"

#include <alinea/detail/utf8.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

namespace alinea::detail {
namespace {

bool is_space(char c) noexcept {
  return is_hspace(c);
}
bool is_alnum_ascii(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Rough letter classes for the first code point of a word (Latin, Greek, Cyrillic).
bool is_lower_cp(char32_t c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
         (c >= 0x100 && c <= 0x17F && (c & 1U) == 1U) || (c >= 0x3B1 && c <= 0x3C9) ||
         (c >= 0x430 && c <= 0x45F);
}
bool is_upper_cp(char32_t c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
         (c >= 0x100 && c <= 0x17F && (c & 1U) == 0U) || (c >= 0x391 && c <= 0x3A9) ||
         (c >= 0x400 && c <= 0x42F);
}
bool is_letter_cp(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  // General punctuation, symbols, arrows, box drawing, shapes, dingbats, CJK punctuation,
  // specials and emoji are not letters.
  return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFE00 && c <= 0xFFFF) &&
         c < 0x1F000;
}
// Bullets a text browser draws for list items: U+2022, U+2023, U+2043, U+00B7, and the
// geometric shapes block (squares, circles, triangles).
bool is_bullet_cp(char32_t c) noexcept {
  return c == 0x2022 || c == 0x2023 || c == 0x2043 || c == 0xB7 || (c >= 0x25A0 && c <= 0x25FF);
}

char32_t first_cp(std::string_view s) noexcept {
  return s.empty() ? 0 : decode_at(s, 0);
}

bool ends_complete(std::string_view s) noexcept {
  return ends_with_stop(s);
}

// A list item line: "- ", "1. ", "(a) " ... or a bullet glyph.
bool is_glyph_line(std::string_view line) noexcept {
  return !line.empty() && static_cast<unsigned char>(line[0]) >= 0x80 && is_bullet_cp(first_cp(line));
}
bool is_bullet_line(std::string_view line) noexcept {
  return list_marker_length(line) > 0 || is_glyph_line(line);
}

// Phrases of web boilerplate, matched in lower case in blocks of at most 25 words.
constexpr std::array<std::string_view, 56> web_phrases{"support our journalis",
                                                       "support independent journalism",
                                                       "subscribe",
                                                       "sign up",
                                                       "sign in",
                                                       "newsletter",
                                                       "share this",
                                                       "share on",
                                                       "share via",
                                                       "follow us",
                                                       "follow on",
                                                       "read more",
                                                       "related articles",
                                                       "related stories",
                                                       "advertisement",
                                                       "advertising",
                                                       "all rights reserved",
                                                       "copyright",
                                                       "\xC2\xA9",
                                                       "click here",
                                                       "download our app",
                                                       "download the app",
                                                       "privacy policy",
                                                       "privacy statement",
                                                       "terms of use",
                                                       "terms of service",
                                                       "terms and conditions",
                                                       "cookie",
                                                       "donate",
                                                       "become a member",
                                                       "originally published",
                                                       "originally appeared",
                                                       "more from",
                                                       "recommended for you",
                                                       "listen to this",
                                                       "comments are closed",
                                                       "leave a comment",
                                                       "log in",
                                                       "login",
                                                       "log out",
                                                       "sign out",
                                                       "already a subscriber",
                                                       "skip to",
                                                       "back to top",
                                                       "most popular",
                                                       "sponsored",
                                                       "powered by",
                                                       "print this",
                                                       "email this",
                                                       "read later",
                                                       "loading...",
                                                       "reprinted",
                                                       "continue reading",
                                                       "view all",
                                                       "show more",
                                                       "more articles"};

// Labels that open a list of other stories ("Related", "More on this story", "Most popular").
constexpr std::array<std::string_view, 22> section_labels{
    "related",  "more stories", "more on",        "more from",    "popular",      "recommended",
    "trending", "topics",       "see also",       "also like",    "you may like", "might like",
    "stories",  "top picks",    "latest",         "next article", "read next",    "around the web",
    "features", "most read",    "editor's picks", "sponsored"};

// Photo captions and credits; the first 13 are unmistakable, even in a sentence.
constexpr std::array<std::string_view, 15> caption_phrases{
    "photograph:", "photo:", "photos:",  "image:",   "credit:",       "caption", "getty images", "ap photo",
    "/afp",        "afp/",   "reuters/", "/reuters", "illustration:", "(ap)",    "/ap"};
constexpr std::size_t strong_captions = 13;

// A caption or credit line: "Credit Harry Campbell", "Photo [13SUDAN-1-]", "Image caption ...".
bool starts_caption(std::string_view low) noexcept {
  static constexpr std::array<std::string_view, 5> starts{"credit", "photo", "image", "media caption",
                                                          "pictured"};
  return std::any_of(starts.begin(), starts.end(), [&](std::string_view p) {
    return low.starts_with(p) && (low.size() == p.size() || !is_alnum_ascii(low[p.size()]));
  });
}

// A list of phrases indexed by first byte: one pass over a text finds them all.
class phrase_index {
public:
  explicit phrase_index(std::span<const std::string_view> list) : list_(list) {
    for (std::size_t k = 0; k < list.size(); ++k)
      by_first_[static_cast<unsigned char>(list[k][0])].push_back(
          {k, list[k].size() > 1 ? list[k][1] : '\0'});
  }
  // Position of the first occurrence of any of the first `count` phrases, or npos.
  std::size_t first(std::string_view low, std::size_t count = std::string_view::npos) const {
    for (std::size_t i = 0; i < low.size(); ++i) {
      const auto &bucket = by_first_[static_cast<unsigned char>(low[i])];
      if (bucket.empty()) continue;
      const char second = i + 1 < low.size() ? low[i + 1] : '\0';
      for (const auto &[k, c] : bucket)
        if (k < count && (c == second || list_[k].size() == 1) && low.substr(i).starts_with(list_[k]))
          return i;
    }
    return std::string_view::npos;
  }
  bool any(std::string_view low) const { return first(low) != std::string_view::npos; }

private:
  std::span<const std::string_view> list_;
  std::array<std::vector<std::pair<std::size_t, char>>, 256> by_first_{}; // phrase, its second byte
};

const phrase_index &web_index() {
  static const phrase_index index{web_phrases};
  return index;
}
const phrase_index &caption_index() {
  static const phrase_index index{caption_phrases};
  return index;
}
const phrase_index &label_index() {
  static const phrase_index index{section_labels};
  return index;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The word before `end` in `low` (letters and digits), or "".
// Looks back at most 16 bytes, so that scanning a text stays linear.
std::string_view word_before(std::string_view low, std::size_t end) noexcept {
  const std::size_t limit = end > 16 ? end - 16 : 0;
  while (end > limit && is_space(low[end - 1]))
    --end;
  std::size_t begin = end;
  while (begin > limit && is_alnum_ascii(low[begin - 1]))
    --begin;
  return low.substr(begin, end - begin);
}

// The start of a comment section: "View comments (27)", "941 comments", "Show comments",
// "Comment *", "[Add comment]", "commenting policy", "Discussion Policy".
bool opens_comments(std::string_view low) noexcept {
  if (low.find("discussion policy") != std::string_view::npos) return true;
  for (std::size_t at = low.find("comment"); at != std::string_view::npos; at = low.find("comment", at + 1)) {
    std::size_t end = at + 7;
    if (low.substr(end).starts_with("ing policy")) return true;
    if (end < low.size() && low[end] == 's') ++end;
    std::size_t next = end;
    while (next < low.size() && is_space(low[next]))
      ++next;
    if (next < low.size() && (low[next] == '(' || is_digit(low[next]) || low[next] == '*')) return true;
    const auto rest = low.substr(next);
    if (rest.starts_with("policy") || rest.starts_with("count") || rest.starts_with("reflect")) return true;
    if (at > 0 && low[at - 1] == '[' && low.substr(at).starts_with("comment]")) return true;
    std::string_view before = word_before(low, at);
    if (before == "a" || before == "all" || before == "the")
      before = word_before(low, static_cast<std::size_t>(before.data() - low.data()));
    static constexpr std::array<std::string_view, 9> verbs{"view", "show",  "load", "read",  "post",
                                                           "add",  "leave", "hide", "expand"};
    if (std::find(verbs.begin(), verbs.end(), before) != verbs.end()) return true;
    if (!before.empty() && std::all_of(before.begin(), before.end(), is_digit)) return true;
  }
  return false;
}

// Dates and times: "March 18", "3 Jan", "12:41", "2/26/2015", "2019", "52m ago".
bool has_date(std::string_view low) noexcept {
  static constexpr std::array<std::string_view, 12> months{"january",   "february", "march",    "april",
                                                           "may",       "june",     "july",     "august",
                                                           "september", "october",  "november", "december"};
  const auto is_month = [](std::string_view w) {
    if (w.size() < 3) return false;
    return std::any_of(months.begin(), months.end(), [&](std::string_view m) {
      return m.starts_with(w) || (w == "sept" && m == "september");
    });
  };
  std::size_t i = 0;
  std::string_view previous;
  char previous_sep = 0;
  while (i < low.size()) {
    if (!is_alnum_ascii(low[i])) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < low.size() && is_alnum_ascii(low[i]))
      ++i;
    const auto w = low.substr(begin, i - begin);
    const char sep_before = begin > 0 ? low[begin - 1] : 0;
    const bool digits = std::all_of(w.begin(), w.end(), is_digit);
    const std::size_t near = begin >= 12 ? begin - 12 : 0;
    if (w == "ago" && low.substr(near, begin - near).find_first_of("0123456789") != std::string_view::npos)
      return true; // 52m ago, 2 hours ago
    if (digits && w.size() == 4 && (w.starts_with("19") || w.starts_with("20"))) return true;
    if (digits && (sep_before == ':' || sep_before == '/') && !previous.empty() &&
        std::all_of(previous.begin(), previous.end(), is_digit) && previous.size() <= 2 && w.size() >= 2)
      return true; // 12:41, 2/26
    if (digits && !previous.empty() && is_month(previous) && (previous_sep == ' ' || previous_sep == '.'))
      return true; // March 18, Jan. 13
    if (!digits && is_month(w) && !previous.empty() && previous.size() <= 2 &&
        std::all_of(previous.begin(), previous.end(), is_digit) && sep_before == ' ')
      return true; // 3 Jan
    previous = w;
    previous_sep = i < low.size() ? low[i] : 0;
  }
  return false;
}

// "By Jane Doe", "by: Jane", "[photo] By Jane".
bool starts_byline(std::string_view s) noexcept {
  if (s.starts_with('[')) {
    const auto close = s.find("] ");
    if (close != std::string_view::npos) s.remove_prefix(close + 2);
  }
  if (s.size() < 4 || (s[0] != 'B' && s[0] != 'b') || (s[1] != 'y' && s[1] != 'Y')) return false;
  s.remove_prefix(2);
  if (s.starts_with(':')) s.remove_prefix(1);
  if (!s.starts_with(' ')) return false;
  s.remove_prefix(1);
  return !s.empty() && is_upper_cp(first_cp(s));
}

// A "[...]" marker a text browser leaves for an image, a frame or a form field: it stands
// alone (start of line or after a space or another marker, and before the end, a space or
// another marker), unlike an editorial "[T]he". Returns the number in `line`.
std::size_t count_markers(std::string_view line) noexcept {
  std::size_t n = 0;
  std::size_t open = std::string_view::npos; // the '[' of the marker being read
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '[') {
      open = i == 0 || is_space(line[i - 1]) || line[i - 1] == ']' ? i : std::string_view::npos;
    } else if (line[i] == ']' && open != std::string_view::npos) {
      if (i + 1 == line.size() || is_space(line[i + 1]) || line[i + 1] == '[') ++n;
      open = std::string_view::npos;
    }
  }
  return n;
}

// A line made only of "[...]" markers.
bool is_marker_line(std::string_view line) noexcept {
  if (!line.starts_with('[') || !line.ends_with(']')) return false;
  std::size_t depth = 0;
  for (char c : line) {
    if (c == '[')
      ++depth;
    else if (c == ']' && depth > 0)
      --depth;
    else if (depth == 0 && !is_space(c))
      return false;
  }
  return true;
}

struct block_facts {
  std::size_t words = 0, lines = 0, bullet_lines = 0, glyph_lines = 0, pipes = 0, markers = 0, letters = 0,
              sentences = 0, lower = 0, alpha = 0, capitalized = 0;
  bool complete = false, first_complete = false, shaped = true, doubled = false, repeated_line = false;
  bool list = false;      ///< every line an item or an item's indented continuation
  bool bracketed = false; ///< the whole block is one "[...]": an image's alternative text
  bool phrase = false, phrase_leads = false, caption = false, strong_caption = false, label = false,
       comments = false, dateline = false, byline = false;
  bool prose = false, titlelike = false, furniture = false, web = false;
};

class web_detector {
public:
  web_detector(const source_view &source, std::vector<planned_block> &blocks) : s_(source), blocks_(blocks) {}

  void run() {
    for (const auto &b : blocks_)
      if (!b.removed_as.empty() || b.kind != block_kind::paragraph) return; // a distributor's text
    // Cheap test first: fewer than 5 blocks with web furniture anywhere means no web page.
    std::size_t furnished = 0;
    for (std::size_t i = 0; i < blocks_.size() && furnished < 5; ++i)
      furnished += has_web_furniture(blocks_[i]) ? 1 : 0;
    if (furnished < 5) return;
    facts_.reserve(blocks_.size());
    for (const auto &b : blocks_)
      facts_.push_back(read(b));
    auto [s, e] = trim_teasers(main_run());
    if (s >= e) return;
    // Short sentences right after the last paragraph ("Jane Doe contributed to this report.").
    for (std::size_t k = 0; k < 2 && e < facts_.size() && is_short_sentence(facts_[e]); ++k)
      ++e;
    std::size_t outside = 0;
    for (std::size_t i = 0; i < blocks_.size(); ++i)
      if ((i < s || i >= e) && facts_[i].web) ++outside;
    if (outside < 5 || outside * 20 < blocks_.size()) return; // not a web page
    for (std::size_t i = 0; i < blocks_.size(); ++i)
      if (i < s || i >= e) blocks_[i].kind = block_kind::boilerplate;
    mark_inside(s, e);
    mark_front(s, e);
  }

private:
  // The same as read(b).web, without reading the whole block: bullets, "|" pairs and markers
  // by memchr, phrases only in blocks of at most 25 words.
  bool has_web_furniture(const planned_block &b) const {
    const auto &first = s_.lines[b.first_line], &last = s_.lines[b.first_line + b.line_count - 1];
    const auto bytes = s_.src.substr(first.begin, last.end - first.begin);
    const bool brackets = bytes.find('[') != std::string_view::npos;
    const auto pipe = bytes.find('|');
    if (pipe != std::string_view::npos && bytes.find('|', pipe + 1) != std::string_view::npos) return true;
    // Words that follow a space: a lower bound of the word count, in a loop the compiler vectorizes.
    std::size_t starts = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i)
      starts += static_cast<std::size_t>(bytes[i] == ' ') &
                static_cast<std::size_t>(static_cast<unsigned char>(bytes[i + 1]) > ' ');
    std::size_t words = starts > 25 ? starts : 0;
    for (std::size_t k = 0; k < b.line_count; ++k) {
      const auto line = s_.trimmed(b.first_line + k);
      if (is_glyph_line(line)) return true;
      if (brackets && count_markers(line) > 0) return true;
      if (words <= 25) {
        bool in_word = false;
        for (std::size_t i = 0; i < line.size() && words <= 25; ++i) {
          const bool space = is_space(line[i]);
          words += !space && !in_word ? 1 : 0;
          in_word = !space;
        }
      }
    }
    if (words > 25) return false;
    std::string joined;
    for (std::size_t k = 0; k < b.line_count; ++k) {
      if (k > 0) joined += ' ';
      joined += s_.trimmed(b.first_line + k);
    }
    const std::string low = lower_ascii(joined);
    return web_index().any(low) || opens_comments(low);
  }

  block_facts read(const planned_block &b) const {
    block_facts f;
    f.lines = b.line_count;
    // A first line that is only a marker ("[Submit]", "[photo]") does not count for the shape.
    const std::size_t head = b.line_count > 1 && is_marker_line(s_.first(b)) ? 1 : 0;
    std::size_t widest = 0;
    for (std::size_t k = head; k < b.line_count; ++k)
      widest = std::max(widest, s_.trimmed(b.first_line + k).size());
    std::size_t full = 0;
    bool after_stop = true; // the previous line ended a sentence, or there is none
    std::string_view previous;
    for (std::size_t k = 0; k < b.line_count; ++k) {
      const auto line = s_.trimmed(b.first_line + k);
      if (k >= head && k + 1 < b.line_count && line.size() * 10 >= widest * 6) ++full;
      // "- " or "1. " starting a line inside a sentence is a wrapped dash or number, not an item.
      if (is_glyph_line(line) || (list_marker_length(line) > 0 && after_stop)) ++f.bullet_lines;
      if (is_glyph_line(line)) ++f.glyph_lines;
      if (k > 0 && line == previous && !line.empty()) f.repeated_line = true;
      f.markers += count_markers(line);
      read_words(line, f);
      after_stop = ends_complete(line) || is_bullet_line(line);
      previous = line;
    }
    // A list: items, each perhaps continued on lines indented deeper than the first item.
    if (f.bullet_lines > 0 && is_bullet_line(s_.first(b))) {
      const auto indent = [&](std::size_t k) {
        return s_.trimmed(b.first_line + k).data() - s_.src.data() -
               static_cast<std::ptrdiff_t>(s_.lines[b.first_line + k].begin);
      };
      f.list = true;
      for (std::size_t k = 1; k < b.line_count && f.list; ++k)
        f.list = is_bullet_line(s_.trimmed(b.first_line + k)) || indent(k) > indent(0);
    }
    const std::size_t counted = b.line_count - head;
    f.shaped = counted <= 2 || full * 10 >= (counted - 1) * 7;
    f.complete = ends_complete(s_.last(b));
    f.first_complete = ends_complete(s_.first(b));
    // The phrase tests need the text in lower case: only short blocks, and blocks of short lines.
    if (f.words <= 60) {
      std::string joined;
      for (std::size_t k = 0; k < b.line_count; ++k) {
        if (k > 0) joined += ' ';
        joined += s_.trimmed(b.first_line + k);
      }
      const std::string low = lower_ascii(joined);
      const auto phrase_at = web_index().first(low);
      f.phrase = f.words <= 25 && phrase_at != std::string_view::npos;
      // A phrase opens the block, or the block is too short to be anything but the phrase.
      f.phrase_leads = f.phrase && (phrase_at < 24 || f.words <= 12);
      f.strong_caption =
          starts_caption(low) || caption_index().first(low, strong_captions) != std::string_view::npos;
      f.caption = f.strong_caption || caption_index().any(low);
      f.label = f.words <= 5 && !f.complete && label_index().any(low);
      f.comments = opens_comments(low);
      f.dateline = f.words <= 25 && has_date(low);
      f.byline = starts_byline(joined);
      f.bracketed = is_marker_line(joined); // "[alt text of an image]"
      const std::size_t half = joined.size() / 2;
      if (joined.size() >= 20) {
        std::string_view a(joined.data(), half), c(joined.data() + half, joined.size() - half);
        if (c.starts_with(' ')) c.remove_prefix(1);
        f.doubled = a == c;
      }
    }
    if (!f.shaped && !f.phrase) {
      std::size_t phrase_lines = 0;
      for (std::size_t k = 0; k < b.line_count; ++k) {
        const auto line = s_.trimmed(b.first_line + k);
        if (line.size() <= 200 && web_index().any(lower_ascii(line))) ++phrase_lines;
      }
      f.phrase = f.phrase_leads = phrase_lines > 0 && phrase_lines * 3 >= b.line_count;
    }
    f.furniture = f.bullet_lines > 0 || f.pipes >= 2 || f.markers > 0 || f.phrase;
    f.web = f.glyph_lines > 0 || f.pipes >= 2 || f.markers > 0 || (f.words <= 25 && (f.phrase || f.comments));
    f.prose = f.words >= 8 && f.shaped && !f.doubled && !f.repeated_line && !f.bracketed &&
              (f.sentences >= 1 || f.complete) && f.lower * 10 >= f.alpha * 4 && f.bullet_lines == 0 &&
              f.pipes <= 1 && f.markers * 20 <= f.words && !f.phrase_leads && !f.strong_caption;
    const auto last = strip_closers(s_.last(b));
    f.titlelike = f.words >= 2 && f.words <= 30 && f.lines <= 3 && !f.furniture && !f.caption &&
                  f.letters > 0 && !(last.ends_with('.') || last.ends_with(',')) && !f.byline &&
                  !f.dateline && !f.doubled;
    return f;
  }

  // Words, their initial letters, letters, "|" and sentence ends of one trimmed line.
  static void read_words(std::string_view line, block_facts &f) {
    bool in_word = false;
    for (std::size_t i = 0; i < line.size();) {
      const auto c = static_cast<unsigned char>(line[i]);
      if (c < 0x80) { // ASCII: the common case, without decoding
        if (c == ' ' || c == '\t' || c == '\f') {
          in_word = false;
          ++i;
          continue;
        }
        const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
        if (!in_word) {
          ++f.words;
          if (lower || upper) {
            ++f.alpha;
            f.lower += lower ? 1 : 0;
            f.capitalized += upper ? 1 : 0;
          }
          in_word = true;
        }
        if (lower || upper) {
          ++f.letters;
        } else if (c == '|') {
          ++f.pipes;
        } else if ((c == '.' || c == '!' || c == '?') && ends_sentence(line, i, 1)) {
          ++f.sentences;
        }
        ++i;
        continue;
      }
      const std::size_t len = sequence_length(c);
      const char32_t cp = decode_at(line, i);
      const bool letter = is_letter_cp(cp);
      if (!in_word) {
        ++f.words;
        if (letter) {
          ++f.alpha;
          f.lower += is_lower_cp(cp) ? 1 : 0;
          f.capitalized += is_upper_cp(cp) ? 1 : 0;
        }
        in_word = true;
      }
      if (letter) ++f.letters;
      if (cp == 0x2026 && ends_sentence(line, i, len)) ++f.sentences;
      i += len;
    }
  }

  // The stop of `len` bytes at `i` ends a sentence: it follows a word (not a digit: "2.5") and
  // is followed, after closing quotes or brackets, by a space or the line end.
  static bool ends_sentence(std::string_view line, std::size_t i, std::size_t len) noexcept {
    if (i == 0 || is_space(line[i - 1]) || is_digit(line[i - 1])) return false;
    std::size_t j = i + len;
    while (j < line.size()) {
      if (line[j] == '"' || line[j] == '\'' || line[j] == ')' || line[j] == ']') {
        ++j;
      } else if (line.substr(j).starts_with("\xE2\x80\x9D") || line.substr(j).starts_with("\xE2\x80\x99")) {
        j += 3;
      } else {
        break;
      }
    }
    return j >= line.size() || is_space(line[j]);
  }

  // Kadane's maximum-sum run; a comment section's opening ends any run.
  std::pair<std::size_t, std::size_t> main_run() const {
    double best = 0, current = 0;
    std::size_t best_begin = 0, best_end = 0, begin = 0;
    for (std::size_t i = 0; i < facts_.size(); ++i) {
      const auto &f = facts_[i];
      if (f.comments) {
        current = 0;
        begin = i + 1;
        continue;
      }
      if (current <= 0) {
        current = 0;
        begin = i;
      }
      current += score(f);
      if (current > best) {
        best = current;
        best_begin = begin;
        best_end = i + 1;
      }
    }
    return {best_begin, best_end};
  }

  // A sentence too short to count as prose: "Analysts provided a few theories:".
  static bool is_short_sentence(const block_facts &f) {
    return f.complete && f.words >= 3 && f.lower * 10 >= f.alpha * 4 && f.shaped && !f.repeated_line &&
           !f.furniture && !f.caption && !f.comments && !f.bracketed;
  }

  // A list of other stories at the end of the run: a label ("More stories"), then headlines
  // (short non-prose blocks) with a one-paragraph teaser each. Cuts the run at the label.
  std::pair<std::size_t, std::size_t> trim_teasers(std::pair<std::size_t, std::size_t> run) const {
    const auto [s, e] = run;
    std::size_t teasers = 0;
    for (std::size_t j = e; j > s; --j) {
      const auto &f = facts_[j - 1];
      if (f.label) return teasers >= 2 ? std::pair{s, j - 1} : run;
      if (f.prose && f.words <= 40)
        ++teasers;
      else if (f.prose || f.words > 15)
        break;
    }
    return run;
  }

  static double score(const block_facts &f) {
    const auto words = static_cast<double>(f.words);
    if (f.label) return -60;
    if (f.prose) return words;
    if (f.letters == 0) return -0.5;
    if (f.furniture) return -(3 + words);
    return -(3 + words / 2);
  }

  void mark_inside(std::size_t s, std::size_t e) {
    for (std::size_t i = s; i < e; ++i) {
      const auto &f = facts_[i];
      auto &b = blocks_[i];
      if (f.prose) continue;
      if (f.bullet_lines > 0 && f.bullet_lines < f.lines && f.first_complete && !f.phrase)
        continue; // a lead-in ("... as follows:") and its list
      if (f.comments || f.label || f.letters == 0 || f.caption || f.doubled || f.phrase ||
          (f.furniture && !f.list)) {
        b.kind = block_kind::boilerplate;
        continue;
      }
      if (f.list && (f.lines > 1 || f.words > 5)) continue; // a list: split_lists makes the items
      if (is_short_sentence(f)) continue;
      if (f.titlelike && f.words <= 14 && i + 1 < e && facts_[i + 1].prose) {
        b.kind = block_kind::heading;
        b.join_lines = b.line_count > 1;
        continue;
      }
      b.kind = block_kind::boilerplate; // captions and other unpunctuated lines
    }
  }

  void mark_front(std::size_t s, std::size_t e) {
    // The body starts at the first prose block followed by prose, or a long one.
    std::size_t anchor = s;
    for (std::size_t i = s; i < std::min(e, s + 12); ++i) {
      const auto &f = facts_[i];
      const bool next_prose = i + 1 < e && facts_[i + 1].prose && !facts_[i + 1].byline;
      if (f.prose && !f.byline && (f.words >= 40 || next_prose)) {
        anchor = i;
        break;
      }
    }
    // The title: the best title-like block shortly before the body.
    std::size_t title = blocks_.size();
    double best = -1e9;
    const std::size_t from = s >= 12 ? s - 12 : 0;
    for (std::size_t i = anchor; i-- > from;) {
      const auto &f = facts_[i];
      if (!f.titlelike || f.label || f.phrase || f.words < 3) continue;
      double sc = -0.3 * static_cast<double>(anchor - i);
      for (std::size_t j = i + 1; j < std::min(blocks_.size(), i + 4); ++j)
        if (facts_[j].byline || (facts_[j].dateline && !facts_[j].prose)) {
          sc += 3;
          break;
        }
      if (f.capitalized * 10 >= f.words * 6) sc += 1;
      if (occurs_elsewhere(i)) sc += 2;
      if (sc > best) {
        best = sc;
        title = i;
      }
    }
    if (title == blocks_.size()) return;
    for (std::size_t i = s; i < title; ++i) // page furniture inside the run, before the title
      blocks_[i].kind = block_kind::boilerplate;
    set_front(title, block_kind::title);
    bool standfirst = false;
    for (std::size_t i = title + 1; i < anchor; ++i) {
      const auto &f = facts_[i];
      if (f.byline && f.words <= 60) {
        set_front(i, block_kind::byline);
      } else if (f.prose && !standfirst) {
        set_front(i, block_kind::subtitle);
        standfirst = true;
      } else {
        blocks_[i].kind = block_kind::boilerplate;
      }
      standfirst = standfirst || blocks_[i].kind != block_kind::boilerplate;
    }
  }

  void set_front(std::size_t i, block_kind kind) {
    blocks_[i].kind = kind;
    blocks_[i].join_lines = blocks_[i].line_count > 1;
  }

  // The first line of block i occurs again somewhere else in the source (headlines are
  // repeated in breadcrumbs, page titles and share lines). Called for at most 12 blocks.
  // Looks within 64 KB on either side, so that the cost does not grow with the input.
  bool occurs_elsewhere(std::size_t i) const {
    const auto line = s_.first(blocks_[i]);
    if (line.size() < 12 || line.size() > 160) return false;
    const auto own = static_cast<std::size_t>(line.data() - s_.src.data());
    constexpr std::size_t reach = 64 * 1024;
    const std::size_t from = own > reach ? own - reach : 0;
    const auto window = s_.src.substr(from, own + line.size() + reach - from);
    for (std::size_t at = window.find(line); at != std::string_view::npos; at = window.find(line, at + 1))
      if (from + at != own) return true;
    return false;
  }

  const source_view &s_;
  std::vector<planned_block> &blocks_;
  std::vector<block_facts> facts_;
};

} // namespace

void mark_web_boilerplate(const source_view &source, std::vector<planned_block> &blocks) {
  web_detector(source, blocks).run();
}

} // namespace alinea::detail
