// SPDX-License-Identifier: MIT
#include "bindings.hpp"

#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <array>
#include <optional>

namespace alinea::python {
namespace {

// The repairs a caller may switch on or off by keyword, by their parse_options names.
constexpr std::array<std::pair<const char *, bool parse_options::*>, 9> repair_switches{{
    {"detect_title", &parse_options::detect_title},
    {"detect_structure", &parse_options::detect_structure},
    {"drop_duplicate_title", &parse_options::drop_duplicate_title},
    {"detect_boilerplate", &parse_options::detect_boilerplate},
    {"join_page_breaks", &parse_options::join_page_breaks},
    {"join_lines", &parse_options::join_lines},
    {"dehyphenate", &parse_options::dehyphenate},
    {"remove_page_furniture", &parse_options::remove_page_furniture},
    {"light_markup", &parse_options::light_markup},
}};

// Options from keywords: the preset (every repair on, or none with faithful=True), then each
// repair keyword given. An unknown keyword is a TypeError, as for any Python function.
parse_options make_options(std::optional<std::string> id, std::optional<std::string> source, bool lenient,
                           bool faithful, const py::kwargs &repairs) {
  parse_options o = faithful ? parse_options::faithful() : parse_options{};
  o.id = id.value_or("");
  o.source_name = source.value_or("");
  o.lenient = lenient;
  for (const auto &[key, value] : repairs) {
    const auto name = py::cast<std::string>(key);
    const auto it = std::find_if(repair_switches.begin(), repair_switches.end(),
                                 [&](const auto &s) { return name == s.first; });
    if (it == repair_switches.end()) throw py::type_error("unexpected keyword argument '" + name + "'");
    o.*(it->second) = py::cast<bool>(value);
  }
  return o;
}

} // namespace

py_document wrap(document &&d) {
  return py_document{std::make_shared<document>(std::move(d)), {}};
}

void bind_ingest(py::module_ &m) {
  py::list names;
  for (const auto &s : repair_switches)
    names.append(s.first);
  m.attr("REPAIRS") = py::tuple(names);
  py::dict kinds;
  for (const auto &k : edit_kinds())
    kinds[py::str(std::string(k.kind))] = std::string(k.description);
  m.attr("EDIT_KINDS") = kinds;
  m.def(
      "parse",
      [](const py::object &text, std::optional<std::string> id, std::optional<std::string> source,
         bool lenient, bool faithful, const py::kwargs &repairs) {
        const auto opt = make_options(std::move(id), std::move(source), lenient, faithful, repairs);
        const utf8_input input(text, "text");
        py::gil_scoped_release release;
        return wrap(parse(input.view(), opt));
      },
      py::arg("text"), py::kw_only(), py::arg("id") = py::none(), py::arg("source") = py::none(),
      py::arg("lenient") = false, py::arg("faithful") = false,
      "Parse plain text (str, or UTF-8 bytes) into a Document. Every repair is on unless "
      "faithful=True; switch one by keyword, e.g. join_lines=False (see REPAIRS).");
  m.def(
      "read",
      [](const std::filesystem::path &path, std::optional<std::string> id, bool lenient, bool faithful,
         const py::kwargs &repairs) {
        const auto opt = make_options(std::move(id), std::nullopt, lenient, faithful, repairs);
        py::gil_scoped_release release;
        return wrap(read_file(path, opt));
      },
      py::arg("path"), py::kw_only(), py::arg("id") = py::none(), py::arg("lenient") = false,
      py::arg("faithful") = false,
      "Read a UTF-8 plain-text file into a Document; its id defaults to the file's stem. "
      "Options as for parse().");
  m.def(
      "convert_file",
      [](const std::filesystem::path &source, const std::filesystem::path &target, bool lenient,
         bool faithful, bool indent, const py::kwargs &repairs) {
        const auto opt = make_options(std::nullopt, std::nullopt, lenient, faithful, repairs);
        py::gil_scoped_release release;
        document doc = read_file(source, opt);
        tei::write_file(doc, target, {.indent = indent});
        return wrap(std::move(doc));
      },
      py::arg("source"), py::arg("target"), py::kw_only(), py::arg("lenient") = false,
      py::arg("faithful") = false, py::arg("indent") = true,
      "Read a plain-text file and write its TEI to target (atomically) without the GIL. "
      "Returns the Document.");
}

} // namespace alinea::python
