// SPDX-License-Identifier: MIT
// The built-in annotators (dates, names, quotations) and the authority list across documents.
#include "bindings.hpp"

#include <alinea/annotate.hpp>
#include <alinea/authority.hpp>
#include <alinea/error.hpp>
#include <alinea/name_rules.hpp>
#include <alinea/quotations.hpp>

#include <pybind11/stl.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace alinea::python {
namespace {

// Puts a layer the core computed into the document, replacing one of that name, and forgets
// what Python had computed about the old one; returns the Python Layer.
py::object install(py::object doc_object, layer l) {
  auto &d = py::cast<py_document &>(doc_object);
  check_unread(d);
  const std::string name = l.name();
  d.doc->put_layer(std::move(l));
  if (auto it = d.layers->entries.find(name); it != d.layers->entries.end()) it->second.snapshot.reset();
  return doc_object.attr("layer")(name);
}

// "2002-03-12", "2002-03", "2002", a datetime.date, or None.
std::optional<annotate::civil_date> date_of(const py::object &value) {
  if (value.is_none()) return std::nullopt;
  annotate::civil_date d;
  if (py::hasattr(value, "year") && py::hasattr(value, "month") && py::hasattr(value, "day")) {
    d.year = value.attr("year").cast<int>();
    d.month = value.attr("month").cast<int>();
    d.day = value.attr("day").cast<int>();
    return d;
  }
  if (!py::isinstance<py::str>(value))
    throw py::type_error("document_date must be a str such as '2002-03-12', a datetime.date or None");
  const std::string s = value.cast<std::string>();
  int y = 0, mo = 0, da = 0;
  char tail = 0;
  const int n = std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &mo, &da, &tail);
  const bool shape_ok = (n == 1 && s.size() == 4) || (n == 2 && s.size() == 7) || (n == 3 && s.size() == 10);
  if (!shape_ok || y < 1 || mo < 0 || mo > 12 || da < 0 || da > 31)
    throw argument_error(errc::invalid_argument,
                         "document_date '" + s + "' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)");
  d.year = y;
  d.month = n >= 2 ? mo : 0;
  d.day = n >= 3 ? da : 0;
  return d;
}

// Text given in place rather than a file's path: bytes, or a str with a tab or a line end
// (which a TSV always has and a file name of ours never).
bool is_inline_text(const py::object &value) {
  if (py::isinstance<py::bytes>(value)) return true;
  if (!py::isinstance<py::str>(value)) return false;
  const std::string s = py::str(value);
  return s.find_first_of("\t\n") != std::string::npos;
}

