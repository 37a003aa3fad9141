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

/// A block of a document (a paragraph, heading, title...): a view that keeps its document alive.
struct py_block {
  std::shared_ptr<const document> doc;
  const block *b;
  std::size_t index() const { return static_cast<std::size_t>(b - doc->blocks().data()); }
  std::string id() const {
    return is_numbered(b->kind) ? "p" + std::to_string(b->n) : "b" + std::to_string(index() + 1);
  }
};

/// A Python str of the UTF-8 bytes `s`.
inline py::str to_py_str(std::string_view s) {
  PyObject *o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

/// The UTF-8 bytes of a str or bytes argument. ASCII str and bytes are viewed in place; other
/// str are encoded into a temporary owned here, so that CPython does not cache a UTF-8 copy on
/// the caller's string for the rest of its life. Raises TypeError for other types.
class utf8_input {
public:
  utf8_input(const py::handle &obj, const char *what);
  std::string_view view() const noexcept { return view_; }

private:
  py::object owner_;
  std::string_view view_;
};

/// Wraps a document for Python.
py_document wrap(document &&d);

/// The document as a TEI string (Document.to_tei and alinea.to_tei share it).
py::str document_to_tei(const py_document &d, bool indent);

void bind_errors(py::module_ &m);
void bind_formats(py::module_ &m);
void bind_citation(py::module_ &m);
void bind_document(py::module_ &m);
void bind_ingest(py::module_ &m);
void bind_reanchor(py::module_ &m);
void bind_tei(py::module_ &m);

} // namespace alinea::python
