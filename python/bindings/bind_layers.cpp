// SPDX-License-Identifier: MIT
// Annotation layers from Python: Layer (pybind11), Annotation and its iterator (CPython C API,
// for speed), and Document.add_layer / layer / layers / remove_layer.
//
// Offsets cross the boundary as code points of Document.text. A Layer holds its Document and
// the layer's name and generation, and looks the layer up on every call (the document's layer
// vector may reallocate between calls). What Python computes about a layer (document order,
// code-point spans, type ids) is a snapshot kept in the document's layer_registry until the
// layer grows. An Annotation holds its Layer, its type (a str), its code-point span and its
// storage index; attributes and provenance are read from the layer when asked for.
#include "bindings.hpp"

#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/offsets.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

namespace alinea::python {
namespace {

// ---------------------------------------------------------------------------------------------
// Layer handles and snapshots

/// The Python Layer: a handle on the layer called `name` of `document` (a Python Document).
struct py_layer {
  py::object document;
  std::string name;
  std::uint64_t generation = 0;
};

/// A layer handle resolved for the duration of one call.
struct resolved {
  py_document &d;
  const layer &l;
  layer_registry::entry &e;
};

[[noreturn]] void invalid(const std::string &message) {
  throw argument_error(errc::invalid_argument, message);
}

py_document &document_of(const py_layer &w) {
  return w.document.cast<py_document &>();
}

resolved resolve(const py_layer &w) {
  py_document &d = document_of(w);
  const auto it = d.layers->entries.find(w.name);
  const layer *l = d.doc->find_layer(w.name);
  if (it == d.layers->entries.end() || it->second.generation != w.generation || !l)
    invalid("layer '" + w.name + "' was removed from document '" + d.doc->meta().id +
            "'; this Layer object can no longer be used");
  return {d, *l, it->second};
}

/// A handle on layer `name` of the Python Document `self`.
py_layer handle_of(const py::object &self, const std::string &name) {
  auto &d = self.cast<py_document &>();
  return py_layer{self, name, d.layers->entries[name].generation};
}

py::object text_of(py_document &d) {
  if (!d.text_cache) d.text_cache = to_py_str(d.doc->text());
  return d.text_cache;
}

bool is_ascii(const document &doc) {
  return doc.code_point_count() == doc.text().size();
}

/// The same order as layer::document_order(), faster for large unsorted layers: sort by the
/// span alone on packed keys (start ascending, end descending), then order the rare runs of equal
/// spans by the layer's full comparison (type, attributes, provenance, then storage index).
std::vector<std::uint32_t> document_order(const layer &l) {
  struct key {
    std::size_t begin, end;
    std::uint32_t i;
  };
  const auto begins = l.begins(), ends = l.ends();
  std::vector<key> keys(l.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    keys[i] = {begins[i], ends[i], static_cast<std::uint32_t>(i)};
  std::sort(keys.begin(), keys.end(), [](const key &a, const key &b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.i < b.i;
  });
  std::vector<std::uint32_t> order(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k)
    order[k] = keys[k].i;
  for (std::size_t k = 0; k < keys.size();) {
    std::size_t j = k + 1;
    while (j < keys.size() && keys[j].begin == keys[k].begin && keys[j].end == keys[k].end)
      ++j;
    if (j - k > 1)
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(k),
                order.begin() + static_cast<std::ptrdiff_t>(j),
                [&l](std::uint32_t a, std::uint32_t b) { return l.before(a, b); });
    k = j;
  }
  return order;
}

/// Code points of the byte spans of `l`, taken in document order (through `order` unless null),
/// written to `starts` and `ends`. One forward pass through the text (code_point_counter): in
/// document order starts ascend, and so do the ends of annotations that do not nest.
void code_point_spans(const document &doc, const layer &l, const std::uint32_t *order, std::int64_t *starts,
                      std::int64_t *ends) {
  const std::size_t n = l.size();
  const std::size_t *b = l.begins().data(), *e = l.ends().data();
  if (is_ascii(doc)) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = order ? order[k] : k;
      starts[k] = static_cast<std::int64_t>(b[i]);
      ends[k] = static_cast<std::int64_t>(e[i]);
    }
    return;
  }
  const auto slow = [&doc](std::size_t byte) { return doc.to_code_point(byte); };
  code_point_counter cp(doc.text(), false, slow);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order ? order[k] : k;
    starts[k] = static_cast<std::int64_t>(cp.to_code_point(b[i]));
    ends[k] = static_cast<std::int64_t>(cp.to_code_point(e[i]));
  }
}

