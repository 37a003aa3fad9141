// SPDX-License-Identifier: MIT
// Formats other than TEI: the lossless JSON form of the model, W3C Web Annotation JSON-LD, and
// plain text with paragraph numbers. docs/formats.md describes each.
#pragma once

#include <alinea/document.hpp>

#include <string>
#include <string_view>

namespace alinea {

/// The version of the JSON form that to_json writes and from_json reads (its "format" member).
inline constexpr int json_format_version = 1;

/**
 * The document as JSON, losslessly: text, metadata, blocks and every layer with its
 * annotations and attributes. Offsets are Unicode code points of the text (stated in the
 * "offsets" member). One line, UTF-8, no trailing newline.
 *
 *     from_json(to_json(doc)) == doc
 */
std::string to_json(const document &doc);

/// Reads the JSON that to_json writes back into a document. Strict RFC 8259 JSON (nesting at
/// most 64 deep); unknown members are ignored. Throws parse_error (A009) with the byte offset,
/// line and column if the JSON is malformed or does not describe a valid document.
document from_json(std::string_view json);

/// Options of to_web_annotations.
struct web_annotation_options {
  /// The "source" of every target; empty: "urn:alinea:<document id>".
  std::string source_uri;
  /// Include the "edits" layer (ingest's changes to the source). Off by default.
  bool include_edits = false;
  /// Code points of context in each TextQuoteSelector's prefix and suffix.
  std::size_t context = 32;
};

/**
 * The document's layers as a W3C Web Annotation JSON-LD AnnotationCollection (one
 * AnnotationPage holding every annotation, in layer order, then annotation order). Each
 * annotation's target carries a TextQuoteSelector (exact, prefix, suffix) and a
 * TextPositionSelector whose start and end count Unicode code points of the document's
 * normalized text, as the collection states ("alinea:offsets": "code points").
 */
std::string to_web_annotations(const document &doc, const web_annotation_options &options = {});

/// As above, with the source URI and whether to include the edits layer.
std::string to_web_annotations(const document &doc, std::string_view source_uri, bool include_edits = false);

/**
 * The document as plain text with paragraph numbers: every block in text order, separated by
 * a blank line; each numbered paragraph (and quoted paragraph) is prefixed "[N] ". If the
 * document has no title block but a title, the title comes first. Ends with one newline.
 */
std::string to_plain_text(const document &doc);

} // namespace alinea
