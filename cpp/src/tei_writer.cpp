// SPDX-License-Identifier: MIT
// Streaming TEI P5 writer: no DOM is built; the XML goes straight into a buffered sink.
#include "tei_names.hpp"

#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/sentences.hpp>
#include <alinea/tei.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <unistd.h>
#include <unordered_set>
#include <vector>

namespace alinea::tei {
namespace {

// Escape classes: 0 plain, 1 escaped in text and attributes, 2 escaped in attributes only.
constexpr std::array<std::uint8_t, 256> escape_class = [] {
  std::array<std::uint8_t, 256> t{};
  t['&'] = t['<'] = t['>'] = t['\r'] = 1; // a raw CR would be read back as LF
  t['"'] = t['\t'] = t['\n'] = 2;
  return t;
}();

// Collects output in a fixed buffer and hands it to the sink in large pieces.
class xml_out {
public:
  explicit xml_out(sink &s) : sink_(s) {}
  ~xml_out() = default;

  void raw(std::string_view s) {
    if (s.empty()) return; // an empty view may have no data at all: memcpy must not see it
    if (s.size() > buffer_.size() - used_) {
      flush();
      if (s.size() > buffer_.size()) {
        sink_.write(s.data(), s.size());
        return;
      }
    }
    std::memcpy(buffer_.data() + used_, s.data(), s.size());
    used_ += s.size();
  }

  // Writes `s` escaped for element content (in_attribute false) or a quoted attribute value.
  void escaped(std::string_view s, bool in_attribute) {
    const std::uint8_t limit = in_attribute ? 2 : 1;
    std::size_t from = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::uint8_t cls = escape_class[static_cast<unsigned char>(s[i])];
      if (cls == 0 || cls > limit) continue;
      raw(s.substr(from, i - from));
      raw(entity(s[i]));
      from = i + 1;
    }
    raw(s.substr(from));
  }

  void flush() {
    if (used_ != 0) sink_.write(buffer_.data(), used_);
    used_ = 0;
  }

private:
  static std::string_view entity(char c) {
    switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\t':
      return "&#9;";
    case '\n':
      return "&#10;";
    default:
      return "&#13;";
    }
  }

  sink &sink_;
  std::array<char, 1 << 16> buffer_;
  std::size_t used_ = 0;
};

// Writes elements with optional indentation. Mixed content (a <p>) is written on one line.
class tei_emitter {
public:
  tei_emitter(xml_out &out, const write_options &opt) : out_(out), indent_(opt.indent) {}

  using attribute_list = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  using attribute_vector = std::vector<std::pair<std::string_view, std::string_view>>;

  void open(std::string_view name, attribute_list attrs = {}) { open_with(name, attrs); }
  void open(std::string_view name, const attribute_vector &attrs) { open_with(name, attrs); }
  // <name attrs> on a new line, content to follow on the same line (mixed content).
  void start_leaf(std::string_view name, attribute_list attrs) {
    newline();
    start_tag(name, attrs);
    out_.raw(">");
  }
  void end_leaf(std::string_view name) { end_tag(name); }
  void text(std::string_view s) { out_.escaped(s, false); }
  void raw(std::string_view s) { out_.raw(s); }
  void close(std::string_view name) {
    --depth_;
    newline();
    end_tag(name);
  }
  // <name attrs>text</name> on one line.
  void leaf(std::string_view name, std::string_view text,
            std::initializer_list<std::pair<std::string_view, std::string_view>> attrs = {}) {
    newline();
    start_tag(name, attrs);
    out_.raw(">");
    out_.escaped(text, false);
    end_tag(name);
  }
  void leaf(std::string_view name, std::string_view text, const attribute_vector &attrs) {
    newline();
    start_tag(name, attrs);
    out_.raw(">");
    out_.escaped(text, false);
    end_tag(name);
  }
  void empty(std::string_view name,
             std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
    newline();
    start_tag(name, attrs);
    out_.raw("/>");
  }
  void finish() { out_.raw("\n"); }

private:
  void newline() {
    if (!indent_) return;
    static constexpr std::string_view spaces = "\n                                                  ";
    out_.raw(spaces.substr(0, 1 + std::min<std::size_t>(2 * depth_, spaces.size() - 1)));
  }
  template <class Attributes> void open_with(std::string_view name, const Attributes &attrs) {
    newline();
    start_tag(name, attrs);
    out_.raw(">");
    ++depth_;
  }

public:
  // <name attrs/> in running text (no line break before it).
  void inline_empty(std::string_view name, attribute_list attrs) {
    start_tag(name, attrs);
    out_.raw("/>");
  }
  template <class Attributes> void start_tag(std::string_view name, const Attributes &attrs) {
    out_.raw("<");
    out_.raw(name);
    for (const auto &[k, v] : attrs) {
      out_.raw(" ");
      out_.raw(k);
      out_.raw("=\"");
      out_.escaped(v, true);
      out_.raw("\"");
    }
  }

private:
  void end_tag(std::string_view name) {
    out_.raw("</");
    out_.raw(name);
    out_.raw(">");
  }

