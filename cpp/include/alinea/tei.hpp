// SPDX-License-Identifier: MIT
// TEI P5 writer.
#pragma once

#include <alinea/document.hpp>

#include <cstddef>
#include <filesystem>
#include <string>

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

} // namespace alinea::tei
