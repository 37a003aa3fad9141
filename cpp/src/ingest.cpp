// SPDX-License-Identifier: MIT
// Plain text to document: validation, line-end and whitespace normalization (each change
// recorded as an edit), blocks separated by blank lines, title detection.
#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>

#include <range/v3/view/chunk_by.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

namespace alinea {
namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view replacement_char = "\xEF\xBF\xBD"; // U+FFFD

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\f';
}

// One physical line of the source: content [begin, end), line end [end, next).
struct line {
  std::size_t begin;
  std::size_t end;
  std::size_t next;
  bool blank;
};

// Splits the source into lines; LF, CRLF and CR all end a line.
std::vector<line> split_lines(std::string_view src, std::size_t from) {
  std::vector<line> lines;
  lines.reserve(src.size() / 64 + 1);
  const bool has_cr = std::memchr(src.data() + from, '\r', src.size() - from) != nullptr;
  std::size_t at = from;
  while (at < src.size()) {
    std::size_t end;
    if (has_cr) {
      end = src.find_first_of("\r\n", at);
    } else {
      const void *nl = std::memchr(src.data() + at, '\n', src.size() - at);
      end =
          nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - src.data()) : std::string_view::npos;
    }
    if (end == std::string_view::npos) end = src.size();
    std::size_t next = end;
    if (next < src.size())
      next += (src[next] == '\r' && next + 1 < src.size() && src[next + 1] == '\n') ? 2 : 1;
    const auto content = src.substr(at, end - at);
    const bool blank = std::all_of(content.begin(), content.end(), is_space);
    lines.push_back({at, end, next, blank});
    at = next;
  }
  return lines;
}

// Line and column (both from 1, the column in code points) of byte `offset` of `src`.
error_location locate(std::string_view src, std::size_t offset, const std::string &file) {
  error_location where{file, offset, 1, 1};
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < src.size(); ++i) {
    if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= src.size() || src[i + 1] != '\n'))) {
      ++where.line;
      line_start = i + 1;
    }
  }
  where.column = 1 + detail::count_code_points(src.substr(line_start, offset - line_start));
  return where;
}

std::string hex_code_point(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// Validates the whole input; returns the offsets of characters XML forbids (only possible in
// lenient mode, where they are replaced rather than reported).
std::vector<std::size_t> validate(std::string_view src, std::size_t from, const parse_options &opt) {
  std::vector<std::size_t> illegal;
  std::size_t at = from;
  while (true) {
    const auto scan = detail::scan_utf8(src.substr(at));
    if (scan.problem == detail::utf8_problem::none) return illegal;
    const std::size_t offset = at + scan.offset;
    if (scan.problem == detail::utf8_problem::invalid) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(src[offset]));
      throw parse_error(errc::invalid_utf8,
                        std::string("invalid UTF-8 (byte ") + buf + ") at byte " + std::to_string(offset),
                        locate(src, offset, opt.source_name));
    }
    if (!opt.lenient)
      throw parse_error(errc::illegal_xml_char,
                        "character " + hex_code_point(scan.code_point) +
                            " is not allowed in XML 1.0, at byte " + std::to_string(offset),
                        locate(src, offset, opt.source_name));
    illegal.push_back(offset);
    at = offset + detail::sequence_length(static_cast<unsigned char>(src[offset]));
  }
}

// Builds the normalized text from pieces of the source, recording every piece that is not
// copied verbatim as an edit holding the original bytes.
class text_builder {
public:
  text_builder(std::string_view src, std::vector<std::size_t> illegal)
      : src_(src), illegal_(std::move(illegal)), edits_(std::string(edits_layer_name)) {
    out_.reserve(src.size());
  }

  std::size_t size() const noexcept { return out_.size(); }

  // Copies src[begin, end) verbatim, except characters XML forbids (lenient mode only).
  void copy(std::size_t begin, std::size_t end) {
    while (next_illegal_ < illegal_.size() && illegal_[next_illegal_] < end) {
      const std::size_t bad = illegal_[next_illegal_++];
      out_.append(src_, begin, bad - begin);
      const std::size_t len = detail::sequence_length(static_cast<unsigned char>(src_[bad]));
      replace(bad, bad + len, replacement_char, "illegal-char");
      begin = bad + len;
    }
    out_.append(src_, begin, end - begin);
  }

  // Writes `normalized` in place of src[begin, end); records an edit unless they are equal.
  void replace(std::size_t begin, std::size_t end, std::string_view normalized, std::string_view kind) {
    const auto original = src_.substr(begin, end - begin);
    if (original == normalized) {
      out_ += normalized;
      return;
    }
    const std::size_t at = out_.size();
    out_ += normalized;
    const attribute orig{std::string(edit_original_attribute), std::string(original)};
    edits_.add(at, out_.size(), kind, {&orig, 1});
  }

  std::string take_text() { return std::move(out_); }
  layer take_edits() { return std::move(edits_); }

private:
  std::string_view src_;
  std::vector<std::size_t> illegal_;
  std::size_t next_illegal_ = 0;
  std::string out_;
  layer edits_;
};

