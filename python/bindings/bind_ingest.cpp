// SPDX-License-Identifier: MIT
#include "bindings.hpp"

#include <alinea/ingest.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

namespace alinea::python {
namespace {

parse_options make_options(std::optional<std::string> id, std::optional<std::string> source, bool lenient,
                           bool detect_title) {
  parse_options o;
  o.id = id.value_or("");
  o.source_name = source.value_or("");
  o.lenient = lenient;
  o.detect_title = detect_title;
  return o;
}

py_document wrap(document &&d) {
  return py_document{std::make_shared<const document>(std::move(d)), {}};
}

} // namespace

void bind_ingest(py::module_ &m) {
  m.def(
      "parse",
      [](const py::object &text, std::optional<std::string> id, std::optional<std::string> source,
         bool lenient, bool detect_title) {
        const auto input = utf8_view(text, "text");
        const auto opt = make_options(std::move(id), std::move(source), lenient, detect_title);
        py::gil_scoped_release release;
        return wrap(parse(input, opt));
      },
      py::arg("text"), py::kw_only(), py::arg("id") = py::none(), py::arg("source") = py::none(),
      py::arg("lenient") = false, py::arg("detect_title") = true,
      "Parse plain text (str, or UTF-8 bytes) into a Document.");
  m.def(
      "read",
      [](const std::filesystem::path &path, std::optional<std::string> id, bool lenient, bool detect_title) {
        const auto opt = make_options(std::move(id), std::nullopt, lenient, detect_title);
        py::gil_scoped_release release;
        return wrap(read_file(path, opt));
      },
      py::arg("path"), py::kw_only(), py::arg("id") = py::none(), py::arg("lenient") = false,
      py::arg("detect_title") = true,
      "Read a UTF-8 plain-text file into a Document; its id defaults to the file's stem.");
}

} // namespace alinea::python
