// SPDX-License-Identifier: MIT
// Document and Paragraph. Offsets cross the boundary as code points of Document.text.
#include "bindings.hpp"

#include <alinea/error.hpp>

#include <pybind11/stl.h>

namespace alinea::python {
namespace {

/// A body paragraph: a view of one block of a document it keeps alive.
struct py_paragraph {
  std::shared_ptr<const document> doc;
  const block *b;
};

py::list paragraphs_of(const py_document &d) {
  py::list out(d.doc->paragraph_count());
  std::size_t i = 0;
  for (const block &b : d.doc->blocks())
    if (b.kind == block_kind::paragraph) out[i++] = py::cast(py_paragraph{d.doc, &b});
  return out;
}

} // namespace

void bind_document(py::module_ &m) {
  py::class_<py_paragraph>(m, "Paragraph",
                           "A numbered body paragraph. Offsets are code points of Document.text, "
                           "so doc.text[p.start:p.end] == p.text.")
      .def_property_readonly(
          "n", [](const py_paragraph &p) { return p.b->n; }, "Citation number: 1, 2, ... through the body.")
      .def_property_readonly(
          "id", [](const py_paragraph &p) { return "p" + std::to_string(p.b->n); },
          "The xml:id of the paragraph in the TEI export.")
      .def_property_readonly("text", [](const py_paragraph &p) { return to_py_str(p.doc->text_of(*p.b)); })
      .def_property_readonly("start", [](const py_paragraph &p) { return p.doc->to_code_point(p.b->begin); })
      .def_property_readonly("end", [](const py_paragraph &p) { return p.doc->to_code_point(p.b->end); })
      .def(
          "cite", [](const py_paragraph &p) { return p.doc->cite(*p.b); },
          "The citation of this paragraph, such as 'kazak-thaw:7'.")
      .def("__repr__", [](const py_paragraph &p) { return "<Paragraph " + p.doc->cite(*p.b) + ">"; });

  py::class_<py_document>(m, "Document",
                          "A parsed document: normalized text, title, numbered paragraphs and the "
                          "record of every edit made to the source.")
      .def_property_readonly(
          "id", [](const py_document &d) { return d.doc->meta().id; }, "Citation id: the DOC in DOC:N.")
      .def_property_readonly(
          "title",
          [](const py_document &d) -> py::object {
            if (d.doc->meta().title.empty()) return py::none();
            return py::str(d.doc->meta().title);
          },
          "The title, or None.")
      .def_property_readonly(
          "source",
          [](const py_document &d) -> py::object {
            if (d.doc->meta().source.empty()) return py::none();
            return py::str(d.doc->meta().source);
          },
          "File name of the source, or None for text given in memory.")
      .def_property_readonly(
          "text",
          [](py_document &d) {
            if (!d.text_cache) d.text_cache = to_py_str(d.doc->text());
            return d.text_cache;
          },
          "The normalized text. Every offset alinea gives is a code-point "
          "index into it.")
      .def_property_readonly("paragraphs", &paragraphs_of, "The body paragraphs, in order.")
      .def(
          "paragraph",
          [](const py_document &d, std::size_t n) {
            return py_paragraph{d.doc, &d.doc->paragraph(n)};
          },
          py::arg("n"), "Body paragraph number n (from 1). Raises CitationError if absent.")
      .def(
          "source_text", [](const py_document &d) { return to_py_str(d.doc->source_text()); },
          "The exact input the document was made from, rebuilt from the text and its edits.")
      .def(
          "edits",
          [](const py_document &d) {
            py::list out;
            const layer *e = d.doc->find_layer(edits_layer_name);
            if (!e) return out;
            for (std::size_t i = 0; i < e->size(); ++i)
              out.append(py::make_tuple(d.doc->to_code_point(e->begin(i)), d.doc->to_code_point(e->end(i)),
                                        std::string(e->type(i)),
                                        to_py_str(e->attribute_value(i, edit_original_attribute))));
            return out;
          },
          "Ingest's changes to the source as (start, end, kind, original) tuples: text[start:end] "
          "replaced `original`.")
      .def("to_tei", &document_to_tei, py::kw_only(), py::arg("indent") = true,
           "The document as a TEI P5 XML string.")
      .def("__len__", [](const py_document &d) { return d.doc->paragraph_count(); })
      .def("__eq__", [](const py_document &a, const py_document &b) { return *a.doc == *b.doc; })
      .def("__repr__", [](const py_document &d) {
        return "<Document " + d.doc->meta().id + ": " + std::to_string(d.doc->paragraph_count()) +
               " paragraphs>";
      });
}

} // namespace alinea::python
