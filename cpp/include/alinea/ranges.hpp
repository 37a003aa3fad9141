// SPDX-License-Identifier: MIT
// range-v3 views over a document's parts, for C++ consumers who compose pipelines.
// Link alinea::ranges (needs range-v3) to use this header.
#pragma once

#if !defined(ALINEA_HAS_RANGE_V3)
#error "alinea/ranges.hpp needs range-v3: link the alinea::ranges target"
#endif

#include <alinea/document.hpp>

#include <range/v3/view/filter.hpp>
#include <range/v3/view/transform.hpp>

namespace alinea::views {

/// The body paragraphs of `doc`, in order, as blocks.
inline auto paragraphs(const document &doc) {
  return doc.blocks() | ranges::views::filter([](const block &b) { return b.kind == block_kind::paragraph; });
}

/// The text of each body paragraph of `doc`, in order.
inline auto paragraph_texts(const document &doc) {
  return paragraphs(doc) | ranges::views::transform([&doc](const block &b) { return doc.text_of(b); });
}

} // namespace alinea::views