/// The snapshot of a resolved layer, rebuilt if the layer grew since the last one.
std::shared_ptr<const layer_snapshot> snapshot_of(resolved &r) {
  if (r.e.snapshot && r.e.snapshot->size == r.l.size()) return r.e.snapshot;
  const layer &l = r.l;
  const std::size_t n = l.size();
  if (n > std::numeric_limits<std::uint32_t>::max()) invalid("layer '" + l.name() + "' is too large");
  auto s = std::make_shared<layer_snapshot>();
  s->size = n;
  s->sorted = l.in_document_order(); // most layers are added in document order
  if (!s->sorted) {
    s->order = document_order(l);
    s->rank.resize(n);
    for (std::size_t k = 0; k < n; ++k)
      s->rank[s->order[k]] = static_cast<std::uint32_t>(k);
  }
  s->starts = column<std::int64_t>(n);
  s->ends = column<std::int64_t>(n);
  s->type_ids = column<std::uint32_t>(n);
  const std::uint32_t *order = s->sorted ? nullptr : s->order.data();
  const auto type_ids = l.type_ids();
  if (!order) {
    if (n) std::memcpy(s->type_ids.data(), type_ids.data(), n * sizeof(std::uint32_t));
  } else {
    for (std::size_t k = 0; k < n; ++k)
      s->type_ids[k] = type_ids[order[k]];
  }
  code_point_spans(*r.d.doc, l, order, s->starts.data(), s->ends.data());
  py::tuple types(l.type_names().size());
  for (std::size_t t = 0; t < l.type_names().size(); ++t)
    types[t] = to_py_str(l.type_names()[t]);
  s->types = std::move(types);
  r.e.snapshot = s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// C++ exceptions inside CPython slots

template <class F> PyObject *guarded(F &&f) noexcept {
  try {
    return f();
  } catch (py::error_already_set &e) {
    e.restore();
  } catch (...) {
#if PYBIND11_VERSION_HEX >= 0x020C0000
    try {
      py::detail::try_translate_exceptions(); // the translators of bind_errors.cpp
    } catch (...) {
      PyErr_SetString(PyExc_RuntimeError, "alinea: unknown C++ exception");
    }
#else
    PyErr_SetString(PyExc_RuntimeError, "alinea: C++ exception");
#endif
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Annotation: a small immutable object of the C API

struct annotation_object {
  PyObject_HEAD PyObject *layer; ///< the Layer
  PyObject *type;                ///< str
  Py_ssize_t start, end;
  std::uint32_t index; ///< storage index in the layer
};

PyTypeObject *annotation_type = nullptr;
PyTypeObject *iterator_type = nullptr;

PyObject *new_annotation(PyObject *layer, PyObject *type, std::int64_t start, std::int64_t end,
                         std::uint32_t index) noexcept {
  auto *a = PyObject_New(annotation_object, annotation_type);
  if (!a) return nullptr;
  Py_INCREF(layer);
  a->layer = layer;
  Py_INCREF(type);
  a->type = type;
  a->start = static_cast<Py_ssize_t>(start);
  a->end = static_cast<Py_ssize_t>(end);
  a->index = index;
  return reinterpret_cast<PyObject *>(a);
}

py::object make_annotation(const py::handle &layer_obj, const layer_snapshot &s, std::size_t k) {
  PyObject *o = new_annotation(layer_obj.ptr(), PyTuple_GET_ITEM(s.types.ptr(), s.type_ids[k]), s.starts[k],
                               s.ends[k], s.storage(k));
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

annotation_object *as_annotation(PyObject *o) {
  return reinterpret_cast<annotation_object *>(o);
}
py_layer &layer_of(const annotation_object *a) {
  return py::cast<py_layer &>(py::handle(a->layer));
}

void annotation_dealloc(PyObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
  auto *a = as_annotation(self);
  Py_XDECREF(a->layer);
  Py_XDECREF(a->type);
  tp->tp_free(self);
  Py_DECREF(tp);
}

py::dict attributes_dict(const layer &l, std::size_t i) {
  py::dict out;
  for (const auto a : l.attributes(i))
    out[to_py_str(a.name)] = to_py_str(a.value);
  return out;
}

py::object optional_str(std::string_view s) {
  if (s.empty()) return py::none();
  return to_py_str(s);
}

py::object optional_float(const std::optional<double> &c) {
  if (!c) return py::none();
  return py::float_(*c);
}

py::str annotation_text(const annotation_object *a) {
  py_layer &w = layer_of(a);
  PyObject *s = PyUnicode_Substring(text_of(document_of(w)).ptr(), a->start, a->end);
  if (!s) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

PyObject *get_start(PyObject *self, void *) {
  return PyLong_FromSsize_t(as_annotation(self)->start);
}
PyObject *get_end(PyObject *self, void *) {
  return PyLong_FromSsize_t(as_annotation(self)->end);
}
PyObject *get_type(PyObject *self, void *) {
  Py_INCREF(as_annotation(self)->type);
  return as_annotation(self)->type;
}
PyObject *get_text(PyObject *self, void *) {
  return guarded([&] { return annotation_text(as_annotation(self)).release().ptr(); });
}
PyObject *get_layer(PyObject *self, void *) {
  return guarded([&] { return py::str(layer_of(as_annotation(self)).name).release().ptr(); });
}
PyObject *get_attributes(PyObject *self, void *) {
  return guarded([&] {
    const auto *a = as_annotation(self);
    return attributes_dict(resolve(layer_of(a)).l, a->index).release().ptr();
  });
}
PyObject *get_annotator(PyObject *self, void *) {
  return guarded([&] {
    const auto *a = as_annotation(self);
    return optional_str(resolve(layer_of(a)).l.made_by(a->index).annotator).release().ptr();
  });
}
PyObject *get_version(PyObject *self, void *) {
  return guarded([&] {
    const auto *a = as_annotation(self);
    return optional_str(resolve(layer_of(a)).l.made_by(a->index).version).release().ptr();
  });
}
PyObject *get_confidence(PyObject *self, void *) {
  return guarded([&] {
    const auto *a = as_annotation(self);
    return optional_float(resolve(layer_of(a)).l.made_by(a->index).confidence).release().ptr();
  });
}

PyGetSetDef annotation_getset[] = {
    {"start", get_start, nullptr, "Start: a code-point offset into Document.text.", nullptr},
    {"end", get_end, nullptr, "End (exclusive): a code-point offset into Document.text.", nullptr},
    {"type", get_type, nullptr, "The annotation type, such as 'persName'.", nullptr},
    {"text", get_text, nullptr, "The annotated text: doc.text[start:end].", nullptr},
    {"layer", get_layer, nullptr, "The name of the layer.", nullptr},
    {"attributes", get_attributes, nullptr, "The attributes, as a new dict of str to str.", nullptr},
    {"annotator", get_annotator, nullptr, "Who or what made the annotation, or None if unknown.", nullptr},
    {"version", get_version, nullptr, "The annotator's version, or None if unknown.", nullptr},
    {"confidence", get_confidence, nullptr, "The annotator's confidence in [0, 1], or None.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

std::string shorten(std::string s, std::size_t max_cps) {
  std::size_t cps = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!detail::is_continuation(static_cast<unsigned char>(s[i])) && cps++ == max_cps)
      return s.substr(0, i) + "...";
  return s;
}

PyObject *annotation_repr(PyObject *self) {
  return guarded([&] {
    const auto *a = as_annotation(self);
    const py_layer &w = layer_of(a);
    std::string out =
        "Annotation(" + py::repr(py::str(w.name)).cast<std::string>() + ", " + std::to_string(a->start) +
        ", " + std::to_string(a->end) + ", " + py::repr(a->type).cast<std::string>() + ", text=" +
        py::repr(py::str(shorten(annotation_text(a).cast<std::string>(), 40))).cast<std::string>();
    try {
      const auto r = resolve(w);
      if (!r.l.attributes(a->index).empty())
        out += ", attributes=" + py::repr(attributes_dict(r.l, a->index)).cast<std::string>();
      const auto p = r.l.made_by(a->index);
      if (!p.annotator.empty()) out += ", annotator=" + py::repr(to_py_str(p.annotator)).cast<std::string>();
      if (!p.version.empty()) out += ", version=" + py::repr(to_py_str(p.version)).cast<std::string>();
      if (p.confidence) out += ", confidence=" + py::repr(py::float_(*p.confidence)).cast<std::string>();
    } catch (const argument_error &) {
      out += ", layer removed";
    }
    return to_py_str(out + ")").release().ptr();
  });
}

/// Value equality: same layer name, span, type, attributes and provenance.
bool annotations_equal(const annotation_object *a, const annotation_object *b) {
  if (a->start != b->start || a->end != b->end) return false;
  const int t = PyObject_RichCompareBool(a->type, b->type, Py_EQ);
  if (t < 0) throw py::error_already_set();
  if (!t) return false;
  if (a->layer == b->layer && a->index == b->index) return true;
  const py_layer &x = layer_of(a), &y = layer_of(b);
  if (x.name != y.name) return false;
  const auto p = resolve(x), q = resolve(y);
  if (!(p.l.made_by(a->index) == q.l.made_by(b->index))) return false;
  const auto u = p.l.attributes(a->index), v = q.l.attributes(b->index);
  return std::equal(u.begin(), u.end(), v.begin(), v.end());
}

PyObject *annotation_richcompare(PyObject *self, PyObject *other, int op) {
  if ((op != Py_EQ && op != Py_NE) || Py_TYPE(other) != annotation_type) Py_RETURN_NOTIMPLEMENTED;
  return guarded([&] {
    const bool eq = annotations_equal(as_annotation(self), as_annotation(other));
    return py::bool_(op == Py_EQ ? eq : !eq).release().ptr();
  });
}

Py_hash_t annotation_hash(PyObject *self) {
  const auto *a = as_annotation(self);
  const Py_hash_t t = PyObject_Hash(a->type);
  if (t == -1) return -1;
  std::uint64_t h = static_cast<std::uint64_t>(t);
  h = h * 1000003u ^ static_cast<std::uint64_t>(a->start);
  h = h * 1000003u ^ static_cast<std::uint64_t>(a->end);
  const auto out = static_cast<Py_hash_t>(h);
  return out == -1 ? -2 : out;
}

PyType_Slot annotation_slots[] = {
    {Py_tp_dealloc, reinterpret_cast<void *>(annotation_dealloc)},
    {Py_tp_repr, reinterpret_cast<void *>(annotation_repr)},
    {Py_tp_richcompare, reinterpret_cast<void *>(annotation_richcompare)},
    {Py_tp_hash, reinterpret_cast<void *>(annotation_hash)},
    {Py_tp_getset, annotation_getset},
    {Py_tp_doc, const_cast<char *>("An annotation of a layer: start and end (code points of Document.text), "
                                   "type, text, attributes, annotator, version, confidence and layer (its "
                                   "name). Made by Layer; equal when layer name, span, type, attributes "
                                   "and provenance are.")},
    {0, nullptr},
};

#ifndef Py_TPFLAGS_IMMUTABLETYPE
#define Py_TPFLAGS_IMMUTABLETYPE 0
#endif
#ifndef Py_TPFLAGS_DISALLOW_INSTANTIATION
#define Py_TPFLAGS_DISALLOW_INSTANTIATION 0
#endif

PyType_Spec annotation_spec = {
    "alinea._core.Annotation", sizeof(annotation_object), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION, annotation_slots};

// ---------------------------------------------------------------------------------------------
// The iterator over a layer, in document order, over the snapshot taken when it was made

struct iterator_object {
  PyObject_HEAD PyObject *layer;
  std::shared_ptr<const layer_snapshot> *snapshot; // heap-allocated, owned
  Py_ssize_t pos;
};

void iterator_dealloc(PyObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
  auto *it = reinterpret_cast<iterator_object *>(self);
  Py_XDECREF(it->layer);
  delete it->snapshot;
  tp->tp_free(self);
  Py_DECREF(tp);
}

PyObject *iterator_next(PyObject *self) {
  auto *it = reinterpret_cast<iterator_object *>(self);
  const layer_snapshot &s = **it->snapshot;
  if (it->pos >= static_cast<Py_ssize_t>(s.size)) return nullptr;
  const auto k = static_cast<std::size_t>(it->pos++);
  return new_annotation(it->layer, PyTuple_GET_ITEM(s.types.ptr(), s.type_ids[k]), s.starts[k], s.ends[k],
                        s.storage(k));
}

PyObject *iterator_length_hint(PyObject *self, PyObject *) {
  auto *it = reinterpret_cast<iterator_object *>(self);
  return PyLong_FromSsize_t(static_cast<Py_ssize_t>((*it->snapshot)->size) - it->pos);
}

PyMethodDef iterator_methods[] = {
    {"__length_hint__", iterator_length_hint, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr},
};

PyType_Slot iterator_slots[] = {
    {Py_tp_dealloc, reinterpret_cast<void *>(iterator_dealloc)},
    {Py_tp_iter, reinterpret_cast<void *>(PyObject_SelfIter)},
    {Py_tp_iternext, reinterpret_cast<void *>(iterator_next)},
    {Py_tp_methods, iterator_methods},
    {0, nullptr},
};

PyType_Spec iterator_spec = {
    "alinea._core.LayerIterator", sizeof(iterator_object), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION, iterator_slots};

py::object make_iterator(const py::object &layer_obj, std::shared_ptr<const layer_snapshot> s) {
  auto *it = PyObject_New(iterator_object, iterator_type);
  if (!it) throw py::error_already_set();
  Py_INCREF(layer_obj.ptr());
  it->layer = layer_obj.ptr();
  it->snapshot = new std::shared_ptr<const layer_snapshot>(std::move(s));
  it->pos = 0;
  return py::reinterpret_steal<py::object>(reinterpret_cast<PyObject *>(it));
}

PyTypeObject *make_type(PyType_Spec &spec) {
  PyObject *t = PyType_FromSpec(&spec);
  if (!t) throw py::error_already_set();
  auto *tp = reinterpret_cast<PyTypeObject *>(t);
  tp->tp_new = nullptr; // made by Layer only (also on Pythons without DISALLOW_INSTANTIATION)
  return tp;
}

// ---------------------------------------------------------------------------------------------
// Reading Python input: offsets, strings, staged annotations

/// Where an input value came from, for error messages: "item 3: " in a bulk call, "" otherwise.
/// Built only when an error is raised.
struct where_t {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t item = none;
  std::string_view prefix;
  where_t() = default;
  where_t(const char *p) : prefix(p) {}
  explicit where_t(std::size_t k) : item(k) {}
  std::string str() const {
    return item == none ? std::string(prefix) : "item " + std::to_string(item) + ": ";
  }
};
std::string operator+(const where_t &w, std::string_view s) {
  return w.str() + std::string(s);
}

/// UTF-8 of a str, copied (so CPython does not cache a UTF-8 copy on the caller's string).
std::string utf8_of(PyObject *o, const where_t &where, std::string_view what) {
  if (!PyUnicode_Check(o))
    throw py::type_error(where + what + " must be str, not " + std::string(Py_TYPE(o)->tp_name));
  if (PyUnicode_IS_ASCII(o)) {
    Py_ssize_t size = 0;
    const char *data = PyUnicode_AsUTF8AndSize(o, &size);
    if (!data) throw py::error_already_set();
    return {data, static_cast<std::size_t>(size)};
  }
  const auto bytes = py::reinterpret_steal<py::object>(PyUnicode_AsUTF8String(o));
  if (!bytes) throw py::error_already_set();
  return {PyBytes_AS_STRING(bytes.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr()))};
}
std::string utf8_of(PyObject *o, std::string_view what) {
  return utf8_of(o, where_t{}, what);
}

/// A code-point offset: an int (or an object with __index__, such as numpy.int64), not negative.
std::int64_t offset_of(PyObject *o, const where_t &where, std::string_view what) {
  if (PyFloat_Check(o) || PyBool_Check(o) || !PyIndex_Check(o))
    throw py::type_error(where + what + " must be an int, not " + std::string(Py_TYPE(o)->tp_name));
  const auto i = py::reinterpret_steal<py::object>(PyNumber_Index(o));
  if (!i) throw py::error_already_set();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow > 0) return std::numeric_limits<std::int64_t>::max();
  if (overflow < 0 || v < 0) invalid(where + what + " is negative");
  return v;
}
std::int64_t offset_of(PyObject *o, std::string_view what) {
  return offset_of(o, where_t{}, what);
}

void check_confidence(double c, const where_t &where) {
  if (!(c >= 0.0 && c <= 1.0))
    invalid(where + "confidence " + py::repr(py::float_(c)).cast<std::string>() + " is not between 0 and 1");
}

/// Code points to bytes of one document's text, cheaply for offsets that move forward.
class byte_offsets {
public:
  explicit byte_offsets(const document &doc)
      : doc_(doc), text_(doc.text()), ascii_(is_ascii(doc)), length_(doc.code_point_count()) {}
  std::size_t length() const noexcept { return length_; }
  /// The byte offset of code point `cp` (at most length()).
  std::size_t start(std::size_t cp) {
    if (ascii_) return cp;
    if (cp >= cp_ && cp - cp_ <= 4096) {
      byte_ = walk(byte_, cp - cp_);
    } else {
      byte_ = doc_.to_byte(cp);
    }
    cp_ = cp;
    return byte_;
  }
  /// The byte offset of code point `end_cp`, given that `start_cp` is at byte `start_byte`.
  std::size_t end(std::size_t start_byte, std::size_t start_cp, std::size_t end_cp) const {
    if (ascii_) return end_cp;
    return end_cp - start_cp <= 1024 ? walk(start_byte, end_cp - start_cp) : doc_.to_byte(end_cp);
  }

private:
  std::size_t walk(std::size_t byte, std::size_t count) const noexcept {
    const auto *s = reinterpret_cast<const unsigned char *>(text_.data());
    for (; count; --count)
      byte += detail::sequence_length(s[byte]);
    return byte;
  }
  const document &doc_;
  std::string_view text_;
  bool ascii_;
  std::size_t length_;
  std::size_t cp_ = 0, byte_ = 0;
};

/// Annotations read and checked, ready to be added to a layer in one go. Everything the core
/// checks in layer::add is checked here first, so that adding cannot fail half-way: a call
/// adds all its annotations or none.
struct staged {
  std::vector<std::size_t> begins, ends; // bytes
  std::vector<std::uint32_t> types;      // into type_names
  std::vector<std::string> type_names;
  std::vector<std::size_t> attr_starts{0};
  std::vector<attribute> attrs;
  std::vector<double> confidences; // empty if none given; NaN for none
  std::string annotator, version;
  std::size_t size() const noexcept { return begins.size(); }
};

/// Interns types by object identity, then by value; checks each new one.
class type_table {
public:
  explicit type_table(staged &s) : s_(s) {}
  std::uint32_t id_of(PyObject *o, const where_t &where) {
    if (o == last_obj_.ptr()) return last_id_;
    PyObject *found = PyUnicode_Check(o) ? PyDict_GetItemWithError(by_value_.ptr(), o) : nullptr;
    std::uint32_t id;
    if (found) {
      id = static_cast<std::uint32_t>(PyLong_AsUnsignedLong(found));
    } else {
      if (PyErr_Occurred()) throw py::error_already_set();
      id = add(utf8_of(o, where, "type"), where);
      by_value_[py::handle(o)] = id;
    }
    last_obj_ = py::reinterpret_borrow<py::object>(o); // held, so that its address stays its own
    last_id_ = id;
    return id;
  }
  std::uint32_t add(std::string type, const where_t &where) {
    if (!is_valid_annotation_type(type))
      invalid(where + "annotation type " + py::repr(to_py_str(type)).cast<std::string>() +
              " must be a name without spaces or control characters, such as 'persName'");
    s_.type_names.push_back(std::move(type));
    return static_cast<std::uint32_t>(s_.type_names.size() - 1);
  }

private:
  staged &s_;
  py::dict by_value_;
  py::object last_obj_;
  std::uint32_t last_id_ = 0;
};

void stage_attribute(staged &s, PyObject *name, PyObject *value, const where_t &where) {
  std::string n = utf8_of(name, where, "attribute name");
  if (!is_valid_attribute_name(n))
    invalid(where + "attribute name " + py::repr(name).cast<std::string>() +
            " must be an XML name of ASCII letters, digits, '_', '-', '.', ':' (such as 'ref')");
  std::string v = utf8_of(value, where, "attribute values");
  if (!is_xml_text(v))
    invalid(where + "the value of attribute '" + n + "' holds a character XML cannot carry");
  s.attrs.push_back({std::move(n), std::move(v)});
}

void stage_attributes(staged &s, PyObject *dict, const where_t &where) {
  if (dict && dict != Py_None) {
    if (!PyDict_Check(dict))
      throw py::type_error(where + "attributes must be a dict of str to str, not " +
                           std::string(Py_TYPE(dict)->tp_name));
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value))
      if (value != Py_None) stage_attribute(s, key, value, where);
  }
  s.attr_starts.push_back(s.attrs.size());
}

/// Checks a code-point span against the text and stages its byte offsets.
void stage_span(staged &s, byte_offsets &bytes, std::int64_t start, std::int64_t end, const where_t &where) {
  if (start > end)
    invalid(where + "annotation [" + std::to_string(start) + ", " + std::to_string(end) +
            ") ends before it starts");
  if (static_cast<std::uint64_t>(end) > bytes.length())
    invalid(where + "annotation [" + std::to_string(start) + ", " + std::to_string(end) +
            ") is beyond the end of the text (" + std::to_string(bytes.length()) + " code points)");
  const std::size_t b = bytes.start(static_cast<std::size_t>(start));
  s.begins.push_back(b);
  s.ends.push_back(bytes.end(b, static_cast<std::size_t>(start), static_cast<std::size_t>(end)));
}

void stage_provenance(staged &s, const std::optional<std::string> &annotator,
                      const std::optional<std::string> &version) {
  s.annotator = annotator.value_or("");
  s.version = version.value_or("");
  if (!is_xml_text(s.annotator) || !is_xml_text(s.version))
    invalid("the annotator or version holds a character XML cannot carry");
}

/// Adds the staged annotations to the layer called `name`: nothing here can fail (but memory).
template <class Spans>
void commit(document &doc, const std::string &name, const staged &s, std::size_t n, Spans spans) {
  layer *l = doc.layer_for_update(name);
  if (!l) invalid("no layer named '" + name + "'");
  // Reserving exactly would make every small addition copy the layer: only for big batches.
  if (n >= l->size()) l->reserve(n, s.attrs.size());
  provenance p{s.annotator, s.version, std::nullopt};
  const bool has_attrs = !s.attrs.empty();
  for (std::size_t k = 0; k < n; ++k) {
    p.confidence = std::nullopt;
    if (!s.confidences.empty() && !std::isnan(s.confidences[k])) p.confidence = s.confidences[k];
    const auto [b, e] = spans(k);
    l->add(b, e, s.type_names[s.types[k]],
           has_attrs ? std::span<const attribute>(s.attrs.data() + s.attr_starts[k],
                                                  s.attr_starts[k + 1] - s.attr_starts[k])
                     : std::span<const attribute>(),
           p);
  }
}

/// Adds the staged annotations, spans and all.
void commit(document &doc, const std::string &name, const staged &s) {
  commit(doc, name, s, s.size(), [&](std::size_t k) { return std::pair{s.begins[k], s.ends[k]}; });
}

where_t item_where(std::size_t k) {
  return where_t{k};
}

// ---------------------------------------------------------------------------------------------
// NumPy input and output

py::module_ numpy_module(const char *what) {
  try {
    return py::module_::import("numpy");
  } catch (py::error_already_set &e) {
    if (!e.matches(PyExc_ImportError)) throw;
    throw py::import_error(std::string(what) + " needs NumPy (pip install numpy)");
  }
}

/// `x` as a one-dimensional NumPy array.
py::array as_array(const py::module_ &np, const py::handle &x, const char *what) {
  py::array a = np.attr("asarray")(x);
  if (a.ndim() != 1)
    invalid(std::string(what) + " must be one-dimensional, not of shape " +
            py::str(a.attr("shape")).cast<std::string>());
  return a;
}

py::array_t<std::int64_t> int64_array(const py::module_ &np, const py::handle &x, const char *what) {
  py::array a = as_array(np, x, what);
  const char kind = a.dtype().kind();
  if (kind != 'i' && kind != 'u' && a.size() != 0)
    throw py::type_error(std::string(what) + " must hold integers, not " +
                         py::str(a.dtype()).cast<std::string>());
  return py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
}

void check_length(const py::array &a, std::size_t n, const char *what) {
  if (static_cast<std::size_t>(a.size()) != n)
    invalid(std::string(what) + " has " + std::to_string(a.size()) + " entries, starts has " +
            std::to_string(n));
}

/// Stages the types of extend_arrays: one str for all, a sequence or array of str, or integer
/// codes into `categories`.
void stage_types(staged &s, const py::module_ &np, const py::handle &types, const py::handle &categories,
                 std::size_t n) {
  type_table table(s);
  s.types.resize(n);
  if (!categories.is_none()) {
    std::vector<std::uint32_t> ids;
    for (const auto c : py::reinterpret_borrow<py::iterable>(categories))
      ids.push_back(table.add(utf8_of(c.ptr(), "each category"), "categories: "));
    const auto codes = int64_array(np, types, "types (codes)");
    check_length(codes, n, "types");
    const std::int64_t *c = codes.data();
    for (std::size_t k = 0; k < n; ++k) {
      if (c[k] < 0 || static_cast<std::uint64_t>(c[k]) >= ids.size())
        invalid("types: code " + std::to_string(c[k]) + " at " + std::to_string(k) +
                " is not a code of the " + std::to_string(ids.size()) + " categories");
      s.types[k] = ids[static_cast<std::size_t>(c[k])];
    }
    return;
  }
  if (PyUnicode_Check(types.ptr())) { // one type for all
    const auto id = table.add(utf8_of(types.ptr(), "type"), "");
    std::fill(s.types.begin(), s.types.end(), id);
    return;
  }
  if (py::isinstance<py::array>(types)) {
    const auto a = py::reinterpret_borrow<py::array>(types);
    const char kind = a.dtype().kind();
    if (kind == 'i' || kind == 'u')
      throw py::type_error("types holds integer codes: give the type names as categories=");
    if (kind == 'U') { // fixed-width UCS4: intern by value without making a str per element
      if (a.ndim() != 1) invalid("types must be one-dimensional");
      check_length(a, n, "types");
      const auto c = py::array::ensure(a, py::array::c_style);
      const std::size_t width = static_cast<std::size_t>(c.itemsize()) / 4;
      const auto *data = static_cast<const char32_t *>(c.data());
      std::unordered_map<std::u32string_view, std::uint32_t> ids;
      std::u32string_view last;
      std::uint32_t last_id = 0;
      bool have_last = false;
      for (std::size_t k = 0; k < n; ++k) {
        std::u32string_view v(data + k * width, width);
        while (!v.empty() && v.back() == 0)
          v.remove_suffix(1);
        if (!have_last || v != last) {
          auto it = ids.find(v);
          if (it == ids.end()) {
            const auto str = py::reinterpret_steal<py::object>(
                PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, v.data(), static_cast<Py_ssize_t>(v.size())));
            if (!str) throw py::error_already_set();
            it = ids.emplace(v, table.add(utf8_of(str.ptr(), "type"), "types: ")).first;
          }
          last = v;
          last_id = it->second;
          have_last = true;
        }
        s.types[k] = last_id;
      }
      return;
    }
    if (kind != 'O')
      throw py::type_error("types must hold str, not " + py::str(a.dtype()).cast<std::string>());
  }
  const auto seq =
      py::reinterpret_steal<py::object>(PySequence_Fast(types.ptr(), "types must be a sequence of str"));
  if (!seq) throw py::error_already_set();
  if (static_cast<std::size_t>(PySequence_Fast_GET_SIZE(seq.ptr())) != n)
    invalid("types has " + std::to_string(PySequence_Fast_GET_SIZE(seq.ptr())) + " entries, starts has " +
            std::to_string(n));
  PyObject **items = PySequence_Fast_ITEMS(seq.ptr());
  for (std::size_t k = 0; k < n; ++k)
    s.types[k] = table.id_of(items[k], "types: ");
}

/// Stages the attributes of extend_arrays: {name: sequence of str or None} (columns), or a
/// sequence of dicts (or None), one per annotation.
void stage_array_attributes(staged &s, const py::handle &attributes, std::size_t n) {
  if (attributes.is_none()) return; // commit() gives no attributes when s.attrs is empty
  if (PyDict_Check(attributes.ptr())) {
    std::vector<std::pair<PyObject *, py::object>> columns;
    for (const auto &[name, values] : py::reinterpret_borrow<py::dict>(attributes)) {
      py::object v = py::reinterpret_borrow<py::object>(values);
      if (py::isinstance<py::array>(v)) v = v.attr("tolist")();
      auto seq = py::reinterpret_steal<py::object>(
          PySequence_Fast(v.ptr(), "each value of attributes must be a sequence of str or None"));
      if (!seq) throw py::error_already_set();
      if (static_cast<std::size_t>(PySequence_Fast_GET_SIZE(seq.ptr())) != n)
        invalid("attribute '" + py::str(name).cast<std::string>() + "' has " +
                std::to_string(PySequence_Fast_GET_SIZE(seq.ptr())) + " values, starts has " +
                std::to_string(n));
      columns.emplace_back(name.ptr(), std::move(seq));
    }
    for (std::size_t k = 0; k < n; ++k) {
      for (const auto &[name, seq] : columns) {
        PyObject *value = PySequence_Fast_GET_ITEM(seq.ptr(), static_cast<Py_ssize_t>(k));
        if (value != Py_None) stage_attribute(s, name, value, item_where(k));
      }
      s.attr_starts.push_back(s.attrs.size());
    }
    return;
  }
  const auto seq = py::reinterpret_steal<py::object>(
      PySequence_Fast(attributes.ptr(), "attributes must be a dict of columns or a sequence of dicts"));
  if (!seq) throw py::error_already_set();
  if (static_cast<std::size_t>(PySequence_Fast_GET_SIZE(seq.ptr())) != n)
    invalid("attributes has " + std::to_string(PySequence_Fast_GET_SIZE(seq.ptr())) +
            " entries, starts has " + std::to_string(n));
  for (std::size_t k = 0; k < n; ++k)
    stage_attributes(s, PySequence_Fast_GET_ITEM(seq.ptr(), static_cast<Py_ssize_t>(k)), item_where(k));
}

// ---------------------------------------------------------------------------------------------
// Layer methods

py::list annotations_at(const py::object &self, const layer_snapshot &s,
                        const std::vector<std::uint32_t> &found) {
  py::list out(found.size());
  for (std::size_t j = 0; j < found.size(); ++j)
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(j),
                    make_annotation(self, s, s.position(found[j])).release().ptr());
  return out;
}