  xml_out &out_;
  bool indent_;
  std::size_t depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Layers. Every annotation of every layer but the edits is written either inline, as a TEI
// element inside its block, or in standOff. An annotation goes inline only when the result is
// certain to be valid TEI (tei_all and the profile): its type is one of the phrase-level
// elements below, every attribute is one TEI allows on that element with a value that is
// certainly valid for its datatype, it lies within one block, it nests with everything else
// written inline there and TEI allows it where it would stand. Everything else goes to standOff,
// which is lossless for any annotation.

// What an attribute value must look like to be written inline.
enum class value_rule : std::uint8_t { text, word, words, pointers, temporal, language, level, count };

struct attribute_rule {
  std::string_view name;
  value_rule rule;
};

// Attributes TEI allows on the phrase elements (att.global: xml:lang, n, rend; the rest from
// each element's classes, checked against tei_all).
constexpr attribute_rule attribute_rules[] = {
    {"xml:lang", value_rule::language},  {"n", value_rule::text},            // 0, 1
    {"rend", value_rule::words},         {"type", value_rule::word},         // 2, 3
    {"subtype", value_rule::word},       {"ref", value_rule::pointers},      // 4, 5
    {"key", value_rule::text},           {"when", value_rule::temporal},     // 6, 7
    {"notBefore", value_rule::temporal}, {"notAfter", value_rule::temporal}, // 8, 9
    {"from", value_rule::temporal},      {"to", value_rule::temporal},       // 10, 11
    {"who", value_rule::pointers},       {"level", value_rule::level},       // 12, 13
    {"facs", value_rule::pointers},      {"break", value_rule::word},        // 14, 15
};
constexpr unsigned bit(unsigned i) {
  return 1u << i;
}
constexpr unsigned global_attrs = bit(0) | bit(1) | bit(2);
constexpr unsigned typed_attrs = bit(3) | bit(4);
constexpr unsigned canonical_attrs = bit(5) | bit(6);
constexpr unsigned dating_attrs = bit(7) | bit(8) | bit(9) | bit(10) | bit(11);

// The phrase-level elements written inline, the attributes each may carry, and the layer the
// TEI reader puts each in when nothing says otherwise (as it does for other projects' TEI).
struct element_rule {
  std::string_view name;
  unsigned attributes;
  std::string_view default_layer;
};
constexpr element_rule element_rules[] = {
    {"persName", global_attrs | typed_attrs | canonical_attrs | dating_attrs, "names"},
    {"placeName", global_attrs | typed_attrs | canonical_attrs | dating_attrs, "names"},
    {"orgName", global_attrs | typed_attrs | canonical_attrs | dating_attrs, "names"},
    {"name", global_attrs | typed_attrs | canonical_attrs | dating_attrs, "names"},
    {"geogName", global_attrs | typed_attrs | canonical_attrs | dating_attrs, "names"},
    {"roleName", global_attrs | typed_attrs | canonical_attrs, "names"},
    {"rs", global_attrs | typed_attrs | canonical_attrs, ""},
    {"date", global_attrs | typed_attrs | dating_attrs, "dates"},
    {"time", global_attrs | typed_attrs | dating_attrs, "dates"},
    {"q", global_attrs | bit(3) | bit(12), "quotations"},
    {"said", global_attrs | bit(12), "quotations"},
    {"soCalled", global_attrs, ""},
    {"mentioned", global_attrs, ""},
    {"term", global_attrs | typed_attrs | canonical_attrs, "terms"},
    {"foreign", global_attrs, "terms"},
    {"emph", global_attrs, "emphasis"},
    {"hi", global_attrs, "emphasis"},
    {"title", global_attrs | typed_attrs | canonical_attrs | bit(13), ""},
    {"num", global_attrs | typed_attrs, ""},
    {"seg", global_attrs | typed_attrs, ""},
    {"pb", global_attrs | typed_attrs | bit(14) | bit(15), "pages"},
    {"s", bit(1), "sentences"}, // n only: the sentence number M of DOC:N.M
};

const element_rule *element_rule_for(std::string_view type) {
  for (const auto &r : element_rules)
    if (r.name == type) return &r;
  return nullptr;
}

bool is_ascii_word_char(char c) {
  return c > 0x20 && c < 0x7F;
}

bool is_word(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), is_ascii_word_char);
}

// Tokens separated by single spaces, each satisfying `ok`.
template <class F> bool is_token_list(std::string_view v, F ok) {
  if (v.empty()) return false;
  for (std::size_t at = 0;;) {
    const auto space = v.find(' ', at);
    const auto token = v.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
    if (!ok(token)) return false;
    if (space == std::string_view::npos) return true;
    at = space + 1;
  }
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A URI reference of ASCII characters only: unreserved and reserved characters, '%' with two
// hex digits, at most one '#'.
bool is_uri(std::string_view v) {
  if (v.empty()) return false;
  static constexpr std::string_view other = "-._~:/?#[]@!$&'()*+,;=";
  std::size_t hashes = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '%') {
      if (i + 2 >= v.size() || !is_hex(v[i + 1]) || !is_hex(v[i + 2])) return false;
      i += 2;
      continue;
    }
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && other.find(c) == std::string_view::npos) return false;
    if (c == '#' && ++hashes > 1) return false;
  }
  return true;
}

bool digits(std::string_view v, std::size_t n) {
  return v.size() == n && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view v) {
  int n = 0;
  for (const char c : v)
    n = n * 10 + (c - '0');
  return n;
}

// hh:mm:ss with an optional fraction and zone (Z or +hh:mm).
bool is_time(std::string_view v) {
  if (v.size() < 8 || !digits(v.substr(0, 2), 2) || v[2] != ':' || !digits(v.substr(3, 2), 2) ||
      v[5] != ':' || !digits(v.substr(6, 2), 2))
    return false;
  if (number(v.substr(0, 2)) > 23 || number(v.substr(3, 2)) > 59 || number(v.substr(6, 2)) > 59) return false;
  v.remove_prefix(8);
  if (v.starts_with('.')) {
    std::size_t k = 1;
    while (k < v.size() && v[k] >= '0' && v[k] <= '9')
      ++k;
    if (k == 1) return false;
    v.remove_prefix(k);
  }
  if (v.empty() || v == "Z") return true;
  return v.size() == 6 && (v[0] == '+' || v[0] == '-') && digits(v.substr(1, 2), 2) && v[3] == ':' &&
         digits(v.substr(4, 2), 2) && number(v.substr(1, 2)) <= 14 && number(v.substr(4, 2)) <= 59;
}

