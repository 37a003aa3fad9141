// SPDX-License-Identifier: MIT
// Reads the TEI that alinea writes back into a document. The structure of the text comes from
// the block elements (those with an xml:id pN or bN), their order and their containers; the
// edits come from standOff. Traversal is iterative, so deep nesting cannot exhaust the stack.
#include "file_io.hpp"
#include "tei_names.hpp"

#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/sentences.hpp>
#include <alinea/tei.hpp>

#include <pugixml.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_map>

namespace alinea::tei {
namespace {

// Element name without a namespace prefix ("tei:p" -> "p"). Names are short: one loop finds
// their end and the colon.
std::string_view local_name(const pugi::xml_node &n) {
  const char *name = n.name();
  std::size_t i = 0, start = 0;
  for (; name[i] != 0; ++i)
    if (name[i] == ':' && start == 0) start = i + 1;
  return std::string_view(name + start, i - start);
}

bool is(const pugi::xml_node &n, std::string_view name) {
  return n && local_name(n) == name;
}

pugi::xml_node child(const pugi::xml_node &parent, std::string_view name) {
  for (auto c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

// The first descendant element called `name` (document order), searched without recursion.
pugi::xml_node descendant(const pugi::xml_node &root, std::string_view name) {
  for (auto it = root.first_child(); it;) {
    if (it.type() == pugi::node_element && local_name(it) == name) return it;
    if (it.first_child()) {
      it = it.first_child();
      continue;
    }
    while (it && !it.next_sibling() && it != root)
      it = it.parent();
    if (!it || it == root) break;
    it = it.next_sibling();
  }
  return {};
}

std::optional<std::uint32_t> to_number(std::string_view s) {
  std::uint32_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// xml:id of a block: "p7" (numbered paragraph) or "b3" (any other block).
bool is_block_id(std::string_view id) {
  if (id.size() < 2 || (id[0] != names::paragraph_id_prefix[0] && id[0] != names::block_id_prefix[0]))
    return false;
  return to_number(id.substr(1)).has_value();
}

division_kind division_from(std::string_view type) {
  for (auto k : {division_kind::chapter, division_kind::part, division_kind::book, division_kind::section,
                 division_kind::act, division_kind::scene})
    if (division_kind_name(k) == type) return k;
  return division_kind::none;
}

// Undoes escape_original() of the writer: "\\" is a backslash, "\x{HEX}" a character.
std::string unescape_original(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
    } else if (s[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (s[i + 1] == 'x' && i + 2 < s.size() && s[i + 2] == '{') {
      const auto close = s.find('}', i);
      std::uint32_t cp = 0;
      if (close == std::string_view::npos ||
          std::from_chars(s.data() + i + 3, s.data() + close, cp, 16).ptr != s.data() + close) {
        out += s[i];
        continue;
      }
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else { // U+FFFE and U+FFFF: three bytes
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
      i = close;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The layers the writer uses when an annotation has no @ana, in the writer's order, and the
// elements it puts inside blocks for annotations with the default layer of each (the writer's
// element_rules, in tei_writer.cpp; no_layer: none).
constexpr std::string_view default_layer_order[] = {"emphasis", "pages",      "sentences", "names",
                                                    "dates",    "quotations", "terms"};
constexpr std::size_t default_layer_count = std::size(default_layer_order);
constexpr std::uint8_t no_layer = 0xFF;
enum : std::uint8_t {
  emphasis_layer,
  pages_layer,
  sentences_layer,
  names_layer,
  dates_layer,
  quotations_layer,
  terms_layer
};

struct inline_element {
  std::string_view name;
  std::uint8_t layer;
};
constexpr inline_element inline_elements[] = {
    {"persName", names_layer}, {"placeName", names_layer}, {"orgName", names_layer},
    {"name", names_layer},     {"geogName", names_layer},  {"roleName", names_layer},
    {"rs", no_layer},          {"date", dates_layer},      {"time", dates_layer},
    {"q", quotations_layer},   {"said", quotations_layer}, {"soCalled", no_layer},
    {"mentioned", no_layer},   {"term", terms_layer},      {"foreign", terms_layer},
    {"emph", emphasis_layer},  {"hi", emphasis_layer},     {"title", no_layer},
    {"num", no_layer},         {"seg", no_layer},          {"pb", pages_layer},
    {"s", sentences_layer},
};

// The inline element called `name`, or nullptr. Every element of a block's content asks, so
// the length and first letter are compared before the name.
const inline_element *find_inline(std::string_view name) noexcept {
  if (name.empty()) return nullptr;
  for (const auto &e : inline_elements)
    if (e.name.size() == name.size() && e.name[0] == name[0] && e.name == name) return &e;
  return nullptr;
}

std::uint8_t default_layer_of(std::string_view type) noexcept {
  const auto *e = find_inline(type);
  return e ? e->layer : no_layer;
}

// Byte offset `count` code points on from byte `from` (a character boundary) of valid UTF-8
// `text`, or npos if the text ends first.
std::size_t advance_code_points(std::string_view text, std::size_t from, std::size_t count) noexcept {
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const std::size_t n = text.size();
  std::size_t i = from;
  // Eight bytes at a time while more than eight characters remain: a word starts at most eight.
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  while (count > 8 && i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s + i, 8);
    const std::uint64_t continuation = (w & ~(w << 1) & high) >> 7; // 10xxxxxx bytes
    count -= 8 - static_cast<std::size_t>((continuation * 0x0101010101010101ULL) >> 56);
    i += 8;
  }
  for (; i < n; ++i) {
    if (detail::is_continuation(s[i])) continue;
    if (count == 0) return i;
    --count;
  }
  return count == 0 ? n : std::string_view::npos;
}

// Byte offsets of standOff's targets: code points counted from a block's start. Targets come in
// text order, so each is found by walking on from the one before; a long way or a step back
// asks a code-point index of the text, built on first need.
class target_locator {
public:
  explicit target_locator(std::string_view text) : text_(text) {}

  // Byte offset of code point `cp` counted from byte `base`, or npos past the end of the text.
  std::size_t start(std::size_t base, std::size_t cp) {
    std::size_t at;
    if (base == base_ && cp >= cp_ && cp - cp_ <= max_walk)
      at = advance_code_points(text_, byte_, cp - cp_);
    else if (cp <= max_walk)
      at = advance_code_points(text_, base, cp);
    else
      at = through_index(base, cp);
    base_ = at == std::string_view::npos ? std::string_view::npos : base;
    cp_ = cp;
    byte_ = at;
    return at;
  }
  // Byte offset `length` code points after byte `begin`, or npos past the end of the text.
  std::size_t end(std::size_t begin, std::size_t length) {
    return length <= max_walk ? advance_code_points(text_, begin, length) : through_index(begin, length);
  }

private:
  static constexpr std::size_t max_walk = 4096; // code points
  std::size_t through_index(std::size_t base, std::size_t cp) {
    if (!index_) index_.emplace(text_);
    const std::size_t target = index_->to_code_point(text_, base) + cp;
    if (target > index_->code_point_count()) return std::string_view::npos;
    return index_->to_byte(text_, target);
  }

  std::string_view text_;
  std::optional<offset_map> index_;
  std::size_t base_ = std::string_view::npos, cp_ = 0, byte_ = 0; // the target found last
};

// The byte offsets of the blocks by xml:id. The writer numbers pN and bN densely, so those go
// in two arrays indexed by N; other spellings ("p07", "p99999999") in a map.
class block_ids {
public:
  // False if a block has the id already.
  bool add(std::string_view id, std::size_t at) {
    const auto n = dense_number(id);
    if (!n) return other_.emplace(std::string(id), at).second;
    auto &v = id[0] == names::paragraph_id_prefix[0] ? p_ : b_;
    if (*n >= v.size()) v.resize(*n + 1, std::string_view::npos);
    if (v[*n] != std::string_view::npos) return false;
    v[*n] = at;
    ++count_;
    return true;
  }
  std::optional<std::size_t> find(std::string_view id) const {
    if (const auto n = dense_number(id)) {
      const auto &v = id[0] == names::paragraph_id_prefix[0] ? p_ : b_;
      if (*n < v.size() && v[*n] != std::string_view::npos) return v[*n];
      return std::nullopt;
    }
    const auto it = other_.find(std::string(id));
    if (it == other_.end()) return std::nullopt;
    return it->second;
  }

private:
  // N of "pN" or "bN" written as the writer does (no leading zero) and not far beyond the
  // number of blocks (so that a hostile id cannot make the arrays huge).
  std::optional<std::size_t> dense_number(std::string_view id) const {
    if (id.size() < 2 || id.size() > 11) return std::nullopt;
    if (id[0] != names::paragraph_id_prefix[0] && id[0] != names::block_id_prefix[0]) return std::nullopt;
    if (id[1] == '0' && id.size() > 2) return std::nullopt;
    std::size_t n = 0;
    for (std::size_t i = 1; i < id.size(); ++i) {
      if (id[i] < '0' || id[i] > '9') return std::nullopt;
      n = n * 10 + static_cast<std::size_t>(id[i] - '0');
    }
    if (n > 2 * count_ + 1024) return std::nullopt;
    return n;
  }

  std::vector<std::size_t> p_, b_; // npos: no such block
  std::unordered_map<std::string, std::size_t> other_;
  std::size_t count_ = 0;
};

class reader {
public:
  // `text_bytes`: room to make for the text (text_bytes_bound).
  reader(std::string source_name, std::size_t text_bytes) : source_(std::move(source_name)) {
    text_.reserve(text_bytes);
  }

  // Reads a <TEI> element that alinea wrote (the XML is parsed already).
  document run(const pugi::xml_node &root) {
    read_header(child(root, "teiHeader"));
    const auto text = child(root, "text");
    if (!text)
      throw parse_error(errc::unsupported_tei, "the TEI document has no <text>",
                        error_location{source_, 0, 0, 0});
    const auto stand_off = child(root, "standOff");
    // The structure comes from the markup (paragraph numbers, spans): TEI edited by hand or
    // damaged can describe no valid document, which is unsupported TEI, not a bad argument.
    try {
      // The layers are declared first, so that each annotation joins its layer as it is read.
      declare_layers(stand_off);
      read_blocks(text);
      target_locator locate(text_);
      try {
        read_edits(stand_off, locate);
      } catch (const argument_error &e) { // an edit no layer can hold (no kind, say)
        throw unsupported("the TEI does not describe a valid document: " + e.detail());
      }
      read_layer_lists(stand_off, locate);
      auto layers = finish_layers();
      return document(std::move(text_), std::move(meta_), std::move(blocks_), std::move(layers));
    } catch (const argument_error &e) {
      throw unsupported(std::string("the alinea TEI does not describe a valid document: ") + e.what());
    }
  }

private:
  // Text that is not one DOM string (a note of several text nodes), kept for the views.
  std::string_view keep(std::string s) { return owned_.emplace_back(std::move(s)); }
  // The text content of an element: a view of its one text node, else a kept copy.
  std::string_view content_of(const pugi::xml_node &n) {
    const auto c = n.first_child();
    if (!c) return {};
    if ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) && !c.next_sibling())
      return c.value();
    return keep(text_of(n));
  }

  parse_error unsupported(std::string what) const {
    return parse_error(errc::unsupported_tei, std::move(what), error_location{source_, 0, 0, 0});
  }

  // standOff/interpGrp[@type='alinea-layers'] declares the layers in order; without it, the
  // layers are the edits and then the default layers that receive an annotation, in the
  // writer's order (finish_layers).
  void declare_layers(const pugi::xml_node &stand_off) {
    pugi::xml_node group;
    for (auto c = stand_off.first_child(); c; c = c.next_sibling())
      if (is(c, "interpGrp") && c.attribute("type").value() == names::layers_group_type) group = c;
    declared_ = static_cast<bool>(group);
    std::map<std::string, std::size_t, std::less<>> by_name;
    for (auto c = group.first_child(); c; c = c.next_sibling()) {
      if (!is(c, "interp")) continue;
      std::string name = text_of(c);
      if (!by_name.emplace(name, layers_.size()).second)
        throw unsupported("the layer '" + name + "' is declared twice");
      by_ref_.emplace(c.attribute("xml:id").value(), layers_.size());
      if (name == edits_layer_name) edits_at_ = layers_.size(); // its place: read_edits fills it
      layers_.emplace_back(std::move(name));
    }
    for (std::size_t k = 0; k < default_layer_count; ++k) {
      const auto it = by_name.find(default_layer_order[k]);
      declared_default_[k] = it == by_name.end() ? std::string_view::npos : it->second;
    }
  }

  // The layer an annotation joins: the one @ana (or listAnnotation/@corresp) points to, else
  // the default layer of its element (nullptr: an element alinea does not read as one).
  layer *layer_for(std::string_view ref, std::uint8_t default_layer) {
    std::size_t at;
    if (!ref.empty()) {
      if (ref != last_ref_) {
        const auto it = by_ref_.find(ref);
        if (it == by_ref_.end())
          throw unsupported("an annotation points to the layer '#" + std::string(ref) +
                            "', which is not declared");
        last_ref_ = ref;
        last_ref_at_ = it->second;
      }
      at = last_ref_at_;
    } else if (default_layer == no_layer) {
      return nullptr;
    } else if (declared_) {
      at = declared_default_[default_layer];
      if (at == std::string_view::npos) return nullptr;
    } else {
      auto &l = defaults_[default_layer];
      if (!l) l.emplace(std::string(default_layer_order[default_layer]));
      return &*l;
    }
    if (at == edits_at_) // only listAnnotation[@type='edits'] holds edits
      throw unsupported("an annotation other than an edit is declared in the edits layer");
    return &layers_[at];
  }

  // The provenance of @resp (an id of a respStmt) and @cert.
  provenance provenance_of(std::string_view resp, std::string_view cert) const {
    provenance p;
    if (!resp.empty()) {
      const auto it = resps_.find(resp);
      if (it == resps_.end())
        throw unsupported("an annotation has resp=\"" + std::string(resp) + "\", which no respStmt declares");
      p.annotator = it->second.first;
      p.version = it->second.second;
    }
    if (!cert.empty()) {
      double x = 0;
      const auto r = std::from_chars(cert.data(), cert.data() + cert.size(), x);
      if (r.ec != std::errc() || r.ptr != cert.data() + cert.size())
        throw unsupported("an annotation has cert=\"" + std::string(cert) + "\", which is not a number");
      p.confidence = x;
    }
    return p;
  }

  std::vector<layer> finish_layers() {
    if (declared_) {
      if (edits_at_ == std::string_view::npos) {
        if (!edits_.empty())
          throw unsupported("the edits are in standOff but the layer declaration does not list them");
      } else {
        layers_[edits_at_] = std::move(edits_);
      }
      return std::move(layers_);
    }
    std::vector<layer> layers;
    if (!edits_.empty()) layers.push_back(std::move(edits_));
    for (auto &l : defaults_)
      if (l && !l->empty()) layers.push_back(std::move(*l));
    return layers;
  }

  // standOff/listAnnotation[@type='alinea-layer']: the annotations written out of line.
  // The span of text a stand-off target points to ("#p3" and its offsets) for element `e`, an
  // annotation or an edit (`what`, for the messages); the pointer to the whole text only where
  // `whole_text` allows it.
  std::pair<std::size_t, std::size_t> span_of(std::string_view what, const pugi::xml_node &e,
                                              std::string_view target_text, bool whole_text,
                                              target_locator &locate) {
    const auto target = parse_target(target_text);
    std::optional<std::size_t> base;
    if (target)
      base = whole_text && std::get<0>(*target) == names::text_pointer
                 ? 0
                 : blocks_by_id_.find(std::get<0>(*target));
    if (!base)
      throw unsupported(std::string(what) + " " + e.attribute("xml:id").value() + " points to '" +
                        std::string(target_text) + "', which is not a block of this text");
    const std::size_t begin = locate.start(*base, std::get<1>(*target));
    const std::size_t end = begin == std::string_view::npos ? begin : locate.end(begin, std::get<2>(*target));
    if (end == std::string_view::npos)
      throw unsupported(std::string(what) + " " + e.attribute("xml:id").value() + " lies outside the text");
    return {begin, end};
  }

  void read_layer_lists(const pugi::xml_node &stand_off, target_locator &locate) {
    for (auto list = stand_off.first_child(); list; list = list.next_sibling()) {
      if (!is(list, "listAnnotation") || list.attribute("type").value() != names::layer_list_type) continue;
      std::string_view ref = list.attribute("corresp").value();
      if (!ref.starts_with('#')) throw unsupported("a listAnnotation of a layer does not point to its layer");
      ref.remove_prefix(1);
      for (auto a = list.first_child(); a; a = a.next_sibling()) {
        if (!is(a, "annotation")) continue;
        const auto [begin, end] = span_of("annotation", a, a.attribute("target").value(), true, locate);
        std::string_view type;
        bool typed = false;
        attrs_.clear();
        for (auto n = a.first_child(); n; n = n.next_sibling()) {
          if (!is(n, "note")) continue;
          const std::string_view kind = n.attribute("type").value();
          if (kind == names::type_note_type) {
            type = content_of(n);
            typed = true;
          } else if (kind == names::attribute_note_type) {
            attrs_.push_back({n.attribute("n").value(), content_of(n)});
          }
        }
        if (!typed)
          throw unsupported(std::string("annotation ") + a.attribute("xml:id").value() + " has no type");
        // An empty @corresp ("#") sends them to the default layer of their type.
        layer *l = layer_for(ref, ref.empty() ? default_layer_of(type) : no_layer);
        if (!l) continue;
        l->add_views(begin, end, type, attrs_, provenance_of(resp_id(a), a.attribute("cert").value()));
      }
    }
  }

  // "#r3" -> "r3"
  static std::string_view resp_id(const pugi::xml_node &e) {
    std::string_view r = e.attribute("resp").value();
    if (r.starts_with('#')) r.remove_prefix(1);
    return r;
  }

  void read_header(const pugi::xml_node &header) {
    const auto file_desc = child(header, "fileDesc");
    const auto title = child(child(file_desc, "titleStmt"), "title");
    if (title && std::string_view(title.attribute("type").value()) != names::untitled_type)
      meta_.title = text_of(title);
    for (auto r = child(file_desc, "titleStmt").first_child(); r; r = r.next_sibling()) {
      if (!is(r, "respStmt")) continue;
      std::string version;
      for (auto n = r.first_child(); n; n = n.next_sibling())
        if (is(n, "note") && n.attribute("type").value() == names::version_note_type) version = text_of(n);
      resps_.emplace(r.attribute("xml:id").value(), std::pair{text_of(child(r, "name")), std::move(version)});
    }
    for (auto c = child(file_desc, "publicationStmt").first_child(); c; c = c.next_sibling())
      if (is(c, "idno") && c.attribute("type").value() == names::citation_id_type) meta_.id = text_of(c);
    const auto file = descendant(child(file_desc, "sourceDesc"), "idno");
    if (file && file.attribute("type").value() == names::source_file_type) meta_.source = text_of(file);
    if (meta_.id.empty()) meta_.id = !meta_.source.empty() ? document_id_from_filename(meta_.source) : "doc";
  }

  // All the text below `n`, in document order.
  static std::string text_of(const pugi::xml_node &n) {
    std::string out;
    for (auto it = n.first_child(); it;) {
      if (it.type() == pugi::node_pcdata || it.type() == pugi::node_cdata) out += it.value();
      if (it.first_child()) {
        it = it.first_child();
        continue;
      }
      while (it && !it.next_sibling() && it != n)
        it = it.parent();
      if (!it || it == n) break;
      it = it.next_sibling();
    }
    return out;
  }

  block_kind kind_of(const pugi::xml_node &e) const {
    const auto name = local_name(e);
    const auto parent = e.parent();
    if (name == "titlePart") return block_kind::title;
    if (name == "byline") return block_kind::byline;
    if (name == "head") return block_kind::heading;
    if (name == "item") return block_kind::item;
    if (name == "note") {
      const std::string_view type = e.attribute("type").value();
      if (type == "author") return block_kind::note;
      for (auto k : {block_kind::title, block_kind::subtitle, block_kind::byline})
        if (type == block_kind_name(k)) return k;
      return block_kind::boilerplate;
    }
    if (is(parent, "argument")) return block_kind::subtitle;
    if (is(parent, "quote") && e.attribute("n")) return block_kind::quote;
    if (e.attribute("n")) return block_kind::paragraph;
    return block_kind::boilerplate; // back/div[@type='boilerplate']/p
  }

  void read_blocks(const pugi::xml_node &text) {
    pugi::xml_node previous_list;
    for (auto it = text.first_child(); it;) {
      bool descend = true;
      if (it.type() == pugi::node_element) {
        const std::string_view id = it.attribute("xml:id").value();
        if (is_block_id(id)) {
          const block_kind kind = kind_of(it);
          const bool same_list = kind == block_kind::item && previous_list && it.parent() == previous_list;
          previous_list = kind == block_kind::item ? it.parent() : pugi::xml_node();
          if (!blocks_.empty()) text_ += same_list ? "\n" : "\n\n";
          block b{kind, text_.size(), 0, 0, division_kind::none};
          if (is_numbered(kind)) b.n = to_number(it.attribute("n").value()).value_or(0);
          if (kind == block_kind::heading) {
            b.n = to_number(it.parent().attribute("n").value()).value_or(0);
            b.division = division_from(it.parent().attribute("type").value());
          }
          if (!blocks_by_id_.add(id, text_.size()))
            throw unsupported("two blocks have the xml:id '" + std::string(id) + "'");
          read_inline(it);
          b.end = text_.size();
          blocks_.push_back(b);
          descend = false;
        }
      }
      if (descend && it.first_child()) {
        it = it.first_child();
        continue;
      }
      while (it && !it.next_sibling() && it != text)
        it = it.parent();
      if (!it || it == text) break;
      it = it.next_sibling();
    }
  }

  // The content of a block: text and the inline elements that are annotations (persName, hi,
  // s, pb, ...: see inline_elements); lb adds nothing. An explicit stack of open elements keeps
  // it linear at any depth. Each node costs pugixml three calls: its type, then its value or
  // first child, then its next sibling.
  void read_inline(const pugi::xml_node &block_element) {
    open_.clear();
    for (auto it = block_element.first_child();;) {
      if (!it) { // the end of a child list: close its parent
        if (open_.empty()) break;
        const auto [parent, begin] = open_.back();
        open_.pop_back();
        on_close(parent, begin);
        it = parent.next_sibling();
        continue;
      }
      const auto type = it.type();
      if (type == pugi::node_pcdata || type == pugi::node_cdata) {
        text_ += it.value();
      } else if (type == pugi::node_element) {
        if (const auto first = it.first_child()) {
          open_.emplace_back(it, text_.size());
          it = first;
          continue;
        }
        on_close(it, text_.size()); // an empty element
      }
      it = it.next_sibling();
    }
  }

  // An inline element that ends: an annotation from `begin` to here, if it is one.
  void on_close(const pugi::xml_node &n, std::size_t begin) {
    const auto name = local_name(n);
    const auto *element = find_inline(name);
    if (!element) return;
    std::string_view ref, resp, cert;
    bool has_resp = false;
    attrs_.clear();
    for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view key = a.name();
      if (key == "ana") {
        ref = a.value();
        if (ref.starts_with('#')) ref.remove_prefix(1);
      } else if (key == "resp") {
        if (!has_resp) resp = a.value(); // the first, as pugixml's attribute("resp") finds
        has_resp = true;
      } else if (key == "cert") {
        cert = a.value();
      } else if (!(key == "xml:id" && name == "s")) { // a sentence's id is pN.sM, derived
        attrs_.push_back({key, a.value()});
      }
    }
    if (resp.starts_with('#')) resp.remove_prefix(1);
    layer *l = layer_for(ref, element->layer);
    if (!l) return;
    l->add_views(begin, text_.size(), name, attrs_, provenance_of(resp, cert));
  }

  // "#string-range(ID,OFFSET,LENGTH)" -> (ID, OFFSET, LENGTH)
  static std::optional<std::tuple<std::string_view, std::size_t, std::size_t>>
  parse_target(std::string_view t) {
    constexpr std::string_view head = "#string-range(";
    if (!t.starts_with(head) || !t.ends_with(")")) return std::nullopt;
    t = t.substr(head.size(), t.size() - head.size() - 1);
    const auto c1 = t.find(',');
    const auto c2 = t.find(',', c1 == std::string_view::npos ? c1 : c1 + 1);
    if (c1 == std::string_view::npos || c2 == std::string_view::npos) return std::nullopt;
    const auto off = to_number(t.substr(c1 + 1, c2 - c1 - 1));
    const auto len = to_number(t.substr(c2 + 1));
    if (!off || !len) return std::nullopt;
    return std::tuple{t.substr(0, c1), std::size_t{*off}, std::size_t{*len}};
  }

  void read_edits(const pugi::xml_node &stand_off, target_locator &locate) {
    pugi::xml_node list;
    for (auto c = stand_off.first_child(); c; c = c.next_sibling())
      if (is(c, "listAnnotation") && c.attribute("type").value() == names::edits_list_type) list = c;
    std::size_t previous_end = 0;
    for (auto a = list.first_child(); a; a = a.next_sibling()) {
      if (!is(a, "annotation")) continue;
      const auto note = child(a, "note");
      std::string_view original = content_of(note);
      if (note.attribute("rend").value() == names::escaped_rend) original = keep(unescape_original(original));
      const std::string_view kind = note.attribute("type").value();
      // One target per edit, separated by spaces (or a tab or line feed, from a character
      // reference: rare, so where the next one is is kept).
      const std::string_view all = a.attribute("target").value();
      std::size_t tab = all.find('\t'), line_feed = all.find('\n');
      for (std::size_t at = 0; at < all.size();) {
        if (tab < at) tab = all.find('\t', at);
        if (line_feed < at) line_feed = all.find('\n', at);
        const std::size_t stop = std::min({all.find(' ', at), tab, line_feed, all.size()});
        const auto one = all.substr(at, stop - at);
        at = stop + 1;
        if (one.empty()) continue;
        const auto [begin, end] = span_of("edit", a, one, false, locate);
        if (begin < previous_end)
          throw unsupported(std::string("edit ") + a.attribute("xml:id").value() + " is out of order");
        previous_end = end;
        edits_.add(begin, end, kind, edit_original_attribute, original);
      }
    }
  }

  std::string source_;
  std::string text_;
  metadata meta_;
  std::vector<block> blocks_;
  block_ids blocks_by_id_;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> resps_; // id -> annotator, version
  // The layers: as declared (edits_at_ is the edits' place), or else the edits and the default
  // layers that receive an annotation.
  bool declared_ = false;
  std::vector<layer> layers_;
  std::unordered_map<std::string_view, std::size_t> by_ref_; // interp xml:id (DOM views) -> layers_
  std::string_view last_ref_;
  std::size_t last_ref_at_ = 0;
  std::size_t declared_default_[default_layer_count] = {};
  std::size_t edits_at_ = std::string_view::npos;
  std::optional<layer> defaults_[default_layer_count];
  layer edits_{std::string(edits_layer_name)};
  std::vector<attribute_view> attrs_;                        // the attributes of one annotation
  std::vector<std::pair<pugi::xml_node, std::size_t>> open_; // read_inline's open elements
  std::deque<std::string> owned_; // text viewed by annotations that is not one DOM string
};

// ---------------------------------------------------------------------------------------------
// Other projects' TEI, best effort. Blocks are the innermost block-level elements (p, ab, head,
// l, lg, item, speaker, stage, ...); p and ab are always blocks, whatever they contain. Text is
// whitespace-collapsed; notes move to the end as note blocks, with an anchor in the "notes"
// layer; inline elements become annotations in layers by family. Iterative throughout.

// XML white space by table: the text of other projects' TEI is read a character at a time.
constexpr auto xml_space_table = [] {
  std::array<bool, 256> t{};
  t[' '] = t['\t'] = t['\n'] = t['\r'] = true;
  return t;
}();

bool is_xml_space(char c) {
  return xml_space_table[static_cast<unsigned char>(c)];
}

constexpr std::string_view block_names[] = {
    "p",          "ab",         "head",     "l",         "lg",         "item",      "quote",
    "speaker",    "stage",      "label",    "trailer",   "byline",     "dateline",  "salute",
    "signed",     "opener",     "closer",   "docAuthor", "docTitle",   "titlePart", "docDate",
    "docImprint", "docEdition", "argument", "epigraph",  "cell",       "bibl",      "biblStruct",
    "entry",      "castItem",   "figDesc",  "caption",   "postscript", "address"};

// What the reader of other projects' TEI makes of an element, by its name.
enum element_flag : std::uint16_t {
  el_block = 1 << 0,          // a block-level element (block_names)
  el_skipped = 1 << 1,        // teiHeader, facsimile, standOff, sourceDoc: not read
  el_note = 1 << 2,           // note
  el_lb = 1 << 3,             // lb
  el_pb = 1 << 4,             // pb
  el_body = 1 << 5,           // body
  el_front_back = 1 << 6,     // front, back
  el_choice = 1 << 7,         // choice
  el_reading = 1 << 8,        // corr, expan, reg: the child of a choice that is read
  el_p_ab = 1 << 9,           // p, ab: always blocks, whatever they contain
  el_line = 1 << 10,          // l: lines up inside its block
  el_paragraph_like = 1 << 11 // p, ab, l, lg, quote: paragraphs in the body
};
constexpr std::uint8_t no_family = 0xFF;
struct element_class {
  std::uint16_t flags = 0;
  std::uint8_t family = no_family; // the layer of its annotation (foreign_reader::layer_id)
};

// The element classes by name in a small open-addressing table: every element asks, and
// comparing with lists of names cost more than the rest of reading it.
class element_table {
public:
  template <class Family>
  element_table(Family names, Family dates, Family quotations, Family emphasis, Family terms, Family drama) {
    for (const auto n : block_names)
      add(n, el_block);
    for (const auto n : {"teiHeader", "facsimile", "standOff", "sourceDoc"})
      add(n, el_skipped);
    add("note", el_note);
    add("lb", el_lb);
    add("pb", el_pb);
    add("body", el_body);
    add("front", el_front_back);
    add("back", el_front_back);
    add("choice", el_choice);
    for (const auto n : {"corr", "expan", "reg"})
      add(n, el_reading);
    add("p", el_p_ab | el_paragraph_like);
    add("ab", el_p_ab | el_paragraph_like);
    add("l", el_line | el_paragraph_like);
    add("lg", el_paragraph_like);
    add("quote", el_paragraph_like);
    for (const auto n : {"persName", "placeName", "orgName", "name", "geogName", "roleName"})
      add(n, 0, names);
    for (const auto n : {"date", "time"})
      add(n, 0, dates);
    for (const auto n : {"q", "said", "quote"})
      add(n, 0, quotations);
    for (const auto n : {"hi", "emph"})
      add(n, 0, emphasis);
    for (const auto n : {"term", "foreign"})
      add(n, 0, terms);
    for (const auto n : {"sp", "speaker", "stage"})
      add(n, 0, drama);
  }

  element_class find(std::string_view name) const noexcept {
    if (name.empty()) return {};
    for (std::size_t i = hash(name);; i = (i + 1) & mask) {
      const auto &s = slots_[i];
      if (s.name.empty()) return {};
      if (same(s.name, name)) return s.cls;
    }
  }

private:
  static constexpr std::size_t mask = 255; // about 60 names
  // Short names compared in line: a call of memcmp cost more than the comparison.
  static bool same(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  static std::size_t hash(std::string_view n) noexcept {
    const auto c = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(n[i])); };
    return (n.size() * 31 + c(0) * 7 + c(n.size() / 2) * 17 + c(n.size() - 1) * 131) & mask;
  }
  template <class Family = std::uint8_t>
  void add(std::string_view name, std::uint16_t flags, Family family = static_cast<Family>(no_family)) {
    for (std::size_t i = hash(name);; i = (i + 1) & mask) {
      auto &s = slots_[i];
      if (s.name.empty()) s.name = name;
      if (s.name != name) continue;
      s.cls.flags |= flags;
      if (static_cast<std::uint8_t>(family) != no_family) s.cls.family = static_cast<std::uint8_t>(family);
      return;
    }
  }
  struct slot {
    std::string_view name;
    element_class cls;
  };
  std::array<slot, mask + 1> slots_{};
};

// Normalized (whitespace-collapsed, trimmed) text of a subtree.
std::string collapsed_text_of(const pugi::xml_node &n) {
  std::string out;
  bool space = false;
  const auto add = [&](std::string_view v) {
    for (const char c : v) {
      if (is_xml_space(c)) {
        space = !out.empty();
      } else {
        if (space) out += ' ';
        space = false;
        out += c;
      }
    }
  };
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) add(n.value());
  for (auto it = n.first_child(); it;) {
    if (it.type() == pugi::node_pcdata || it.type() == pugi::node_cdata) add(it.value());
    if (it.first_child()) {
      it = it.first_child();
      continue;
    }
    while (it && !it.next_sibling() && it != n)
      it = it.parent();
    if (!it || it == n) break;
    it = it.next_sibling();
  }
  return out;
}

// A citation id made from an xml:id or a name: invalid characters become '-'.
std::string sanitized_id(std::string_view raw) {
  std::string id;
  for (const char c : raw.substr(0, 200)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    id += ok ? c : '-';
  }
  if (!id.empty() && (id[0] == '.' || id[0] == '-')) id[0] = '_';
  return is_valid_document_id(id) ? id : std::string();
}

// A set of DOM nodes by address, open addressing in a power-of-two table: every element of
// other projects' TEI asks whether it is a container, which std::unordered_set answered with a
// division per lookup.
class node_set {
public:
  // Inserts `n`; false if it was there.
  bool insert(const pugi::xml_node_struct *n) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    return place(n);
  }
  bool contains(const pugi::xml_node_struct *n) const noexcept {
    if (size_ == 0) return false;
    for (std::size_t i = hash(n) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == n) return true;
      if (slots_[i] == nullptr) return false;
    }
  }

private:
  static std::size_t hash(const pugi::xml_node_struct *n) noexcept {
    return static_cast<std::size_t>((reinterpret_cast<std::uintptr_t>(n) * 0x9E3779B97F4A7C15ULL) >> 32);
  }
  bool place(const pugi::xml_node_struct *n) {
    for (std::size_t i = hash(n) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == n) return false;
      if (slots_[i] == nullptr) {
        slots_[i] = n;
        ++size_;
        return true;
      }
    }
  }
  void grow() {
    std::vector<const pugi::xml_node_struct *> old(std::max<std::size_t>(64, slots_.size() * 2), nullptr);
    old.swap(slots_);
    size_ = 0;
    for (const auto *n : old)
      if (n) place(n);
  }
  std::vector<const pugi::xml_node_struct *> slots_;
  std::size_t size_ = 0;
};