std::string read_text_argument(const py::object &value, const char *what) {
  if (is_inline_text(value)) {
    utf8_input in(value, what);
    return std::string(in.view());
  }
  // A path (pathlib.Path or os.PathLike): its contents.
  const std::string path = py::str(py::module_::import("os").attr("fspath")(value));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot read", path, errno);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The name of a file argument, for error messages; none for text given in place.
std::string source_name_of(const py::object &value) {
  return is_inline_text(value) ? std::string()
                               : std::string(py::str(py::module_::import("os").attr("fspath")(value)));
}

const annotate::gazetteer &gazetteer_or_builtin(const py::object &g) {
  if (g.is_none()) return annotate::gazetteer::builtin();
  return py::cast<const annotate::gazetteer &>(g);
}

py::object annotate_dates(py::object doc, const py::object &document_date) {
  auto &d = py::cast<py_document &>(doc);
  annotate::date_options options;
  options.document_date = date_of(document_date);
  layer l{"dates"};
  {
    const reading_guard reading(d);
    py::gil_scoped_release unlocked;
    l = annotate::dates(*d.doc, options);
  }
  return install(doc, std::move(l));
}

py::object annotate_names(py::object doc, const py::object &gazetteer, bool rules) {
  auto &d = py::cast<py_document &>(doc);
  const annotate::gazetteer &g = gazetteer_or_builtin(gazetteer);
  layer l{"names"};
  {
    const reading_guard reading(d);
    py::gil_scoped_release unlocked;
    l = rules ? annotate::find_names(*d.doc, g) : annotate::names(*d.doc, g);
  }
  return install(doc, std::move(l));
}

py::object annotate_quotations(py::object doc) {
  auto &d = py::cast<py_document &>(doc);
  layer l{std::string(quotations_layer_name)};
  {
    const reading_guard reading(d);
    py::gil_scoped_release unlocked;
    l = find_quotations(*d.doc);
  }
  return install(doc, std::move(l));
}

py::object annotate_all(py::object doc, bool dates, bool names, bool quotations, const py::object &gazetteer,
                        const py::object &document_date) {
  if (dates) annotate_dates(doc, document_date);
  if (names) annotate_names(doc, gazetteer, true);
  // Quotations come last: they take their speakers from the names layer.
  if (quotations) annotate_quotations(doc);
  return doc;
}

/// The authority list of a corpus, with the documents it was built from.
struct py_authority {
  authority_list list;
  std::vector<py::object> documents;
};

py_authority build(const py::sequence &docs, const py::object &overrides, bool transliteration,
                   bool one_letter) {
  py_authority out;
  std::vector<const document *> corpus;
  for (const auto &item : docs) {
    out.documents.push_back(py::reinterpret_borrow<py::object>(item));
    corpus.push_back(py::cast<py_document &>(item).doc.get());
  }
  authority_options options;
  options.transliteration = transliteration;
  options.one_letter = one_letter;
  if (!overrides.is_none()) {
    options.overrides =
        authority_overrides::from_tsv(read_text_argument(overrides, "overrides"), source_name_of(overrides));
  }
  {
    std::vector<std::unique_ptr<reading_guard>> reading;
    for (const auto &o : out.documents)
      reading.push_back(std::make_unique<reading_guard>(py::cast<py_document &>(o)));
    py::gil_scoped_release unlocked;
    out.list = build_authority(corpus, options);
  }
  return out;
}

py::list entries_of(const py_authority &a) {
  py::list out;
  for (const auto &e : a.list.entries) {
    py::list mentions;
    for (const auto &m : e.mentions) {
      const auto &d = py::cast<py_document &>(a.documents[m.document]);
      const layer *names = d.doc->find_layer(names_layer_name);
      const std::size_t b = names ? d.doc->to_code_point(names->begin(m.annotation)) : 0;
      const std::size_t t = names ? d.doc->to_code_point(names->end(m.annotation)) : 0;
      mentions.append(py::make_tuple(m.document, b, t, m.name));
    }
    py::dict entry;
    entry["id"] = e.id;
    entry["type"] = e.type;
    entry["name"] = e.name;
    entry["variants"] = e.variants;
    entry["refs"] = e.refs;
    entry["mentions"] = mentions;
    out.append(entry);
  }
  return out;
}

py::list decisions_of(const py_authority &a) {
  py::list out;
  for (const auto &d : a.list.decisions) {
    py::dict x;
    x["rule"] = d.rule;
    x["first"] = d.first;
    x["second"] = d.second;
    x["evidence"] = d.evidence;
    x["merged"] = d.merged;
    x["entry"] = d.merged ? py::int_(d.entry) : py::object(py::none()); // index in entries
    out.append(x);
  }
  return out;
}

void apply(const py_authority &a) {
  for (std::size_t k = 0; k < a.documents.size(); ++k) {
    const auto &d = py::cast<py_document &>(a.documents[k]);
    if (!d.doc->find_layer(names_layer_name)) continue;
    install(a.documents[k], with_authority_refs(*d.doc, k, a.list));
  }
}

} // namespace

