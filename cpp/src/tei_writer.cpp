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
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <unistd.h>
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

void write_header(tei_emitter &e, const document &doc) {
  const auto &meta = doc.meta();
  e.open("teiHeader");
  e.open("fileDesc");
  e.open("titleStmt");
  if (!meta.title.empty())
    e.leaf("title", meta.title);
  else
    e.leaf("title", "Untitled (" + meta.id + ")", {{"type", names::untitled_type}});
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

// An inline element to write inside a block: hi from the emphasis layer, pb from the pages layer.
struct inline_mark {
  std::size_t begin, end;
  const layer *from;
  std::size_t index;
};

// Writes the content of one block: its text with inline elements and <lb/> at line starts.
class block_content_writer {
public:
  explicit block_content_writer(const document &doc) : doc_(doc) {
    // In this order, so that at equal spans a sentence encloses emphasis.
    for (const auto name : {sentences_layer_name, emphasis_layer_name, pages_layer_name})
      if (const layer *l = doc.find_layer(name))
        for (std::size_t i = 0; i < l->size(); ++i)
          marks_.push_back({l->begin(i), l->end(i), l, i});
    std::stable_sort(marks_.begin(), marks_.end(), [](const inline_mark &a, const inline_mark &b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
  }

  void write(tei_emitter &e, const block &b) {
    const std::string_view text = doc_.text();
    std::size_t at = b.begin;
    open_.clear();
    // Marks that start in this block (an empty mark at a block boundary goes to the next block).
    while (next_ < marks_.size() && marks_[next_].begin < b.begin)
      ++next_;
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
      while (!open_.empty() && marks_[open_.back()].end <= pos) {
        flush_text(marks_[open_.back()].end);
        e.end_leaf(element_of(marks_[open_.back()]));
        open_.pop_back();
      }
    };
    // An empty block (a quote of only ">") takes the empty marks at its position, or they are lost.
    // So does an empty mark at the very end of the text (a trailing page break): it has no later
    // block to go to, so the block that ends there takes it.
    while (next_ < marks_.size() &&
           (marks_[next_].begin < b.end || (b.begin == b.end && marks_[next_].end == b.begin) ||
            (b.end == text.size() && marks_[next_].begin == b.end && marks_[next_].end == b.end))) {
      const auto &m = marks_[next_];
      if (m.end > b.end) break; // crosses the block: not written inline
      close_until(m.begin);
      flush_text(m.begin);
      if (m.begin == m.end) {
        write_empty(e, m);
      } else {
        write_start(e, m, b);
        open_.push_back(next_);
      }
      ++next_;
    }
    // A page break exactly at the end of the last block still belongs to it.
    close_until(b.end);
    flush_text(b.end);
    while (!open_.empty()) {
      e.end_leaf(element_of(marks_[open_.back()]));
      open_.pop_back();
    }
  }

private:
  static std::string_view element_of(const inline_mark &m) { return m.from->type(m.index); }

  void write_start(tei_emitter &e, const inline_mark &m, const block &b) {
    if (m.from->name() == sentences_layer_name) { // <s xml:id="p7.s2" n="2">
      const auto n = m.from->attribute_value(m.index, "n");
      id_.assign(names::paragraph_id_prefix);
      id_ += std::to_string(b.n);
      id_ += names::sentence_id_infix;
      id_ += n;
      e.start_tag("s", tei_emitter::attribute_list{{"xml:id", id_}, {"n", n}});
      e.raw(">");
      return;
    }
    const auto rend = m.from->attribute_value(m.index, "rend");
    if (rend.empty())
      e.start_tag(element_of(m), tei_emitter::attribute_list{});
    else
      e.start_tag(element_of(m), tei_emitter::attribute_list{{"rend", rend}});
    e.raw(">");
  }
  void write_empty(tei_emitter &e, const inline_mark &m) {
    const auto n = m.from->attribute_value(m.index, "n");
    if (n.empty())
      e.inline_empty(element_of(m), {});
    else
      e.inline_empty(element_of(m), {{"n", n}});
  }

  const document &doc_;
  std::vector<inline_mark> marks_;
  std::size_t next_ = 0;
  std::vector<std::size_t> open_;
  std::string id_;
};

// Tracks which containers (front, body, div, list, back...) are open and opens and closes
// them as the blocks require, so that the elements nest as TEI wants.
class structure_writer {
public:
  structure_writer(tei_emitter &e, const document &doc) : e_(e), doc_(doc), content_(doc) {}

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
    content_.write(e_, b);
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
      content_.write(e_, b);
      e_.end_leaf("p");
      close_to(0);
      return;
    }
    case block_kind::paragraph: {
      close_to(0);
      const std::string n = std::to_string(b.n);
      const std::string id = block_id(b, index);
      e_.start_leaf("p", {{"xml:id", id}, {"n", n}});
      content_.write(e_, b);
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
  e.open("standOff");
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
  e.close("standOff");
}

} // namespace

void write(const document &doc, sink &s, const write_options &options) {
  xml_out out(s);
  out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  tei_emitter e(out, options);
  e.open("TEI", {{"xmlns", names::tei_namespace}});
  write_header(e, doc);
  e.open("text");
  structure_writer(e, doc).write_all();
  e.close("text");
  write_edits(e, doc);
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