// An ISO 8601 date as W3C schema types spell it: YYYY, YYYY-MM, YYYY-MM-DD (a day that exists),
// YYYY-MM-DDThh:mm:ss, or a time hh:mm:ss. Years 0001 to 9999.
bool is_temporal(std::string_view v) {
  if (v.size() >= 8 && v[2] == ':') return is_time(v);
  if (!digits(v.substr(0, 4), 4) || number(v.substr(0, 4)) == 0) return false;
  const int year = number(v.substr(0, 4));
  if (v.size() == 4) return true;
  if (v.size() < 7 || v[4] != '-' || !digits(v.substr(5, 2), 2)) return false;
  const int month = number(v.substr(5, 2));
  if (month < 1 || month > 12) return false;
  if (v.size() == 7) return true;
  if (v.size() < 10 || v[7] != '-' || !digits(v.substr(8, 2), 2)) return false;
  const int day = number(v.substr(8, 2));
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day < 1 || day > days[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  if (v.size() == 10) return true;
  return v[10] == 'T' && is_time(v.substr(11));
}

// xsd:language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*
bool is_language(std::string_view v) {
  std::size_t part = 0, len = 0;
  for (const char c : v) {
    if (c == '-') {
      if (len == 0) return false;
      ++part;
      len = 0;
      continue;
    }
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!(alpha || (part > 0 && c >= '0' && c <= '9')) || ++len > 8) return false;
  }
  return len > 0;
}

