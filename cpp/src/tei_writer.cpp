// SPDX-License-Identifier: MIT
// Streaming TEI P5 writer: no DOM is built; the XML goes straight into a buffered sink.
#include "tei_names.hpp"

#include <alinea/error.hpp>
#include <alinea/tei.hpp>
#include <alinea/version.hpp>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace alinea::tei {
namespace {

// Escape classes: 0 plain, 1 escaped in text and attributes, 2 escaped in attributes only.
constexpr std::array<std::uint8_t, 256> escape_class = [] {
  std::array<std::uint8_t, 256> t{};
  t['&'] = t['<'] = t['>'] = 1;
  t['"'] = t['\t'] = t['\n'] = t['\r'] = 2;
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

  void open(std::string_view name,
            std::initializer_list<std::pair<std::string_view, std::string_view>> attrs = {}) {
    newline();
    start_tag(name, attrs);
    out_.raw(">");
    ++depth_;
  }
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
  void start_tag(std::string_view name,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
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
  void end_tag(std::string_view name) {
    out_.raw("</");
    out_.raw(name);
    out_.raw(">");
  }

  xml_out &out_;
  bool indent_;
  std::size_t depth_ = 0;
};

void write_header(tei_emitter &e, const document &doc) {
  const auto &meta = doc.meta();
  const std::string title = !meta.title.empty() ? meta.title : "Untitled (" + meta.id + ")";
  e.open("teiHeader");
  e.open("fileDesc");
  e.open("titleStmt");
  e.leaf("title", title);
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
  e.open("refsDecl");
  e.empty("citeStructure", {{"unit", "paragraph"}, {"match", "/TEI/text/body/div/p"}, {"use", "@n"}});
  e.close("refsDecl");
  e.close("encodingDesc");
  e.close("teiHeader");
}

} // namespace

void write(const document &doc, sink &s, const write_options &options) {
  xml_out out(s);
  out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  tei_emitter e(out, options);
  e.open("TEI", {{"xmlns", names::tei_namespace}});
  write_header(e, doc);
  e.open("text");
  if (const block *title = doc.title_block()) {
    e.open("front");
    e.open("docTitle");
    e.leaf("titlePart", doc.text_of(*title), {{"type", "main"}});
    e.close("docTitle");
    e.close("front");
  }
  e.open("body");
  e.open("div");
  std::string id(names::paragraph_id_prefix);
  std::string n;
  for (const block &b : doc.blocks()) {
    if (b.kind != block_kind::paragraph) continue;
    n = std::to_string(b.n);
    id.resize(names::paragraph_id_prefix.size());
    id += n;
    e.leaf("p", doc.text_of(b), {{"xml:id", id}, {"n", n}});
  }
  e.close("div");
  e.close("body");
  e.close("text");
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
