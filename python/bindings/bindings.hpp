// SPDX-License-Identifier: MIT
// Shared declarations of the pybind11 bindings. Only the bindings include pybind11.
#pragma once

#include <alinea/document.hpp>

#include <pybind11/pybind11.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace alinea::python {

namespace py = pybind11;

/// Memory for `n` values of a trivial type, not zeroed: each is written before it is read, and
/// zeroing fresh memory first would touch every page twice. (Asking for 2 MB pages, as NumPy
/// does for large arrays, was tried: 3.5 ns instead of 10 per annotation for a first columns()
/// when the pages had been used before, but 45 when the kernel handed out memory never touched,
/// as a virtual machine may do; so not.)
template <class T> class column {
  static_assert(std::is_trivially_copyable_v<T>);

public:
  column() = default;
  explicit column(std::size_t n) : data_(new T[std::max<std::size_t>(n, 1)]) {}
  T *data() noexcept { return data_.get(); }
  const T *data() const noexcept { return data_.get(); }
  T &operator[](std::size_t k) noexcept { return data_[k]; }
  const T &operator[](std::size_t k) const noexcept { return data_[k]; }

private:
  std::unique_ptr<T[]> data_;
};

/// What Python has computed about one layer, for as long as the layer does not change: its
/// document order and code-point spans (bind_layers.cpp). Layers only grow by appending, so
/// `size` tells whether the snapshot is still current. The columns are written once, whole, and
/// then only read (Layer.columns() gives read-only NumPy views of them).
struct layer_snapshot {
  std::size_t size = 0;
  bool sorted = true;               ///< storage order is document order (order, rank empty)
  std::vector<std::uint32_t> order; ///< document position -> storage index
  std::vector<std::uint32_t> rank;  ///< storage index -> document position
  column<std::int64_t> starts;      ///< code points, in document order
  column<std::int64_t> ends;        ///< code points, in document order
  column<std::uint32_t> type_ids;   ///< in document order
  py::tuple types;                  ///< the type names as str, indexed by type id
  /// In document order, NaN for none; made on demand. Layers without confidences share one
  /// column of NaN, held through this pointer.
  mutable std::shared_ptr<const double> confidences;
  std::uint32_t storage(std::size_t k) const noexcept {
    return sorted ? static_cast<std::uint32_t>(k) : order[k];
  }
  std::size_t position(std::uint32_t i) const noexcept { return sorted ? i : rank[i]; }
};

/// Python's record of the layers of one document: a generation per layer name (bumped when
/// Python removes the layer, so that Layer objects of the removed layer refuse to work, even
/// if a new layer of that name is added) and the latest snapshot.
struct layer_registry {
  struct entry {
    std::uint64_t generation = 0;
    std::shared_ptr<const layer_snapshot> snapshot;
  };
  std::map<std::string, entry, std::less<>> entries;
};

/// The Python Document: the C++ document, shared with every view taken from it, a cache of its
/// text as a Python str (decoded once, on first use), and the registry of its layers. The text
/// and structure never change; layers can be added, extended and removed from Python.
struct py_document {
  std::shared_ptr<document> doc;
  py::object text_cache;
  std::shared_ptr<layer_registry> layers = std::make_shared<layer_registry>();
  /// Threads reading the document with the GIL released (reading_guard): while there are any,
  /// a change from Python is refused (check_unread) rather than racing with them.
  std::shared_ptr<std::atomic<int>> readers = std::make_shared<std::atomic<int>>(0);
};

/// Marks a document as being read for as long as it lives; make it while holding the GIL,
/// before releasing it.
class reading_guard {
public:
  explicit reading_guard(const py_document &d) : readers_(d.readers) { ++*readers_; }
  reading_guard(const reading_guard &) = delete;
  reading_guard &operator=(const reading_guard &) = delete;
  ~reading_guard() { --*readers_; }

private:
  std::shared_ptr<std::atomic<int>> readers_;
};

/// Raises RuntimeError if another thread is reading the document (to_tei, to_json, an
/// annotator...) with the GIL released: the change would race with it.
inline void check_unread(const py_document &d) {
  if (d.readers->load() != 0)
    throw std::runtime_error(
        "the document is being read by another thread (to_tei, to_json, an annotator...); "
        "change it when that call has returned");
}

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
py::str document_to_tei(const py_document &d, bool indent, const std::vector<std::string> &standoff_layers,
                        bool all_standoff);

void bind_errors(py::module_ &m);
void bind_formats(py::module_ &m);
void bind_annotate(py::module_ &m);
void bind_citation(py::module_ &m);
void bind_document(py::module_ &m);
void bind_ingest(py::module_ &m);
void bind_layers(py::module_ &m);
void bind_reanchor(py::module_ &m);
void bind_tei(py::module_ &m);

} // namespace alinea::python
