// SPDX-License-Identifier: MIT
// The authority list: mentions are joined with a union-find whose groups know what they hold
// (refs, first names, names written), so that every rule checks the same constraints before it
// joins two groups, and every join of two spellings is recorded with its evidence.
#include <alinea/authority.hpp>
#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

namespace alinea {
namespace {

constexpr std::array entity_types{std::string_view("persName"), std::string_view("placeName"),
                                  std::string_view("orgName")};

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Lower-cased words of a name, punctuation dropped ("U.S." -> "us"), accents kept or folded.
std::vector<std::string> words_of(std::string_view name, bool fold_accents) {
  std::vector<std::string> words(1);
  for (std::size_t i = 0; i < name.size();) {
    const auto len = detail::sequence_length(static_cast<unsigned char>(name[i]));
    const char32_t c = detail::decode_at(name, i);
    if (c < 0x80) {
      const char a = static_cast<char>(c);
      if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
        words.back() += a;
      else if (a >= 'A' && a <= 'Z')
        words.back() += static_cast<char>(a - 'A' + 'a');
      else if ((a == ' ' || a == '-' || a == '\n' || a == '\t') && !words.back().empty())
        words.emplace_back();
    } else if (c == 0xA0 || (c >= 0x2000 && c <= 0x2015)) { // spaces and dashes
      if (!words.back().empty()) words.emplace_back();
    } else if (c == 0x2019 || c == 0x2018) { // apostrophes: dropped
    } else if (const char b = fold_accents ? detail::ascii_base_letter(c) : 0) {
      words.back() += b;
    } else {
      words.back().append(name.substr(i, len));
    }
    i += len;
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

std::string joined(const std::vector<std::string> &words) {
  std::string out;
  for (const auto &w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::string plain_key(std::string_view name) {
  return joined(words_of(name, false));
}

std::string transliterated(const std::string &w) {
  std::string s;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto rest = std::string_view(w).substr(i);
    if (rest.starts_with("dzh")) {
      s += 'j';
      i += 2;
    } else if (rest.starts_with("kh") || rest.starts_with("ck")) {
      s += 'k';
      ++i;
    } else if (rest.starts_with("zh")) {
      s += 'j';
      ++i;
    } else if (rest.starts_with("ph")) {
      s += 'f';
      ++i;
    } else if (w[i] == 'y' && i > 0 && i + 1 < w.size() && is_vowel(w[i - 1]) && is_vowel(w[i + 1])) {
      // a y between vowels: Nazarbayev / Nazarbaev, Tokayev / Tokaev
    } else if (!s.empty() && s.back() == w[i]) {
      // doubled letters: Tashkent / Tashkkent
    } else {
      s += w[i];
    }
  }
  if (s.ends_with("iy") || s.ends_with("yi")) s.replace(s.size() - 2, 2, "i");
  return s;
}

constexpr std::array name_suffixes{"jr", "sr", "ii", "iii", "iv"};

// The words of a person's name, accents folded, without a generational suffix ("James Baker
// III"); transliterated too if asked.
std::vector<std::string> person_words(std::string_view name, bool transliterate = true) {
  auto w = words_of(name, true);
  while (w.size() > 1 &&
         std::find(name_suffixes.begin(), name_suffixes.end(), w.back()) != name_suffixes.end())
    w.pop_back();
  if (transliterate)
    for (auto &x : w)
      x = transliterated(x);
  return w;
}

// Levenshtein distance, capped: returns 2 for anything above 1.
int distance_at_most_one(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return 2;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i])
    ++i;
  if (a.size() == b.size()) return a.substr(i + 1) == b.substr(i + 1) ? 1 : 2;
  return a.substr(i) == b.substr(i + 1) ? 1 : 2;
}

bool compatible_first_names(const std::string &a, const std::string &b) {
  if (a == b) return true;
  // An initial agrees with any name it begins ("N." and "Nursultan").
  return (a.size() == 1 && b.starts_with(a)) || (b.size() == 1 && a.starts_with(b));
}

std::string xml_id_of(std::string_view name) {
  std::string id;
  for (const auto &w : words_of(name, true)) {
    std::string ascii;
    for (char c : w)
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ascii += c;
    if (ascii.empty()) continue;
    if (!id.empty()) id += '-';
    id += ascii;
  }
  if (id.empty() || (id[0] >= '0' && id[0] <= '9')) id = "e-" + id;
  return id;
}

struct mention_info {
  std::size_t doc, annotation, block;
  std::string name, type, ref;
  std::vector<std::string> person; // person_words(name) for persons
};

class grouper {
public:
  grouper(std::vector<mention_info> mentions, const authority_options &options)
      : m_(std::move(mentions)), options_(options), parent_(m_.size()), groups_(m_.size()) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
    for (std::size_t i = 0; i < m_.size(); ++i) {
      auto &g = groups_[i];
      if (!m_[i].ref.empty()) g.refs.insert(m_[i].ref);
      if (m_[i].type == "persName" && m_[i].person.size() > 1) g.first_names.insert(m_[i].person.front());
      g.names.insert(m_[i].name);
    }
  }

  std::size_t find(std::size_t i) {
    while (parent_[i] != i)
      i = parent_[i] = parent_[parent_[i]];
    return i;
  }

  // Why groups a and b cannot be one entity, or empty if they can.
  std::string conflict(std::size_t a, std::size_t b) {
    const auto &x = groups_[find(a)];
    const auto &y = groups_[find(b)];
    if (!x.refs.empty() && !y.refs.empty() &&
        std::none_of(x.refs.begin(), x.refs.end(), [&](const std::string &r) { return y.refs.count(r) > 0; }))
      return "different refs: " + *x.refs.begin() + " / " + *y.refs.begin();
    for (const auto &f : x.first_names)
      for (const auto &g : y.first_names)
        if (!compatible_first_names(f, g)) return "different first names: " + f + " / " + g;
    for (const auto &[p, q] : options_.overrides.splits)
      if ((x.names.count(p) && y.names.count(q)) || (x.names.count(q) && y.names.count(p)))
        return "the user keeps " + p + " and " + q + " apart";
    return {};
  }

  // Joins the groups of a and b unless a constraint forbids it; records the decision when the
  // two spellings differ or the join was refused.
  bool join(std::size_t a, std::size_t b, std::string_view rule, std::string evidence, bool force = false) {
    const std::size_t ra = find(a), rb = find(b);
    if (ra == rb) return true;
    if (const std::string why = conflict(a, b); !why.empty()) {
      if (!force || rule != "user-merge" || why.starts_with("the user")) {
        decisions_.push_back({std::string(rule), m_[a].name, m_[b].name, why, false});
        return false;
      }
    }
    const std::size_t keep = std::min(ra, rb), gone = std::max(ra, rb);
    parent_[gone] = keep;
    auto &k = groups_[keep];
    auto &g = groups_[gone];
    k.refs.insert(g.refs.begin(), g.refs.end());
    k.first_names.insert(g.first_names.begin(), g.first_names.end());
    k.names.insert(g.names.begin(), g.names.end());
    if (m_[a].name != m_[b].name || rule == "same-ref" || rule == "user-merge") {
      joins_.emplace_back(decisions_.size(), a);
      decisions_.push_back({std::string(rule), m_[a].name, m_[b].name, std::move(evidence), true});
    }
    return true;
  }

  // Joins all mentions that share `key_of(mention)` (skipping empty keys), by rule.
  template <class Key> void join_by(std::string_view rule, Key key_of) {
    std::map<std::string, std::size_t> first; // key -> first mention with it
    for (std::size_t i = 0; i < m_.size(); ++i) {
      std::string key = key_of(m_[i]);
      if (key.empty()) continue;
      key = m_[i].type + '\t' + key;
      const auto [it, fresh] = first.emplace(key, i);
      if (!fresh) join(it->second, i, rule, "key '" + key.substr(key.find('\t') + 1) + "'");
    }
  }

  void surname_rule() {
    // Per document: one-word person mentions, and the fuller person names ending with the word.
    std::map<std::pair<std::size_t, std::string>, std::set<std::size_t>> fuller; // (doc, surname) -> groups
    for (std::size_t i = 0; i < m_.size(); ++i)
      if (m_[i].type == "persName" && m_[i].person.size() > 1)
        fuller[{m_[i].doc, m_[i].person.back()}].insert(find(i));
    for (std::size_t i = 0; i < m_.size(); ++i) {
      if (m_[i].type != "persName" || m_[i].person.size() != 1) continue;
      const auto it = fuller.find({m_[i].doc, m_[i].person.front()});
      if (it == fuller.end()) continue;
      std::set<std::size_t> roots;
      for (auto g : it->second)
        roots.insert(find(g));
      if (roots.size() == 1) {
        join(*roots.begin(), i, "surname",
             "the only fuller name in the document ending with '" + m_[i].name + "'");
      } else {
        decisions_.push_back({"surname", m_[i].name, m_[*roots.begin()].name,
                              "ambiguous: " + std::to_string(roots.size()) + " people in the document end so",
                              false});
      }
    }
  }

  void one_letter_rule() {
    // Context of a group: the other groups named in the same blocks.
    std::map<std::pair<std::size_t, std::size_t>, std::set<std::size_t>> in_block;
    for (std::size_t i = 0; i < m_.size(); ++i)
      in_block[{m_[i].doc, m_[i].block}].insert(find(i));
    std::unordered_map<std::size_t, std::set<std::size_t>> context;
    for (std::size_t i = 0; i < m_.size(); ++i)
      for (auto g : in_block[{m_[i].doc, m_[i].block}])
        if (g != find(i)) context[find(i)].insert(g);
    std::vector<std::size_t> people; // one multi-word person mention per group
    std::set<std::size_t> seen;
    for (std::size_t i = 0; i < m_.size(); ++i)
      if (m_[i].type == "persName" && m_[i].person.size() > 1 && seen.insert(find(i)).second)
        people.push_back(i);
    for (std::size_t x = 0; x < people.size(); ++x) {
      for (std::size_t y = x + 1; y < people.size(); ++y) {
        const auto &p = m_[people[x]].person, &q = m_[people[y]].person;
        if (p.size() != q.size() || p.front() != q.front() || find(people[x]) == find(people[y])) continue;
        if (!std::equal(p.begin() + 1, p.end() - 1, q.begin() + 1)) continue;
        // Spelled as written (accents aside): Derr and Durr differ in a letter, not in a key.
        const auto s = person_words(m_[people[x]].name, false).back();
        const auto t = person_words(m_[people[y]].name, false).back();
        if (std::min(s.size(), t.size()) < 4 || distance_at_most_one(s, t) != 1) continue;
        const auto &cx = context[find(people[x])], &cy = context[find(people[y])];
        std::size_t shared = SIZE_MAX;
        for (auto g : cx)
          if (cy.count(find(g))) {
            shared = g;
            break;
          }
        if (shared == SIZE_MAX) {
          decisions_.push_back(
              {"one-letter", m_[people[x]].name, m_[people[y]].name, "no entity named near both", false});
          continue;
        }
        join(people[x], people[y], "one-letter", "both named near " + m_[shared].name);
      }
    }
  }

  void user_merges() {
    for (const auto &[p, q] : options_.overrides.merges) {
      std::size_t a = SIZE_MAX, b = SIZE_MAX;
      for (std::size_t i = 0; i < m_.size(); ++i) {
        if (a == SIZE_MAX && m_[i].name == p) a = i;
        if (b == SIZE_MAX && m_[i].name == q) b = i;
      }
      if (a != SIZE_MAX && b != SIZE_MAX) join(a, b, "user-merge", "the user merges them", true);
    }
  }

  authority_list result(std::size_t document_count, const std::vector<std::size_t> &layer_sizes) {
    authority_list out;
    out.decisions = std::move(decisions_);
    out.entry_of.resize(document_count);
    for (std::size_t d = 0; d < document_count; ++d)
      out.entry_of[d].assign(layer_sizes[d], SIZE_MAX);
    std::map<std::size_t, std::size_t> entry_of_root;
    std::set<std::string> ids;
    for (const auto type : entity_types) {
      for (std::size_t i = 0; i < m_.size(); ++i) {
        if (m_[i].type != type) continue;
        const std::size_t root = find(i);
        auto [it, fresh] = entry_of_root.emplace(root, out.entries.size());
        if (fresh) out.entries.push_back({"", std::string(type), "", {}, {}, {}});
        auto &e = out.entries[it->second];
        e.mentions.push_back({m_[i].doc, m_[i].annotation, m_[i].name});
        if (std::find(e.variants.begin(), e.variants.end(), m_[i].name) == e.variants.end())
          e.variants.push_back(m_[i].name);
        if (!m_[i].ref.empty() && std::find(e.refs.begin(), e.refs.end(), m_[i].ref) == e.refs.end())
          e.refs.push_back(m_[i].ref);
        out.entry_of[m_[i].doc][m_[i].annotation] = it->second;
      }
    }
    for (const auto &[k, mention] : joins_) // each join: the entry its mentions ended in
      out.decisions[k].entry = entry_of_root.at(find(mention));
    for (auto &e : out.entries) {
      // The preferred name: most words, then most mentions, then first used.
      const auto count = [&](const std::string &v) {
        return std::count_if(e.mentions.begin(), e.mentions.end(),
                             [&](const auto &m) { return m.name == v; });
      };
      const auto words = [](const std::string &v) { return words_of(v, false).size(); };
      auto best = e.variants.begin();
      for (auto it = e.variants.begin(); it != e.variants.end(); ++it)
        if (words(*it) > words(*best) || (words(*it) == words(*best) && count(*it) > count(*best))) best = it;
      e.name = *best;
      std::rotate(e.variants.begin(), best, best + 1);
      std::string id = xml_id_of(e.name);
      for (int k = 2; !ids.insert(id).second; ++k)
        id = xml_id_of(e.name) + "-" + std::to_string(k);
      e.id = std::move(id);
    }
    return out;
  }

private:
  struct group {
    std::set<std::string> refs, first_names, names;
  };
  std::vector<mention_info> m_;
  const authority_options &options_;
  std::vector<std::size_t> parent_;
  std::vector<group> groups_;
  std::vector<authority_decision> decisions_;
  std::vector<std::pair<std::size_t, std::size_t>> joins_; // (index in decisions_, a mention joined)
};

// Collapses runs of white space to one space and trims.
std::string collapsed(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

} // namespace

std::string transliteration_key(std::string_view name) {
  std::vector<std::string> w = words_of(name, true);
  for (auto &x : w)
    x = transliterated(x);
  return joined(w);
}

authority_overrides authority_overrides::from_tsv(std::string_view tsv, std::string_view source_name) {
  authority_overrides out;
  std::size_t line_no = 0;
  for (std::size_t at = 0; at <= tsv.size();) {
    const auto nl = tsv.find('\n', at);
    std::string_view line = tsv.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    const std::size_t line_start = at;
    at = nl == std::string_view::npos ? tsv.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    const auto verb = line.substr(0, t1);
    if (t2 == std::string_view::npos || (verb != "merge" && verb != "split") ||
        line.find('\t', t2 + 1) != std::string_view::npos || t2 == t1 + 1 || t2 + 1 == line.size())
      throw parse_error(errc::invalid_argument,
                        "expected 'merge' or 'split', a tab, a name, a tab and a name, not '" +
                            std::string(line.substr(0, 80)) + "'",
                        error_location{std::string(source_name), line_start, line_no, 1});
    auto pair = std::pair{std::string(line.substr(t1 + 1, t2 - t1 - 1)), std::string(line.substr(t2 + 1))};
    (verb == "merge" ? out.merges : out.splits).push_back(std::move(pair));
  }
  return out;
}

authority_list build_authority(std::span<const document *const> corpus, const authority_options &options) {
  std::vector<mention_info> mentions;
  std::vector<std::size_t> layer_sizes(corpus.size(), 0);
  for (std::size_t d = 0; d < corpus.size(); ++d) {
    const layer *names = corpus[d]->find_layer(names_layer_name);
    if (!names) continue;
    layer_sizes[d] = names->size();
    const auto blocks = corpus[d]->blocks();
    const std::string_view text = corpus[d]->text();
    std::size_t block = 0;
    for (const auto i : names->document_order()) {
      const auto type = names->type(i);
      if (std::find(entity_types.begin(), entity_types.end(), type) == entity_types.end()) continue;
      while (block + 1 < blocks.size() && blocks[block + 1].begin <= names->begin(i))
        ++block;
      mention_info m{d,
                     i,
                     block,
                     collapsed(text.substr(names->begin(i), names->end(i) - names->begin(i))),
                     std::string(type),
                     std::string(names->attribute_value(i, "ref")),
                     {}};
      if (m.name.empty() || plain_key(m.name).empty()) continue;
      if (m.type == "persName") m.person = person_words(m.name);
      mentions.push_back(std::move(m));
    }
  }
  // Corpus order: by document, then by position (document_order gave that within each).
  grouper g(std::move(mentions), options);
  g.join_by("same-ref", [](const mention_info &m) { return m.ref; });
  g.join_by("same-name", [](const mention_info &m) { return plain_key(m.name); });
  if (options.transliteration)
    g.join_by("transliteration", [](const mention_info &m) { return transliteration_key(m.name); });
  g.surname_rule();
  if (options.one_letter) g.one_letter_rule();
  g.user_merges();
  return g.result(corpus.size(), layer_sizes);
}

layer with_authority_refs(const document &doc, std::size_t index, const authority_list &list) {
  const layer *names = doc.find_layer(names_layer_name);
  if (!names) throw argument_error(errc::invalid_argument, "the document has no names layer");
  if (index >= list.entry_of.size() || list.entry_of[index].size() != names->size())
    throw argument_error(errc::invalid_argument,
                         "the authority list was not built from this document's names layer");
  layer out(names->name());
  std::vector<attribute> attrs;
  for (std::size_t i = 0; i < names->size(); ++i) {
    attrs.clear();
    const std::size_t e = list.entry_of[index][i];
    for (const auto a : names->attributes(i))
      if (e == SIZE_MAX || a.name != "ref") attrs.push_back({std::string(a.name), std::string(a.value)});
    if (e != SIZE_MAX) attrs.push_back({"ref", "#" + list.entries[e].id});
    out.add(names->begin(i), names->end(i), names->type(i), attrs, names->made_by(i));
  }
  return out;
}

namespace {

void append_escaped(std::string &out, std::string_view s) {
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
}

void element(std::string &out, std::string_view indent, std::string_view name, std::string_view text,
             std::string_view attrs = {}) {
  out += indent;
  out += '<';
  out += name;
  out += attrs;
  out += '>';
  append_escaped(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

} // namespace

std::string authority_to_tei(const authority_list &list, std::string_view title) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n";
  out += "  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n";
  element(out, "        ", "title", title);
  out += "      </titleStmt>\n      <publicationStmt>\n";
  element(out, "        ", "p", "Made by alinea " + std::string(version) + "; not published.");
  out += "      </publicationStmt>\n      <sourceDesc>\n";
  element(out, "        ", "p",
          "Grouped from the names of " + std::to_string(list.entry_of.size()) +
              (list.entry_of.size() == 1 ? " document: " : " documents: ") +
              std::to_string(list.entries.size()) + (list.entries.size() == 1 ? " entry." : " entries."));
  out += "      </sourceDesc>\n    </fileDesc>\n  </teiHeader>\n  <standOff>\n";
  static constexpr std::array<std::array<std::string_view, 3>, 3> kinds{{{"persName", "listPerson", "person"},
                                                                         {"placeName", "listPlace", "place"},
                                                                         {"orgName", "listOrg", "org"}}};
  std::vector<std::vector<std::size_t>> joins(list.entries.size()); // decisions by the entry they made
  for (std::size_t k = 0; k < list.decisions.size(); ++k)
    if (list.decisions[k].merged && list.decisions[k].entry < joins.size())
      joins[list.decisions[k].entry].push_back(k);
  for (const auto &[type, list_name, entry_name] : kinds) {
    bool any = false;
    for (const auto &e : list.entries) {
      if (e.type != type) continue;
      if (!any) out += "    <" + std::string(list_name) + ">\n";
      any = true;
      out += "      <" + std::string(entry_name) + " xml:id=\"" + e.id + "\">\n";
      for (std::size_t k = 0; k < e.variants.size(); ++k)
        element(out, "        ", type, e.variants[k], k == 0 ? "" : " type=\"variant\"");
      for (const auto &r : e.refs) {
        std::string attrs = " type=\"URI\"";
        element(out, "        ", "idno", r, attrs);
      }
      // The decisions that joined these names, so that the grouping can be checked.
      for (const std::size_t k : joins[static_cast<std::size_t>(&e - list.entries.data())]) {
        const auto &d = list.decisions[k];
        if (d.first != d.second)
          element(out, "        ", "note",
                  d.rule + ": " + d.first + " = " + d.second + " (" + d.evidence + ")", " type=\"grouping\"");
      }
      out += "      </" + std::string(entry_name) + ">\n";
    }
    if (any) out += "    </" + std::string(list_name) + ">\n";
  }
  out += "  </standOff>\n</TEI>\n";
  return out;
}

} // namespace alinea