std::pair<std::size_t, std::size_t> byte_range(const document &doc, const py::handle &range,
                                               const char *what) {
  const auto t = py::reinterpret_borrow<py::sequence>(range);
  if (t.size() != 2) invalid(std::string(what) + " must be a (start, end) pair of code points");
  const auto a = offset_of(t[0].ptr(), std::string(what) + " start"),
             b = offset_of(t[1].ptr(), std::string(what) + " end");
  if (a > b)
    invalid(std::string(what) + " (" + std::to_string(a) + ", " + std::to_string(b) +
            ") ends before it starts");
  return {doc.to_byte(static_cast<std::size_t>(a)), doc.to_byte(static_cast<std::size_t>(b))};
}

py::object layer_add(const py::object &self, const py::handle &start_obj, const py::handle &end_obj,
                     const py::handle &type_obj, const py::handle &attributes,
                     const std::optional<std::string> &annotator, const std::optional<std::string> &version,
                     const std::optional<double> &confidence) {
  const py_layer &w = self.cast<py_layer &>();
  auto r = resolve(w);
  check_unread(r.d);
  document &doc = *r.d.doc;
  doc.layer_for_update(w.name); // refuses the edits layer
  staged s;
  byte_offsets bytes(doc);
  const auto start = offset_of(start_obj.ptr(), "start"), end = offset_of(end_obj.ptr(), "end");
  stage_span(s, bytes, start, end, "");
  type_table(s).add(utf8_of(type_obj.ptr(), "type"), "");
  s.types.push_back(0);
  stage_attributes(s, attributes.ptr(), "");
  stage_provenance(s, annotator, version);
  if (confidence) {
    check_confidence(*confidence, "");
    s.confidences.push_back(*confidence);
  }
  commit(doc, w.name, s);
  const std::size_t index = doc.find_layer(w.name)->size() - 1;
  PyObject *a = new_annotation(self.ptr(), type_obj.ptr(), start, end, static_cast<std::uint32_t>(index));
  if (!a) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(a);
}