bool is_alinea_output(const pugi::xml_node &tei) {
  const auto app = child(child(child(child(tei, "teiHeader"), "encodingDesc"), "appInfo"), "application");
  for (auto a = app; a; a = a.next_sibling())
    if (is(a, "application") && std::string_view(a.attribute("ident").value()) == "alinea") return true;
  return false;
}

class foreign_reader {
public:
  foreign_reader(std::string source, std::size_t text_bytes) : source_(std::move(source)) {
    text_.reserve(text_bytes);
  }

  document run(const pugi::xml_node &tei, std::string fallback_id, std::string source_file) {
    metadata meta;
    const auto title = child(child(child(child(tei, "teiHeader"), "fileDesc"), "titleStmt"), "title");
    if (title) meta.title = collapsed_text_of(title);
    meta.id = sanitized_id(tei.attribute("xml:id").value());
    if (meta.id.empty()) meta.id = sanitized_id(fallback_id);
    if (meta.id.empty()) meta.id = "doc";
    meta.source = std::move(source_file);
    const auto text = child(tei, "text");
    if (!text)
      throw parse_error(errc::unsupported_tei, "the TEI document has no <text>",
                        error_location{source_, 0, 0, 0});
    find_containers(text);
    walk(text, false);
    for (std::size_t i = 0; i < notes_queue_.size(); ++i) // a note may queue further notes
      walk(notes_queue_[i], true);
    return finish(std::move(meta));
  }

private:
  enum class pending { none, space, line };
  enum layer_id : std::uint8_t {
    names,
    dates,
    quotations,
    emphasis,
    terms,
    choices,
    notes,
    drama,
    pages,
    count
  };

