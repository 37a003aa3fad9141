// SPDX-License-Identifier: MIT
// Re-anchoring from Python: _core.reanchor, ReanchorResult, ReanchorItem, fingerprint.
// (alinea.reanchor in python/alinea/_reanchor.py accepts paths and text and calls this.)
#include "bindings.hpp"

#include <alinea/error.hpp>
#include <alinea/reanchor.hpp>

#include <pybind11/stl.h>

#include <array>
#include <cstdio>

namespace alinea::python {
namespace {

// The outcome of one re-anchoring, shared by the result and every item taken from it.
struct reanchor_state {
  std::shared_ptr<const document> old_doc;
  std::shared_ptr<document> new_doc;
  std::vector<reanchor_item> items;
  std::vector<std::string> layers;
  std::string old_id;
};

struct py_reanchor_item {
  std::shared_ptr<const reanchor_state> s;
  std::size_t i;
  const reanchor_item &get() const { return s->items[i]; }
};

struct py_reanchor_result {
  std::shared_ptr<const reanchor_state> s;
  py::object items_cache;
  py::object document_cache;
};

constexpr std::array<anchor_kind, 3> all_kinds{anchor_kind::paragraph, anchor_kind::sentence,
                                               anchor_kind::annotation};
constexpr std::array<anchor_status, 6> all_statuses{anchor_status::unchanged, anchor_status::moved,
                                                    anchor_status::edited,    anchor_status::split,
                                                    anchor_status::merged,    anchor_status::orphaned};

std::string point_string(const std::string &id, const citation_point &p) {
  return id + ":" + std::to_string(p.paragraph) + (p.sentence ? "." + std::to_string(p.sentence) : "");
}

std::string fingerprint_hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::vector<std::string> new_citations(const reanchor_state &s, const reanchor_item &it) {
  std::vector<std::string> out;
  for (const auto &p : it.new_points)
    out.push_back(point_string(s.new_doc->meta().id, p));
  return out;
}

std::string old_label(const reanchor_state &s, const reanchor_item &it) {
  if (it.kind == anchor_kind::annotation) return it.layer + "[" + std::to_string(it.index) + "]";
  return point_string(s.old_id, it.old_point);
}

std::string shorten(std::string_view text, std::size_t max_cps) {
  std::string out;
  std::size_t cps = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80 && cps++ == max_cps) return out + "...";
    out += c == '\n' ? ' ' : static_cast<char>(c);
  }
  return out;
}

// One line of the report for an item.
std::string report_line(const reanchor_state &s, const reanchor_item &it) {
  std::string line(anchor_kind_name(it.kind));
  line.resize(11, ' ');
  line += old_label(s, it);
  if (it.kind == anchor_kind::annotation) {
    line += " \"" + shorten(it.quote.exact, 40) + "\" @" +
            std::to_string(s.old_doc->to_code_point(it.old_span.begin));
    line += " -> ";
    if (it.new_spans.empty())
      line += "(none)";
    else
      line += "@" + std::to_string(s.new_doc->to_code_point(it.new_spans[0].begin));
  } else {
    line += " -> ";
    const auto cites = new_citations(s, it);
    if (cites.empty())
      line +=
          it.new_spans.empty()
              ? "(none)"
              : "(unnumbered block @" + std::to_string(s.new_doc->to_code_point(it.new_spans[0].begin)) + ")";
    for (std::size_t k = 0; k < cites.size(); ++k)
      line += (k ? ", " : "") + cites[k];
  }
  char conf[32];
  std::snprintf(conf, sizeof conf, " %.2f", it.confidence);
  return line + "  " + std::string(anchor_status_name(it.status)) + conf;
}

std::string summary_of(const reanchor_state &s) {
  std::string out;
  for (const auto k : all_kinds) {
    std::array<std::size_t, all_statuses.size()> n{};
    std::size_t total = 0;
    for (const auto &it : s.items)
      if (it.kind == k) {
        ++n[static_cast<std::size_t>(it.status)];
        ++total;
      }
    if (!out.empty()) out += "\n";
    out += std::string(anchor_kind_name(k)) + "s: " + std::to_string(total);
    std::string parts;
    for (const auto st : all_statuses)
      if (const auto c = n[static_cast<std::size_t>(st)]; c)
        parts += (parts.empty() ? "" : ", ") + std::to_string(c) + " " + std::string(anchor_status_name(st));
    if (!parts.empty()) out += " (" + parts + ")";
  }
  return out;
}