void layer_extend(const py::object &self, const py::iterable &items,
                  const std::optional<std::string> &annotator, const std::optional<std::string> &version,
                  const std::optional<double> &confidence) {
  const py_layer &w = self.cast<py_layer &>();
  // Read everything first: iterating may run Python code, which may change the document.
  staged s;
  stage_provenance(s, annotator, version);
  if (confidence) check_confidence(*confidence, "");
  {
    auto r = resolve(w);
    check_unread(r.d);
    r.d.doc->layer_for_update(w.name); // refuses the edits layer before reading anything
  }
  const auto &doc_ref = *document_of(w).doc;
  byte_offsets bytes(doc_ref);
  type_table types(s);
  std::size_t k = 0;
  for (const auto item : items) {
    const where_t where = item_where(k);
    PyObject *o = item.ptr();
    if (!PyTuple_Check(o) && !PyList_Check(o))
      throw py::type_error(where + "each annotation must be a tuple (start, end, type[, attributes]), not " +
                           std::string(Py_TYPE(o)->tp_name));
    const Py_ssize_t size = PySequence_Fast_GET_SIZE(o);
    if (size != 3 && size != 4)
      invalid(where + "an annotation is (start, end, type) or (start, end, type, attributes), not " +
              std::to_string(size) + " values");
    PyObject **v = PySequence_Fast_ITEMS(o);
    stage_span(s, bytes, offset_of(v[0], where, "start"), offset_of(v[1], where, "end"), where);
    s.types.push_back(types.id_of(v[2], where));
    stage_attributes(s, size == 4 ? v[3] : nullptr, where);
    ++k;
  }
  if (confidence) s.confidences.assign(s.size(), *confidence);
  auto r = resolve(w); // again: the layer may be gone
  commit(*r.d.doc, w.name, s);
}

