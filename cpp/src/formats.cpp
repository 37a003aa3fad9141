// SPDX-License-Identifier: MIT
// JSON, Web Annotation and plain-text forms of a document. A small JSON writer and a small,
// strict, depth-limited JSON reader live here: alinea takes no JSON dependency.
#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/formats.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace alinea {
namespace {

// ---------------------------------------------------------------------------------------------
// Writing

/// Appends `s` as a JSON string (RFC 8259): quote, backslash and control characters escaped,
/// everything else (UTF-8 included) passed through.
void put_string(std::string &out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0; // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  out.append(s.substr(run));
  out += '"';
}

void put_key(std::string &out, std::string_view key) {
  put_string(out, key);
  out += ':';
}

void put_number(std::string &out, std::size_t n) {
  out += std::to_string(n);
}

// The shortest decimal that reads back as exactly `x`.
void put_double(std::string &out, double x) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
}

// ,"annotator":...,"version":...,"confidence":... for what is known of annotation i.
void put_provenance(std::string &out, const layer &l, std::size_t i) {
  const provenance p = l.made_by(i);
  if (!p.annotator.empty()) {
    out += ',';
    put_key(out, "annotator");
    put_string(out, p.annotator);
  }
  if (!p.version.empty()) {
    out += ',';
    put_key(out, "version");
    put_string(out, p.version);
  }
  if (p.confidence) {
    out += ',';
    put_key(out, "confidence");
    put_double(out, *p.confidence);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

struct json_value {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind k = kind::null;
  bool b = false;
  std::string s;                 // string value, or the text of a number
  std::vector<json_value> items; // array items, or object member values
  std::vector<std::string> keys; // object member names (parallel to items)
  std::size_t offset = 0;        // byte offset of the value in the input
};

constexpr int max_depth = 64;

class json_reader {
public:
  explicit json_reader(std::string_view in) : in_(in) {}

  json_value read_document() {
    skip_space();
    json_value v = read_value(0);
    skip_space();
    if (pos_ != in_.size()) fail("unexpected text after the JSON value");
    return v;
  }

  [[noreturn]] void fail(const std::string &what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(std::size_t at, const std::string &what) const {
    auto where = detail::locate(in_, std::min(at, in_.size()), "");
    where.offset = at;
    throw parse_error(errc::invalid_json, "invalid JSON at byte " + std::to_string(at) + ": " + what, where);
  }

private:
  void skip_space() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r'))
      ++pos_;
  }

  bool at_end() const { return pos_ >= in_.size(); }

  void expect_literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) fail("unexpected character");
    pos_ += word.size();
  }

  json_value read_value(int depth) {
    if (at_end()) fail("unexpected end of input");
    json_value v;
    v.offset = pos_;
    const char c = in_[pos_];
    switch (c) {
    case '{':
      read_object(v, depth + 1);
      break;
    case '[':
      read_array(v, depth + 1);
      break;
    case '"':
      v.k = json_value::kind::string;
      v.s = read_string();
      break;
    case 't':
      expect_literal("true");
      v.k = json_value::kind::boolean;
      v.b = true;
      break;
    case 'f':
      expect_literal("false");
      v.k = json_value::kind::boolean;
      break;
    case 'n':
      expect_literal("null");
      break;
    default:
      if (c == '-' || (c >= '0' && c <= '9')) {
        v.k = json_value::kind::number;
        v.s = read_number();
      } else {
        fail("unexpected character");
      }
    }
    return v;
  }

  void read_object(json_value &v, int depth) {
    if (depth > max_depth) fail("nesting deeper than " + std::to_string(max_depth));
    v.k = json_value::kind::object;
    ++pos_; // {
    skip_space();
    if (!at_end() && in_[pos_] == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_space();
      if (at_end() || in_[pos_] != '"') fail("expected a member name");
      const std::size_t key_at = pos_;
      std::string key = read_string();
      if (std::find(v.keys.begin(), v.keys.end(), key) != v.keys.end())
        fail_at(key_at, "duplicate member \"" + key + "\"");
      skip_space();
      if (at_end() || in_[pos_] != ':') fail("expected ':'");
      ++pos_;
      skip_space();
      v.keys.push_back(std::move(key));
      v.items.push_back(read_value(depth));
      skip_space();
      if (at_end()) fail("unexpected end of input in an object");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] == '}') {
        ++pos_;
        return;
      }
      fail("expected ',' or '}'");
    }
  }

  void read_array(json_value &v, int depth) {
    if (depth > max_depth) fail("nesting deeper than " + std::to_string(max_depth));
    v.k = json_value::kind::array;
    ++pos_; // [
    skip_space();
    if (!at_end() && in_[pos_] == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_space();
      v.items.push_back(read_value(depth));
      skip_space();
      if (at_end()) fail("unexpected end of input in an array");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] == ']') {
        ++pos_;
        return;
      }
      fail("expected ',' or ']'");
    }
  }

  std::string read_number() {
    const std::size_t start = pos_;
    auto digit = [&] { return !at_end() && in_[pos_] >= '0' && in_[pos_] <= '9'; };
    if (in_[pos_] == '-') ++pos_;
    if (!digit()) fail("malformed number");
    if (in_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit())
        ++pos_;
    }
    if (!at_end() && in_[pos_] == '.') {
      ++pos_;
      if (!digit()) fail("malformed number");
      while (digit())
        ++pos_;
    }
    if (!at_end() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (!at_end() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      if (!digit()) fail("malformed number");
      while (digit())
        ++pos_;
    }
    return std::string(in_.substr(start, pos_ - start));
  }

  unsigned read_hex4() {
    if (in_.size() - pos_ < 4) fail("truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = in_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9')
        v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<unsigned>(h - 'A' + 10);
      else
        fail_at(pos_ - 1, "malformed \\u escape");
    }
    return v;
  }

  static void append_utf8(std::string &out, char32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Length of the well-formed UTF-8 sequence at pos_, or 0.
  std::size_t utf8_length() const {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(in_[pos_ + i]); };
    const std::size_t left = in_.size() - pos_;
    const unsigned char c = b(0);
    auto cont = [&](std::size_t i) { return i < left && (b(i) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
      if (!cont(1) || !cont(2)) return 0;
      if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
      if (c == 0xED && b(1) >= 0xA0) return 0; // surrogate
      return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      if (!cont(1) || !cont(2) || !cont(3)) return 0;
      if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
      if (c == 0xF4 && b(1) >= 0x90) return 0; // above U+10FFFF
      return 4;
    }
    return 0;
  }

  std::string read_string() {
    ++pos_; // opening quote
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) fail("control character in a string (escape it)");
      if (c == '\\') {
        ++pos_;
        if (at_end()) fail("unterminated string");
        const char e = in_[pos_++];
        switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const std::size_t at = pos_ - 2;
          char32_t cp = read_hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail_at(at, "unpaired surrogate in a \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (in_.substr(pos_, 2) != "\\u") fail_at(at, "unpaired surrogate in a \\u escape");
            pos_ += 2;
            const char32_t low = read_hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail_at(at, "unpaired surrogate in a \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          fail_at(pos_ - 1, "unknown escape");
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      const std::size_t n = utf8_length();
      if (n == 0) fail("invalid UTF-8");
      out.append(in_.substr(pos_, n));
      pos_ += n;
    }
  }

  std::string_view in_;
  std::size_t pos_ = 0;
};

// Typed access to the parsed value, failing with the reader's location.
class accessor {
public:
  explicit accessor(const json_reader &r) : r_(r) {}

  const json_value *find(const json_value &obj, std::string_view key) const {
    for (std::size_t i = 0; i < obj.keys.size(); ++i)
      if (obj.keys[i] == key) return &obj.items[i];
    return nullptr;
  }
  const json_value &member(const json_value &obj, std::string_view key) const {
    const auto *v = find(obj, key);
    if (!v) r_.fail_at(obj.offset, "missing member \"" + std::string(key) + "\"");
    return *v;
  }
  const json_value &object(const json_value &v, std::string_view what) const {
    if (v.k != json_value::kind::object) r_.fail_at(v.offset, std::string(what) + " must be an object");
    return v;
  }
  const json_value &array(const json_value &v, std::string_view what) const {
    if (v.k != json_value::kind::array) r_.fail_at(v.offset, std::string(what) + " must be an array");
    return v;
  }
  const std::string &string(const json_value &v, std::string_view what) const {
    if (v.k != json_value::kind::string) r_.fail_at(v.offset, std::string(what) + " must be a string");
    return v.s;
  }
  std::uint64_t unsigned_integer(const json_value &v, std::string_view what) const {
    std::uint64_t n = 0;
    if (v.k == json_value::kind::number) {
      const auto *first = v.s.data();
      const auto *last = first + v.s.size();
      const auto [ptr, ec] = std::from_chars(first, last, n);
      if (ec == std::errc() && ptr == last) return n;
    }
    r_.fail_at(v.offset, std::string(what) + " must be a non-negative integer");
  }
  double number(const json_value &v, std::string_view what) const {
    double x = 0;
    if (v.k == json_value::kind::number) {
      const auto *first = v.s.data();
      const auto *last = first + v.s.size();
      const auto [ptr, ec] = std::from_chars(first, last, x);
      if (ec == std::errc() && ptr == last) return x;
    }
    r_.fail_at(v.offset, std::string(what) + " must be a number");
  }
  [[noreturn]] void fail(const json_value &v, const std::string &what) const { r_.fail_at(v.offset, what); }

private:
  const json_reader &r_;
};

block_kind block_kind_from_name(const accessor &a, const json_value &v) {
  const auto &name = a.string(v, "\"kind\"");
  for (int k = 0; k <= static_cast<int>(block_kind::boilerplate); ++k)
    if (block_kind_name(static_cast<block_kind>(k)) == name) return static_cast<block_kind>(k);
  a.fail(v, "unknown block kind \"" + name + "\"");
}

division_kind division_kind_from_name(const accessor &a, const json_value &v) {
  const auto &name = a.string(v, "\"division\"");
  for (int k = 0; k <= static_cast<int>(division_kind::scene); ++k)
    if (division_kind_name(static_cast<division_kind>(k)) == name) return static_cast<division_kind>(k);
  a.fail(v, "unknown division kind \"" + name + "\"");
}

} // namespace

