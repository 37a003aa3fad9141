// SPDX-License-Identifier: MIT
// TEI P5 writer.
#pragma once

#include <alinea/document.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::tei {

/// Receives the serialized XML in pieces. Implement it to stream TEI anywhere.
class sink {
public:
  virtual ~sink() = default;
  virtual void write(const char *data, std::size_t size) = 0;
};

/// Serialization choices. The defaults give the canonical, deterministic form.
struct write_options {
  bool indent = true; ///< newline and two-space indentation between block elements
  /// Layers (by name) whose annotations all go to standOff, none inline. The edits layer is
  /// always in standOff in its own form, whatever this says.
  std::vector<std::string> standoff_layers;
  /// Every layer in standOff: the text holds no inline annotation (no s, hi, pb, names...).
  bool all_standoff = false;
};

/// Writes `doc` as a TEI P5 document (UTF-8, no BOM) to `out`. Deterministic: the same
/// document and options give the same bytes.
void write(const document &doc, sink &out, const write_options &options = {});

/// The TEI document as a string.
std::string to_string(const document &doc, const write_options &options = {});

/**
 * Writes the TEI document to `path` without ever leaving a partial file: the XML goes to a
 * temporary file in the same directory, which is renamed over `path` once complete.
 *
 *     alinea::tei::write_file(alinea::read_file("article.txt"), "article.xml");
 *
 * Throws io_error (A004).
 */
void write_file(const document &doc, const std::filesystem::path &path, const write_options &options = {});

/// Reading choices.
struct read_options {
  /// The bytes are UTF-8 whatever the XML declaration says (text that was a Python str).
  bool assume_utf8 = false;
};

/**
 * Reads TEI into a document.
 *
 * TEI that alinea wrote (teiHeader/encodingDesc/appInfo/application[@ident='alinea']) is read
 * losslessly: text, structure, metadata, the edits layer (so that `source_text()` rebuilds the
 * original input) and the inline layers. `read(tei::to_string(doc)) == doc`.
 *
 * Other TEI P5 is read best effort (tei/README.md, "Importing TEI"): the text of front, body
 * and back, whitespace-collapsed; the innermost block elements (p, ab, head, l, lg, item,
 * speaker, stage, ...) as blocks, body paragraphs numbered from 1; notes as note blocks at the
 * end; choice reads corr/expan/reg; pb in the "pages" layer; inline persName, placeName,
 * orgName, date, q, said, hi, term, foreign, ... in the layers "names", "dates", "quotations",
 * "emphasis", "terms" (plus "choices", "notes", "drama"). Title from titleStmt/title, id from
 * the TEI's xml:id or the file name.
 *
 *     auto doc = alinea::tei::read(xml);
 *
 * Encodings: UTF-8 (validated, A001), UTF-16 (byte order mark) and a declared ISO-8859-1 are
 * read; other declared encodings are refused (A007). Entities other than the predefined five
 * are never expanded nor fetched: a reference such as `&lol9;` stays in the text as it is.
 *
 * Throws parse_error: A007 if the XML is not well-formed, A008 if it is not TEI (a TEI P4
 * `TEI.2` document, say) or is a teiCorpus (use read_corpus). `source_name` names the input in
 * error messages (and, for other TEI, gives the document id and source file name).
 */
document read(std::string_view xml, std::string_view source_name = {}, const read_options &options = {});

/// Reads a TEI file. Throws io_error (A004) if it cannot be read, otherwise as read().
document read_file(const std::filesystem::path &path);

/// Reads a teiCorpus (nested ones too) into one document per TEI, in document order; a single
/// TEI gives one document. Ids are the TEI's xml:id or "STEM-K" (K from 1). Throws as read().
std::vector<document> read_corpus(std::string_view xml, std::string_view source_name = {},
                                  const read_options &options = {});

/// Reads a teiCorpus file, as read_corpus().
std::vector<document> read_corpus_file(const std::filesystem::path &path);

} // namespace alinea::tei
