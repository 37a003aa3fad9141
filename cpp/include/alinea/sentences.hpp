// SPDX-License-Identifier: MIT
// Sentence segmentation: the unit of the citation DOC:N.M.
#pragma once

#include <alinea/document.hpp>

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace alinea {

/// The name of the layer of sentences: annotations of type "s" with attribute "n", the
/// sentence's number within its paragraph (1, 2, ...), over every numbered paragraph.
inline constexpr std::string_view sentences_layer_name = "sentences";

/**
 * Splits `text` into sentences and returns their byte spans, relative to `text`, in order.
 * Spaces between sentences belong to neither. A sentence ends at '.', '!', '?' or an ellipsis,
 * with any closing quotes and brackets, before space and the start of a new sentence (an
 * upper-case letter, a digit, an opening quote or bracket). Not at abbreviations ("Mr.",
 * "e.g.", "U.S." before a lower-case word, "Inc."), initials ("J. R. Smith"), decimals
 * ("3.5"), or an ellipsis inside a sentence.
 *
 *     split_sentences("Mr. Smith left. He went home.")   // {{0, 15}, {16, 29}}
 */
std::vector<std::pair<std::size_t, std::size_t>> split_sentences(std::string_view text);

/// A copy of `doc` with the sentences layer added (replaced if present). A sentence never
/// ends inside an emphasis span, so that sentences and emphasis nest in TEI.
document with_sentences(const document &doc);

} // namespace alinea