  // An annotation being read: its type and attribute names and values are views into the DOM
  // (alive while the reader runs) or into owned_; its attributes are attr_count from attr_first
  // in attrs_.
  struct mark {
    std::size_t begin = 0, end = 0;
    layer_id target;
    bool point = false;
    bool resolved = false;
    std::string_view type;
    std::size_t attr_first = 0, attr_count = 0;
  };

  static element_class classify(std::string_view name) noexcept {
    static const element_table table(names, dates, quotations, emphasis, terms, drama);
    return table.find(name);
  }
  struct frame {
    pugi::xml_node node;
    std::ptrdiff_t mark = -1;
    bool block = false, container = false, choice = false, blockname = false;
    int zone = 0;        // 1 body, 2 front/back
    pugi::xml_node keep; // the child of a choice that is read
  };

  // Elements that contain block-level elements (other than l, which lines up inside its
  // block), found by marking the ancestors of every block element; p, ab and note stop it.
  void find_containers(const pugi::xml_node &root) {
    const auto above = root.parent();
    for (auto it = root.first_child(); it;) {
      if (it.type() == pugi::node_element) { // only elements have children
        if (const auto flags = classify(local_name(it)).flags; (flags & el_block) && !(flags & el_line)) {
          for (auto a = it.parent(); a && a != above; a = a.parent()) {
            const auto up = classify(local_name(a)).flags;
            if (up & el_p_ab) break;
            if (!containers_.insert(a.internal_object())) break;
            if (up & el_note) break;
          }
        }
        if (const auto first = it.first_child()) {
          it = first;
          continue;
        }
      }
      // On to the next sibling of the node or of its nearest ancestor below root: each node is
      // asked for its next sibling once.
      while (true) {
        if (const auto next = it.next_sibling()) {
          it = next;
          break;
        }
        it = it.parent();
        if (!it || it == root) return;
      }
    }
  }

