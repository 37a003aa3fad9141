// SPDX-License-Identifier: MIT
// Rule-based sentence segmentation for English-like prose.
#include "sentences_internal.hpp"

#include <alinea/sentences.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace alinea {
namespace {

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n';
}
bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) noexcept {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) noexcept {
  return is_upper(c) || is_lower(c);
}

// Abbreviations that a period does not end a sentence after (compared in lower case).
constexpr std::array<std::string_view, 68> abbreviations{
    "mr",   "mrs", "ms",   "dr",     "prof", "sr",   "jr",   "st",    "mt",  "vs",   "etc", "cf",
    "al",   "inc", "ltd",  "co",     "corp", "gen",  "col",  "lt",    "sgt", "capt", "gov", "sen",
    "rep",  "rev", "hon",  "pres",   "jan",  "feb",  "mar",  "apr",   "jun", "jul",  "aug", "sep",
    "sept", "oct", "nov",  "dec",    "no",   "nos",  "p",    "pp",    "vol", "vols", "ch",  "ed",
    "eds",  "fig", "figs", "approx", "ave",  "blvd", "dept", "univ",  "est", "op",   "esp", "ibid",
    "viz",  "ca",  "nr",   "art",    "sec",  "mme",  "mlle", "messrs"};

// Words that start sentences often enough to split after "U.S." when they follow it.
constexpr std::array<std::string_view, 24> sentence_starters{
    "The", "A",   "An",  "In", "It",  "He",  "She", "They",  "We",    "I",     "This",  "That",
    "But", "And", "Yet", "So", "His", "Her", "Its", "Their", "There", "These", "Those", "When"};

// Length of the UTF-8 closing quote or bracket at text[i], or 0.
std::size_t closer_at(std::string_view t, std::size_t i) {
  const char c = t[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  const auto rest = t.substr(i);
  if (rest.starts_with("\xE2\x80\x9D") || rest.starts_with("\xE2\x80\x99") ||
      rest.starts_with("\xC2\xBB")) // ” ’ »
    return rest[0] == '\xC2' ? 2 : 3;
  return 0;
}

// Does a new sentence start at text[i]? An upper-case letter, a digit, or an opening quote or
// bracket before one; a non-ASCII letter counts as upper case (we cannot tell cheaply).
bool starts_sentence(std::string_view t, std::size_t i) {
  if (i >= t.size()) return true;
  const char c = t[i];
  if (is_upper(c) || is_digit(c)) return true;
  if (c == '"' || c == '\'' || c == '(' || c == '[') return i + 1 < t.size() && starts_sentence(t, i + 1);
  const auto rest = t.substr(i);
  if (rest.starts_with("\xE2\x80\x9C") || rest.starts_with("\xE2\x80\x98") ||
      rest.starts_with("\xC2\xAB")) // “ ‘ «
    return starts_sentence(t, i + (rest[0] == '\xC2' ? 2 : 3));
  const auto u = static_cast<unsigned char>(c);
  return u >= 0xC3 && u < 0xE2; // Latin-1 and other alphabets: assume a capital
}

// The word that ends just before the period at `dot` (letters and inner periods: "U.S").
std::string_view word_before(std::string_view t, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && (is_alpha(t[b - 1]) || (t[b - 1] == '.' && b >= 2 && is_alpha(t[b - 2]))))
    --b;
  return t.substr(b, dot - b);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto &c : out)
    if (is_upper(c)) c = static_cast<char>(c + 32);
  return out;
}

bool is_abbreviation(std::string_view word) {
  const std::string w = lower(word);
  return std::find(abbreviations.begin(), abbreviations.end(), w) != abbreviations.end();
}

