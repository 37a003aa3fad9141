// SPDX-License-Identifier: MIT
// Re-anchoring: carry paragraph and sentence citations and annotations from one version of a
// text to the next, and say what became of each.
#pragma once

#include <alinea/citation.hpp>
#include <alinea/document.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace alinea {

/// What an item of the old version is: a numbered paragraph (DOC:N), a sentence (DOC:N.M) or
/// an annotation of a layer.
enum class anchor_kind : std::uint8_t { paragraph, sentence, annotation };

/// What became of an old item in the new version.
enum class anchor_status : std::uint8_t {
  unchanged, ///< the same text at the same place: the same citation (annotations: same offsets)
  moved,     ///< the same text at another place: another citation (annotations: other offsets)
  edited,    ///< placed on text that differs from the old (words, punctuation, spacing or case)
  split,     ///< an old paragraph or sentence now spans several consecutive new ones
  merged,    ///< several consecutive old paragraphs or sentences now make one new one
  orphaned,  ///< not found with enough confidence: not placed at all
};

/// "paragraph", "sentence", "annotation".
std::string_view anchor_kind_name(anchor_kind k) noexcept;
/// "unchanged", "moved", "edited", "split", "merged", "orphaned".
std::string_view anchor_status_name(anchor_status s) noexcept;

/// A W3C Web Annotation TextQuoteSelector: the exact text of a span with the text just before
/// (prefix) and just after (suffix) it.
struct text_quote {
  std::string exact;
  std::string prefix;
  std::string suffix;
  friend bool operator==(const text_quote &, const text_quote &) = default;
};

/// The quote of bytes [begin, end) of `text` (valid UTF-8, on character boundaries), with up to
/// `context` code points of prefix and suffix.
text_quote quote_of(std::string_view text, std::size_t begin, std::size_t end, std::size_t context = 32);

/// The content fingerprint of a passage: a 64-bit hash of its sequence of words, case-folded,
/// so that punctuation, spacing and case do not change it ("US-Kazak relations, he said" and
/// "US Kazak Relations -- he said" have the same fingerprint; "US-Kazak relation" does not).
/// Words are runs of letters and digits: "U.S." is two words, "US" one. A passage without
/// words hashes its bytes.
/// Stable across platforms and releases of the same major version.
std::uint64_t content_fingerprint(std::string_view text) noexcept;

/// What happens when the new document already has a layer named like a re-anchored one (as
/// the new text's own ingest makes "emphasis" and "pages").
enum class layer_policy : std::uint8_t {
  keep_new, ///< the new document's layer stays as it is; the old annotations are still reported
  merge,    ///< the re-anchored annotations join it (one identical to an existing one is not added)
  replace,  ///< the re-anchored layer replaces it
};

/// Thresholds and choices of re-anchoring. See docs/reanchor.md for what each confidence means.
struct reanchor_options {
  /// Items whose best placement scores below this are orphaned, never placed.
  double min_confidence = 0.5;
  /// The bar for a fuzzy (edited, split, merged) paragraph or sentence match that is not in the
  /// gap between the same two exactly matched neighbours: without that support from position,
  /// only a closer likeness counts. Also the bar everywhere when nothing matched exactly.
  double min_confidence_far = 0.7;
  /// An annotation whose exact text is gone is placed (edited) on the best approximate match in
  /// its paragraph's new place only if that text is at least this similar to the old.
  double min_quote_similarity = 0.6;
  /// Code points of prefix and suffix kept in each annotation's text-quote selector.
  std::size_t context = 32;
  /// Bytes: the largest stretch of new text searched for an annotation whose paragraph was
  /// orphaned (between the new places of its nearest placed neighbours).
  std::size_t search_window = 64 * 1024;
  /// See layer_policy.
  layer_policy existing_layers = layer_policy::keep_new;
};

/// What became of one item of the old version.
struct reanchor_item {
  anchor_kind kind = anchor_kind::paragraph;
  anchor_status status = anchor_status::orphaned;
  /// How sure the placement is, from 0 to 1 (1: the same text, found where expected). For an
  /// orphaned item: the best score seen, which fell below the bar or lost to a better match.
  double confidence = 0;
  /// Paragraphs and sentences: the old citation (sentence 0 for a paragraph).
  citation_point old_point;
  /// Annotations: the layer and the index of the annotation in it.
  std::string layer;
  std::size_t index = 0;
  /// The old span, bytes of the old text.
  passage old_span;
  /// Paragraphs and sentences: the content fingerprint of the old text.
  std::uint64_t fingerprint = 0;
  /// Annotations: the text-quote selector taken from the old text.
  text_quote quote;
  /// Paragraphs and sentences: the new citations (several for a split; none when orphaned or
  /// when the text is now in an unnumbered block, such as a heading).
  std::vector<citation_point> new_points;
  /// The new spans, bytes of the result document's text (one per new citation; one for an
  /// annotation; none when orphaned).
  std::vector<passage> new_spans;
};

/// The outcome of re-anchoring.
struct reanchor_result {
  /// The new version with the re-anchored annotation layers attached (see layer_policy).
  document doc;
  /// Citation id of the old version (the DOC of the old citations).
  std::string old_id;
  /// Every old numbered paragraph, then every old sentence, then every annotation of every
  /// re-anchored layer (in layer order, then index order).
  std::vector<reanchor_item> items;
  /// Names of the re-anchored layers, in the old document's order.
  std::vector<std::string> layers;

  /// Number of items of kind `k` with status `s`.
  std::size_t count(anchor_kind k, anchor_status s) const noexcept;
};

/**
 * Maps every numbered paragraph, every sentence (if the old version has a sentences layer) and
 * every annotation of the old version to the new one.
 *
 *     auto old_doc = alinea::tei::read_file("article.xml");
 *     auto new_doc = alinea::parse(revised_text, {.id = old_doc.meta().id});
 *     auto r = alinea::reanchor(old_doc, new_doc);
 *     for (const auto &item : r.items)
 *       if (item.status != alinea::anchor_status::unchanged) ...
 *     alinea::tei::write_file(r.doc, "article-v2.xml");
 *
 * Paragraphs (every block, in fact) and sentences are aligned by content fingerprint first,
 * then, between exactly matched neighbours, by word similarity (edited), coverage (split,
 * merged), or not at all (orphaned). Annotations are found through their text-quote selector
 * in the new place of their paragraph. Nothing below the thresholds is placed. The layer named
 * "edits" (ingest's record of the old source) is not re-anchored, nor is the sentences layer
 * (its sentences are mapped as citations; the result has the new text's own sentences). Time
 * and memory grow near-linearly with the size of the texts.
 */
reanchor_result reanchor(const document &old_doc, const document &new_doc,
                         const reanchor_options &options = {});

} // namespace alinea
