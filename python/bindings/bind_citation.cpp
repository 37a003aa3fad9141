// SPDX-License-Identifier: MIT
// Citations from Python: Document.resolve, Block.sentences and the Passage they return.
#include "bindings.hpp"

#include <alinea/citation.hpp>
#include <alinea/sentences.hpp>

namespace alinea::python {
namespace {

/// A resolved passage of a document: a citation and the span it covers (code points).
struct py_passage {
  std::shared_ptr<const document> doc;
  passage span;
  std::string citation;
};

} // namespace

void bind_citation(py::module_ &m) {
  py::class_<py_passage>(m, "Passage",
                         "A passage a citation names: .citation, .text, and .start/.end in code points "
                         "of Document.text.")
      .def_property_readonly("citation", [](const py_passage &p) { return p.citation; })
      .def_property_readonly(
          "text",
          [](const py_passage &p) {
            return to_py_str(std::string_view(p.doc->text()).substr(p.span.begin, p.span.end - p.span.begin));
          })
      .def_property_readonly("start", [](const py_passage &p) { return p.doc->to_code_point(p.span.begin); })
      .def_property_readonly("end", [](const py_passage &p) { return p.doc->to_code_point(p.span.end); })
      .def("__repr__", [](const py_passage &p) { return "<Passage " + p.citation + ">"; });

  auto document_class = py::reinterpret_borrow<py::class_<py_document>>(m.attr("Document"));
  document_class.def(
      "resolve",
      [](const py_document &d, std::string_view text) {
        const citation c = parse_citation(text);
        return py_passage{d.doc, resolve(*d.doc, c), to_string(c)};
      },
      py::arg("citation"),
      "The passage a citation names: 'DOC:7' (a paragraph), 'DOC:7.2' (a sentence), 'DOC:3-5' or "
      "'DOC:3.2-4.1' (ranges). Raises ArgumentError for a malformed citation and CitationError "
      "(a LookupError) for one that does not resolve here.");

  auto block_class = py::reinterpret_borrow<py::class_<py_block>>(m.attr("Block"));
  block_class.def_property_readonly(
      "sentences",
      [](const py_block &b) {
        py::list out;
        const layer *l = b.doc->find_layer(sentences_layer_name);
        if (!l || !is_numbered(b.b->kind)) return out;
        std::size_t lo = 0, hi = l->size(); // sentences are in text order: find the first
        while (lo < hi) {
          const std::size_t mid = (lo + hi) / 2;
          if (l->begin(mid) < b.b->begin)
            lo = mid + 1;
          else
            hi = mid;
        }
        for (std::size_t i = lo; i < l->size() && l->end(i) <= b.b->end; ++i)
          out.append(py_passage{b.doc,
                                {l->begin(i), l->end(i)},
                                b.doc->cite(*b.b) + "." + std::string(l->attribute_value(i, "n"))});
        return out;
      },
      "The sentences of a numbered paragraph, as Passages cited DOC:N.M.");
}

} // namespace alinea::python
