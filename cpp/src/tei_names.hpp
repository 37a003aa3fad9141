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
/// Prefix of paragraph xml:ids: p1, p2, ...
inline constexpr std::string_view paragraph_id_prefix = "p";

} // namespace alinea::tei::names