void layer_extend_arrays(const py::object &self, const py::handle &starts_obj, const py::handle &ends_obj,
                         const py::handle &types_obj, const py::handle &categories,
                         const py::handle &attributes, const py::handle &confidences,
                         const std::optional<std::string> &annotator,
                         const std::optional<std::string> &version) {
  const py_layer &w = self.cast<py_layer &>();
  const auto np = numpy_module("Layer.extend_arrays()");
  const auto starts = int64_array(np, starts_obj, "starts");
  const auto ends = int64_array(np, ends_obj, "ends");
  const auto n = static_cast<std::size_t>(starts.size());
  if (static_cast<std::size_t>(ends.size()) != n)
    invalid("ends has " + std::to_string(ends.size()) + " entries, starts has " + std::to_string(n));
  staged s;
  stage_provenance(s, annotator, version);
  stage_types(s, np, types_obj, categories, n);
  stage_array_attributes(s, attributes, n);
  if (!confidences.is_none()) {
    const py::array a = as_array(np, confidences, "confidences");
    const char kind = a.dtype().kind();
    if (kind != 'f' && kind != 'i' && kind != 'u' && a.size() != 0)
      throw py::type_error("confidences must hold numbers, not " + py::str(a.dtype()).cast<std::string>());
    check_length(a, n, "confidences");
    const auto c = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
    s.confidences.assign(c.data(), c.data() + n);
    for (std::size_t k = 0; k < n; ++k)
      if (!std::isnan(s.confidences[k]) && !(s.confidences[k] >= 0.0 && s.confidences[k] <= 1.0))
        check_confidence(s.confidences[k], item_where(k)); // raises
  }
  auto r = resolve(w);
  check_unread(r.d);
  document &doc = *r.d.doc;
  doc.layer_for_update(w.name); // refuses the edits layer
  const std::int64_t *b = starts.data(), *e = ends.data();
  const std::size_t length = doc.code_point_count();
  for (std::size_t k = 0; k < n; ++k)
    if (b[k] < 0 || e[k] < 0 || b[k] > e[k] || static_cast<std::uint64_t>(e[k]) > length) {
      if (b[k] < 0 || e[k] < 0) invalid(item_where(k) + "offsets must not be negative");
      byte_offsets bytes(doc);
      stage_span(s, bytes, b[k], e[k], item_where(k)); // raises, saying why
    }
  byte_offsets bytes(doc);
  commit(doc, w.name, s, n, [&](std::size_t k) {
    const std::size_t sb = bytes.start(static_cast<std::size_t>(b[k]));
    return std::pair{sb, bytes.end(sb, static_cast<std::size_t>(b[k]), static_cast<std::size_t>(e[k]))};
  });
}

