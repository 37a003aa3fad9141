// SPDX-License-Identifier: MIT
// JSON, W3C Web Annotation and plain-text forms: module functions and Document methods.
#include "bindings.hpp"

#include <alinea/formats.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>

namespace alinea::python {
namespace {

py::str document_to_json(const py_document &d) {
  std::string out;
  {
    const reading_guard reading(d);
    py::gil_scoped_release release;
    out = to_json(*d.doc);
  }
  return to_py_str(out);
}

py::str document_to_web_annotations(const py_document &d, const std::optional<std::string> &source,
                                    bool include_edits) {
  std::string out;
  {
    const reading_guard reading(d);
    py::gil_scoped_release release;
    out = to_web_annotations(*d.doc,
                             {.source_uri = source.value_or(std::string()), .include_edits = include_edits});
  }
  return to_py_str(out);
}

py::str document_to_text(const py_document &d) {
  std::string out;
  {
    const reading_guard reading(d);
    py::gil_scoped_release release;
    out = to_plain_text(*d.doc);
  }
  return to_py_str(out);
}

constexpr const char *to_json_doc =
    "The document as JSON, losslessly (text, metadata, blocks, layers; offsets in code points). "
    "from_json() reads it back into an equal Document.";
constexpr const char *to_web_annotations_doc =
    "The document's annotation layers as a W3C Web Annotation JSON-LD AnnotationCollection, each "
    "target with a TextQuoteSelector and a TextPositionSelector (Unicode code points of doc.text). "
    "source is the target URI (default 'urn:alinea:<id>'); the edits layer is left out unless "
    "include_edits.";
constexpr const char *to_text_doc =
    "The document as plain text: blocks separated by blank lines, numbered paragraphs prefixed '[N] '.";

} // namespace

void bind_formats(py::module_ &m) {
  m.def("to_json", &document_to_json, py::arg("doc"), to_json_doc);
  m.def(
      "from_json",
      [](const py::object &source) {
        const utf8_input json(source, "source");
        py::gil_scoped_release release;
        return wrap(from_json(json.view()));
      },
      py::arg("source"),
      "Read the JSON that to_json() writes (str or bytes) back into a Document. Raises ParseError "
      "(code A009) for malformed JSON or JSON that is not an alinea document.");
  m.def("to_web_annotations", &document_to_web_annotations, py::arg("doc"), py::arg("source") = py::none(),
        py::kw_only(), py::arg("include_edits") = false, to_web_annotations_doc);
  m.def("to_text", &document_to_text, py::arg("doc"), to_text_doc);

  auto document_class = py::reinterpret_borrow<py::class_<py_document>>(m.attr("Document"));
  document_class.def("to_json", &document_to_json, to_json_doc)
      .def("to_web_annotations", &document_to_web_annotations, py::arg("source") = py::none(), py::kw_only(),
           py::arg("include_edits") = false, to_web_annotations_doc)
      .def("to_text", &document_to_text, to_text_doc);
}

} // namespace alinea::python