// A copy of `doc` with the caller's annotations added as layers: {name: [(start, end, type[,
// attributes]), ...]}, offsets in code points of doc.text.
std::shared_ptr<const document> with_annotations(const std::shared_ptr<const document> &doc,
                                                 const py::dict &extra) {
  std::vector<layer> layers(doc->layers().begin(), doc->layers().end());
  const std::size_t length = doc->code_point_count();
  for (const auto &[key, value] : extra) {
    const auto name = py::cast<std::string>(key);
    if (name.empty() || name == edits_layer_name || name == "sentences" || doc->find_layer(name))
      throw argument_error(
          errc::invalid_argument,
          "annotations: layer name '" + name +
              "' is empty, reserved (edits, sentences) or already a layer of the old document");
    layer l(name);
    std::vector<attribute> attrs;
    for (const auto &entry : py::reinterpret_borrow<py::iterable>(value)) {
      const auto t = py::reinterpret_borrow<py::sequence>(entry);
      if (t.size() < 3 || t.size() > 4)
        throw argument_error(errc::invalid_argument,
                             "annotations of layer '" + name +
                                 "' must be (start, end, type) or (start, end, type, attributes)");
      const auto start = py::cast<std::size_t>(t[0]), end = py::cast<std::size_t>(t[1]);
      if (start > end || end > length)
        throw argument_error(errc::invalid_argument, "annotation [" + std::to_string(start) + ", " +
                                                         std::to_string(end) + ") of layer '" + name +
                                                         "' is outside the old text (" +
                                                         std::to_string(length) + " code points)");
      attrs.clear();
      if (t.size() == 4 && !t[3].is_none())
        for (const auto &[an, av] : py::cast<py::dict>(t[3]))
          attrs.push_back({py::cast<std::string>(an), py::cast<std::string>(py::str(av))});
      l.add(doc->to_byte(start), doc->to_byte(end), py::cast<std::string>(t[2]), attrs);
    }
    layers.push_back(std::move(l));
  }
  return std::make_shared<const document>(doc->text(), doc->meta(),
                                          std::vector<block>(doc->blocks().begin(), doc->blocks().end()),
                                          std::move(layers));
}

layer_policy policy_of(std::string_view name) {
  if (name == "keep") return layer_policy::keep_new;
  if (name == "merge") return layer_policy::merge;
  if (name == "replace") return layer_policy::replace;
  throw argument_error(errc::invalid_argument, "existing_layers must be 'keep', 'merge' or 'replace', not '" +
                                                   std::string(name) + "'");
}

py::tuple span_tuple(const document &d, const passage &p) {
  return py::make_tuple(d.to_code_point(p.begin), d.to_code_point(p.end));
}

} // namespace