// Copies a run of non-blank lines as one block: leading and trailing spaces of the block go to
// the separators; inner line ends become LF; a form feed inside the block is dropped.
std::pair<std::size_t, std::size_t> emit_block(text_builder &b, std::string_view src,
                                               std::span<const line> lines) {
  const std::size_t begin = b.size();
  for (std::size_t k = 0; k < lines.size(); ++k) {
    std::size_t from = lines[k].begin;
    std::size_t to = lines[k].end;
    if (k == 0)
      while (is_space(src[from]))
        ++from;
    if (k + 1 == lines.size())
      while (to > from && is_space(src[to - 1]))
        --to;
    // Form feeds inside a block mark page breaks; the text keeps no trace of them.
    while (const void *hit = std::memchr(src.data() + from, '\f', to - from)) {
      const auto ff = static_cast<std::size_t>(static_cast<const char *>(hit) - src.data());
      b.copy(from, ff);
      b.replace(ff, ff + 1, "", "page-break");
      from = ff + 1;
    }
    b.copy(from, to);
    if (k + 1 < lines.size()) b.replace(lines[k].end, lines[k].next, "\n", "line-end");
  }
  return {begin, b.size()};
}

// Start of the first block's content in the source (after leading spaces of its first line).
std::size_t content_begin(std::string_view src, const line &first) {
  std::size_t at = first.begin;
  while (at < first.end && is_space(src[at]))
    ++at;
  return at;
}

std::size_t content_end(std::string_view src, const line &last) {
  std::size_t at = last.end;
  while (at > last.begin && is_space(src[at - 1]))
    --at;
  return at;
}

bool looks_like_title(std::string_view text) {
  if (text.empty() || text.size() > 200 || text.find('\n') != std::string_view::npos) return false;
  const auto words = std::count(text.begin(), text.end(), ' ') + 1;
  if (words > 20) return false;
  const char last = text.back();
  return std::string_view(".,;:!?").find(last) == std::string_view::npos;
}

} // namespace

document parse(std::string_view input, const parse_options &options) {
  metadata meta;
  if (!options.source_name.empty()) {
    const auto slash = options.source_name.find_last_of("/\\");
    meta.source = slash == std::string::npos ? options.source_name : options.source_name.substr(slash + 1);
  }
  meta.id = !options.id.empty()            ? options.id
            : !options.source_name.empty() ? document_id_from_filename(options.source_name)
                                           : std::string("doc");
  if (!is_valid_document_id(meta.id))
    throw argument_error(errc::invalid_argument,
                         "document id '" + meta.id +
                             "' is not a citation id (use letters, digits, '.', '_', '-')");

  const std::size_t start = input.starts_with(bom) ? bom.size() : 0;
  text_builder builder(input, validate(input, start, options));
  if (start != 0) builder.replace(0, start, "", "bom");

  const auto lines = split_lines(input, start);
  std::vector<std::span<const line>> runs; // the runs of non-blank lines
  for (auto run :
       lines | ranges::views::chunk_by([](const line &a, const line &b) { return a.blank == b.blank; })) {
    if (!(*ranges::begin(run)).blank)
      runs.emplace_back(&*ranges::begin(run), static_cast<std::size_t>(ranges::distance(run)));
  }
  if (runs.empty())
    throw parse_error(errc::empty_input, "the input holds no text",
                      error_location{options.source_name, 0, 1, 1});

  std::vector<block> blocks;
  blocks.reserve(runs.size());
  std::size_t previous_end = start; // source offset where the last block's content ended
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const std::size_t begin = content_begin(input, runs[r].front());
    builder.replace(previous_end, begin, r == 0 ? "" : "\n\n", "whitespace");
    const auto [b, e] = emit_block(builder, input, runs[r]);
    blocks.push_back({block_kind::paragraph, b, e, 0});
    previous_end = content_end(input, runs[r].back());
  }
  builder.replace(previous_end, input.size(), "", "whitespace");

  std::string text = builder.take_text();
  if (options.detect_title && blocks.size() > 1 &&
      looks_like_title(std::string_view(text).substr(blocks[0].begin, blocks[0].end - blocks[0].begin))) {
    blocks[0].kind = block_kind::title;
    meta.title = text.substr(blocks[0].begin, blocks[0].end - blocks[0].begin);
  }
  std::uint32_t n = 0;
  for (auto &blk : blocks)
    if (blk.kind == block_kind::paragraph) blk.n = ++n;

  std::vector<layer> layers;
  if (auto edits = builder.take_edits(); !edits.empty()) layers.push_back(std::move(edits));
  return document(std::move(text), std::move(meta), std::move(blocks), std::move(layers));
}

document read_file(const std::filesystem::path &path, parse_options options) {
  const std::string name = path.string();
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> f(std::fopen(name.c_str(), "rb"), &std::fclose);
  if (!f) throw io_error("cannot open", name, errno);
  std::string data;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw io_error("cannot read", name, EISDIR);
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) data.reserve(static_cast<std::size_t>(size));
  char buf[1 << 16];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f.get())) > 0)
    data.append(buf, got);
  if (std::ferror(f.get())) throw io_error("cannot read", name, errno);
  if (options.source_name.empty()) options.source_name = name;
  return parse(data, options);
}

} // namespace alinea
