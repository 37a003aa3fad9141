// SPDX-License-Identifier: MIT
// The TEI vocabulary alinea writes and reads, in one place.
#pragma once

#include <string_view>

namespace alinea::tei::names {

inline constexpr std::string_view tei_namespace = "http://www.tei-c.org/ns/1.0";
/// idno/@type that carries the document's citation id in publicationStmt.
inline constexpr std::string_view citation_id_type = "alinea-citation-id";
/// idno/@type that names the source file in sourceDesc.
inline constexpr std::string_view source_file_type = "filename";
/// Prefix of numbered paragraph xml:ids: p1, p2, ...
inline constexpr std::string_view paragraph_id_prefix = "p";
/// Between a paragraph's id and a sentence number in a sentence's xml:id: p7.s2.
inline constexpr std::string_view sentence_id_infix = ".s";
/// Prefix of the xml:ids of other blocks (title, headings, items, notes...): b + block index.
inline constexpr std::string_view block_id_prefix = "b";
/// Prefix of edit annotation xml:ids in standOff.
inline constexpr std::string_view edit_id_prefix = "e";
/// titleStmt/title/@type when the document has no title of its own.
inline constexpr std::string_view untitled_type = "untitled";
/// listAnnotation/@type of the edits layer.
inline constexpr std::string_view edits_list_type = "edits";
/// note/@subtype of an edit in the gap between two blocks rather than inside one.
inline constexpr std::string_view gap_subtype = "gap";
/// note/@rend of an edit whose original held characters XML cannot carry, escaped as
/// "\x{HEX}" (and a backslash as "\\").
inline constexpr std::string_view escaped_rend = "escaped";
/// Prefix of the respStmt xml:ids that @resp points to: r1, r2, ...
inline constexpr std::string_view resp_id_prefix = "r";
/// The resp of those respStmts.
inline constexpr std::string_view resp_text = "annotation";
/// note/@type in a respStmt holding the annotator's version.
inline constexpr std::string_view version_note_type = "version";
/// interpGrp/@type of the layer declaration in standOff, and the prefix of its interp ids (L1,
/// L2, ...: the layers in order), which @ana and listAnnotation/@corresp point to.
inline constexpr std::string_view layers_group_type = "alinea-layers";
inline constexpr std::string_view layer_id_prefix = "L";
/// listAnnotation/@type of a layer's annotations in standOff.
inline constexpr std::string_view layer_list_type = "alinea-layer";
/// note/@type in such an annotation: its type, and each attribute (name in @n, value as content).
inline constexpr std::string_view type_note_type = "alinea-type";
inline constexpr std::string_view attribute_note_type = "alinea-attribute";
/// The first argument of a string-range that counts from the start of the text, not a block.
inline constexpr std::string_view text_pointer = "/TEI/text";
/// citeStructure/@match of numbered paragraphs (body paragraphs and quoted paragraphs).
inline constexpr std::string_view paragraph_match = "/TEI/text/body//p[@n]";

} // namespace alinea::tei::names