  void walk(const pugi::xml_node &root, bool note_walk) {
    note_walk_ = note_walk;
    if (!open(root, true)) return;
    pugi::xml_node it = root.first_child();
    while (!stack_.empty()) {
      if (it) {
        const auto type = it.type();
        if (type == pugi::node_pcdata || type == pugi::node_cdata) {
          on_text(it.value());
        } else if (type == pugi::node_element && open(it, false)) {
          it = it.first_child();
          continue;
        }
        it = it.next_sibling();
        continue;
      }
      const auto node = stack_.back().node;
      close();
      if (node == root) break;
      it = node.next_sibling();
    }
    if (in_block_) end_block();
  }

  std::ptrdiff_t add_mark(layer_id target, std::string_view type, const pugi::xml_node &e, bool point) {
    mark m{0, 0, target, point, false, type, attrs_.size(), 0};
    for (auto a = e.first_attribute(); a; a = a.next_attribute())
      attrs_.push_back({a.name(), a.value()});
    m.attr_count = attrs_.size() - m.attr_first;
    if (point && in_block_ && block_started_) { // where it stands, before any pending space
      m.begin = m.end = text_.size();
      m.resolved = true;
      marks_.push_back(std::move(m));
    } else { // at the next character written
      marks_.push_back(std::move(m));
      unset_.push_back(marks_.size() - 1);
    }
    return static_cast<std::ptrdiff_t>(marks_.size() - 1);
  }