bool is_count(std::string_view v) {
  return !v.empty() && v.size() <= 9 && v[0] >= '1' && v[0] <= '9' &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool value_ok(value_rule rule, std::string_view v) {
  switch (rule) {
  case value_rule::text:
    return true; // any text XML carries (the layer guarantees it)
  case value_rule::word:
    return is_word(v);
  case value_rule::words:
    return is_token_list(v, is_word);
  case value_rule::pointers:
    return is_token_list(v, is_uri);
  case value_rule::temporal:
    return is_temporal(v);
  case value_rule::language:
    return is_language(v);
  case value_rule::level:
    return v == "a" || v == "m" || v == "j" || v == "s" || v == "u";
  case value_rule::count:
    return is_count(v);
  }
  return false;
}

// True if annotation `i` of `l` can be written as its own element, wherever it stands.
bool element_ok(const layer &l, std::size_t i, const element_rule &rule) {
  const bool empty = l.begin(i) == l.end(i);
  if (empty != (rule.name == "pb")) return false; // pb is the one empty element; no other is empty
  const auto attrs = l.attributes(i);
  if (rule.name == "s")
    return attrs.size() == 1 && (*attrs.begin()).name == "n" && is_count((*attrs.begin()).value);
  unsigned seen = 0;
  for (const auto a : attrs) {
    unsigned k = 0;
    while (k < std::size(attribute_rules) && attribute_rules[k].name != a.name)
      ++k;
    if (k == std::size(attribute_rules) || !(rule.attributes & bit(k)) || (seen & bit(k))) return false;
    if (!value_ok(attribute_rules[k].rule, a.value)) return false;
    seen |= bit(k);
  }
  return true;
}

// Where an inline element stands decides what it may hold: s only in a numbered paragraph (or
// in a q or said directly in one), never in another s; said not directly in byline or date.
enum class context : std::uint8_t { paragraph, block, byline, quoted, phrase, dating };

bool allowed_in(context parent, std::string_view type) {
  if (type == "s") return parent == context::paragraph || parent == context::quoted;
  if (type == "said") return parent != context::byline && parent != context::dating;
  return true;
}

context context_inside(context parent, std::string_view type) {
  if (type == "q" || type == "said") return parent == context::paragraph ? context::quoted : context::phrase;
  if (type == "date" || type == "time") return context::dating;
  return context::phrase;
}

context block_context(const block &b) {
  if (is_numbered(b.kind)) return context::paragraph;
  if (b.kind == block_kind::byline) return context::byline;
  return context::block;
}

// The shortest decimal that reads back as `x` (std::to_chars), for @cert.
std::string shortest_decimal(double x) {
  if (x == 0.0) return "0"; // also -0
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

// An annotation written inline.
struct inline_mark {
  std::size_t begin, end;
  std::uint32_t layer, index;
  std::uint32_t block;
  bool needs_ana = false;
  std::string sentence_id; // for s: pN.sM
};

// Decides, before anything is written, which annotations go inline and which to standOff,
// which provenances are declared in the header, and whether the layers must be declared.
class layer_plan {
public:
  layer_plan(const document &doc, const write_options &opt) {
    const auto layers = doc.layers();
    inline_.resize(layers.size());
    orders_.resize(layers.size());
    struct candidate {
      std::size_t begin, end;
      std::uint32_t layer, index, rank;
      bool sentence;
    };
    std::vector<candidate> candidates;
    for (std::uint32_t li = 0; li < layers.size(); ++li) {
      const layer &l = layers[li];
      if (l.name() == edits_layer_name) continue;
      orders_[li] = l.document_order();
      inline_[li].assign(l.size(), false);
      const bool forced =
          opt.all_standoff || std::find(opt.standoff_layers.begin(), opt.standoff_layers.end(), l.name()) !=
                                  opt.standoff_layers.end();
      for (std::uint32_t k = 0; k < orders_[li].size(); ++k) {
        const std::uint32_t i = orders_[li][k];
        note_provenance(l.made_by(i));
        if (forced) continue;
        const auto *rule = element_rule_for(l.type(i));
        if (rule && element_ok(l, i, *rule))
          candidates.push_back({l.begin(i), l.end(i), li, i, k, rule->name == "s"});
      }
    }
    // Document order across layers; at equal spans a sentence encloses the rest.
    std::sort(candidates.begin(), candidates.end(), [](const candidate &a, const candidate &b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      if (a.end != b.end) return a.end > b.end;
      if (a.sentence != b.sentence) return a.sentence;
      if (a.layer != b.layer) return a.layer < b.layer;
      return a.rank < b.rank;
    });
    const auto blocks = doc.blocks();
    std::vector<std::pair<std::size_t, context>> open; // end and inner context of open elements
    std::size_t current = SIZE_MAX;
    std::unordered_set<std::string> sentence_ids;
    for (const auto &c : candidates) {
      // The block it lies in: the last that starts at or before it (an empty one at a block's end
      // belongs to that block, unless the next block starts right there).
      const auto after = std::upper_bound(blocks.begin(), blocks.end(), c.begin,
                                          [](std::size_t pos, const block &b) { return pos < b.begin; });
      if (after == blocks.begin()) continue;
      const auto j = static_cast<std::size_t>(after - blocks.begin() - 1);
      const block &b = blocks[j];
      if (c.end > b.end) continue; // crosses into the gap or the next block
      if (j != current) {
        open.clear();
        current = j;
      }
      const std::string_view type = layers[c.layer].type(c.index);
      inline_mark m{c.begin, c.end, c.layer, c.index, static_cast<std::uint32_t>(j), false, {}};
      if (c.begin == c.end) { // pb: allowed anywhere
        accept(m);
        continue;
      }
      while (!open.empty() && open.back().first <= c.begin)
        open.pop_back();
      if (!open.empty() && c.end > open.back().first) continue; // would cross an open element
      const context parent = open.empty() ? block_context(b) : open.back().second;
      if (!allowed_in(parent, type)) continue;
      if (c.sentence) {
        if (!is_numbered(b.kind)) continue;
        m.sentence_id = std::string(names::paragraph_id_prefix) + std::to_string(b.n) +
                        std::string(names::sentence_id_infix) +
                        std::string(layers[c.layer].attribute_value(c.index, "n"));
        if (!sentence_ids.insert(m.sentence_id).second) continue; // ids must be unique
      }
      open.emplace_back(c.end, context_inside(parent, type));
      accept(std::move(m));
    }
    // Declare the layers unless reading the inline elements alone rebuilds them: every
    // annotation inline and in its element's default layer, the layers in the reader's order.
    declare_ = false;
    for (std::uint32_t li = 0; li < layers.size() && !declare_; ++li)
      if (layers[li].name() != edits_layer_name)
        declare_ = std::find(inline_[li].begin(), inline_[li].end(), false) != inline_[li].end();
    for (auto &m : marks_) {
      m.needs_ana = element_rule_for(layers[m.layer].type(m.index))->default_layer != layers[m.layer].name();
      declare_ = declare_ || m.needs_ana;
    }
    if (!declare_) {
      std::vector<std::string_view> inferred;
      if (const layer *edits = doc.find_layer(edits_layer_name); edits && !edits->empty())
        inferred.push_back(edits_layer_name);
      for (const auto name : default_layer_order)
        if (std::any_of(marks_.begin(), marks_.end(),
                        [&](const inline_mark &m) { return layers[m.layer].name() == name; }))
          inferred.push_back(name);
      declare_ = inferred.size() != layers.size() ||
                 !std::equal(inferred.begin(), inferred.end(), layers.begin(),
                             [](std::string_view n, const layer &l) { return l.name() == n; });
    }
  }

  /// The layers, in the order the reader rebuilds them when they are not declared.
  static constexpr std::string_view default_layer_order[] = {"emphasis", "pages",      "sentences", "names",
                                                             "dates",    "quotations", "terms"};

  const std::vector<inline_mark> &marks() const { return marks_; }
  bool is_inline(std::size_t layer, std::size_t i) const { return inline_[layer][i]; }
  bool declare_layers() const { return declare_; }
  std::span<const std::uint32_t> order(std::size_t layer) const { return orders_[layer]; }
  const std::vector<std::pair<std::string_view, std::string_view>> &provenances() const { return resps_; }
  /// "#rK" for the annotator and version of `p`, or "" if both are unknown.
  std::string resp_of(const provenance &p) const {
    if (p.annotator.empty() && p.version.empty()) return {};
    return "#r" + std::to_string(resp_ids_.at({p.annotator, p.version}) + 1);
  }
  /// True if some layer other than the edits has an annotation in standOff.
  bool any_standoff() const {
    for (std::size_t li = 0; li < inline_.size(); ++li)
      if (std::find(inline_[li].begin(), inline_[li].end(), false) != inline_[li].end()) return true;
    return false;
  }

private:
  void accept(inline_mark m) {
    inline_[m.layer][m.index] = true;
    marks_.push_back(std::move(m));
  }
  void note_provenance(const provenance &p) {
    if (p.annotator.empty() && p.version.empty()) return;
    if (resp_ids_.emplace(std::pair{p.annotator, p.version}, resps_.size()).second)
      resps_.emplace_back(p.annotator, p.version);
  }

  std::vector<std::vector<bool>> inline_;
  std::vector<std::vector<std::uint32_t>> orders_;
  std::vector<inline_mark> marks_;
  bool declare_ = false;
  std::vector<std::pair<std::string_view, std::string_view>> resps_;
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> resp_ids_;
};

void write_editorial_decl(tei_emitter &e, const layer *edits) {
  if (!edits || edits->empty()) return;
  std::vector<std::pair<std::string_view, std::size_t>> counts; // first-seen order
  for (std::size_t i = 0; i < edits->size(); ++i) {
    const auto kind = edits->type(i);
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto &c) { return c.first == kind; });
    if (it == counts.end())
      counts.emplace_back(kind, 1);
    else
      ++it->second;
  }
  e.open("editorialDecl");
  for (const auto &info : edit_kinds()) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto &c) { return c.first == info.kind; });
    if (it == counts.end()) continue;
    const std::string line = std::string(info.kind) + ": " + std::string(info.description) + " (" +
                             std::to_string(it->second) + (it->second == 1 ? " change)." : " changes).");
    e.leaf("p", line);
    counts.erase(it);
  }
  for (const auto &[kind, count] : counts) // kinds this writer does not describe
    e.leaf("p", std::string(kind) + ": " + std::to_string(count) + " changes.");
  e.leaf("p", "Every change is recorded in standOff with the original text, so the source can be rebuilt.");
  e.close("editorialDecl");
}

