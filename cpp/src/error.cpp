// SPDX-License-Identifier: MIT
#include <alinea/error.hpp>

#include <array>
#include <cstring>

namespace alinea {
namespace {

struct code_entry {
  errc code;
  std::string_view name;
  std::string_view message;
};

// The one table of codes. Append only: names and numbers are stable.
constexpr std::array code_table{
    code_entry{errc::ok, "A000", "no error"},
    code_entry{errc::invalid_utf8, "A001", "invalid UTF-8"},
    code_entry{errc::illegal_xml_char, "A002", "character not allowed in XML 1.0"},
    code_entry{errc::empty_input, "A003", "empty or whitespace-only input"},
    code_entry{errc::io_failure, "A004", "file could not be read or written"},
    code_entry{errc::invalid_argument, "A005", "invalid argument"},
    code_entry{errc::unresolved_citation, "A006", "citation does not resolve"},
    code_entry{errc::malformed_xml, "A007", "XML is not well-formed"},
    code_entry{errc::unsupported_tei, "A008", "not TEI that alinea can read"},
    code_entry{errc::invalid_json, "A009", "not an alinea JSON document"},
};

const code_entry *find_entry(errc code) noexcept {
  for (const auto &e : code_table)
    if (e.code == code) return &e;
  return nullptr;
}

std::string format_what(errc code, const std::string &detail, const error_location &where) {
  std::string out;
  if (!where.file.empty()) out += where.file + ":";
  if (where.line != 0) out += std::to_string(where.line) + ":" + std::to_string(where.column) + ":";
  if (!out.empty()) out += " ";
  out += detail;
  out += " (";
  out += error_code_name(code);
  out += ")";
  return out;
}

} // namespace

std::string_view error_code_name(errc code) noexcept {
  const auto *e = find_entry(code);
  return e ? e->name : std::string_view("A???");
}

std::string_view error_message(errc code) noexcept {
  const auto *e = find_entry(code);
  return e ? e->message : std::string_view("unknown error");
}

error::error(errc code, std::string detail, error_location where)
    : std::runtime_error(format_what(code, detail, where)), code_(code), detail_(std::move(detail)),
      where_(std::move(where)) {}

io_error::io_error(std::string detail, std::string path, int sys_errno)
    : error(errc::io_failure, sys_errno != 0 ? detail + ": " + std::strerror(sys_errno) : std::move(detail),
            error_location{std::move(path), 0, 0, 0}),
      errno_(sys_errno) {}

} // namespace alinea
