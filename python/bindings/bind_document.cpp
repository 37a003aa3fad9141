// SPDX-License-Identifier: MIT
// Document and Paragraph. Offsets cross the boundary as code points of Document.text.
#include "bindings.hpp"

#include <alinea/error.hpp>

#include <pybind11/stl.h>

namespace alinea::python {
namespace {

py::list blocks_of(const py_document &d, bool numbered_only) {
  py::list out;
  for (const block &b : d.doc->blocks())
    if (!numbered_only || is_numbered(b.kind)) out.append(py::cast(py_block{d.doc, &b}));
  return out;
}

py::dict attributes_of(const layer &l, std::size_t i) {
  py::dict attrs;
  for (const auto &a : l.attributes(i))
    attrs[py::str(a.name)] = to_py_str(a.value);
  return attrs;
}

} // namespace

void bind_document(py::module_ &m) {
  py::class_<py_block>(m, "Block",
                       "A block of the document: a numbered paragraph, or a title, heading, list item, "
                       "note... Offsets are code points of Document.text, so "
                       "doc.text[b.start:b.end] == b.text.")
      .def_property_readonly(
          "kind", [](const py_block &p) { return std::string(block_kind_name(p.b->kind)); },
          "'title', 'subtitle', 'byline', 'heading', 'paragraph', 'quote', 'item', "
          "'note' or 'boilerplate'.")
      .def_property_readonly(
          "n", [](const py_block &p) { return p.b->n; },
          "Citation number of a paragraph or quote (1, 2, ... through the body); the "
          "number a heading states (6 for 'Chapter Six'); 0 otherwise.")
      .def_property_readonly(
          "division",
          [](const py_block &p) -> py::object {
            const auto name = division_kind_name(p.b->division);
            if (name.empty()) return py::none();
            return py::str(std::string(name));
          },
          "For a heading: what it opens ('chapter', 'part', ...), or None.")
      .def_property_readonly("id", &py_block::id, "The xml:id of the block in the TEI export.")
      .def_property_readonly("text", [](const py_block &p) { return to_py_str(p.doc->text_of(*p.b)); })
      .def_property_readonly("start", [](const py_block &p) { return p.doc->to_code_point(p.b->begin); })
      .def_property_readonly("end", [](const py_block &p) { return p.doc->to_code_point(p.b->end); })
      .def(
          "cite",
          [](const py_block &p) {
            if (!is_numbered(p.b->kind))
              throw argument_error(errc::invalid_argument, "a " + std::string(block_kind_name(p.b->kind)) +
                                                               " has no citation number");
            return p.doc->cite(*p.b);
          },
          "The citation of a numbered paragraph, such as 'kazak-thaw:7'.")
      .def("__repr__", [](const py_block &p) {
        const std::string where = is_numbered(p.b->kind) ? p.doc->cite(*p.b) : p.id();
        return "<Block " + std::string(block_kind_name(p.b->kind)) + " " + where + ">";
      });
  m.attr("Paragraph") = m.attr("Block");

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
      .def_property_readonly(
          "paragraphs", [](const py_document &d) { return blocks_of(d, true); },
          "The numbered paragraphs (body paragraphs and quoted paragraphs), in order.")
      .def(
          "paragraph",
          [](const py_document &d, std::size_t n) {
            return py_block{d.doc, &d.doc->paragraph(n)};
          },
          py::arg("n"), "Body paragraph number n (from 1). Raises CitationError if absent.")
      .def(
          "source_text", [](const py_document &d) { return to_py_str(d.doc->source_text()); },
          "The exact input the document was made from, rebuilt from the text and its edits.")
      .def_property_readonly(
          "blocks", [](const py_document &d) { return blocks_of(d, false); },
          "Every block in text order: front matter, headings, paragraphs, items, notes, boilerplate.")
      .def_property_readonly(
          "layer_names",
          [](const py_document &d) {
            py::list out;
            for (const auto &l : d.doc->layers())
              out.append(l.name());
            return out;
          },
          "Names of the annotation layers, such as 'edits', 'emphasis', 'pages'.")
      .def(
          "annotations",
          [](const py_document &d, std::string_view name) {
            const layer *l = d.doc->find_layer(name);
            if (!l) throw py::key_error("no layer named '" + std::string(name) + "'");
            py::list out(l->size());
            for (std::size_t i = 0; i < l->size(); ++i)
              out[i] = py::make_tuple(d.doc->to_code_point(l->begin(i)), d.doc->to_code_point(l->end(i)),
                                      std::string(l->type(i)), attributes_of(*l, i));
            return out;
          },
          py::arg("layer"),
          "The annotations of a layer as (start, end, type, attributes) tuples, in code points.")
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
           py::arg("standoff_layers") = std::vector<std::string>{}, py::arg("all_standoff") = false,
           "The document as a TEI P5 XML string.")
      .def("__len__", [](const py_document &d) { return d.doc->paragraph_count(); })
      .def("__eq__", [](const py_document &a, const py_document &b) { return *a.doc == *b.doc; })
      .def("__repr__", [](const py_document &d) {
        return "<Document " + d.doc->meta().id + ": " + std::to_string(d.doc->paragraph_count()) +
               " paragraphs>";
      });
}

} // namespace alinea::python
