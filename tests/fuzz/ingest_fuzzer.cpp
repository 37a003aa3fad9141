// SPDX-License-Identifier: MIT
// libFuzzer target for plain-text ingest: arbitrary bytes go to alinea::parse under every option
// preset, and each result is checked against the contracts the headers promise. A crash, a
// sanitizer report, an exception other than the expected parse_error, or a broken contract is a
// finding (contract violations print what broke and trap). See tests/fuzz/README.md.
#include <alinea/document.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

namespace {

// ---------------------------------------------------------------------------------------------
// Reporting

const char *current_preset = "(none)";

[[noreturn]] void violated(const char *what, const char *file, int line, const std::string &detail = {}) {
  std::fprintf(stderr, "\n==alinea-fuzz== contract violated under preset '%s': %s\n  at %s:%d\n",
               current_preset, what, file, line);
  if (!detail.empty()) std::fprintf(stderr, "  %s\n", detail.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

#define FUZZ_CHECK(cond)                                                                                     \
  do {                                                                                                       \
    if (!(cond)) violated(#cond, __FILE__, __LINE__);                                                        \
  } while (0)
#define FUZZ_CHECK_MSG(cond, detail)                                                                         \
  do {                                                                                                       \
    if (!(cond)) violated(#cond, __FILE__, __LINE__, (detail));                                              \
  } while (0)

// ---------------------------------------------------------------------------------------------
// An oracle for the input, written independently of the library's scanner: what parse() must
// do with these bytes (docs/errors.md, ingest.hpp).

constexpr std::string_view bom = "\xEF\xBB\xBF";

enum class problem { none, invalid_utf8, illegal_xml_char };

struct scan_result {
  problem first = problem::none; // first problem in the input (after the BOM)
  std::size_t first_offset = 0;  // its byte offset in the input
  bool any_invalid = false;      // invalid UTF-8 anywhere
  std::size_t first_invalid = 0; // offset of the first invalid sequence
  bool blank = true;             // only spaces, tabs, form feeds, CR and LF after the BOM
};

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if it is not well-formed
// (overlong, surrogate, above U+10FFFF, truncated, stray continuation byte).
std::size_t decode(std::string_view s, std::size_t i, char32_t &cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// What ingest accepts without lenient: XML characters and form feed (a page break).
bool ingest_accepts(char32_t cp) {
  return is_xml_char(cp) || cp == 0xC;
}

scan_result scan_input(std::string_view in) {
  scan_result r;
  const std::size_t start = in.starts_with(bom) ? bom.size() : 0;
  for (std::size_t i = start; i < in.size();) {
    const char c = in[i];
    if (!(c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n')) r.blank = false;
    char32_t cp = 0;
    const std::size_t len = decode(in, i, cp);
    if (len == 0) {
      if (r.first == problem::none) r.first = problem::invalid_utf8, r.first_offset = i;
      if (!r.any_invalid) r.any_invalid = true, r.first_invalid = i;
      ++i;
      continue;
    }
    if (!ingest_accepts(cp) && r.first == problem::none)
      r.first = problem::illegal_xml_char, r.first_offset = i;
    i += len;
  }
  return r;
}

// True if `s` is well-formed UTF-8 holding only XML 1.0 characters.
bool is_xml_text(std::string_view s, std::size_t &bad) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0 || !is_xml_char(cp)) {
      bad = i;
      return false;
    }
    i += len;
  }
  return true;
}

bool on_boundary(std::string_view text, std::size_t at) {
  return at == text.size() || (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

std::string hex_around(std::string_view s, std::size_t at) {
  std::string out = "bytes near offset " + std::to_string(at) + ":";
  const std::size_t from = at > 8 ? at - 8 : 0;
  for (std::size_t i = from; i < s.size() && i < at + 8; ++i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, " %02X", static_cast<unsigned char>(s[i]));
    out += buf;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Presets

struct preset {
  const char *name;
  alinea::parse_options options;
};

alinea::parse_options with(alinea::parse_options o, bool alinea::parse_options::*flag, bool value) {
  o.*flag = value;
  return o;
}

alinea::parse_options lenient(alinea::parse_options o) {
  o.lenient = true;
  return o;
}

using po = alinea::parse_options;

// Strict presets: every document they give must equal the lenient preset's (differential).
const preset strict_presets[] = {
    {"default", po{}},
    {"faithful", po::faithful()},
};

// Lenient presets: accept every valid UTF-8 input that is not blank.
const preset lenient_presets[] = {
    {"default+lenient", lenient(po{})},
    {"faithful+lenient", lenient(po::faithful())},
    {"no-detect_title", lenient(with(po{}, &po::detect_title, false))},
    {"no-detect_structure", lenient(with(po{}, &po::detect_structure, false))},
    {"no-drop_duplicate_title", lenient(with(po{}, &po::drop_duplicate_title, false))},
    {"no-detect_boilerplate", lenient(with(po{}, &po::detect_boilerplate, false))},
    {"no-join_page_breaks", lenient(with(po{}, &po::join_page_breaks, false))},
    {"no-join_lines", lenient(with(po{}, &po::join_lines, false))},
    {"no-dehyphenate", lenient(with(po{}, &po::dehyphenate, false))},
    {"no-remove_page_furniture", lenient(with(po{}, &po::remove_page_furniture, false))},
    {"no-light_markup", lenient(with(po{}, &po::light_markup, false))},
    {"only-light_markup", lenient(with(po::faithful(), &po::light_markup, true))},
    {"only-join_lines+dehyphenate",
     lenient(with(with(po::faithful(), &po::join_lines, true), &po::dehyphenate, true))},
};

// ---------------------------------------------------------------------------------------------
// Contracts of a parsed document

void check_document(const alinea::document &doc, std::string_view input, bool all_offsets) {
  const std::string &text = doc.text();

  // The source is rebuilt byte for byte from the text and the edits layer.
  const std::string source = doc.source_text();
  FUZZ_CHECK_MSG(source == input, "source_text() has " + std::to_string(source.size()) + " bytes, input " +
                                      std::to_string(input.size()));

  // The text is XML-safe: valid UTF-8, XML characters only, LF line ends, no form feeds.
  std::size_t bad = 0;
  FUZZ_CHECK_MSG(is_xml_text(text, bad), hex_around(text, bad));
  FUZZ_CHECK(text.find('\r') == std::string::npos);
  FUZZ_CHECK(text.find('\f') == std::string::npos);
  FUZZ_CHECK(doc.meta().id == "doc");

  // Blocks: inside the text, on character boundaries, in order and not overlapping.
  const auto blocks = doc.blocks();
  FUZZ_CHECK(!blocks.empty());
  std::size_t previous_end = 0, numbered = 0;
  for (const auto &b : blocks) {
    FUZZ_CHECK(b.begin <= b.end);
    FUZZ_CHECK(b.end <= text.size());
    FUZZ_CHECK(on_boundary(text, b.begin) && on_boundary(text, b.end));
    FUZZ_CHECK(b.begin >= previous_end);
    previous_end = b.end;
    if (alinea::is_numbered(b.kind)) {
      ++numbered;
      FUZZ_CHECK(b.n == numbered);
    }
    FUZZ_CHECK(!alinea::block_kind_name(b.kind).empty());
    FUZZ_CHECK((b.kind == alinea::block_kind::heading) || b.division == alinea::division_kind::none);
  }
  if (const auto *t = doc.title_block()) FUZZ_CHECK(doc.meta().title == doc.text_of(*t));

  // Paragraphs are numbered 1, 2, ... and each resolves; 0 and count + 1 do not.
  FUZZ_CHECK(doc.paragraph_count() == numbered);
  for (std::size_t n = 1; n <= doc.paragraph_count(); ++n) {
    const auto &p = doc.paragraph(n);
    FUZZ_CHECK(alinea::is_numbered(p.kind));
    FUZZ_CHECK(p.n == n);
    FUZZ_CHECK(doc.cite(p) == "doc:" + std::to_string(n));
  }
  for (const std::size_t n : {std::size_t{0}, doc.paragraph_count() + 1}) {
    bool threw = false;
    try {
      (void)doc.paragraph(n);
    } catch (const alinea::argument_error &e) {
      threw = e.code() == alinea::errc::unresolved_citation;
    }
    FUZZ_CHECK(threw);
  }

  // Layers: every annotation inside the text, on boundaries; edits in order, with an "orig".
  for (const auto &l : doc.layers()) {
    FUZZ_CHECK(!l.name().empty());
    FUZZ_CHECK(doc.find_layer(l.name()) == &l);
    for (std::size_t i = 0; i < l.size(); ++i) {
      FUZZ_CHECK(l.begin(i) <= l.end(i));
      FUZZ_CHECK(l.end(i) <= text.size());
      FUZZ_CHECK(on_boundary(text, l.begin(i)) && on_boundary(text, l.end(i)));
      if (l.name() == alinea::edits_layer_name) {
        FUZZ_CHECK(i == 0 || l.begin(i) >= l.end(i - 1));
        bool has_orig = false;
        for (const auto &a : l.attributes(i))
          has_orig |= a.name == alinea::edit_original_attribute;
        FUZZ_CHECK(has_orig);
      }
      if (l.name() == alinea::pages_layer_name) FUZZ_CHECK(l.begin(i) == l.end(i));
    }
  }

  // Offsets: code points and bytes convert back and forth. Every offset for the first preset
  // (the map depends only on the text, and each lookup scans up to 256 bytes); for the others,
  // the offsets of blocks and annotations and a sample across the text.
  std::size_t cps = 0;
  for (const char c : text)
    cps += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  FUZZ_CHECK(doc.code_point_count() == cps);
  FUZZ_CHECK(doc.to_byte(cps + 1) == text.size()); // clamped
  const auto check_byte = [&](std::size_t byte) {
    const std::size_t cp = doc.to_code_point(byte);
    FUZZ_CHECK(cp <= cps);
    FUZZ_CHECK(doc.to_byte(cp) == byte);
  };
  const auto check_cp = [&](std::size_t cp) {
    const std::size_t byte = doc.to_byte(cp);
    FUZZ_CHECK(byte <= text.size() && on_boundary(text, byte));
    FUZZ_CHECK(doc.to_code_point(byte) == cp);
  };
  if (all_offsets) {
    std::size_t cp = 0;
    for (std::size_t byte = 0; byte <= text.size(); ++byte) {
      if (!on_boundary(text, byte)) continue;
      FUZZ_CHECK(doc.to_code_point(byte) == cp);
      FUZZ_CHECK(doc.to_byte(cp) == byte);
      ++cp;
    }
    FUZZ_CHECK(cp == cps + 1);
  } else {
    for (const auto &b : blocks)
      check_byte(b.begin), check_byte(b.end);
    for (const auto &l : doc.layers())
      for (std::size_t i = 0; i < l.size(); ++i)
        check_byte(l.begin(i)), check_byte(l.end(i));
    const std::size_t step = cps / 16 + 1;
    for (std::size_t cp = 0; cp <= cps; cp += step)
      check_cp(cp);
    check_cp(cps);
  }
}

// The TEI of a document: written without throwing, deterministic, well-formed XML 1.0.
std::string check_tei(const alinea::document &doc, bool unindented) {
  const std::string xml = alinea::tei::to_string(doc);
  std::size_t bad = 0;
  FUZZ_CHECK_MSG(is_xml_text(xml, bad), "TEI holds a character XML 1.0 forbids; " + hex_around(xml, bad));
  pugi::xml_document parsed;
  const pugi::xml_parse_result r = parsed.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  FUZZ_CHECK_MSG(r.status == pugi::status_ok,
                 std::string("pugixml: ") + r.description() + " at byte " + std::to_string(r.offset));
  FUZZ_CHECK(std::string_view(parsed.document_element().name()) == "TEI");
  FUZZ_CHECK(parsed.document_element().child("teiHeader"));
  FUZZ_CHECK(parsed.document_element().child("text"));
  if (unindented) {
    FUZZ_CHECK(alinea::tei::to_string(doc) == xml); // deterministic
    const std::string flat = alinea::tei::to_string(doc, alinea::tei::write_options{.indent = false});
    pugi::xml_document parsed_flat;
    FUZZ_CHECK(parsed_flat.load_buffer(flat.data(), flat.size()).status == pugi::status_ok);
  }
  return xml;
}

#if ALINEA_FUZZ_TEI_READ
// Reading the TEI back gives the document again, and with it the source.
void check_tei_read(const alinea::document &doc, const std::string &xml, std::string_view input) {
  const alinea::document back = alinea::tei::read(xml);
  FUZZ_CHECK(back.source_text() == input);
  if (back == doc) return;
  std::string diff;
  if (back.text() != doc.text()) diff += " text;";
  if (!(back.meta() == doc.meta())) diff += " metadata;";
  if (!std::equal(back.blocks().begin(), back.blocks().end(), doc.blocks().begin(), doc.blocks().end()))
    diff += " blocks;";
  for (const auto &l : doc.layers()) {
    const auto *other = back.find_layer(l.name());
    if (!other || !(*other == l)) diff += " layer " + l.name() + ";";
  }
  for (const auto &l : back.layers())
    if (!doc.find_layer(l.name())) diff += " extra layer " + l.name() + ";";
  violated("read(to_string(doc)) == doc", __FILE__, __LINE__, "differs in:" + diff);
}
#endif

// Parses under one preset. Returns true and fills `doc` on success; on parse_error checks that
// the error is the one the oracle predicts.
bool parse_checked(std::string_view input, const preset &p, const scan_result &expect,
                   alinea::document &doc) {
  current_preset = p.name;
  try {
    doc = alinea::parse(input, p.options);
  } catch (const alinea::parse_error &e) {
    const std::string what = e.what();
    if (p.options.lenient) {
      FUZZ_CHECK_MSG(e.code() != alinea::errc::illegal_xml_char, what);
      if (expect.any_invalid) {
        FUZZ_CHECK_MSG(e.code() == alinea::errc::invalid_utf8, what);
        FUZZ_CHECK_MSG(e.where().offset == expect.first_invalid, what);
      } else {
        FUZZ_CHECK_MSG(e.code() == alinea::errc::empty_input && expect.blank, what);
      }
    } else if (expect.first == problem::invalid_utf8) {
      FUZZ_CHECK_MSG(e.code() == alinea::errc::invalid_utf8, what);
      FUZZ_CHECK_MSG(e.where().offset == expect.first_offset, what);
    } else if (expect.first == problem::illegal_xml_char) {
      FUZZ_CHECK_MSG(e.code() == alinea::errc::illegal_xml_char, what);
      FUZZ_CHECK_MSG(e.where().offset == expect.first_offset, what);
    } else {
      FUZZ_CHECK_MSG(e.code() == alinea::errc::empty_input && expect.blank, what);
    }
    FUZZ_CHECK(e.where().line >= 1 && e.where().column >= 1);
    return false;
  }
  // It parsed: the input must be one the oracle accepts.
  FUZZ_CHECK(!expect.blank);
  FUZZ_CHECK(!expect.any_invalid);
  FUZZ_CHECK(p.options.lenient || expect.first == problem::none);
  return true;
}

void run(std::string_view input) {
  const scan_result expect = scan_input(input);

  alinea::document lenient_docs[std::size(strict_presets)];
  for (std::size_t i = 0; i < std::size(lenient_presets); ++i) {
    const preset &p = lenient_presets[i];
    alinea::document doc;
    if (!parse_checked(input, p, expect, doc)) {
      // Invalid or blank input: every preset fails, each with the error the oracle predicts.
      for (const preset &s : strict_presets)
        FUZZ_CHECK(!parse_checked(input, s, expect, doc));
      return;
    }
    check_document(doc, input, i == 0);
    const std::string xml = check_tei(doc, i == 0);
#if ALINEA_FUZZ_TEI_READ
    check_tei_read(doc, xml, input);
#else
    (void)xml;
#endif
    if (i < std::size(strict_presets)) lenient_docs[i] = std::move(doc);
  }
  // Without lenient, a document is the same as with it (lenient only changes what fails).
  for (std::size_t i = 0; i < std::size(strict_presets); ++i) {
    alinea::document doc;
    if (parse_checked(input, strict_presets[i], expect, doc)) FUZZ_CHECK(doc == lenient_docs[i]);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  try {
    run(input);
  } catch (const std::exception &e) {
    violated("unexpected exception", __FILE__, __LINE__, std::string(typeid(e).name()) + ": " + e.what());
  } catch (...) {
    violated("unexpected non-std exception", __FILE__, __LINE__);
  }
  return 0;
}
