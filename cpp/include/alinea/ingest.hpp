// SPDX-License-Identifier: MIT
// Plain text to document.
#pragma once

#include <alinea/document.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace alinea {

/// How to turn plain text into a document.
struct parse_options {
  /// Citation id of the document. Empty: derived from `source_name`, else "doc".
  std::string id;
  /// File name recorded as the source (directories are dropped). Used in error messages.
  std::string source_name;
  /// Off (default): characters XML 1.0 forbids are an error (A002). On: each is replaced by
  /// U+FFFD and recorded in the edits layer. Invalid UTF-8 is always an error.
  bool lenient = false;
  /// Detect a title: a first block that is one short line without final punctuation.
  bool detect_title = true;
};

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