void write_header(tei_emitter &e, const document &doc, const layer_plan &plan) {
  const auto &meta = doc.meta();
  e.open("teiHeader");
  e.open("fileDesc");
  e.open("titleStmt");
  if (!meta.title.empty())
    e.leaf("title", meta.title);
  else
    e.leaf("title", "Untitled (" + meta.id + ")", {{"type", names::untitled_type}});
  // Who made the annotations: one respStmt per annotator and version, which @resp points to.
  std::string id;
  for (std::size_t k = 0; k < plan.provenances().size(); ++k) {
    const auto &[annotator, version] = plan.provenances()[k];
    id = std::string(names::resp_id_prefix) + std::to_string(k + 1);
    e.open("respStmt", {{"xml:id", id}});
    e.leaf("resp", names::resp_text);
    e.leaf("name", annotator);
    if (!version.empty()) e.leaf("note", version, {{"type", names::version_note_type}});
    e.close("respStmt");
  }
  e.close("titleStmt");
  e.open("publicationStmt");
  e.leaf("authority", "Converted with alinea; not published");
  e.leaf("idno", meta.id, {{"type", names::citation_id_type}});
  e.close("publicationStmt");
  e.open("sourceDesc");
  if (!meta.source.empty()) {
    e.open("bibl");
    e.leaf("idno", meta.source, {{"type", names::source_file_type}});
    e.close("bibl");
  } else {
    e.leaf("p", "Text given to alinea in memory, without a source file.");
  }
  e.close("sourceDesc");
  e.close("fileDesc");
  e.open("encodingDesc");
  e.open("appInfo");
  e.open("application", {{"ident", "alinea"}, {"version", version}});
  e.leaf("label", "alinea");
  e.close("application");
  e.close("appInfo");
  write_editorial_decl(e, doc.find_layer(edits_layer_name));
  e.open("refsDecl");
  if (doc.find_layer(sentences_layer_name)) {
    e.open("citeStructure", {{"unit", "paragraph"}, {"match", names::paragraph_match}, {"use", "@n"}});
    e.empty("citeStructure", {{"unit", "sentence"}, {"match", "s"}, {"use", "@n"}, {"delim", "."}});
    e.close("citeStructure");
  } else {
    e.empty("citeStructure", {{"unit", "paragraph"}, {"match", names::paragraph_match}, {"use", "@n"}});
  }
  e.close("refsDecl");
  e.close("encodingDesc");
  e.close("teiHeader");
}

// Writes the content of one block: its text with the planned inline elements, and <lb/> after
// each line end.
class block_content_writer {
public:
  block_content_writer(const document &doc, const layer_plan &plan) : doc_(doc), plan_(plan) {}

  void write(tei_emitter &e, const block &b, std::size_t block_index) {
    const std::string_view text = doc_.text();
    const auto &marks = plan_.marks();
    std::size_t at = b.begin;
    open_.clear();
    const auto flush_text = [&](std::size_t to) {
      while (at < to) {
        const auto nl = text.find('\n', at);
        if (nl == std::string_view::npos || nl >= to) {
          e.text(text.substr(at, to - at));
          at = to;
        } else {
          e.text(text.substr(at, nl + 1 - at));
          e.inline_empty("lb", {});
          at = nl + 1;
        }
      }
    };
    const auto close_until = [&](std::size_t pos) {
      while (!open_.empty() && marks[open_.back()].end <= pos) {
        flush_text(marks[open_.back()].end);
        e.end_leaf(type_of(marks[open_.back()]));
        open_.pop_back();
      }
    };
    while (next_ < marks.size() && marks[next_].block < block_index)
      ++next_;
    for (; next_ < marks.size() && marks[next_].block == block_index; ++next_) {
      const auto &m = marks[next_];
      close_until(m.begin);
      flush_text(m.begin);
      start(e, m);
      if (m.begin == m.end) {
        e.raw("/>");
      } else {
        e.raw(">");
        open_.push_back(next_);
      }
    }
    close_until(b.end);
    flush_text(b.end);
    while (!open_.empty()) {
      e.end_leaf(type_of(marks[open_.back()]));
      open_.pop_back();
    }
  }

private:
  std::string_view type_of(const inline_mark &m) const { return doc_.layers()[m.layer].type(m.index); }

  // <TYPE user attributes... ana resp cert (no closing bracket)
  void start(tei_emitter &e, const inline_mark &m) {
    const layer &l = doc_.layers()[m.layer];
    attrs_.clear();
    if (!m.sentence_id.empty()) attrs_.emplace_back("xml:id", m.sentence_id);
    for (const auto a : l.attributes(m.index))
      attrs_.emplace_back(a.name, a.value);
    if (m.needs_ana) {
      ana_ = "#L" + std::to_string(m.layer + 1);
      attrs_.emplace_back("ana", ana_);
    }
    const auto made_by = l.made_by(m.index);
    resp_ = plan_.resp_of(made_by);
    if (!resp_.empty()) attrs_.emplace_back("resp", resp_);
    if (made_by.confidence) {
      cert_ = shortest_decimal(*made_by.confidence);
      attrs_.emplace_back("cert", cert_);
    }
    e.start_tag(type_of(m), attrs_);
  }

