// SPDX-License-Identifier: MIT
#include "bindings.hpp"

#include <alinea/version.hpp>

namespace alinea::python {

std::string_view utf8_view(const py::handle &obj, const char *what) {
  if (PyUnicode_Check(obj.ptr())) {
    Py_ssize_t size = 0;
    const char *data = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);
    if (!data) throw py::error_already_set();
    return {data, static_cast<std::size_t>(size)};
  }
  if (PyBytes_Check(obj.ptr()))
    return {PyBytes_AS_STRING(obj.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(obj.ptr()))};
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
  bind_ingest(m);
  bind_tei(m);
}
