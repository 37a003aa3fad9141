// SPDX-License-Identifier: MIT
// Shared declarations of the pybind11 bindings. Only the bindings include pybind11.
#pragma once

#include <alinea/document.hpp>

#include <pybind11/pybind11.h>

#include <memory>
#include <string_view>

namespace alinea::python {

namespace py = pybind11;

/// The Python Document: the C++ document, shared with every view taken from it, plus a cache
/// of its text as a Python str (decoded once, on first use).
struct py_document {
  std::shared_ptr<const document> doc;
  py::object text_cache;
};

/// A Python str of the UTF-8 bytes `s`.
inline py::str to_py_str(std::string_view s) {
  PyObject *o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

/// UTF-8 view of a str (no copy for ASCII strings) or of a bytes object. The view lives as
/// long as `obj`.
std::string_view utf8_view(const py::handle &obj, const char *what);

/// The document as a TEI string (Document.to_tei and alinea.to_tei share it).
py::str document_to_tei(const py_document &d, bool indent);

void bind_errors(py::module_ &m);
void bind_document(py::module_ &m);
void bind_ingest(py::module_ &m);
void bind_tei(py::module_ &m);

} // namespace alinea::python