  const document &doc_;
  const layer_plan &plan_;
  std::size_t next_ = 0;
  std::vector<std::size_t> open_;
  tei_emitter::attribute_vector attrs_;
  std::string ana_, resp_, cert_;
};

// Tracks which containers (front, body, div, list, back...) are open and opens and closes
// them as the blocks require, so that the elements nest as TEI wants.
class structure_writer {
public:
  structure_writer(tei_emitter &e, const document &doc, const layer_plan &plan)
      : e_(e), doc_(doc), content_(doc, plan) {}

  void write_all() {
    const auto blocks = doc_.blocks();
    // Front: blocks before the first body block; back: notes and boilerplate after the last.
    std::size_t body_begin = 0;
    while (body_begin < blocks.size() && is_front(blocks[body_begin].kind))
      ++body_begin;
    std::size_t body_end = blocks.size();
    while (body_end > body_begin && is_back(blocks[body_end - 1].kind))
      --body_end;
    if (body_begin == body_end && body_begin > 0) { // no body: the last front block is body
      --body_begin;
    }
    if (body_begin > 0) {
      e_.open("front");
      for (std::size_t i = 0; i < body_begin; ++i)
        write_front(blocks[i], i);
      close_to(0);
      e_.close("front");
    }
    e_.open("body");
    for (std::size_t i = body_begin; i < body_end; ++i)
      write_body(blocks[i], i);
    if (!div_open_) {
      e_.open("div");
      e_.leaf("p", "", {});
      div_open_ = true;
    }
    close_to(0);
    close_div();
    e_.close("body");
    if (body_end < blocks.size()) {
      e_.open("back");
      for (std::size_t i = body_end; i < blocks.size(); ++i)
        write_back(blocks[i], i);
      close_to(0);
      e_.close("back");
    }
  }

private:
  static bool is_front(block_kind k) {
    return k == block_kind::title || k == block_kind::subtitle || k == block_kind::byline ||
           k == block_kind::boilerplate;
  }
  static bool is_back(block_kind k) { return k == block_kind::note || k == block_kind::boilerplate; }

  std::string block_id(const block &b, std::size_t index) const {
    return is_numbered(b.kind) ? std::string(names::paragraph_id_prefix) + std::to_string(b.n)
                               : std::string(names::block_id_prefix) + std::to_string(index + 1);
  }

  void leaf(std::string_view name, const block &b, std::size_t index,
            std::initializer_list<std::pair<std::string_view, std::string_view>> extra = {}) {
    const std::string id = block_id(b, index);
    if (extra.size() == 0) {
      e_.start_leaf(name, {{"xml:id", id}});
    } else { // extra is one attribute pair: type
      const auto &[k, v] = *extra.begin();
      e_.start_leaf(name, {{"xml:id", id}, {k, v}});
    }
    content_.write(e_, b, index);
    e_.end_leaf(name);
  }

  // Containers inside front/body/back: a stack of element names.
  void open_container(std::string_view name, tei_emitter::attribute_list attrs = {}) {
    e_.open(name, attrs);
    stack_.push_back(name);
  }
  void close_to(std::size_t depth) {
    while (stack_.size() > depth) {
      e_.close(stack_.back());
      stack_.pop_back();
    }
  }
  bool top_is(std::string_view name) const { return !stack_.empty() && stack_.back() == name; }

  // Consecutive items form one list when only a line end separates them.
  bool continues_list(const block &b, std::size_t index) const {
    if (index == 0) return false;
    const block &prev = doc_.blocks()[index - 1];
    return prev.kind == block_kind::item && b.begin == prev.end + 1;
  }

  void write_list_item(const block &b, std::size_t index) {
    if (!(top_is("list") && continues_list(b, index))) {
      if (top_is("list")) close_to(stack_.size() - 1);
      open_container("list");
    }
    leaf("item", b, index);
  }

  void write_front(const block &b, std::size_t index) {
    switch (b.kind) {
    case block_kind::title:
      if (!top_is("docTitle")) {
        close_to(0);
        open_container("docTitle");
      }
      leaf("titlePart", b, index, {{"type", "main"}});
      break;
    case block_kind::subtitle:
      close_to(0);
      open_container("argument");
      leaf("p", b, index);
      close_to(0);
      break;
    case block_kind::byline:
      close_to(0);
      leaf("byline", b, index);
      break;
    default: // boilerplate before the text, such as a licence header
      close_to(0);
      leaf("note", b, index, {{"type", "boilerplate"}});
      break;
    }
  }

  void close_div() {
    if (div_open_) e_.close("div");
    div_open_ = false;
  }

  void write_body(const block &b, std::size_t index) {
    if (b.kind == block_kind::heading) {
      close_to(0);
      close_div();
      std::vector<std::pair<std::string_view, std::string_view>> attrs;
      const auto type = division_kind_name(b.division);
      const std::string n = std::to_string(b.n);
      if (!type.empty()) attrs.emplace_back("type", type);
      if (b.n != 0) attrs.emplace_back("n", n);
      e_.open("div", attrs);
      div_open_ = true;
      leaf("head", b, index);
      return;
    }
    if (!div_open_) {
      e_.open("div");
      div_open_ = true;
    }
    switch (b.kind) {
    case block_kind::item:
      write_list_item(b, index);
      return;
    case block_kind::quote: {
      close_to(0);
      open_container("quote");
      const std::string n = std::to_string(b.n);
      const std::string id = block_id(b, index);
      e_.start_leaf("p", {{"xml:id", id}, {"n", n}});
      content_.write(e_, b, index);
      e_.end_leaf("p");
      close_to(0);
      return;
    }
    case block_kind::paragraph: {
      close_to(0);
      const std::string n = std::to_string(b.n);
      const std::string id = block_id(b, index);
      e_.start_leaf("p", {{"xml:id", id}, {"n", n}});
      content_.write(e_, b, index);
      e_.end_leaf("p");
      return;
    }
    case block_kind::note:
      close_to(0);
      leaf("note", b, index, {{"type", "author"}});
      return;
    default: // front-matter kinds or boilerplate inside the body
      close_to(0);
      leaf("note", b, index, {{"type", std::string_view(block_kind_name(b.kind))}});
      return;
    }
  }