  void close_mark(std::size_t i) {
    auto &m = marks_[i];
    if (!m.resolved) { // nothing was written inside: an empty annotation here
      m.begin = text_.size();
      m.resolved = true;
      const auto at = std::find(unset_.rbegin(), unset_.rend(), i);
      if (at != unset_.rend()) unset_.erase(std::next(at).base());
    }
    m.end = text_.size();
  }

  bool open(const pugi::xml_node &e, bool is_root) {
    const auto name = local_name(e);
    const auto cls = classify(name);
    if (!is_root) {
      if (!stack_.empty() && stack_.back().choice && e != stack_.back().keep) return false;
      if (cls.flags & el_note) {
        notes_queue_.push_back(e);
        add_mark(notes, "note", e, true);
        return false;
      }
      if (cls.flags & el_skipped) return false;
      if (cls.flags & el_lb) {
        if (in_block_ && std::string_view(e.attribute("break").value()) != "no") soft(pending::space);
        return false;
      }
      if (cls.flags & el_pb) {
        add_mark(pages, "pb", e, true);
        return false;
      }
    }
    frame f{e};
    if (cls.flags & el_body) f.zone = 1;
    if (cls.flags & el_front_back) f.zone = 2;
    if (f.zone == 1) ++body_;
    if (f.zone == 2) ++front_back_;
    f.blockname = (cls.flags & el_block) != 0;
    const bool container = containers_.contains(e.internal_object());
    if (in_block_ && !implicit_) {
      if (f.blockname) soft(pending::line);
    } else if (container || f.blockname || is_root) {
      if (in_block_) end_block(); // an implicit block ends where a block or container begins
      if (container || (is_root && !f.blockname && !(cls.flags & el_note))) {
        f.container = true;
      } else {
        begin_block(e, name, cls, false);
        f.block = true;
      }
    }
    if (const auto l = cls.family;
        l != no_family && (!f.container || l == drama) && !(f.block && l == quotations))
      f.mark = add_mark(static_cast<layer_id>(l), name, e, false);
    if (cls.flags & el_choice) {
      f.choice = true;
      for (auto c = e.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && (classify(local_name(c)).flags & el_reading)) {
          f.keep = c;
          break;
        }
      if (!f.keep)
        for (auto c = e.first_child(); c && !f.keep; c = c.next_sibling())
          if (c.type() == pugi::node_element) f.keep = c;
      if (f.keep) {
        mark m{0, 0, choices, false, false, local_name(f.keep), attrs_.size(), 0};
        for (auto c = e.first_child(); c; c = c.next_sibling())
          if (c.type() == pugi::node_element && c != f.keep)
            attrs_.push_back({local_name(c), owned_.emplace_back(collapsed_text_of(c))});
        m.attr_count = attrs_.size() - m.attr_first;
        marks_.push_back(m);
        unset_.push_back(marks_.size() - 1);
        f.mark = static_cast<std::ptrdiff_t>(marks_.size() - 1);
      }
    }
    stack_.push_back(f);
    return true;
  }