void bind_reanchor(py::module_ &m) {
  m.def(
      "fingerprint",
      [](const py::object &text) {
        return fingerprint_hex(content_fingerprint(utf8_input(text, "text").view()));
      },
      py::arg("text"),
      "The content fingerprint of a passage, as 16 hex digits: a hash of its words, case-folded, "
      "that punctuation, spacing and case do not change. Paragraph and sentence anchors carry it.");

  py::class_<py_reanchor_item>(m, "ReanchorItem",
                               "What became of one paragraph, sentence or annotation of the old version.")
      .def_property_readonly(
          "kind", [](const py_reanchor_item &x) { return std::string(anchor_kind_name(x.get().kind)); },
          "'paragraph', 'sentence' or 'annotation'.")
      .def_property_readonly(
          "status", [](const py_reanchor_item &x) { return std::string(anchor_status_name(x.get().status)); },
          "'unchanged', 'moved', 'edited', 'split', 'merged' or 'orphaned'.")
      .def_property_readonly(
          "confidence", [](const py_reanchor_item &x) { return x.get().confidence; },
          "0 to 1. For an orphaned item, the best score seen (below the bar, or lost to a better match).")
      .def_property_readonly(
          "old",
          [](const py_reanchor_item &x) -> py::object {
            const auto &it = x.get();
            if (it.kind == anchor_kind::annotation) return py::make_tuple(it.layer, it.index);
            return py::str(point_string(x.s->old_id, it.old_point));
          },
          "The old citation ('DOC:7', 'DOC:7.2'), or (layer, index) for an annotation.")
      .def_property_readonly(
          "new",
          [](const py_reanchor_item &x) -> py::object {
            const auto &it = x.get();
            if (it.kind == anchor_kind::annotation) {
              if (it.new_spans.empty()) return py::none();
              return span_tuple(*x.s->new_doc, it.new_spans[0]);
            }
            const auto cites = new_citations(*x.s, it);
            if (cites.empty()) return py::none();
            if (cites.size() == 1) return py::str(cites[0]);
            return py::tuple(py::cast(cites));
          },
          "The new citation (a tuple of them for a split), or the new (start, end) of an "
          "annotation; None if orphaned (or, for a paragraph, now in an unnumbered block).")
      .def_property_readonly(
          "new_citations", [](const py_reanchor_item &x) { return new_citations(*x.s, x.get()); },
          "The new citations, as a list (empty for annotations and orphans).")
      .def_property_readonly(
          "new_spans",
          [](const py_reanchor_item &x) {
            py::list out;
            for (const auto &p : x.get().new_spans)
              out.append(span_tuple(*x.s->new_doc, p));
            return out;
          },
          "The new (start, end) spans, code points of result.document.text.")
      .def_property_readonly(
          "old_span", [](const py_reanchor_item &x) { return span_tuple(*x.s->old_doc, x.get().old_span); },
          "The old (start, end), code points of the old document's text.")
      .def_property_readonly(
          "text",
          [](const py_reanchor_item &x) {
            const auto &p = x.get().old_span;
            return to_py_str(std::string_view(x.s->old_doc->text()).substr(p.begin, p.end - p.begin));
          },
          "The old text of the item.")
      .def_property_readonly(
          "layer",
          [](const py_reanchor_item &x) -> py::object {
            if (x.get().kind != anchor_kind::annotation) return py::none();
            return py::str(x.get().layer);
          },
          "The layer of an annotation, else None.")
      .def_property_readonly(
          "index",
          [](const py_reanchor_item &x) -> py::object {
            if (x.get().kind != anchor_kind::annotation) return py::none();
            return py::int_(x.get().index);
          },
          "The index of an annotation in its old layer, else None.")
      .def_property_readonly(
          "quote",
          [](const py_reanchor_item &x) -> py::object {
            const auto &it = x.get();
            if (it.kind != anchor_kind::annotation) return py::none();
            py::dict d;
            d["type"] = "TextQuoteSelector";
            d["exact"] = to_py_str(it.quote.exact);
            d["prefix"] = to_py_str(it.quote.prefix);
            d["suffix"] = to_py_str(it.quote.suffix);
            return d;
          },
          "The annotation's W3C TextQuoteSelector taken from the old text (a dict with type, "
          "exact, prefix, suffix); None for paragraphs and sentences.")
      .def_property_readonly(
          "fingerprint",
          [](const py_reanchor_item &x) -> py::object {
            if (x.get().kind == anchor_kind::annotation) return py::none();
            return py::str(fingerprint_hex(x.get().fingerprint));
          },
          "The content fingerprint of an old paragraph or sentence (see fingerprint()).")
      .def("__repr__",
           [](const py_reanchor_item &x) { return "<ReanchorItem " + report_line(*x.s, x.get()) + ">"; });

  py::class_<py_reanchor_result>(m, "ReanchorResult",
                                 "The outcome of alinea.reanchor: .items, .document, .counts(), .summary(), "
                                 ".report().")
      .def_property_readonly(
          "items",
          [](py_reanchor_result &r) {
            if (!r.items_cache) {
              py::list out(r.s->items.size());
              for (std::size_t i = 0; i < r.s->items.size(); ++i)
                out[i] = py::cast(py_reanchor_item{r.s, i});
              r.items_cache = out;
            }
            return r.items_cache;
          },
          "Every old numbered paragraph, then every sentence, then every annotation, as ReanchorItems.")
      .def_property_readonly(
          "document",
          [](py_reanchor_result &r) {
            if (!r.document_cache) r.document_cache = py::cast(py_document{r.s->new_doc, {}});
            return r.document_cache;
          },
          "The new version as a Document, carrying the re-anchored annotation layers.")
      .def_property_readonly(
          "old_id", [](const py_reanchor_result &r) { return r.s->old_id; },
          "Citation id of the old version.")
      .def_property_readonly(
          "layers", [](const py_reanchor_result &r) { return r.s->layers; },
          "Names of the re-anchored layers.")
      .def(
          "counts",
          [](const py_reanchor_result &r) {
            py::dict out;
            for (const auto k : all_kinds) {
              py::dict by_status;
              for (const auto st : all_statuses)
                by_status[py::str(std::string(anchor_status_name(st)))] = 0;
              out[py::str(std::string(anchor_kind_name(k)))] = by_status;
            }
            for (const auto &it : r.s->items) {
              py::dict d = out[py::str(std::string(anchor_kind_name(it.kind)))];
              const py::str key(std::string(anchor_status_name(it.status)));
              d[key] = py::cast<std::size_t>(d[key]) + 1;
            }
            return out;
          },
          "{kind: {status: count}} for every kind and status.")
      .def(
          "summary", [](const py_reanchor_result &r) { return summary_of(*r.s); },
          "The counts as text, one line per kind: 'paragraphs: 12 (10 unchanged, 2 moved)'.")
      .def(
          "report",
          [](const py_reanchor_result &r, bool all) {
            std::string out;
            for (const auto &it : r.s->items)
              if (all || it.status != anchor_status::unchanged) out += report_line(*r.s, it) + "\n";
            return to_py_str(out + summary_of(*r.s));
          },
          py::kw_only(), py::arg("all") = false,
          "One line per item that is not unchanged (every item with all=True), then the summary.")
      .def("__len__", [](const py_reanchor_result &r) { return r.s->items.size(); })
      .def("__repr__", [](const py_reanchor_result &r) {
        return "<ReanchorResult " + r.s->old_id + " -> " + r.s->new_doc->meta().id + ": " +
               std::to_string(r.s->items.size()) + " items>";
      });

  m.def(
      "reanchor",
      [](const py_document &old_doc, const py_document &new_doc, const py::object &annotations,
         double min_confidence, double min_confidence_far, double min_quote_similarity, std::size_t context,
         std::size_t search_window, std::string_view existing_layers) {
        reanchor_options o;
        o.min_confidence = min_confidence;
        o.min_confidence_far = min_confidence_far;
        o.min_quote_similarity = min_quote_similarity;
        o.context = context;
        o.search_window = search_window;
        o.existing_layers = policy_of(existing_layers);
        auto state = std::make_shared<reanchor_state>();
        state->old_doc = annotations.is_none()
                             ? old_doc.doc
                             : with_annotations(old_doc.doc, py::cast<py::dict>(annotations));
        {
          const reading_guard reading_old(old_doc), reading_new(new_doc);
          py::gil_scoped_release release;
          auto r = reanchor(*state->old_doc, *new_doc.doc, o);
          state->new_doc = std::make_shared<document>(std::move(r.doc));
          state->items = std::move(r.items);
          state->layers = std::move(r.layers);
          state->old_id = std::move(r.old_id);
        }
        return py_reanchor_result{std::move(state), {}, {}};
      },
      py::arg("old"), py::arg("new"), py::kw_only(), py::arg("annotations") = py::none(),
      py::arg("min_confidence") = 0.5, py::arg("min_confidence_far") = 0.7,
      py::arg("min_quote_similarity") = 0.6, py::arg("context") = 32, py::arg("search_window") = 64 * 1024,
      py::arg("existing_layers") = "keep",
      "Re-anchor two Documents (alinea.reanchor also takes paths and text). See alinea.reanchor.");
}

} // namespace alinea::python