  void write_back(const block &b, std::size_t index) {
    if (b.kind == block_kind::note) {
      close_to(0);
      leaf("note", b, index, {{"type", "author"}});
      return;
    }
    if (!top_is("div")) {
      close_to(0);
      open_container("div", {{"type", "boilerplate"}});
    }
    leaf("p", b, index);
  }

  tei_emitter &e_;
  const document &doc_;
  block_content_writer content_;
  std::vector<std::string_view> stack_;
  bool div_open_ = false;
};

// An edit's original may hold characters XML cannot carry even as references (NUL, most C0
// controls, U+FFFE, U+FFFF: lenient mode replaced them). Such text is escaped: "\x{HEX}" for
// those characters and "\\" for a backslash. Returns nothing if no escaping is needed.
std::optional<std::string> escape_original(std::string_view s) {
  const auto forbidden_at = [&](std::size_t i) -> std::size_t { // length of a forbidden char at i, or 0
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF))
      return 3;
    return 0;
  };
  bool needed = false;
  for (std::size_t i = 0; i < s.size() && !needed; ++i)
    needed = forbidden_at(i) != 0;
  if (!needed) return std::nullopt;
  std::string out;
  char buf[16];
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (const std::size_t len = forbidden_at(i)) {
      const unsigned cp = len == 1 ? static_cast<unsigned char>(s[i])
                                   : (static_cast<unsigned char>(s[i + 2]) == 0xBE ? 0xFFFEu : 0xFFFFu);
      std::snprintf(buf, sizeof buf, "\\x{%X}", cp);
      out += buf;
      i += len - 1;
    } else if (s[i] == '\\') {
      out += "\\\\";
    } else {
      out += s[i];
    }
  }
  return out;
}

// The edits layer in standOff. Each edit points into the block it lies in (or into the gap
// after it) with string-range(ID, OFFSET, LENGTH) in code points, and its note holds the
// original text. A run of edits of one kind with one original (the line ends of a wrapped
// paragraph, say) shares one annotation with a list of targets, in text order.
void write_edits(tei_emitter &e, const document &doc) {
  const layer *edits = doc.find_layer(edits_layer_name);
  if (!edits || edits->empty()) return;
  constexpr std::size_t max_targets = 256; // keeps attributes short
  const auto blocks = doc.blocks();
  e.open("listAnnotation", {{"type", names::edits_list_type}});
  std::size_t j = 0;
  std::string id, targets;
  // Code points of block starts and edit starts, counted forward once: both only increase.
  std::size_t cp_at = 0, cp_count = 0, block_cp = 0, block_of_cp = SIZE_MAX;
  const std::string_view text = doc.text();
  const auto to_cp = [&](std::size_t byte) {
    if (byte < cp_at) return doc.to_code_point(byte);
    cp_count += detail::count_code_points(text.substr(cp_at, byte - cp_at));
    cp_at = byte;
    return cp_count;
  };
  for (std::size_t i = 0; i < edits->size();) {
    const auto kind = edits->type(i);
    const auto original = edits->attribute_value(i, edit_original_attribute);
    bool in_block = true;
    targets.clear();
    std::size_t k = i;
    for (; k < edits->size() && k - i < max_targets; ++k) {
      if (k > i && (edits->type(k) != kind || edits->attribute_value(k, edit_original_attribute) != original))
        break;
      const std::size_t s = edits->begin(k), t = edits->end(k);
      while (j + 1 < blocks.size() && blocks[j + 1].begin <= s)
        ++j;
      const block &b = blocks[j];
      const bool inside = t <= b.end;
      if (k > i && inside != in_block) break;
      in_block = inside;
      if (!targets.empty()) targets += ' ';
      targets += "#string-range(";
      if (is_numbered(b.kind)) {
        targets += names::paragraph_id_prefix;
        targets += std::to_string(b.n);
      } else {
        targets += names::block_id_prefix;
        targets += std::to_string(j + 1);
      }
      targets += ',';
      if (j != block_of_cp) {
        block_of_cp = j;
        block_cp = to_cp(b.begin);
      }
      const std::size_t start_cp = to_cp(s);
      targets += std::to_string(start_cp - block_cp);
      targets += ',';
      targets += std::to_string(detail::count_code_points(text.substr(s, t - s)));
      targets += ')';
    }
    id = std::string(names::edit_id_prefix) + std::to_string(i + 1);
    e.open("annotation", {{"xml:id", id}, {"target", targets}, {"motivation", "editing"}});
    const auto escaped = escape_original(original);
    tei_emitter::attribute_vector attrs{{"type", kind}};
    if (!in_block) attrs.emplace_back("subtype", names::gap_subtype);
    if (escaped) attrs.emplace_back("rend", names::escaped_rend);
    e.leaf(std::string_view("note"), escaped ? std::string_view(*escaped) : original, attrs);
    e.close("annotation");
    i = k;
  }
  e.close("listAnnotation");
}

