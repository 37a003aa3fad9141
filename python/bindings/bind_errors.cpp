// SPDX-License-Identifier: MIT
// The one place where core errors become Python exceptions.
//
//   AlineaError(Exception)                   base of all; .code ("A001"), .detail
//   ParseError(AlineaError, ValueError)      A001-A003; .path .offset .line .column
//   FileError(AlineaError, OSError)          A004; .errno .strerror .filename as for OSError
//   ArgumentError(AlineaError, ValueError)   A005
//   CitationError(ArgumentError, LookupError) A006
#include "bindings.hpp"

#include <alinea/error.hpp>

#include <cerrno>
#include <cstring>

namespace alinea::python {
namespace {

PyObject *new_exception(py::module_ &m, const char *name, py::tuple bases, const char *doc) {
  const std::string qualified = std::string("alinea.") + name;
  PyObject *type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

// Sets the exception `type` with message `e.what()` and the error's attributes.
void raise(PyObject *type, const error &e, py::tuple args) {
  py::object exc = py::reinterpret_steal<py::object>(PyObject_Call(type, args.ptr(), nullptr));
  if (!exc) throw py::error_already_set();
  exc.attr("code") = std::string(error_code_name(e.code()));
  exc.attr("detail") = e.detail();
  const auto &w = e.where();
  exc.attr("path") = w.file.empty() ? py::object(py::none()) : py::object(py::str(w.file));
  exc.attr("offset") = w.offset;
  exc.attr("line") = w.line;
  exc.attr("column") = w.column;
  PyErr_SetObject(type, exc.ptr());
}

// The exception types, created once at import (translators cannot capture state).
struct exception_types {
  PyObject *base = nullptr;
  PyObject *parse = nullptr;
  PyObject *file = nullptr;
  PyObject *argument = nullptr;
  PyObject *citation = nullptr;
};
exception_types types;

} // namespace

void bind_errors(py::module_ &m) {
  PyObject *const base = types.base =
      new_exception(m, "AlineaError", py::make_tuple(py::handle(PyExc_Exception)),
                    "Base of every error alinea raises. .code is the stable code, "
                    "such as 'A001'.");
  types.parse = new_exception(m, "ParseError", py::make_tuple(py::handle(base), py::handle(PyExc_ValueError)),
                              "Input that cannot become a document: invalid UTF-8 (A001), a "
                              "character XML forbids (A002), empty input (A003). .path, "
                              ".offset (bytes), .line and .column say where.");
  types.file = new_exception(m, "FileError", py::make_tuple(py::handle(base), py::handle(PyExc_OSError)),
                             "A file that could not be read or written (A004). .errno, "
                             ".strerror and .filename as for OSError.");
  PyObject *const argument = types.argument =
      new_exception(m, "ArgumentError", py::make_tuple(py::handle(base), py::handle(PyExc_ValueError)),
                    "A malformed argument, such as a document id that is not "
                    "a citation id (A005).");
  types.citation =
      new_exception(m, "CitationError", py::make_tuple(py::handle(argument), py::handle(PyExc_LookupError)),
                    "A citation that does not resolve (A006).");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const io_error &e) {
      const int err = e.sys_errno();
      // OSError(errno, strerror, filename) fills .errno/.strerror/.filename; str() shows
      // "[Errno N] strerror: 'filename'".
      const std::string strerror = e.detail() + " (" + std::string(error_code_name(e.code())) + ")";
      raise(types.file, e, py::make_tuple(err, strerror, e.where().file));
    } catch (const parse_error &e) {
      raise(types.parse, e, py::make_tuple(std::string(e.what())));
    } catch (const argument_error &e) {
      raise(e.code() == errc::unresolved_citation ? types.citation : types.argument, e,
            py::make_tuple(std::string(e.what())));
    } catch (const error &e) {
      raise(types.base, e, py::make_tuple(std::string(e.what())));
    }
  });
}

} // namespace alinea::python
