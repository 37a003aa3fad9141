// SPDX-License-Identifier: MIT
// Errors of the alinea core: one code table, one exception hierarchy.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace alinea {

/// Stable error codes. The numeric values and the `Axxx` names never change once released;
/// docs/errors.md lists them and a test checks that every code has a message.
enum class errc : int {
  ok = 0,                  ///< no error
  invalid_utf8 = 1,        ///< A001: the input is not valid UTF-8
  illegal_xml_char = 2,    ///< A002: a character that XML 1.0 does not allow (NUL, most C0 controls)
  empty_input = 3,         ///< A003: the input is empty or holds only whitespace
  io_failure = 4,          ///< A004: a file could not be read or written
  invalid_argument = 5,    ///< A005: an argument is malformed (a document id with a colon, say)
  unresolved_citation = 6, ///< A006: a citation names a passage the document does not have
  malformed_xml = 7,       ///< A007: the XML is not well-formed (or is truncated)
  unsupported_tei = 8,     ///< A008: well-formed XML that is not TEI alinea can read (TEI P4, say)
  invalid_json = 9,        ///< A009: JSON that is malformed or is not an alinea document
};

/// The stable name of a code, such as "A001".
std::string_view error_code_name(errc code) noexcept;

/// A one-line English description of a code.
std::string_view error_message(errc code) noexcept;

/// Where in an input an error was found. Offsets count bytes of the input; line and column
/// count from 1, the column in code points. `file` is empty for in-memory input.
struct error_location {
  std::string file;
  std::size_t offset = 0;
  std::size_t line = 0;
  std::size_t column = 0;
};

/// Base of every exception the core throws. what() is one line:
/// "FILE:LINE:COLUMN: message (A001)" when the location is known.
class error : public std::runtime_error {
public:
  error(errc code, std::string detail, error_location where = {});

  errc code() const noexcept { return code_; }
  /// The message without the location and code prefix.
  const std::string &detail() const noexcept { return detail_; }
  const error_location &where() const noexcept { return where_; }

private:
  errc code_;
  std::string detail_;
  error_location where_;
};

/// Input that cannot be turned into a document (A001-A003, A007, A008). Python: ValueError.
class parse_error : public error {
public:
  using error::error;
};

/// A file that could not be read or written (A004). Python: OSError. `sys_errno` is the
/// operating system's error number, 0 if none.
class io_error : public error {
public:
  io_error(std::string detail, std::string path, int sys_errno);
  int sys_errno() const noexcept { return errno_; }

private:
  int errno_;
};

/// A malformed argument (A005) or an unresolvable citation (A006). Python: ValueError
/// (LookupError as well for A006).
class argument_error : public error {
public:
  using error::error;
};

} // namespace alinea