  void close() {
    const frame f = stack_.back();
    stack_.pop_back();
    if (f.mark >= 0) close_mark(static_cast<std::size_t>(f.mark));
    if (f.block) {
      end_block();
    } else if (f.container) {
      if (in_block_) end_block(); // an implicit block in this container
    } else if (in_block_ && f.blockname) {
      soft(pending::line);
    }
    if (f.zone == 1) --body_;
    if (f.zone == 2) --front_back_;
  }

  void soft(pending p) {
    if (!block_started_) return;
    if (p == pending::line || pending_ == pending::none) pending_ = p;
  }

  // The first byte of `v` from `i` that can be white space (up to 0x20), or v.size(): eight
  // bytes at a time.
  static std::size_t next_space_candidate(std::string_view v, std::size_t i) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
      constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
      for (; i + 8 <= v.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, v.data() + i, 8);
        // Bytes below 0x21: exact for the lowest one, which is all that is asked.
        if (const std::uint64_t low = (w - ones * 0x21) & ~w & high; low != 0)
          return i + static_cast<std::size_t>(std::countr_zero(low)) / 8;
      }
    }
    while (i < v.size() && static_cast<unsigned char>(v[i]) > 0x20)
      ++i;
    return i;
  }

  // From `i`, sixteen bytes at a time while seventeen remain: the first byte that ends a run of
  // words apart by single plain spaces (white space other than a space followed by a non-space),
  // or where fewer than seventeen bytes remain. What on_text's loop would find, only faster.
  // From `i`, sixteen bytes at a time while sixteen remain: the first byte that is not white
  // space, or where fewer than sixteen bytes remain (indentation between elements).
  static std::size_t white_end(std::string_view v, std::size_t i) noexcept {
#if defined(__SSE2__)
    const auto *s = reinterpret_cast<const unsigned char *>(v.data());
    for (; i + 16 <= v.size(); i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i));
      const __m128i white = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
          _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
      if (const int mask = _mm_movemask_epi8(white); mask != 0xFFFF)
        return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(~mask & 0xFFFF)));
    }
#endif
    return i;
  }

  static std::size_t run_end(std::string_view v, std::size_t i) noexcept {
#if defined(__SSE2__)
    const auto *s = reinterpret_cast<const unsigned char *>(v.data());
    const __m128i space = _mm_set1_epi8(' '), lf = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'),
                  cr = _mm_set1_epi8('\r');
    const auto white = [&](__m128i x) {
      return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(x, lf)),
                          _mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, cr)));
    };
    for (; i + 17 <= v.size(); i += 16) {
      const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i));
      const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i + 1));
      // White space that is not a plain space, or is followed by white space.
      const __m128i ends = _mm_and_si128(
          white(here),
          _mm_or_si128(_mm_xor_si128(_mm_cmpeq_epi8(here, space), _mm_set1_epi8(-1)), white(next)));
      if (const int mask = _mm_movemask_epi8(ends); mask != 0)
        return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    }
