// SPDX-License-Identifier: MIT
#include "bindings.hpp"

#include <alinea/version.hpp>

namespace alinea::python {

utf8_input::utf8_input(const py::handle &obj, const char *what) {
  if (PyUnicode_Check(obj.ptr())) {
    if (PyUnicode_IS_ASCII(obj.ptr())) {
      Py_ssize_t size = 0;
      const char *data = PyUnicode_AsUTF8AndSize(obj.ptr(), &size); // the str's own buffer
      if (!data) throw py::error_already_set();
      view_ = {data, static_cast<std::size_t>(size)};
      return;
    }
    PyObject *bytes = PyUnicode_AsUTF8String(obj.ptr());
    if (!bytes) throw py::error_already_set();
    owner_ = py::reinterpret_steal<py::object>(bytes);
    view_ = {PyBytes_AS_STRING(bytes), static_cast<std::size_t>(PyBytes_GET_SIZE(bytes))};
    return;
  }
  if (PyBytes_Check(obj.ptr())) {
    view_ = {PyBytes_AS_STRING(obj.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(obj.ptr()))};
    return;
  }
  throw py::type_error(std::string(what) + " must be str or bytes, not " +
                       std::string(py::str(py::type::handle_of(obj).attr("__name__"))));
}

} // namespace alinea::python

PYBIND11_MODULE(_core, m) {
  using namespace alinea::python;
  m.doc() = "alinea core: plain text to citable TEI P5 (compiled part of the alinea package)";
  m.attr("__version__") = alinea::version;
  bind_errors(m);
  bind_document(m);
  bind_layers(m); // Layer, Annotation; adds methods to Document
  bind_ingest(m);
  bind_tei(m);
  bind_formats(m);  // adds methods to Document
  bind_citation(m); // adds methods to Document and Block
  bind_reanchor(m);
  bind_annotate(m);
}
