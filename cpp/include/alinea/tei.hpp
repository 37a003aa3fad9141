// SPDX-License-Identifier: MIT
// TEI P5 writer.
#pragma once

#include <alinea/document.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

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

/**
 * Reads TEI that alinea wrote back into a document: text, structure, metadata, the edits
 * layer (so that `source_text()` rebuilds the original input) and the inline layers
 * (emphasis, page breaks). `read(tei::to_string(doc)) == doc`.
 *
 *     auto doc = alinea::tei::read(xml);
 *
 * Throws parse_error: A007 if the XML is not well-formed, A008 if it is not TEI (a TEI P4
 * `TEI.2` document, say). `source_name` names the input in error messages.
 */
document read(std::string_view xml, std::string_view source_name = {});

/// Reads a TEI file. Throws io_error (A004) if it cannot be read, otherwise as read().
document read_file(const std::filesystem::path &path);

} // namespace alinea::tei
