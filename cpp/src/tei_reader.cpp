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

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

namespace alinea::tei {
namespace {

// Element name without a namespace prefix ("tei:p" -> "p").
std::string_view local_name(const pugi::xml_node &n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
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

class reader {
public:
  reader(std::string_view xml, std::string source_name) : xml_(xml), source_(std::move(source_name)) {}

  document run() {
    pugi::xml_document dom;
    // Whitespace-only text is content here (an edit's original may be "\n\n"). No DOCTYPE
    // processing: entities other than the five predefined ones are never expanded.
    const auto result = dom.load_buffer(xml_.data(), xml_.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                        pugi::encoding_utf8);
    if (!result)
      throw parse_error(errc::malformed_xml,
                        std::string("XML is not well-formed: ") + result.description() + ", at byte " +
                            std::to_string(result.offset),
                        detail::locate(xml_, static_cast<std::size_t>(result.offset), source_));
    const auto root = dom.document_element();
    if (is(root, "TEI.2"))
      throw parse_error(errc::unsupported_tei,
                        "this is a TEI P4 document (root TEI.2); convert it to TEI P5 first",
                        error_location{source_, 0, 0, 0});
    if (!is(root, "TEI"))
      throw parse_error(errc::unsupported_tei,
                        "the root element is <" + std::string(root.name()) + ">, not <TEI>",
                        error_location{source_, 0, 0, 0});
    read_header(child(root, "teiHeader"));
    const auto text = child(root, "text");
    if (!text)
      throw parse_error(errc::unsupported_tei, "the TEI document has no <text>",
                        error_location{source_, 0, 0, 0});
    read_blocks(text);
    std::vector<layer> layers;
    if (auto edits = read_edits(child(root, "standOff")); !edits.empty()) layers.push_back(std::move(edits));
    if (!emphasis_.empty()) layers.push_back(std::move(emphasis_));
    if (!pages_.empty()) layers.push_back(std::move(pages_));
    if (!sentences_.empty()) layers.push_back(std::move(sentences_));
    return document(std::move(text_), std::move(meta_), std::move(blocks_), std::move(layers));
  }

private:
  void read_header(const pugi::xml_node &header) {
    const auto file_desc = child(header, "fileDesc");
    const auto title = child(child(file_desc, "titleStmt"), "title");
    if (title && std::string_view(title.attribute("type").value()) != names::untitled_type)
      meta_.title = text_of(title);
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
          ids_.emplace(std::string(id), text_.size());
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

  // The content of a block: text, hi (emphasis layer), s (sentences layer), pb (pages layer);
  // lb adds nothing. An explicit stack of open elements keeps it linear at any depth.
  void read_inline(const pugi::xml_node &block_element) {
    const auto on_close = [&](const pugi::xml_node &n, std::size_t begin) {
      const auto name = local_name(n);
      if (name == "hi") emphasis_marks_.push_back({begin, text_.size(), n.attribute("rend").value()});
      if (name == "s") sentence_marks_.push_back({begin, text_.size(), n.attribute("n").value()});
    };
    std::vector<std::pair<pugi::xml_node, std::size_t>> open;
    for (auto it = block_element.first_child(); it;) {
      const std::size_t begin = text_.size();
      if (it.type() == pugi::node_pcdata || it.type() == pugi::node_cdata) {
        text_ += it.value();
      } else if (it.type() == pugi::node_element && local_name(it) == "pb") {
        page_marks_.push_back(
            {text_.size(), it.attribute("n").value(), static_cast<bool>(it.attribute("n"))});
      }
      if (it.type() == pugi::node_element && it.first_child()) {
        open.emplace_back(it, begin);
        it = it.first_child();
        continue;
      }
      if (it.type() == pugi::node_element) on_close(it, begin); // an empty element
      while (it && !it.next_sibling()) {
        if (open.empty()) {
          it = pugi::xml_node();
          break;
        }
        it = open.back().first;
        on_close(it, open.back().second);
        open.pop_back();
      }
      if (it) it = it.next_sibling();
    }
    flush_marks();
  }

  void flush_marks() {
    std::stable_sort(emphasis_marks_.begin(), emphasis_marks_.end(), [](const auto &a, const auto &b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    for (const auto &m : emphasis_marks_) {
      if (m.rend.empty()) {
        emphasis_.add(m.begin, m.end, "hi");
      } else {
        const attribute rend{"rend", m.rend};
        emphasis_.add(m.begin, m.end, "hi", {&rend, 1});
      }
    }
    emphasis_marks_.clear();
    for (const auto &p : page_marks_) {
      if (p.has_n) {
        const attribute n{"n", p.n};
        pages_.add(p.at, p.at, "pb", {&n, 1});
      } else {
        pages_.add(p.at, p.at, "pb");
      }
    }
    page_marks_.clear();
    std::stable_sort(sentence_marks_.begin(), sentence_marks_.end(), [](const auto &a, const auto &b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    for (const auto &m : sentence_marks_)
      sentences_.add(m.begin, m.end, "s", "n", m.rend);
    sentence_marks_.clear();
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

  layer read_edits(const pugi::xml_node &stand_off) {
    layer edits{std::string(edits_layer_name)};
    pugi::xml_node list;
    for (auto c = stand_off.first_child(); c; c = c.next_sibling())
      if (is(c, "listAnnotation") && c.attribute("type").value() == names::edits_list_type) list = c;
    if (!list) return edits;
    const offset_map offsets(text_);
    std::size_t previous_end = 0;
    for (auto a = list.first_child(); a; a = a.next_sibling()) {
      if (!is(a, "annotation")) continue;
      const auto note = child(a, "note");
      std::string original = text_of(note);
      if (note.attribute("rend").value() == names::escaped_rend) original = unescape_original(original);
      const std::string_view kind = note.attribute("type").value();
      // One target per edit, separated by whitespace.
      const std::string_view all = a.attribute("target").value();
      for (std::size_t at = 0; at < all.size();) {
        const auto space = all.find_first_of(" \t\n", at);
        const auto one =
            all.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
        at = space == std::string_view::npos ? all.size() : space + 1;
        if (one.empty()) continue;
        const auto target = parse_target(one);
        const auto id = target ? ids_.find(std::string(std::get<0>(*target))) : ids_.end();
        if (!target || id == ids_.end())
          throw parse_error(errc::unsupported_tei,
                            std::string("edit ") + a.attribute("xml:id").value() + " points to '" +
                                std::string(one) + "', which is not a block of this text",
                            error_location{source_, 0, 0, 0});
        const std::size_t start_cp = offsets.to_code_point(text_, id->second) + std::get<1>(*target);
        const std::size_t end_cp = start_cp + std::get<2>(*target);
        if (end_cp > offsets.code_point_count())
          throw parse_error(errc::unsupported_tei,
                            std::string("edit ") + a.attribute("xml:id").value() + " lies outside the text",
                            error_location{source_, 0, 0, 0});
        const std::size_t begin = offsets.to_byte(text_, start_cp);
        const std::size_t end = offsets.to_byte(text_, end_cp);
        if (begin < previous_end)
          throw parse_error(errc::unsupported_tei,
                            std::string("edit ") + a.attribute("xml:id").value() + " is out of order",
                            error_location{source_, 0, 0, 0});
        previous_end = end;
        edits.add(begin, end, kind, edit_original_attribute, original);
      }
    }
    return edits;
  }

  struct emphasis_mark {
    std::size_t begin, end;
    std::string rend;
  };
  struct page_mark {
    std::size_t at;
    std::string n;
    bool has_n;
  };

  std::string_view xml_;
  std::string source_;
  std::string text_;
  metadata meta_;
  std::vector<block> blocks_;
  std::unordered_map<std::string, std::size_t> ids_; // block xml:id -> byte offset in text_
  layer emphasis_{std::string(emphasis_layer_name)};
  layer pages_{std::string(pages_layer_name)};
  layer sentences_{std::string(sentences_layer_name)};
  std::vector<emphasis_mark> sentence_marks_; // rend holds the sentence number
  std::vector<emphasis_mark> emphasis_marks_;
  std::vector<page_mark> page_marks_;
};

} // namespace

document read(std::string_view xml, std::string_view source_name) {
  return reader(xml, std::string(source_name)).run();
}

document read_file(const std::filesystem::path &path) {
  const std::string data = detail::read_whole_file(path);
  return reader(data, path.string()).run();
}

} // namespace alinea::tei