/// A one-dimensional array of `n` values at `data`, read-only, keeping the snapshot alive.
template <class T>
py::array column_view(const std::shared_ptr<const layer_snapshot> &s, const T *data, std::size_t n) {
  const py::capsule owner(new std::shared_ptr<const layer_snapshot>(s),
                          [](void *p) { delete static_cast<std::shared_ptr<const layer_snapshot> *>(p); });
  static const T empty{};
  py::array a(py::dtype::of<T>(), {static_cast<py::ssize_t>(n)}, {static_cast<py::ssize_t>(sizeof(T))},
              n ? data : &empty, owner);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

/// A column of `n` NaN, shared by the snapshots of layers without confidences (all that need
/// no more than its size), so that their columns() cost no memory for it.
std::shared_ptr<const double> nan_column(std::size_t n) {
  struct nans {
    std::size_t size;
    column<double> values;
  };
  static std::weak_ptr<nans> shared; // only touched with the GIL held
  auto c = shared.lock();
  if (!c || c->size < n) {
    c = std::make_shared<nans>(nans{n, column<double>(n)});
    std::fill(c->values.data(), c->values.data() + n, std::nan(""));
    shared = c;
  }
  return {c, c->values.data()};
}

/// The confidences of a snapshot's layer in document order, NaN for none; made once.
const double *confidences_of(const layer &l, const layer_snapshot &s) {
  if (!s.confidences) {
    const auto given = l.confidences(); // all annotations' or none
    if (given.empty()) {
      s.confidences = nan_column(s.size);
    } else {
      auto c = std::make_shared<column<double>>(s.size);
      for (std::size_t k = 0; k < s.size; ++k) {
        const std::uint32_t i = s.storage(k);
        (*c)[k] = i < given.size() ? given[i] : std::nan("");
      }
      s.confidences = {c, c->data()};
    }
  }
  return s.confidences.get();
}

py::dict layer_columns(const py::object &self, bool copy) {
  const py_layer &w = self.cast<py_layer &>();
  const auto np = numpy_module("Layer.columns()");
  auto r = resolve(w);
  const auto s = snapshot_of(r);
  const std::size_t n = s->size;
  static_assert(sizeof(std::int32_t) == sizeof(std::uint32_t));
  py::dict out;
  out["start"] = column_view(s, s->starts.data(), n);
  out["end"] = column_view(s, s->ends.data(), n);
  out["type"] = column_view(s, reinterpret_cast<const std::int32_t *>(s->type_ids.data()), n);
  out["type_names"] = py::list(s->types);
  out["confidence"] = column_view(s, confidences_of(r.l, *s), n);
  if (copy)
    for (const char *key : {"start", "end", "type", "confidence"})
      out[key] = out[key].attr("copy")();
  return out;
}

py::list layer_find(const py::object &self, const std::optional<std::string> &type,
                    const py::object &overlapping, const py::object &within, const py::object &attributes,
                    const std::optional<std::string> &annotator) {
  const py_layer &w = self.cast<py_layer &>();
  auto r = resolve(w);
  const document &doc = *r.d.doc;
  layer::filter f;
  if (type) f.type = *type;
  if (!overlapping.is_none()) f.overlapping = byte_range(doc, overlapping, "overlapping");
  if (!within.is_none()) f.within = byte_range(doc, within, "within");
  std::vector<attribute> attrs;
  if (!attributes.is_none()) {
    if (!PyDict_Check(attributes.ptr())) throw py::type_error("attributes must be a dict of str to str");
    for (const auto &[k, v] : py::reinterpret_borrow<py::dict>(attributes))
      attrs.push_back({utf8_of(k.ptr(), "attribute name"), utf8_of(v.ptr(), "attribute value")});
  }
  f.attributes = attrs;
  if (annotator) f.annotator = *annotator;
  const auto found = r.l.find(f);
  const auto s = snapshot_of(r);
  return annotations_at(self, *s, found);
}

py::object layer_getitem(const py::object &self, const py::object &key) {
  const py_layer &w = self.cast<py_layer &>();
  auto r = resolve(w);
  const auto s = snapshot_of(r);
  const auto n = static_cast<Py_ssize_t>(s->size);
  if (PySlice_Check(key.ptr())) {
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(key.ptr(), &start, &stop, &step) < 0) throw py::error_already_set();
    const Py_ssize_t count = PySlice_AdjustIndices(n, &start, &stop, step);
    py::list out(count);
    for (Py_ssize_t j = 0; j < count; ++j)
      PyList_SET_ITEM(out.ptr(), j,
                      make_annotation(self, *s, static_cast<std::size_t>(start + j * step)).release().ptr());
    return out;
  }
  if (!PyIndex_Check(key.ptr()) || PyBool_Check(key.ptr()))
    throw py::type_error("layer indices must be integers or slices, not " +
                         std::string(Py_TYPE(key.ptr())->tp_name));
  Py_ssize_t i = PyNumber_AsSsize_t(key.ptr(), PyExc_IndexError);
  if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw py::index_error("layer index out of range");
  return make_annotation(self, *s, static_cast<std::size_t>(i));
}

