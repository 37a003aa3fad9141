// SPDX-License-Identifier: MIT
// Plain text to document.
#pragma once

#include <alinea/document.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace alinea {

/// How to turn plain text into a document. Each repair can be switched off on its own; the
/// defaults switch every repair on. Whatever is on, every change is recorded in the edits
/// layer, so the source can always be rebuilt.
struct parse_options {
  /// Citation id of the document. Empty: derived from `source_name`, else "doc".
  std::string id;
  /// File name recorded as the source (directories are dropped). Used in error messages.
  std::string source_name;
  /// Off (default): characters XML 1.0 forbids are an error (A002). On: each is replaced by
  /// U+FFFD and recorded in the edits layer. Invalid UTF-8 is always an error.
  bool lenient = false;

  /// Recognize front matter: title (a first short line without final punctuation),
  /// standfirst, byline.
  bool detect_title = true;
  /// Recognize headings ("Chapter Six: ...", "CHAPTER IV.") and the divisions they open,
  /// block quotes and lists.
  bool detect_structure = true;
  /// Drop a title block that the source repeats (as scraped pages often do).
  bool drop_duplicate_title = true;
  /// Set web and distributor boilerplate (share/subscribe lines, licence headers) and author
  /// notes apart from the body.
  bool detect_boilerplate = true;
  /// Join a paragraph cut by a page break: it ends mid-sentence and continues after a blank line.
  bool join_page_breaks = true;
  /// Join hard-wrapped lines of prose into one line.
  bool join_lines = true;
  /// Remove end-of-line hyphens where a word was split (never in "mid-1990s").
  bool dehyphenate = true;
  /// Remove page numbers and running heads, recording page breaks.
  bool remove_page_furniture = true;
  /// Turn *emphasis* and _italics_ into an emphasis layer, removing the marks.
  bool light_markup = true;

  /// Segment every numbered paragraph into sentences (the sentences layer; DOC:N.M). Not a
  /// repair: it changes nothing in the text, and `faithful()` keeps it on.
  bool sentences = true;

  /// Every repair and recognition off: blocks become paragraphs as they are; only the
  /// normalizations that XML needs (line ends, blank lines, BOM) are made.
  static parse_options faithful() {
    parse_options o;
    o.detect_title = o.detect_structure = o.drop_duplicate_title = o.detect_boilerplate = false;
    o.join_page_breaks = o.join_lines = o.dehyphenate = o.remove_page_furniture = o.light_markup = false;
    return o;
  }
};

/// A kind of edit ingest records, with what it means.
struct edit_kind_info {
  std::string_view kind;        ///< the annotation type in the edits layer, such as "line-join"
  std::string_view description; ///< one sentence for reports and the TEI editorialDecl
};

/// Every kind of edit ingest can record, in the order reports list them.
std::span<const edit_kind_info> edit_kinds() noexcept;

/**
 * Parses UTF-8 plain text into a document.
 *
 * Accepts a leading BOM and LF, CRLF or CR line ends. Blocks are separated by blank lines;
 * the normalized text joins them with one blank line ("\n\n") and uses LF inside them. Every
 * such change is recorded in the edits layer, so `source_text()` returns `input` exactly.
 *
 *     auto doc = alinea::parse("Title\n\nFirst paragraph.\n", {.id = "demo"});
 *     doc.paragraph(1);   // "First paragraph."
 *
 * Throws parse_error: A001 invalid UTF-8, A002 a character XML forbids, A003 empty input;
 * argument_error A005 if `options.id` is not a valid citation id.
 */
document parse(std::string_view input, const parse_options &options = {});

/// Reads and parses a file. The source name defaults to the file name and the id to its stem.
/// Throws io_error (A004) if the file cannot be read, otherwise as parse().
document read_file(const std::filesystem::path &path, parse_options options = {});

} // namespace alinea