void bind_annotate(py::module_ &m) {
  py::class_<annotate::gazetteer>(m, "Gazetteer",
                                  "Names of persons, places and organisations compiled into a fast matcher "
                                  "(leftmost-longest, on word boundaries).")
      .def(py::init([](const std::vector<py::tuple> &entries, bool ascii_case_insensitive) {
             std::vector<annotate::gazetteer_entry> es;
             for (const auto &t : entries) {
               if (t.size() < 2 || t.size() > 4)
                 throw py::value_error("a gazetteer entry is (name, type[, ref[, variants]])");
               annotate::gazetteer_entry e;
               e.name = t[0].cast<std::string>();
               e.type = t[1].cast<std::string>();
               if (t.size() > 2 && !t[2].is_none()) e.ref = t[2].cast<std::string>();
               if (t.size() > 3 && !t[3].is_none()) e.variants = t[3].cast<std::vector<std::string>>();
               es.push_back(std::move(e));
             }
             annotate::gazetteer_options o;
             o.ascii_case_insensitive = ascii_case_insensitive;
             return annotate::gazetteer(std::move(es), o);
           }),
           py::arg("entries"), py::kw_only(), py::arg("ascii_case_insensitive") = false,
           "Entries (name, type, ref, variants): type 'persName', 'placeName' or 'orgName'.")
      .def_static(
          "from_tsv",
          [](const py::object &source, bool ascii_case_insensitive) {
            annotate::gazetteer_options o;
            o.ascii_case_insensitive = ascii_case_insensitive;
            const std::string name = source_name_of(source);
            const std::string text = read_text_argument(source, "source");
            py::gil_scoped_release unlocked;
            return annotate::gazetteer::from_tsv(text, o, name);
          },
          py::arg("source"), py::kw_only(), py::arg("ascii_case_insensitive") = false,
          "A gazetteer from TSV text or a file (columns: name, type, ref, variants separated by '|').")
      .def_static(
          "builtin", []() { return annotate::gazetteer::builtin(); },
          "The built-in gazetteer: countries, capitals and major international organisations.")
      .def("__len__", &annotate::gazetteer::size)
      .def("__repr__", [](const annotate::gazetteer &g) {
        return "<Gazetteer: " + std::to_string(g.size()) + " entries, " + std::to_string(g.pattern_count()) +
               " names>";
      });

  m.def("annotate_dates", &annotate_dates, py::arg("doc"), py::kw_only(),
        py::arg("document_date") = py::none(),
        "Marks dates in the layer 'dates' (type date; when, from/to, notBefore/notAfter; relative ones "
        "type='relative', normalised when document_date is given). Returns the layer.");
  m.def(
      "annotate_names", &annotate_names, py::arg("doc"), py::arg("gazetteer") = py::none(), py::kw_only(),
      py::arg("rules") = true,
      "Marks persons, places and organisations in the layer 'names' (gazetteer matches, and with rules=True "
      "the names no gazetteer holds). Returns the layer.");
  m.def("annotate_quotations", &annotate_quotations, py::arg("doc"),
        "Marks quotations in the layer 'quotations' (said with who, q, soCalled), taking speakers from the "
        "names layer if there is one. Returns the layer.");
  m.def("annotate", &annotate_all, py::arg("doc"), py::kw_only(), py::arg("dates") = true,
        py::arg("names") = true, py::arg("quotations") = true, py::arg("gazetteer") = py::none(),
        py::arg("document_date") = py::none(),
        "Runs the built-in annotators (dates, names, then quotations) on doc, in place; returns doc.");

  py::class_<py_authority>(m, "AuthorityList",
                           "One entry per person, place and organisation across documents, grouping variant "
                           "spellings, with the decisions that grouped them.")
      .def_property_readonly(
          "entries", &entries_of,
          "Dicts: id, type, name, variants, refs, mentions (document index, start, end, name).")
      .def_property_readonly("decisions", &decisions_of,
                             "Dicts: rule, first, second, evidence, merged (False: kept apart), entry (index "
                             "in entries of the entry a join made, else None).")
      .def("apply", &apply,
           "Points every grouped mention to its entry: ref='#ID' in each document's names layer.")
      .def(
          "to_tei",
          [](const py_authority &a, const std::string &title) { return authority_to_tei(a.list, title); },
          py::kw_only(), py::arg("title") = "Authority list",
          "The list as a TEI document: listPerson, listPlace and listOrg in standOff.")
      .def("__len__", [](const py_authority &a) { return a.list.entries.size(); })
      .def("__repr__", [](const py_authority &a) {
        return "<AuthorityList: " + std::to_string(a.list.entries.size()) + " entries from " +
               std::to_string(a.documents.size()) + " documents>";
      });
  m.def("build_authority", &build, py::arg("docs"), py::kw_only(), py::arg("overrides") = py::none(),
        py::arg("transliteration") = true, py::arg("one_letter") = true,
        "Groups the names of the documents (their 'names' layers) into an AuthorityList. overrides: a TSV "
        "file or text of 'merge<TAB>NAME<TAB>NAME' and 'split<TAB>NAME<TAB>NAME' lines.");
}

} // namespace alinea::python
