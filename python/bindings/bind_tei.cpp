// SPDX-License-Identifier: MIT
#include "bindings.hpp"

#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace alinea::python {

tei::write_options tei_options(bool indent, const std::vector<std::string> &standoff_layers,
                               bool all_standoff) {
  tei::write_options o;
  o.indent = indent;
  o.standoff_layers = standoff_layers;
  o.all_standoff = all_standoff;
  return o;
}

py::str document_to_tei(const py_document &d, bool indent, const std::vector<std::string> &standoff_layers,
                        bool all_standoff) {
  const auto options = tei_options(indent, standoff_layers, all_standoff);
  std::string xml;
  {
    const reading_guard reading(d);
    py::gil_scoped_release release;
    xml = tei::to_string(*d.doc, options);
  }
  return to_py_str(xml);
}

namespace {

// XML text (bytes, or a str whose first character after white space and a byte order mark is
// '<') rather than a path. Looks at the leading characters only: the XML can be large.
bool is_xml_source(const py::object &source) {
  if (PyBytes_Check(source.ptr())) return true;
  if (!PyUnicode_Check(source.ptr())) return false;
  const Py_ssize_t n = PyUnicode_GetLength(source.ptr());
  for (Py_ssize_t i = 0; i < n; ++i) {
    const Py_UCS4 c = PyUnicode_ReadChar(source.ptr(), i);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xFEFF) continue;
    return c == '<';
  }
  return false;
}

} // namespace

void bind_tei(py::module_ &m) {
  m.def("to_tei", &document_to_tei, py::arg("doc"), py::kw_only(), py::arg("indent") = true,
        py::arg("standoff_layers") = std::vector<std::string>{}, py::arg("all_standoff") = false,
        "The document as a TEI P5 XML string. Annotations go inline where TEI allows them; those of "
        "the layers in standoff_layers (or of every layer, with all_standoff) go to standOff.");
  m.def(
      "write_tei",
      [](const py_document &d, const std::filesystem::path &path, bool indent,
         const std::vector<std::string> &standoff_layers, bool all_standoff) {
        const auto options = tei_options(indent, standoff_layers, all_standoff);
        const reading_guard reading(d);
        py::gil_scoped_release release;
        tei::write_file(*d.doc, path, options);
      },
      py::arg("doc"), py::arg("path"), py::kw_only(), py::arg("indent") = true,
      py::arg("standoff_layers") = std::vector<std::string>{}, py::arg("all_standoff") = false,
      "Write the document as TEI to path, atomically (a temporary file renamed into place).");
  m.def(
      "from_tei",
      [](const py::object &source) {
        // XML text (str or bytes), or a path (str that does not start with '<', or PathLike).
        if (is_xml_source(source)) {
          const utf8_input xml(source, "source");
          const tei::read_options options{.assume_utf8 = PyUnicode_Check(source.ptr()) != 0};
          py::gil_scoped_release release;
          return wrap(tei::read(xml.view(), {}, options));
        }
        const auto path = py::cast<std::filesystem::path>(source);
        py::gil_scoped_release release;
        return wrap(tei::read_file(path));
      },
      py::arg("source"),
      "Read TEI that alinea wrote (XML as str or bytes, or a path) back into a Document: text, "
      "structure, metadata and layers, so that doc.source_text() rebuilds the original input. "
      "Other projects' TEI is read best effort (tei/README.md, 'Importing TEI'); a teiCorpus "
      "raises ParseError A008: read it with from_tei_corpus.");
  m.def(
      "from_tei_corpus",
      [](const py::object &source) {
        std::vector<document> docs;
        if (is_xml_source(source)) {
          const utf8_input xml(source, "source");
          const tei::read_options options{.assume_utf8 = PyUnicode_Check(source.ptr()) != 0};
          py::gil_scoped_release release;
          docs = tei::read_corpus(xml.view(), {}, options);
        } else {
          const auto path = py::cast<std::filesystem::path>(source);
          py::gil_scoped_release release;
          docs = tei::read_corpus_file(path);
        }
        py::list out;
        for (auto &d : docs)
          out.append(py::cast(wrap(std::move(d))));
        return out;
      },
      py::arg("source"),
      "Read a teiCorpus (XML as str or bytes, or a path) into a list of Documents, one per TEI "
      "(nested corpora flattened, in document order). A single TEI gives a list of one.");
}

} // namespace alinea::python
