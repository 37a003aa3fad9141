// SPDX-License-Identifier: MIT
#include <alinea/citation.hpp>
#include <alinea/error.hpp>
#include <alinea/sentences.hpp>

#include <algorithm>
#include <charconv>

namespace alinea {
namespace {

[[noreturn]] void malformed(std::string_view text, std::string_view why) {
  throw argument_error(errc::invalid_argument, "'" + std::string(text) +
                                                   "' is not a citation: " + std::string(why) +
                                                   " (expected DOC:N, DOC:N.M, DOC:N-K or DOC:N.M-K.L)");
}

[[noreturn]] void unresolved(std::string why) {
  throw argument_error(errc::unresolved_citation, std::move(why));
}

std::uint32_t number(std::string_view whole, std::string_view part) {
  std::uint32_t v = 0;
  const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
  if (part.empty() || ec != std::errc() || p != part.data() + part.size() || v == 0 || part[0] == '0')
    malformed(whole, "'" + std::string(part) + "' is not a number from 1");
  return v;
}

citation_point point(std::string_view whole, std::string_view part) {
  const auto dot = part.find('.');
  if (dot == std::string_view::npos) return {number(whole, part), 0};
  return {number(whole, part.substr(0, dot)), number(whole, part.substr(dot + 1))};
}

// The sentences of paragraph `p` in the sentences layer: [first, last) annotation indices.
std::pair<std::size_t, std::size_t> sentences_of(const layer &l, const block &p) {
  // Binary search on begin offsets (the layer is in text order).
  std::size_t lo = 0, hi = l.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (l.begin(mid) < p.begin)
      lo = mid + 1;
    else
      hi = mid;
  }
  std::size_t end = lo;
  while (end < l.size() && l.begin(end) < p.end)
    ++end;
  return {lo, end};
}

} // namespace

citation parse_citation(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) malformed(text, "no ':' between document and passage");
  citation c;
  c.document = std::string(text.substr(0, colon));
  if (!is_valid_document_id(c.document)) malformed(text, "'" + c.document + "' is not a document id");
  const auto rest = text.substr(colon + 1);
  const auto dash = rest.find('-');
  c.first = point(text, rest.substr(0, dash));
  c.last = dash == std::string_view::npos ? c.first : point(text, rest.substr(dash + 1));
  return c;
}

std::string to_string(const citation &c) {
  const auto one = [](const citation_point &p) {
    return std::to_string(p.paragraph) + (p.sentence ? "." + std::to_string(p.sentence) : "");
  };
  std::string out = c.document + ":" + one(c.first);
  if (c.last != c.first) out += "-" + one(c.last);
  return out;
}

passage resolve(const document &doc, std::string_view citation_text) {
  return resolve(doc, parse_citation(citation_text));
}

passage resolve(const document &doc, const citation &c) {
  if (c.document != doc.meta().id)
    unresolved("citation " + to_string(c) + " names document '" + c.document + "', not '" + doc.meta().id +
               "'");
  const layer *sentences = doc.find_layer(sentences_layer_name);
  const auto span_of = [&](const citation_point &p) -> passage {
    if (p.paragraph == 0 || p.paragraph > doc.paragraph_count())
      unresolved("citation " + to_string(c) + ": document '" + doc.meta().id + "' has no paragraph " +
                 std::to_string(p.paragraph) + " (it has " + std::to_string(doc.paragraph_count()) + ")");
    const block &b = doc.paragraph(p.paragraph);
    if (p.sentence == 0) return {b.begin, b.end};
    if (!sentences)
      unresolved("citation " + to_string(c) + ": document '" + doc.meta().id + "' has no sentences layer");
    const auto [lo, hi] = sentences_of(*sentences, b);
    if (p.sentence > hi - lo)
      unresolved("citation " + to_string(c) + ": paragraph " + std::to_string(p.paragraph) +
                 " has no sentence " + std::to_string(p.sentence) + " (it has " + std::to_string(hi - lo) +
                 ")");
    const std::size_t i = lo + p.sentence - 1;
    return {sentences->begin(i), sentences->end(i)};
  };
  const passage first = span_of(c.first);
  const passage last = span_of(c.last);
  if (last.end < first.begin || last.begin < first.begin)
    unresolved("citation " + to_string(c) + " ends before it starts");
  return {first.begin, last.end};
}

} // namespace alinea
