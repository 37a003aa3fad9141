// SPDX-License-Identifier: MIT
#include "bindings.hpp"

#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace alinea::python {

py::str document_to_tei(const py_document &d, bool indent) {
  std::string xml;
  {
    py::gil_scoped_release release;
    xml = tei::to_string(*d.doc, {.indent = indent});
  }
  return to_py_str(xml);
}

void bind_tei(py::module_ &m) {
  m.def("to_tei", &document_to_tei, py::arg("doc"), py::kw_only(), py::arg("indent") = true,
        "The document as a TEI P5 XML string.");
  m.def(
      "write_tei",
      [](const py_document &d, const std::filesystem::path &path, bool indent) {
        py::gil_scoped_release release;
        tei::write_file(*d.doc, path, {.indent = indent});
      },
      py::arg("doc"), py::arg("path"), py::kw_only(), py::arg("indent") = true,
      "Write the document as TEI to path, atomically (a temporary file renamed into place).");
  m.def(
      "convert_file",
      [](const std::filesystem::path &source, const std::filesystem::path &target, bool lenient,
         bool indent) {
        py::gil_scoped_release release;
        parse_options opt;
        opt.lenient = lenient;
        const document doc = read_file(source, opt);
        tei::write_file(doc, target, {.indent = indent});
        return doc.paragraph_count();
      },
      py::arg("source"), py::arg("target"), py::kw_only(), py::arg("lenient") = false,
      py::arg("indent") = true,
      "Read a plain-text file and write its TEI to target in one call, without the GIL. "
      "Returns the number of body paragraphs.");
}

} // namespace alinea::python