py::object layer_to_pandas(const py::object &self) {
  py::module_ pd;
  try {
    pd = py::module_::import("pandas");
  } catch (py::error_already_set &e) {
    if (!e.matches(PyExc_ImportError)) throw;
    throw py::import_error("Layer.to_pandas() needs pandas, which is not installed (pip install pandas)");
  }
  const py_layer &w = self.cast<py_layer &>();
  py::dict cols = layer_columns(self, false);
  auto r = resolve(w);
  const auto s = snapshot_of(r);
  const std::size_t n = s->size;
  const py::object text = text_of(r.d);
  py::list texts(n), attrs(n), annotators(n), versions(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = s->storage(k);
    PyObject *t = PyUnicode_Substring(text.ptr(), static_cast<Py_ssize_t>(s->starts[k]),
                                      static_cast<Py_ssize_t>(s->ends[k]));
    if (!t) throw py::error_already_set();
    PyList_SET_ITEM(texts.ptr(), static_cast<Py_ssize_t>(k), t);
    PyList_SET_ITEM(attrs.ptr(), static_cast<Py_ssize_t>(k), attributes_dict(r.l, i).release().ptr());
    const auto p = r.l.made_by(i);
    PyList_SET_ITEM(annotators.ptr(), static_cast<Py_ssize_t>(k), optional_str(p.annotator).release().ptr());
    PyList_SET_ITEM(versions.ptr(), static_cast<Py_ssize_t>(k), optional_str(p.version).release().ptr());
  }
  py::dict data;
  data["start"] = cols["start"];
  data["end"] = cols["end"];
  data["type"] =
      pd.attr("Categorical").attr("from_codes")(cols["type"], py::arg("categories") = cols["type_names"]);
  data["text"] = texts;
  data["attributes"] = attrs;
  data["annotator"] = annotators;
  data["version"] = versions;
  data["confidence"] = cols["confidence"];
  return pd.attr("DataFrame")(data);
}

} // namespace

