// SPDX-License-Identifier: MIT
// The document: normalized text, structure as spans over it, metadata, annotation layers.
#pragma once

#include <alinea/layer.hpp>
#include <alinea/offsets.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alinea {

/// The kind of a structural block. Every block is a span of the text; blocks never overlap
/// and appear in text order. Front matter comes first, back matter last.
enum class block_kind : std::uint8_t {
  title,       ///< the document's title (front matter; TEI docTitle/titlePart)
  subtitle,    ///< a standfirst or subtitle right after the title (front; TEI argument/p)
  byline,      ///< "By ..." (front; TEI byline)
  heading,     ///< a heading that opens a division (TEI div/head); `n` is its number, if any
  paragraph,   ///< a numbered body paragraph: the unit of citation (TEI p)
  quote,       ///< a numbered paragraph of a block quotation (TEI quote/p)
  item,        ///< an item of a list (TEI list/item)
  note,        ///< an author note or similar note after the body (back; TEI note)
  boilerplate, ///< publisher or distributor boilerplate, set apart from the body
};

/// What a heading opens, as its words say ("Chapter Six" is a chapter).
enum class division_kind : std::uint8_t { none, chapter, part, book, section, act, scene };

/// A structural block: kind, byte span [begin, end) of the document text, and a number `n`:
/// the citation number for paragraphs and quotes (1, 2, ... continuously through the body),
/// the number a heading states (6 for "Chapter Six"; 0 if none), 0 otherwise.
struct block {
  block_kind kind = block_kind::paragraph;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t n = 0;
  division_kind division = division_kind::none; ///< for headings
  friend bool operator==(const block &, const block &) = default;
};

/// True for the kinds that carry a citation number (paragraphs and quoted paragraphs).
constexpr bool is_numbered(block_kind k) noexcept {
  return k == block_kind::paragraph || k == block_kind::quote;
}

/// The lower-case name of a kind ("title", "paragraph", ...), as Python shows it.
std::string_view block_kind_name(block_kind k) noexcept;
/// The lower-case name of a division kind ("chapter", ...; "" for none).
std::string_view division_kind_name(division_kind k) noexcept;

/// Bibliographic facts about the document.
struct metadata {
  std::string id;     ///< citation id: the DOC in DOC:N; letters, digits, '.', '_', '-'
  std::string title;  ///< the title, as detected or given
  std::string source; ///< file name of the source (no directory), empty for in-memory text
  friend bool operator==(const metadata &, const metadata &) = default;
};

/// The name of the layer that records ingest's changes to the source text.
inline constexpr std::string_view edits_layer_name = "edits";
/// The layer of emphasis found in light markup: annotations of type "hi" with a "rend".
inline constexpr std::string_view emphasis_layer_name = "emphasis";
/// The layer of page breaks: empty annotations of type "pb", with "n" if the page is known.
inline constexpr std::string_view pages_layer_name = "pages";
/// The attribute of an edit that holds the original source text of its span.
inline constexpr std::string_view edit_original_attribute = "orig";

/// Owns a document's text, structure, metadata and layers. Values: copying copies everything.
/// The text and the structure never change after construction, so byte offsets held elsewhere
/// stay valid for the document's lifetime; layers can be added, replaced, extended and removed
/// (all but the edits layer, which is the record of ingest and stays as ingest made it).
///
/// Every change ingest made to the source is an annotation in the layer named "edits": its
/// span in the text replaced the source text held in its "orig" attribute. Edits do not
/// overlap, so source_text() reconstructs the input byte for byte.
class document {
public:
  document() = default;
  /// Takes ownership of the parts. Throws argument_error if a block or annotation lies outside
  /// the text or off a character boundary, or if the metadata id is not a valid citation id.
  document(std::string text, metadata meta, std::vector<block> blocks, std::vector<layer> layers);

  const std::string &text() const noexcept { return text_; }
  const metadata &meta() const noexcept { return meta_; }
  std::span<const block> blocks() const noexcept { return blocks_; }
  std::string_view text_of(const block &b) const noexcept {
    return std::string_view(text_).substr(b.begin, b.end - b.begin);
  }

  /// The title block, or nullptr if the document has none.
  const block *title_block() const noexcept;
  /// Number of numbered body paragraphs (paragraphs and quoted paragraphs).
  std::size_t paragraph_count() const noexcept { return paragraph_index_.size(); }
  /// Numbered paragraph `n` (from 1). Throws argument_error (A006) if there is none.
  const block &paragraph(std::size_t n) const;
  /// The citation of paragraph `p`: "ID:N".
  std::string cite(const block &p) const;

  std::span<const layer> layers() const noexcept { return layers_; }
  /// The first block of kind `k`, or nullptr.
  const block *first_block(block_kind k) const noexcept;

  /// The layer called `name`, or nullptr.
  const layer *find_layer(std::string_view name) const noexcept;

  /// Adds an empty layer called `name` after the others and returns it. Throws argument_error
  /// (A005) if a layer of that name exists or the name is invalid (see layer::layer).
  layer &add_layer(std::string name);
  /// Adds `l`, or replaces the layer of the same name in its place. Throws argument_error (A005)
  /// if an annotation lies outside the text or splits a character, or if `l` is the edits layer.
  void put_layer(layer l);
  /// Removes the layer called `name`. Throws argument_error (A005) if there is none or it is the
  /// edits layer.
  void remove_layer(std::string_view name);
  /// Appends an annotation to layer `layer_name` (created if absent), checking the span against
  /// the text. Byte offsets. Throws argument_error (A005) as put_layer and layer::add do.
  void annotate(std::string_view layer_name, std::size_t begin, std::size_t end, std::string_view type,
                std::span<const attribute> attributes = {}, const provenance &made_by = {});
  /// The layer called `name` for appending annotations whose spans the caller has checked
  /// (check_span), or nullptr. Throws argument_error (A005) for the edits layer.
  layer *layer_for_update(std::string_view name);
  /// Throws argument_error (A005) unless [begin, end) is a span of the text on character
  /// boundaries.
  void check_span(std::size_t begin, std::size_t end, std::string_view what = "annotation") const;
  /// The input the document was made from, rebuilt from the text and the edits layer.
  std::string source_text() const;

  /// Byte/code-point conversion for this document's text.
  std::size_t to_code_point(std::size_t byte) const noexcept { return offsets_.to_code_point(text_, byte); }
  std::size_t to_byte(std::size_t cp) const noexcept { return offsets_.to_byte(text_, cp); }
  std::size_t code_point_count() const noexcept { return offsets_.code_point_count(); }

  friend bool operator==(const document &a, const document &b) {
    return a.text_ == b.text_ && a.meta_ == b.meta_ && a.blocks_ == b.blocks_ && a.layers_ == b.layers_;
  }

private:
  std::string text_;
  metadata meta_;
  std::vector<block> blocks_;
  std::vector<layer> layers_;
  std::vector<std::uint32_t> paragraph_index_; // block index of paragraph n at [n - 1]
  offset_map offsets_;
};

/// True if `id` can be a citation id: non-empty, at most 200 bytes, ASCII letters, digits,
/// '.', '_' and '-', starting with a letter, digit or '_'.
bool is_valid_document_id(std::string_view id) noexcept;

/// A citation id made from a file name: the stem, with every other character replaced by '-'.
std::string document_id_from_filename(std::string_view filename);

} // namespace alinea