#endif
    return i;
  }

  void on_text(std::string_view v) {
    std::size_t i = 0;
    while (i < v.size()) {
      if (is_xml_space(v[i])) {
        i = white_end(v, i);
        while (i < v.size() && is_xml_space(v[i]))
          ++i;
        if (in_block_) soft(pending::space);
        continue;
      }
      // Words apart by one plain space are written as they stand (what collapsing would write).
      const std::size_t start = i;
      i = run_end(v, i);
      while (true) {
        i = next_space_candidate(v, i);
        if (i < v.size() && !is_xml_space(v[i])) { // a control character: part of the word
          ++i;
          continue;
        }
        if (i + 1 < v.size() && v[i] == ' ' && !is_xml_space(v[i + 1])) {
          ++i;
          continue;
        }
        break;
      }
      emit(v.substr(start, i - start));
    }
  }

  void emit(std::string_view s) {
    if (!in_block_) begin_block(stack_.back().node, "", {}, true);
    if (!block_started_) {
      if (!text_.empty()) text_ += same_list_ ? "\n" : "\n\n";
      current_.begin = text_.size();
      block_started_ = true;
    } else if (pending_ == pending::line) {
      text_ += '\n';
    } else if (pending_ == pending::space) {
      text_ += ' ';
    }
    pending_ = pending::none;
    for (const auto i : unset_) {
      marks_[i].begin = text_.size();
      marks_[i].resolved = true;
      if (marks_[i].point) marks_[i].end = text_.size();
    }
    unset_.clear();
    text_ += s;
  }

  void begin_block(const pugi::xml_node &e, std::string_view name, element_class cls, bool implicit) {
    const bool body = body_ > 0 && front_back_ == 0;
    block b{block_kind::boilerplate, 0, 0, 0, division_kind::none};
    const auto parent = implicit ? e : e.parent();
    if (note_walk_) {
      b.kind = block_kind::note;
    } else if (name == "head") {
      b.kind = block_kind::heading;
      b.n = to_number(parent.attribute("n").value()).value_or(0);
      b.division = division_from(parent.attribute("type").value());
    } else if (name == "item") {
      b.kind = block_kind::item;
    } else if (name == "titlePart" || name == "docTitle") {
      b.kind = block_kind::title;
    } else if (name == "byline" || name == "docAuthor") {
      b.kind = block_kind::byline;
    } else if (implicit || (cls.flags & el_paragraph_like)) {
      if (body) b.kind = is(parent, "quote") || name == "quote" ? block_kind::quote : block_kind::paragraph;
    }
    current_ = b;
    same_list_ = b.kind == block_kind::item && last_item_list_ && last_item_list_ == parent;
    in_block_ = true;
    implicit_ = implicit;
    block_started_ = false;
    pending_ = pending::none;
    current_parent_ = parent;
  }

  void end_block() {
    if (block_started_) {
      current_.end = text_.size();
      if (is_numbered(current_.kind)) current_.n = ++paragraphs_;
      blocks_.push_back(current_);
      last_item_list_ = current_.kind == block_kind::item ? current_parent_ : pugi::xml_node();
    }
    in_block_ = implicit_ = block_started_ = false;
    pending_ = pending::none;
  }

  document finish(metadata meta) {
    for (auto &m : marks_)
      if (!m.resolved) {
        m.begin = text_.size();
        if (m.point) m.end = m.begin;
      }
    // In document order (by start, longer first): sort their indices, if they are not in order.
    std::vector<std::uint32_t> order(marks_.size());
    std::iota(order.begin(), order.end(), 0u);
    const auto before = [&](std::uint32_t i, std::uint32_t j) {
      const auto &a = marks_[i], &b = marks_[j];
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    };
    // Nearly in order as a rule (a page break before a pending space, say): insertion, which is
    // stable, while it moves few; past a budget of moves std::stable_sort finishes (what it
    // makes of the stable partial order is what it would have made of the indices in order).
    std::size_t budget = 4 * order.size() + 64;
    bool sorted = true;
    for (std::size_t i = 1; i < order.size() && sorted; ++i) {
      const auto k = order[i];
      std::size_t j = i;
      for (; j > 0 && before(k, order[j - 1]); --j) {
        if (budget-- == 0) {
          sorted = false;
          break;
        }
        order[j] = order[j - 1];
      }
      order[j] = k;
    }
    if (!sorted) std::stable_sort(order.begin(), order.end(), before);
    static constexpr std::string_view layer_names[] = {"names",   "dates", "quotations", "emphasis", "terms",
                                                       "choices", "notes", "drama",      "pages"};
    std::vector<layer> all;
    for (const auto n : layer_names)
      all.emplace_back(std::string(n));
    for (const auto k : order) {
      const auto &m = marks_[k];
      all[m.target].add_views(m.begin, m.end, m.type,
                              std::span<const attribute_view>(attrs_).subspan(m.attr_first, m.attr_count));
    }
    std::vector<layer> layers;
    for (auto &l : all)
      if (!l.empty()) layers.push_back(std::move(l));
    return document(std::move(text_), std::move(meta), std::move(blocks_), std::move(layers));
  }

  std::string source_;
  std::string text_;
  std::vector<block> blocks_;
  std::vector<mark> marks_;
  std::vector<attribute_view> attrs_; // the marks' attributes
  std::deque<std::string> owned_;     // the values of choices' attributes
  std::vector<std::size_t> unset_;    // marks whose begin is the next character written
  std::vector<frame> stack_;
  std::vector<pugi::xml_node> notes_queue_;
  node_set containers_;
  block current_;
  pugi::xml_node current_parent_, last_item_list_;
  bool note_walk_ = false, in_block_ = false, implicit_ = false, block_started_ = false, same_list_ = false;
  pending pending_ = pending::none;
  int body_ = 0, front_back_ = 0;
  std::uint32_t paragraphs_ = 0;
};

// The XML declaration's encoding, lower-cased ("" if none).
std::string declared_encoding(std::string_view xml) {
  if (!xml.starts_with("<?xml")) return {};
  const auto end = xml.find("?>");
  const auto decl =
      xml.substr(0, end == std::string_view::npos ? std::min<std::size_t>(xml.size(), 200) : end);
  const auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  auto q = decl.find_first_of("\"'", at);
  if (q == std::string_view::npos) return {};
  const auto close = decl.find(decl[q], q + 1);
  if (close == std::string_view::npos) return {};
  std::string enc(decl.substr(q + 1, close - q - 1));
  for (auto &c : enc)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return enc;
}

// What check_utf8_input saw besides invalid UTF-8 (which it refuses).
struct input_scan {
  bool illegal_char = false;   ///< a character XML 1.0 forbids (a C0 control, U+FFFE, U+FFFF)
  bool char_reference = false; ///< "&#"
};

// Refuses XML that is not UTF-8 (A001, at the first bad sequence). Printable ASCII, tab, LF and
// CR are skipped sixteen bytes at a time; runs of other bytes go to scan_utf8 one by one.
input_scan check_utf8_input(std::string_view xml, const std::string &source) {
  input_scan found;
  const auto *s = reinterpret_cast<const unsigned char *>(xml.data());
  const std::size_t n = xml.size();
  std::size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // Signed bytes: those from 0x80 are negative, so "below 0x20" finds them and the controls.
    const __m128i space = _mm_set1_epi8(0x20), lf = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'),
                  cr = _mm_set1_epi8('\r'), amp = _mm_set1_epi8('&');
    for (; i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i));
      const __m128i white =
          _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr)));
      const __m128i other =
          _mm_or_si128(_mm_andnot_si128(white, _mm_cmplt_epi8(v, space)), _mm_cmpeq_epi8(v, amp));
      if (const int mask = _mm_movemask_epi8(other); mask != 0) {
        i += static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
        break;
      }
    }
    if (i >= n) break;
#endif
    const unsigned char c = s[i];
    if (c == '&') {
      if (i + 1 < n && s[i + 1] == '#') found.char_reference = true;
      ++i;
    } else if (c < 0x80) {
      // Form feed passes, as scan_utf8 lets it (ingest reads it as a page break).
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') found.illegal_char = true;
      ++i;
    } else {
      // A run of bytes from 0x80 ends before an ASCII byte, which is a character boundary.
      std::size_t end = i + 1;
      while (end < n && s[end] >= 0x80)
        ++end;
      for (std::size_t from = i; from < end;) {
        const auto scan = detail::scan_utf8(xml.substr(from, end - from));
        const std::size_t at = from + scan.offset;
        if (scan.problem == detail::utf8_problem::invalid)
          throw parse_error(errc::invalid_utf8,
                            "the XML is not valid UTF-8 (a file in another encoding without an encoding "
                            "declaration?), at byte " +
                                std::to_string(at),
                            detail::locate(xml, at, source));
        if (scan.problem == detail::utf8_problem::none) break;
        found.illegal_char = true; // U+FFFE or U+FFFF: three bytes
        from = at + 3;
      }
      i = end;
    }
  }
  return found;
}

// Refuses a text or attribute value that holds a character XML 1.0 does not allow.
void check_values(const pugi::xml_document &dom, const std::string &source) {
  const auto check_value = [&](const char *value) {
    const auto scan = detail::scan_utf8(value);
    if (scan.problem != detail::utf8_problem::none)
      throw parse_error(errc::malformed_xml,
                        "XML is not well-formed: a character reference to a character XML 1.0 does not allow",
                        error_location{source, 0, 0, 0});
  };
  for (auto node = dom.first_child(); node;) {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) check_value(node.value());
    for (auto a = node.first_attribute(); a; a = a.next_attribute())
      check_value(a.value());
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling())
      node = node.parent();
    if (node) node = node.next_sibling();
  }
}