void bind_layers(py::module_ &m) {
  annotation_type = make_type(annotation_spec);
  m.add_object("Annotation", reinterpret_cast<PyObject *>(annotation_type));
  iterator_type = make_type(iterator_spec); // not in the module: made by iter(layer) only

  py::class_<py_layer>(m, "Layer",
                       "A layer of annotations of a Document (doc.layer(name), doc.add_layer(name)). Offsets "
                       "are code points of Document.text; iteration, indexing, find() and columns() are in "
                       "document order (by start, longer spans first).")
      .def_property_readonly(
          "name", [](const py_layer &w) { return w.name; }, "The layer's name.")
      .def_property_readonly(
          "document", [](const py_layer &w) { return w.document; }, "The Document the layer belongs to.")
      .def_property_readonly(
          "type_names",
          [](const py_layer &w) {
            py::list out;
            for (const auto &t : resolve(w).l.type_names())
              out.append(to_py_str(t));
            return out;
          },
          "The distinct annotation types, in order of first appearance (columns()['type'] indexes it).")
      .def("__len__", [](const py_layer &w) { return resolve(w).l.size(); })
      .def(
          "__iter__",
          [](const py::object &self) {
            auto r = resolve(self.cast<py_layer &>());
            return make_iterator(self, snapshot_of(r));
          },
          "The annotations in document order (as the layer was when iteration began).")
      .def("__getitem__", &layer_getitem, py::arg("index"),
           "Annotation i in document order, or a list for a slice.")
      .def("add", &layer_add, py::arg("start"), py::arg("end"), py::arg("type"),
           py::arg("attributes") = py::none(), py::kw_only(), py::arg("annotator") = py::none(),
           py::arg("version") = py::none(), py::arg("confidence") = py::none(),
           "Add an annotation of text[start:end] (code points) and return it. Raises ArgumentError for a "
           "span outside the text, an invalid type or attribute, a confidence outside [0, 1], or the "
           "edits layer.")
      .def("extend", &layer_extend, py::arg("annotations"), py::kw_only(), py::arg("annotator") = py::none(),
           py::arg("version") = py::none(), py::arg("confidence") = py::none(),
           "Add (start, end, type) or (start, end, type, attributes) tuples, all with the given "
           "provenance. All are checked first: either every one is added or none is.")
      .def("extend_arrays", &layer_extend_arrays, py::arg("starts"), py::arg("ends"), py::arg("types"),
           py::kw_only(), py::arg("categories") = py::none(), py::arg("attributes") = py::none(),
           py::arg("confidences") = py::none(), py::arg("annotator") = py::none(),
           py::arg("version") = py::none(),
           "Add annotations from arrays: starts and ends (integer arrays, code points), types (one str, "
           "a sequence or array of str, or integer codes into categories=), attributes ({name: values} "
           "or one dict per annotation), confidences (floats in [0, 1], NaN for none). All or none.")
      .def("columns", &layer_columns, py::kw_only(), py::arg("copy") = false,
           "The layer as NumPy arrays in document order: {'start', 'end' (int64, code points), 'type' "
           "(int32 codes into 'type_names'), 'type_names' (list of str), 'confidence' (float64, NaN "
           "where none)}. The arrays are read-only views of a cache the layer keeps until it grows; "
           "copy=True gives writable copies.")
      .def("find", &layer_find, py::kw_only(), py::arg("type") = py::none(),
           py::arg("overlapping") = py::none(), py::arg("within") = py::none(),
           py::arg("attributes") = py::none(), py::arg("annotator") = py::none(),
           "The annotations that match every criterion given, in document order: type, overlapping=(start, "
           "end) (shares a character with it, or touches it where either is empty), within=(start, end), "
           "attributes (each with exactly this value), annotator.")
      .def("to_pandas", &layer_to_pandas,
           "The layer as a pandas DataFrame in document order: start, end, type (Categorical), text, "
           "attributes, annotator, version, confidence. Needs pandas.")
      .def("__eq__",
           [](const py_layer &a, const py::object &b) {
             if (!py::isinstance<py_layer>(b)) return false;
             const auto &o = b.cast<const py_layer &>();
             return a.document.is(o.document) && a.name == o.name && a.generation == o.generation;
           })
      .def("__hash__",
           [](const py_layer &w) {
             return py::hash(py::make_tuple(reinterpret_cast<std::uintptr_t>(w.document.ptr()), w.name));
           })
      .def("__repr__", [](const py_layer &w) {
        const auto &d = document_of(w);
        const layer *l = d.doc->find_layer(w.name);
        const auto it = d.layers->entries.find(w.name);
        if (!l || it == d.layers->entries.end() || it->second.generation != w.generation)
          return "<Layer '" + w.name + "' (removed)>";
        return "<Layer '" + w.name + "' of " + d.doc->meta().id + ": " + std::to_string(l->size()) +
               " annotations>";
      });

  auto document_class = py::reinterpret_borrow<py::class_<py_document>>(m.attr("Document"));
  document_class
      .def(
          "add_layer",
          [](const py::object &self, const std::string &name) {
            check_unread(self.cast<py_document &>());
            self.cast<py_document &>().doc->add_layer(name);
            return handle_of(self, name);
          },
          py::arg("name"),
          "Add an empty layer and return it. Raises ArgumentError if the name is taken or invalid.")
      .def(
          "layer",
          [](const py::object &self, const std::string &name) {
            if (!self.cast<py_document &>().doc->find_layer(name))
              throw py::key_error("no layer named '" + name + "'");
            return handle_of(self, name);
          },
          py::arg("name"), "The layer called name. Raises KeyError if there is none.")
      .def(
          "remove_layer",
          [](py_document &d, const std::string &name) {
            if (!d.doc->find_layer(name)) throw py::key_error("no layer named '" + name + "'");
            check_unread(d);
            d.doc->remove_layer(name); // refuses the edits layer
            auto &e = d.layers->entries[name];
            ++e.generation;
            e.snapshot.reset();
          },
          py::arg("name"),
          "Remove the layer called name (KeyError if there is none; ArgumentError for the edits "
          "layer). Layer objects of it raise ArgumentError from then on.")
      .def_property_readonly(
          "layers",
          [](const py::object &self) {
            py::list out;
            for (const auto &l : self.cast<py_document &>().doc->layers())
              out.append(py::cast(handle_of(self, l.name())));
            return out;
          },
          "The annotation layers, in order, as Layer objects.");
}

} // namespace alinea::python