// "#string-range(BLOCK,OFFSET,LENGTH)" for a span of the text: offset and length in code points,
// from the start of the last block that starts at or before the span (so a span in a gap, or
// across blocks, runs past that block's end); "/TEI/text" and offsets from the start of the text
// when no block does.
std::string layer_target(const document &doc, std::size_t begin, std::size_t end) {
  const auto blocks = doc.blocks();
  const auto after = std::upper_bound(blocks.begin(), blocks.end(), begin,
                                      [](std::size_t pos, const block &b) { return pos < b.begin; });
  std::string t = "#string-range(";
  std::size_t base = 0;
  if (after == blocks.begin()) {
    t += names::text_pointer;
  } else {
    const auto j = static_cast<std::size_t>(after - blocks.begin() - 1);
    const block &b = blocks[j];
    if (is_numbered(b.kind)) {
      t += names::paragraph_id_prefix;
      t += std::to_string(b.n);
    } else {
      t += names::block_id_prefix;
      t += std::to_string(j + 1);
    }
    base = doc.to_code_point(b.begin);
  }
  const std::size_t first = doc.to_code_point(begin);
  t += ',';
  t += std::to_string(first - base);
  t += ',';
  t += std::to_string(doc.to_code_point(end) - first);
  t += ')';
  return t;
}

// The layer declaration (when needed) and every annotation not written inline: one
// listAnnotation per layer, pointing at the layer's interp with @corresp; each annotation
// holds its type and its attributes, in order, in notes.
void write_layers(tei_emitter &e, const document &doc, const layer_plan &plan) {
  const auto layers = doc.layers();
  std::string id, ref, target, resp, cert;
  if (plan.declare_layers()) {
    e.open("interpGrp", {{"type", names::layers_group_type}});
    for (std::size_t li = 0; li < layers.size(); ++li) {
      id = std::string(names::layer_id_prefix) + std::to_string(li + 1);
      e.leaf("interp", layers[li].name(), {{"xml:id", id}});
    }
    e.close("interpGrp");
  }
  for (std::size_t li = 0; li < layers.size(); ++li) {
    const layer &l = layers[li];
    if (l.name() == edits_layer_name) continue;
    const auto order = plan.order(li);
    if (std::all_of(order.begin(), order.end(), [&](std::uint32_t i) { return plan.is_inline(li, i); }))
      continue;
    ref = "#" + std::string(names::layer_id_prefix) + std::to_string(li + 1);
    e.open("listAnnotation", {{"type", names::layer_list_type}, {"corresp", ref}});
    std::size_t k = 0;
    for (const std::uint32_t i : order) {
      if (plan.is_inline(li, i)) continue;
      id = std::string(names::layer_id_prefix) + std::to_string(li + 1) + "." + std::to_string(++k);
      target = layer_target(doc, l.begin(i), l.end(i));
      tei_emitter::attribute_vector attrs{{"xml:id", id}, {"target", target}};
      const auto made_by = l.made_by(i);
      resp = plan.resp_of(made_by);
      if (!resp.empty()) attrs.emplace_back("resp", resp);
      if (made_by.confidence) {
        cert = shortest_decimal(*made_by.confidence);
        attrs.emplace_back("cert", cert);
      }
      e.open("annotation", attrs);
      e.leaf("note", l.type(i), {{"type", names::type_note_type}});
      for (const auto a : l.attributes(i))
        e.leaf("note", a.value, {{"type", names::attribute_note_type}, {"n", a.name}});
      e.close("annotation");
    }
    e.close("listAnnotation");
  }
}

} // namespace

void write(const document &doc, sink &s, const write_options &options) {
  xml_out out(s);
  out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  tei_emitter e(out, options);
  e.open("TEI", {{"xmlns", names::tei_namespace}});
  const layer_plan plan(doc, options);
  write_header(e, doc, plan);
  e.open("text");
  structure_writer(e, doc, plan).write_all();
  e.close("text");
  const layer *edits = doc.find_layer(edits_layer_name);
  const bool has_edits = edits && !edits->empty();
  if (has_edits || plan.declare_layers() || plan.any_standoff()) {
    e.open("standOff");
    if (has_edits) write_edits(e, doc);
    write_layers(e, doc, plan);
    e.close("standOff");
  }
  e.close("TEI");
  e.finish();
  out.flush();
}

namespace {

class string_sink final : public sink {
public:
  explicit string_sink(std::string &s) : s_(s) {}
  void write(const char *data, std::size_t size) override { s_.append(data, size); }

private:
  std::string &s_;
};

class file_sink final : public sink {
public:
  file_sink(std::FILE *f, const std::string &path) : f_(f), path_(path) {}
  void write(const char *data, std::size_t size) override {
    if (std::fwrite(data, 1, size, f_) != size) throw io_error("cannot write", path_, errno);
  }

private:
  std::FILE *f_;
  const std::string &path_;
};

} // namespace

std::string to_string(const document &doc, const write_options &options) {
  std::string xml;
  xml.reserve(doc.text().size() + doc.text().size() / 8 + 4096);
  string_sink s(xml);
  write(doc, s, options);
  return xml;
}

void write_file(const document &doc, const std::filesystem::path &path, const write_options &options) {
  const std::string target = path.string();
  // A hidden temporary file beside the target, so that the rename stays on one file system.
  const std::filesystem::path tmp_path = path.parent_path() / ("." + path.filename().string() + ".alinea-" +
                                                               std::to_string(::getpid()) + ".tmp");
  const std::string tmp = tmp_path.string();
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw io_error("cannot create", target, errno);
  try {
    file_sink s(f, target);
    write(doc, s, options);
    if (std::fflush(f) != 0) throw io_error("cannot write", target, errno);
  } catch (...) {
    std::fclose(f);
    std::remove(tmp.c_str());
    throw;
  }
  if (std::fclose(f) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw io_error("cannot write", target, err);
  }
  std::error_code ec;
  std::filesystem::rename(tmp_path, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw io_error("cannot replace", target, ec.value());
  }
}

} // namespace alinea::tei