// Parses the XML: UTF-8 by default; UTF-16 (by its byte order mark or its first bytes) and a
// declared ISO-8859-1 are converted by pugixml; any other declared encoding is refused (A007).
// No DOCTYPE processing: entities other than the predefined ones are never expanded, and
// never fetched; a reference to one stays in the text as it is ("&lol9;").
void parse(pugi::xml_document &dom, std::string_view xml, const std::string &source, bool assume_utf8) {
  const auto b = [&](std::size_t i) { return i < xml.size() ? static_cast<unsigned char>(xml[i]) : 0u; };
  const bool utf16 = (b(0) == 0xFF && b(1) == 0xFE) || (b(0) == 0xFE && b(1) == 0xFF) ||
                     (b(0) == '<' && b(1) == 0 && xml.size() > 1) || (b(0) == 0 && b(1) == '<');
  pugi::xml_encoding encoding = pugi::encoding_utf8;
  if (utf16 && !assume_utf8) {
    encoding = pugi::encoding_auto;
  } else if (!assume_utf8) {
    const auto declared = declared_encoding(xml.starts_with("\xEF\xBB\xBF") ? xml.substr(3) : xml);
    if (declared == "iso-8859-1" || declared == "latin1" || declared == "iso_8859-1" ||
        declared == "latin-1" || declared == "l1") {
      encoding = pugi::encoding_latin1;
    } else if (declared.starts_with("utf-16") || declared.starts_with("utf16")) {
      throw parse_error(errc::malformed_xml, "the XML declares " + declared + " but its bytes are not UTF-16",
                        error_location{source, 0, 1, 1});
    } else if (!declared.empty() && declared != "utf-8" && declared != "utf8" && declared != "us-ascii" &&
               declared != "ascii") {
      throw parse_error(
          errc::malformed_xml,
          "the XML declares the encoding '" + declared +
              "', which alinea does not read (UTF-8, UTF-16 and ISO-8859-1 only); convert it to "
              "UTF-8 first",
          error_location{source, 0, 1, 1});
    }
  }
  // Only what pugixml turned into text or attribute values can hold what XML forbids: a
  // character XML 1.0 does not allow that was in the input, or one a character reference made.
  input_scan scanned{true, true};
  if (encoding == pugi::encoding_utf8) scanned = check_utf8_input(xml, source);
  const auto result =
      dom.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, encoding);
  if (!result)
    throw parse_error(errc::malformed_xml,
                      std::string("XML is not well-formed: ") + result.description() + ", at byte " +
                          std::to_string(result.offset),
                      encoding == pugi::encoding_utf8
                          ? detail::locate(xml, static_cast<std::size_t>(result.offset), source)
                          : error_location{source, static_cast<std::size_t>(result.offset), 0, 0});
  // pugixml decodes any character reference, even to what is not an XML character (&#x11FFFF;,
  // &#xD800;, &#1;) and is not even UTF-8: refuse those, as a conforming parser would.
  if (scanned.illegal_char || scanned.char_reference) check_values(dom, source);
  const auto root = dom.document_element();
  if (is(root, "TEI.2"))
    throw parse_error(errc::unsupported_tei,
                      "this is a TEI P4 document (root TEI.2); convert it to TEI P5 first",
                      error_location{source, 0, 0, 0});
  if (!is(root, "TEI") && !is(root, "teiCorpus"))
    throw parse_error(errc::unsupported_tei,
                      "the root element is <" + std::string(root.name()) + ">, not <TEI>",
                      error_location{source, 0, 0, 0});
}

std::string file_name_of(std::string_view source) {
  if (source.empty()) return {};
  return std::filesystem::path(source).filename().string();
}

// An upper bound of the text read from the <text> of `tei`: the bytes from its start to the
// node after it (or the end of the input), from which every character of the text and every
// separator between blocks comes. Made room for at once, a large text is not copied as it
// grows (nor, beyond malloc's largest recycled size, given fresh pages each time). 0 if
// pugixml cannot tell.
std::size_t text_bytes_bound(const pugi::xml_node &tei, std::size_t input_size) {
  const auto text = child(tei, "text");
  const std::ptrdiff_t start = text ? text.offset_debug() : -1;
  if (start < 0) return 0;
  pugi::xml_node after;
  for (auto n = text; n && !after; n = n.parent())
    after = n.next_sibling();
  const std::ptrdiff_t end = after ? after.offset_debug() : static_cast<std::ptrdiff_t>(input_size);
  return end > start ? std::min(static_cast<std::size_t>(end - start), input_size) : 0;
}

document read_tei_element(const pugi::xml_node &tei, const std::string &source, std::string fallback_id,
                          std::size_t input_size) {
  const std::size_t text_bytes = text_bytes_bound(tei, input_size);
  // Markup can hold what no layer may (an edit without a kind, say): that is TEI alinea cannot
  // read, not a bad argument of the caller's.
  try {
    if (is_alinea_output(tei)) return reader(source, text_bytes).run(tei);
    return foreign_reader(source, text_bytes).run(tei, std::move(fallback_id), file_name_of(source));
  } catch (const argument_error &e) {
    throw parse_error(errc::unsupported_tei, "the TEI does not describe a valid document: " + e.detail(),
                      error_location{source, 0, 0, 0});
  }
}

std::string stem_of(const std::string &source) {
  return source.empty() ? std::string() : document_id_from_filename(file_name_of(source));
}

document read_one(std::string_view xml, const std::string &source, const read_options &options) {
  pugi::xml_document dom;
  parse(dom, xml, source, options.assume_utf8);
  const auto root = dom.document_element();
  if (is(root, "teiCorpus"))
    throw parse_error(errc::unsupported_tei,
                      "this is a teiCorpus of several documents; read it with tei::read_corpus "
                      "(Python: alinea.from_tei_corpus)",
                      error_location{source, 0, 0, 0});
  return read_tei_element(root, source, stem_of(source), xml.size());
}

std::vector<document> read_many(std::string_view xml, const std::string &source,
                                const read_options &options) {
  pugi::xml_document dom;
  parse(dom, xml, source, options.assume_utf8);
  const auto root = dom.document_element();
  std::vector<document> out;
  if (is(root, "TEI")) {
    out.push_back(read_tei_element(root, source, stem_of(source), xml.size()));
    return out;
  }
  const std::string stem = stem_of(source).empty() ? std::string("doc") : stem_of(source);
  std::vector<pugi::xml_node> todo{root}; // nested teiCorpus, without recursion
  std::vector<pugi::xml_node> found;
  while (!todo.empty()) {
    const auto corpus = todo.back();
    todo.pop_back();
    std::vector<pugi::xml_node> children;
    for (auto c = corpus.first_child(); c; c = c.next_sibling())
      if (is(c, "TEI") || is(c, "teiCorpus")) children.push_back(c);
    for (auto it = children.rbegin(); it != children.rend(); ++it)
      todo.push_back(*it);
    if (corpus != root && is(corpus, "TEI")) found.push_back(corpus);
  }
  for (std::size_t k = 0; k < found.size(); ++k)
    out.push_back(read_tei_element(found[k], source, stem + "-" + std::to_string(k + 1), xml.size()));
  return out;
}

} // namespace

document read(std::string_view xml, std::string_view source_name, const read_options &options) {
  return read_one(xml, std::string(source_name), options);
}

document read_file(const std::filesystem::path &path) {
  const std::string data = detail::read_whole_file(path);
  return read_one(data, path.string(), {});
}

std::vector<document> read_corpus(std::string_view xml, std::string_view source_name,
                                  const read_options &options) {
  return read_many(xml, std::string(source_name), options);
}

std::vector<document> read_corpus_file(const std::filesystem::path &path) {
  const std::string data = detail::read_whole_file(path);
  return read_many(data, path.string(), {});
}

} // namespace alinea::tei
