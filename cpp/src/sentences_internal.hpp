// SPDX-License-Identifier: MIT
#pragma once

#include <alinea/document.hpp>

#include <span>
#include <string_view>

namespace alinea::detail {

/// The sentences layer for the numbered blocks of `text` (see alinea/sentences.hpp). Sentence
/// boundaries inside an emphasis span (from `emphasis`, may be null) are dropped.
layer sentence_layer(std::string_view text, std::span<const block> blocks, const layer *emphasis);

} // namespace alinea::detail
