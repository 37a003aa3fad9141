// SPDX-License-Identifier: MIT
// Citations: DOC:N (a paragraph), DOC:N.M (a sentence), DOC:N-K and DOC:N.M-K.L (ranges).
#pragma once

#include <alinea/document.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace alinea {

/// One end of a citation: paragraph `paragraph`, and sentence `sentence` of it (0: the whole
/// paragraph).
struct citation_point {
  std::uint32_t paragraph = 0;
  std::uint32_t sentence = 0;
  friend bool operator==(const citation_point &, const citation_point &) = default;
};

/// A parsed citation. `last` equals `first` for a single paragraph or sentence.
struct citation {
  std::string document; ///< the DOC part
  citation_point first;
  citation_point last;
  friend bool operator==(const citation &, const citation &) = default;
};

/// Parses "DOC:N", "DOC:N.M", "DOC:N-K", "DOC:N.M-K.L" (also "DOC:N.M-K" and "DOC:N-K.L").
/// Throws argument_error (A005) naming what is wrong if `text` is not such a citation.
citation parse_citation(std::string_view text);

/// The canonical string of a citation ("doc:7.2-8").
std::string to_string(const citation &c);

/// A resolved passage: the byte span [begin, end) of the document text it covers.
struct passage {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/**
 * Finds the passage a citation names in `doc`.
 *
 *     const auto p = alinea::resolve(doc, "kazak-thaw:7.2");
 *     std::string_view text = std::string_view(doc.text()).substr(p.begin, p.end - p.begin);
 *
 * Throws argument_error: A005 if the citation is malformed; A006 if it names another
 * document, a paragraph or sentence the document does not have, or ends before it starts.
 * Sentences need the sentences layer (parse() adds it by default).
 */
passage resolve(const document &doc, std::string_view citation_text);
passage resolve(const document &doc, const citation &c);

} // namespace alinea