// Is the period at `dot` the end of a sentence whose next one would start at `next`?
bool period_ends_sentence(std::string_view t, std::size_t dot, std::size_t next) {
  const std::string_view word = word_before(t, dot);
  if (word.empty()) return true;                           // after a digit, a quote, a bracket: "in 1990."
  if (word.size() == 1 && is_upper(word[0])) return false; // an initial: "J. R. Smith"
  if (word.find('.') != std::string_view::npos) {          // "U.S.", "e.g.", "i.e.", "a.m."
    const std::string w = lower(word);
    if (w == "e.g" || w == "i.e") return false;
    std::size_t end = next;
    while (end < t.size() && is_alpha(t[end]))
      ++end;
    const auto following = t.substr(next, end - next);
    return std::find(sentence_starters.begin(), sentence_starters.end(), following) !=
           sentence_starters.end();
  }
  return !is_abbreviation(word);
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>> split_sentences(std::string_view t) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = 0;
  while (start < t.size() && is_space(t[start]))
    ++start;
  for (std::size_t i = start; i < t.size(); ++i) {
    const char c = t[i];
    const bool ellipsis = t.substr(i).starts_with("\xE2\x80\xA6");
    if (c != '.' && c != '!' && c != '?' && !ellipsis) continue;
    // The run of final punctuation and closers: "?!", "...", ".\"", ".)".
    std::size_t end = i + (ellipsis ? 3 : 1);
    while (end < t.size()) {
      if (t[end] == '.' || t[end] == '!' || t[end] == '?') {
        ++end;
      } else if (t.substr(end).starts_with("\xE2\x80\xA6")) {
        end += 3;
      } else if (const std::size_t n = closer_at(t, end)) {
        end += n;
      } else {
        break;
      }
    }
    if (end < t.size() && !is_space(t[end])) { // "3.5", "U.S.-led", "Yahoo!'s"
      i = end - 1;
      continue;
    }
    std::size_t next = end;
    while (next < t.size() && is_space(t[next]))
      ++next;
    const bool single_period = c == '.' && end - i == 1;
    const bool ends = next >= t.size() ||
                      (starts_sentence(t, next) && (!single_period || period_ends_sentence(t, i, next)));
    if (ends) {
      out.emplace_back(start, end);
      start = next;
    }
    i = end - 1;
  }
  if (start < t.size()) {
    std::size_t end = t.size();
    while (end > start && is_space(t[end - 1]))
      --end;
    if (end > start) out.emplace_back(start, end);
  }
  return out;
}

namespace detail {

layer sentence_layer(std::string_view text, std::span<const block> blocks, const layer *emphasis) {
  layer sentences{std::string(sentences_layer_name)};
  std::size_t e = 0; // next emphasis span to look at
  std::string n;
  for (const block &b : blocks) {
    if (!is_numbered(b.kind)) continue;
    auto spans = split_sentences(text.substr(b.begin, b.end - b.begin));
    // Merge sentences whose boundary falls inside an emphasis span, so that they nest in TEI.
    if (emphasis) {
      while (e < emphasis->size() && emphasis->end(e) <= b.begin)
        ++e;
      for (std::size_t k = e; k < emphasis->size() && emphasis->begin(k) < b.end; ++k) {
        const std::size_t hb = emphasis->begin(k) - b.begin, he = emphasis->end(k) - b.begin;
        for (std::size_t s = 0; s + 1 < spans.size();) {
          const bool cut = spans[s].second > hb && spans[s + 1].first < he;
          if (cut) {
            spans[s].second = spans[s + 1].second;
            spans.erase(spans.begin() + static_cast<std::ptrdiff_t>(s) + 1);
          } else {
            ++s;
          }
        }
      }
    }
    for (std::size_t s = 0; s < spans.size(); ++s) {
      n = std::to_string(s + 1);
      sentences.add(b.begin + spans[s].first, b.begin + spans[s].second, "s", "n", n);
    }
  }
  return sentences;
}

} // namespace detail

document with_sentences(const document &doc) {
  std::vector<layer> layers;
  for (const auto &l : doc.layers())
    if (l.name() != sentences_layer_name) layers.push_back(l);
  layers.push_back(detail::sentence_layer(doc.text(), doc.blocks(), doc.find_layer(emphasis_layer_name)));
  return document(doc.text(), doc.meta(), std::vector<block>(doc.blocks().begin(), doc.blocks().end()),
                  std::move(layers));
}

} // namespace alinea