// ---------------------------------------------------------------------------------------------
// JSON

std::string to_json(const document &doc) {
  std::string out;
  out.reserve(doc.text().size() + doc.text().size() / 8 + 256);
  out += '{';
  put_key(out, "alinea");
  put_string(out, version);
  out += ',';
  put_key(out, "format");
  put_number(out, static_cast<std::size_t>(json_format_version));
  out += ',';
  put_key(out, "id");
  put_string(out, doc.meta().id);
  out += ',';
  put_key(out, "title");
  put_string(out, doc.meta().title);
  out += ',';
  put_key(out, "source");
  put_string(out, doc.meta().source);
  out += ',';
  put_key(out, "offsets");
  put_string(out, "code points");
  out += ',';
  put_key(out, "text");
  put_string(out, doc.text());
  out += ',';
  put_key(out, "blocks");
  out += '[';
  bool first = true;
  for (const auto &b : doc.blocks()) {
    if (!first) out += ',';
    first = false;
    out += '{';
    put_key(out, "kind");
    put_string(out, block_kind_name(b.kind));
    out += ',';
    put_key(out, "start");
    put_number(out, doc.to_code_point(b.begin));
    out += ',';
    put_key(out, "end");
    put_number(out, doc.to_code_point(b.end));
    out += ',';
    put_key(out, "n");
    put_number(out, b.n);
    out += ',';
    put_key(out, "division");
    put_string(out, division_kind_name(b.division));
    out += '}';
  }
  out += "],";
  put_key(out, "layers");
  out += '[';
  first = true;
  for (const auto &l : doc.layers()) {
    if (!first) out += ',';
    first = false;
    out += '{';
    put_key(out, "name");
    put_string(out, l.name());
    out += ',';
    put_key(out, "annotations");
    out += '[';
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (i != 0) out += ',';
      out += '{';
      put_key(out, "start");
      put_number(out, doc.to_code_point(l.begin(i)));
      out += ',';
      put_key(out, "end");
      put_number(out, doc.to_code_point(l.end(i)));
      out += ',';
      put_key(out, "type");
      put_string(out, l.type(i));
      out += ',';
      // Attributes as an object {"name": "value"} in their order; as an array of [name, value]
      // pairs in the rare case of a name repeated, which an object cannot hold.
      put_key(out, "attributes");
      const auto attrs = l.attributes(i);
      bool repeated = false;
      for (auto x = attrs.begin(); x != attrs.end() && !repeated; ++x) {
        auto y = x;
        for (++y; y != attrs.end(); ++y)
          if ((*x).name == (*y).name) {
            repeated = true;
            break;
          }
      }
      out += repeated ? '[' : '{';
      bool first_attribute = true;
      for (const auto attr : attrs) {
        if (!first_attribute) out += ',';
        first_attribute = false;
        if (repeated) out += '[';
        put_string(out, attr.name);
        out += repeated ? ',' : ':';
        put_string(out, attr.value);
        if (repeated) out += ']';
      }
      out += repeated ? ']' : '}';
      put_provenance(out, l, i);
      out += '}'; // the annotation
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

document from_json(std::string_view json) {
  json_reader reader(json);
  const json_value root = reader.read_document();
  const accessor a(reader);
  a.object(root, "the document");

  const auto &format = a.member(root, "format");
  if (a.unsigned_integer(format, "\"format\"") != static_cast<std::uint64_t>(json_format_version))
    a.fail(format, "unsupported format " + format.s + " (this version reads format " +
                       std::to_string(json_format_version) + ")");
  a.string(a.member(root, "alinea"), "\"alinea\"");
  if (const auto *offsets = a.find(root, "offsets");
      offsets && a.string(*offsets, "\"offsets\"") != "code points")
    a.fail(*offsets, "unsupported offsets \"" + offsets->s + "\" (expected \"code points\")");

  metadata meta;
  meta.id = a.string(a.member(root, "id"), "\"id\"");
  if (const auto *t = a.find(root, "title")) meta.title = a.string(*t, "\"title\"");
  if (const auto *s = a.find(root, "source")) meta.source = a.string(*s, "\"source\"");
  std::string text = a.string(a.member(root, "text"), "\"text\"");

  // Byte offset of every code point, and of the end.
  std::vector<std::size_t> byte_of;
  byte_of.reserve(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!detail::is_continuation(static_cast<unsigned char>(text[i]))) byte_of.push_back(i);
  byte_of.push_back(text.size());
  auto to_byte = [&](const json_value &v, std::string_view what) {
    const auto cp = a.unsigned_integer(v, what);
    if (cp >= byte_of.size())
      a.fail(v, std::string(what) + " " + std::to_string(cp) + " is beyond the end of the text (" +
                    std::to_string(byte_of.size() - 1) + " code points)");
    return byte_of[static_cast<std::size_t>(cp)];
  };

  std::vector<block> blocks;
  for (const auto &jb : a.array(a.member(root, "blocks"), "\"blocks\"").items) {
    a.object(jb, "a block");
    block b;
    b.kind = block_kind_from_name(a, a.member(jb, "kind"));
    b.begin = to_byte(a.member(jb, "start"), "\"start\"");
    b.end = to_byte(a.member(jb, "end"), "\"end\"");
    if (b.begin > b.end) a.fail(jb, "a block's start is after its end");
    if (const auto *n = a.find(jb, "n")) {
      const auto value = a.unsigned_integer(*n, "\"n\"");
      if (value > UINT32_MAX) a.fail(*n, "\"n\" is too large");
      b.n = static_cast<std::uint32_t>(value);
    }
    if (const auto *d = a.find(jb, "division")) b.division = division_kind_from_name(a, *d);
    blocks.push_back(b);
  }

  std::vector<layer> layers;
  std::vector<attribute> attributes;
  if (const auto *jlayers = a.find(root, "layers")) {
    for (const auto &jl : a.array(*jlayers, "\"layers\"").items) {
      a.object(jl, "a layer");
      const auto &jname = a.member(jl, "name");
      std::optional<layer> made;
      try {
        made.emplace(a.string(jname, "\"name\""));
      } catch (const argument_error &e) {
        a.fail(jname, e.detail());
      }
      layer &l = *made;
      for (const auto &ja : a.array(a.member(jl, "annotations"), "\"annotations\"").items) {
        a.object(ja, "an annotation");
        const auto begin = to_byte(a.member(ja, "start"), "\"start\"");
        const auto end = to_byte(a.member(ja, "end"), "\"end\"");
        if (begin > end) a.fail(ja, "an annotation's start is after its end");
        const auto &type = a.string(a.member(ja, "type"), "\"type\"");
        attributes.clear();
        if (const auto *jattrs = a.find(ja, "attributes")) {
          if (jattrs->k == json_value::kind::object) { // {"name": "value"} is accepted too
            for (std::size_t k = 0; k < jattrs->keys.size(); ++k)
              attributes.push_back({jattrs->keys[k], a.string(jattrs->items[k], "an attribute value")});
          } else {
            for (const auto &pair : a.array(*jattrs, "\"attributes\"").items) {
              if (pair.k != json_value::kind::array || pair.items.size() != 2)
                a.fail(pair, "an attribute must be a [name, value] pair");
              attributes.push_back({a.string(pair.items[0], "an attribute name"),
                                    a.string(pair.items[1], "an attribute value")});
            }
          }
        }
        provenance made_by;
        if (const auto *v = a.find(ja, "annotator")) made_by.annotator = a.string(*v, "\"annotator\"");
        if (const auto *v = a.find(ja, "version")) made_by.version = a.string(*v, "\"version\"");
        if (const auto *v = a.find(ja, "confidence")) made_by.confidence = a.number(*v, "\"confidence\"");
        try {
          l.add(begin, end, type, attributes, made_by);
        } catch (const argument_error &e) {
          a.fail(ja, e.detail());
        }
      }
      layers.push_back(std::move(l));
    }
  }

  try {
    return document(std::move(text), std::move(meta), std::move(blocks), std::move(layers));
  } catch (const argument_error &e) {
    reader.fail_at(0, "not a valid document: " + e.detail());
  }
}

// ---------------------------------------------------------------------------------------------
// Web Annotation

std::string to_web_annotations(const document &doc, std::string_view source_uri, bool include_edits) {
  return to_web_annotations(doc, web_annotation_options{std::string(source_uri), include_edits});
}

std::string to_web_annotations(const document &doc, const web_annotation_options &options) {
  const std::string source = options.source_uri.empty() ? "urn:alinea:" + doc.meta().id : options.source_uri;
  const std::string_view text = doc.text();
  const std::size_t count = doc.code_point_count();

  std::size_t total = 0;
  for (const auto &l : doc.layers())
    if (options.include_edits || l.name() != edits_layer_name) total += l.size();

  std::string out;
  out += '{';
  put_key(out, "@context");
  out += "[\"http://www.w3.org/ns/anno.jsonld\",{\"alinea\":\"urn:alinea:ns:\"}],";
  put_key(out, "id");
  put_string(out, "urn:alinea:" + doc.meta().id + ":annotations");
  out += ',';
  put_key(out, "type");
  put_string(out, "AnnotationCollection");
  out += ',';
  put_key(out, "label");
  put_string(out, doc.meta().title.empty() ? doc.meta().id : doc.meta().title);
  out += ',';
  put_key(out, "alinea:offsets");
  put_string(out, "code points");
  out += ',';
  put_key(out, "alinea:note");
  put_string(out, "TextPositionSelector start and end count Unicode code points of the document's "
                  "normalized text, end exclusive");
  out += ',';
  put_key(out, "total");
  put_number(out, total);
  out += ',';
  put_key(out, "first");
  out += '{';
  put_key(out, "type");
  put_string(out, "AnnotationPage");
  out += ',';
  put_key(out, "startIndex");
  out += "0,";
  put_key(out, "items");
  out += '[';
  bool first = true;
  for (const auto &l : doc.layers()) {
    if (!options.include_edits && l.name() == edits_layer_name) continue;
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (!first) out += ',';
      first = false;
      const std::size_t start = doc.to_code_point(l.begin(i));
      const std::size_t end = doc.to_code_point(l.end(i));
      const std::size_t prefix_begin = doc.to_byte(start > options.context ? start - options.context : 0);
      const std::size_t suffix_end = doc.to_byte(std::min(count, end + options.context));
      out += '{';
      put_key(out, "id");
      put_string(out, "urn:alinea:" + doc.meta().id + ":" + l.name() + ":" + std::to_string(i + 1));
      out += ',';
      put_key(out, "type");
      put_string(out, "Annotation");
      out += ',';
      put_key(out, "motivation");
      put_string(out, "tagging");
      out += ',';
      put_key(out, "alinea:layer");
      put_string(out, l.name());
      out += ',';
      // Provenance: the annotator as the Web Annotation creator (software or person alike:
      // alinea cannot tell), its version and the confidence in alinea's own terms.
      if (const provenance p = l.made_by(i); !p.annotator.empty() || !p.version.empty() || p.confidence) {
        if (!p.annotator.empty()) {
          put_key(out, "creator");
          out += '{';
          put_key(out, "name");
          put_string(out, p.annotator);
          if (!p.version.empty()) {
            out += ',';
            put_key(out, "alinea:version");
            put_string(out, p.version);
          }
          out += "},";
        } else if (!p.version.empty()) {
          put_key(out, "alinea:version");
          put_string(out, p.version);
          out += ',';
        }
        if (p.confidence) {
          put_key(out, "alinea:confidence");
          put_double(out, *p.confidence);
          out += ',';
        }
      }
      put_key(out, "body");
      out += '[';
      out += "{\"type\":\"TextualBody\",\"purpose\":\"tagging\",\"value\":";
      put_string(out, l.type(i));
      out += '}';
      for (const auto attr : l.attributes(i)) {
        out += ",{\"type\":\"TextualBody\",\"purpose\":\"describing\",\"alinea:attribute\":";
        put_string(out, attr.name);
        out += ",\"value\":";
        put_string(out, attr.value);
        out += '}';
      }
      out += "],";
      put_key(out, "target");
      out += '{';
      put_key(out, "source");
      put_string(out, source);
      out += ',';
      put_key(out, "selector");
      out += "[{\"type\":\"TextQuoteSelector\",\"exact\":";
      put_string(out, text.substr(l.begin(i), l.end(i) - l.begin(i)));
      out += ",\"prefix\":";
      put_string(out, text.substr(prefix_begin, l.begin(i) - prefix_begin));
      out += ",\"suffix\":";
      put_string(out, text.substr(l.end(i), suffix_end - l.end(i)));
      out += "},{\"type\":\"TextPositionSelector\",\"start\":";
      put_number(out, start);
      out += ",\"end\":";
      put_number(out, end);
      out += "}]}}";
    }
  }
  out += "]}}";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plain text

std::string to_plain_text(const document &doc) {
  std::string out;
  out.reserve(doc.text().size() + doc.paragraph_count() * 8 + doc.meta().title.size() + 4);
  if (!doc.title_block() && !doc.meta().title.empty()) out += doc.meta().title;
  for (const auto &b : doc.blocks()) {
    if (!out.empty()) out += "\n\n";
    if (is_numbered(b.kind)) {
      out += '[';
      out += std::to_string(b.n);
      out += "] ";
    }
    out += doc.text_of(b);
  }
  out += '\n';
  return out;
}

} // namespace alinea
