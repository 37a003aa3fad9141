// SPDX-License-Identifier: MIT
// Plain text to document. The stages: validate the bytes; split lines; group them into blocks
// (runs of non-blank lines); plan what each block is (ingest_structure.cpp); then build the
// normalized text, recording every difference from the source as an edit.
#include "file_io.hpp"
#include "ingest_internal.hpp"
#include "sentences_internal.hpp"

#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>

#include <range/v3/view/chunk_by.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace alinea {
namespace detail {

std::vector<source_line> split_lines(std::string_view src, std::size_t from) {
  std::vector<source_line> lines;
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
    bool blank = true;
    for (std::size_t i = at; i < end && blank; ++i)
      blank = src[i] == ' ' || src[i] == '\t' || src[i] == '\f';
    lines.push_back({at, end, next, blank});
    at = next;
  }
  return lines;
}

} // namespace detail

namespace {

using detail::planned_block;
using detail::source_line;
using detail::source_patch;

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view replacement_char = "\xEF\xBF\xBD"; // U+FFFD

bool is_hspace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\f';
}
bool is_ascii_letter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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
                        detail::locate(src, offset, opt.source_name));
    }
    if (!opt.lenient)
      throw parse_error(errc::illegal_xml_char,
                        "character " + hex_code_point(scan.code_point) +
                            " is not allowed in XML 1.0, at byte " + std::to_string(offset),
                        detail::locate(src, offset, opt.source_name));
    illegal.push_back(offset);
    at = offset + detail::sequence_length(static_cast<unsigned char>(src[offset]));
  }
}

// Builds the normalized text from pieces of the source, recording every piece that is not
// copied verbatim as an edit holding the original bytes, and collecting the inline layers.
class text_builder {
public:
  explicit text_builder(std::string_view src) : src_(src), edits_(std::string(edits_layer_name)) {
    out_.reserve(src.size());
  }

  std::size_t size() const noexcept { return out_.size(); }
  std::string_view text() const noexcept { return out_; }

  // Copies src[begin, end) verbatim but for the patches that fall inside it (sorted; consumed).
  void copy(std::size_t begin, std::size_t end, std::span<const source_patch> patches, std::size_t &next) {
    while (next < patches.size() && patches[next].begin < end) {
      const auto &p = patches[next++];
      out_.append(src_, begin, p.begin - begin);
      replace(p.begin, p.end, p.replacement, p.kind);
      if (p.kind == "page-break") page_break(std::nullopt);
      if (p.emphasis >= 0) {
        const auto i = static_cast<std::size_t>(p.emphasis);
        if (emphasis_open_.size() <= i) emphasis_open_.resize(i + 1);
        if (!p.closes)
          emphasis_open_[i] = out_.size();
        else
          emphasis_.push_back({emphasis_open_[i], out_.size(), i});
      }
      begin = p.end;
    }
    out_.append(src_, begin, end - begin);
  }

  // Writes `normalized` in place of src[begin, end); records an edit unless they are equal.
  void replace(std::size_t begin, std::size_t end, std::string_view normalized, std::string_view kind) {
    const auto original = src_.substr(begin, end - begin);
    const std::size_t at = out_.size();
    out_ += normalized;
    if (original == normalized) return;
    edits_.add(at, out_.size(), kind, edit_original_attribute, original);
  }

  // A page break at the current end of the text.
  void page_break(std::optional<std::uint32_t> page) { pages_.push_back({out_.size(), page}); }

  std::vector<layer> take_layers(const std::vector<detail::emphasis_span> &spans) {
    std::vector<layer> layers;
    if (!edits_.empty()) layers.push_back(std::move(edits_));
    if (!emphasis_.empty()) {
      std::sort(emphasis_.begin(), emphasis_.end(), [](const auto &a, const auto &b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
      });
      layer l{std::string(emphasis_layer_name)};
      for (const auto &e : emphasis_) {
        const attribute rend{"rend", std::string(spans[e.span].rend)};
        l.add(e.begin, e.end, "hi", {&rend, 1});
      }
      layers.push_back(std::move(l));
    }
    if (!pages_.empty()) {
      layer l{std::string(pages_layer_name)};
      for (const auto &p : pages_) {
        if (p.page) {
          const attribute n{"n", std::to_string(*p.page)};
          l.add(p.at, p.at, "pb", {&n, 1});
        } else {
          l.add(p.at, p.at, "pb");
        }
      }
      layers.push_back(std::move(l));
    }
    return layers;
  }

  std::string take_text() { return std::move(out_); }

private:
  struct emphasis_mark {
    std::size_t begin, end, span;
  };
  struct page_mark {
    std::size_t at;
    std::optional<std::uint32_t> page;
  };
  std::string_view src_;
  std::string out_;
  layer edits_;
  std::vector<std::size_t> emphasis_open_;
  std::vector<emphasis_mark> emphasis_;
  std::vector<page_mark> pages_;
};

enum class hyphen_join { none, keep, drop };

std::string_view prefix_kind(detail::line_prefix p) {
  switch (p) {
  case detail::line_prefix::list_marker:
    return "list-marker";
  case detail::line_prefix::indent:
    return "indent";
  default:
    return "markup";
  }
}

// Writes the lines of one planned block: strips line prefixes, joins hard-wrapped lines (and
// the hyphens of words split at their ends), and applies inline patches. Returns the source
// offset where the block's content ends.
class block_writer {
public:
  block_writer(std::string_view src, std::span<const source_line> lines,
               const std::vector<std::size_t> &illegal, const parse_options &opt, text_builder &out)
      : src_(src), lines_(lines), illegal_(illegal), opt_(opt), out_(out), judge_(src) {}

  // Offset where the content of block b starts (after leading space; before any prefix).
  std::size_t content_begin(const planned_block &b) const {
    std::size_t at = lines_[b.first_line].begin;
    while (at < lines_[b.first_line].end && is_hspace(src_[at]))
      ++at;
    return at;
  }

  std::size_t write(const planned_block &b, bool drop_final_hyphen) {
    struct span_of_line {
      std::size_t lead_end, copy_from, copy_to;
    };
    std::vector<span_of_line> parts(b.line_count);
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    ranges.reserve(b.line_count);
    for (std::size_t k = 0; k < b.line_count; ++k) {
      const auto &l = lines_[b.first_line + k];
      std::size_t lead = l.begin;
      while (lead < l.end && is_hspace(src_[lead]))
        ++lead;
      std::size_t marker = lead;
      if (b.prefix == detail::line_prefix::quote_marker && marker < l.end && src_[marker] == '>') {
        ++marker;
        if (marker < l.end && src_[marker] == ' ') ++marker;
      } else if (b.prefix == detail::line_prefix::list_marker) {
        marker += detail::list_marker_length(src_.substr(lead, l.end - lead));
      }
      std::size_t trail = l.end;
      while (trail > marker && is_hspace(src_[trail - 1]))
        --trail;
      const bool last = k + 1 == b.line_count;
      const bool strips_lead = k == 0 || b.join_lines || b.prefix != detail::line_prefix::none;
      parts[k] = {lead, strips_lead ? marker : l.begin, (last || b.join_lines) ? trail : l.end};
      ranges.emplace_back(marker, trail);
    }
    // Inline patches: markup, form feeds and (lenient) forbidden characters, in source order.
    std::vector<source_patch> patches;
    std::vector<detail::emphasis_span> found;
    if (opt_.light_markup) detail::find_light_markup(src_, ranges, patches, found);
    if (!found.empty()) {
      const auto base = static_cast<std::int32_t>(spans_.size());
      for (auto &p : patches)
        p.emphasis += base;
      spans_.insert(spans_.end(), found.begin(), found.end());
    }
    const std::size_t from = parts.front().copy_from, to = parts.back().copy_to;
    for (const auto &part : parts) // form feeds inside copied text (leading ones were stripped)
      for (std::size_t at = part.copy_from; (at = find_form_feed(at, part.copy_to)) < part.copy_to; ++at)
        patches.push_back({at, at + 1, "", "page-break"});
    for (auto it = std::lower_bound(illegal_.begin(), illegal_.end(), from); it != illegal_.end() && *it < to;
         ++it)
      patches.push_back({*it, *it + detail::sequence_length(static_cast<unsigned char>(src_[*it])),
                         replacement_char, "illegal-char"});
    std::sort(patches.begin(), patches.end(),
              [](const source_patch &a, const source_patch &c) { return a.begin < c.begin; });

    // How each line end joins the next: decided first, since a dropped hyphen is not copied.
    std::vector<hyphen_join> joins(b.line_count, hyphen_join::none);
    if (b.join_lines)
      for (std::size_t k = 0; k + 1 < b.line_count; ++k)
        joins[k] = judge_line_end(parts[k].copy_to, parts[k + 1].copy_from);
    if (drop_final_hyphen) joins.back() = hyphen_join::drop;

    std::size_t next_patch = 0;
    const auto strip_kind = prefix_kind(b.prefix);
    out_.replace(parts[0].lead_end, parts[0].copy_from, "", strip_kind);
    for (std::size_t k = 0; k < b.line_count; ++k) {
      if (k > 0) {
        const std::size_t prev_end = parts[k - 1].copy_to;
        if (b.join_lines) {
          switch (joins[k - 1]) {
          case hyphen_join::drop:
            out_.replace(prev_end - 1, parts[k].copy_from, "", "hyphen");
            break;
          case hyphen_join::keep:
            out_.replace(prev_end, parts[k].copy_from, "", "line-join");
            break;
          case hyphen_join::none:
            out_.replace(prev_end, parts[k].copy_from, " ", "line-join");
            break;
          }
        } else {
          const bool stripped = parts[k].copy_from > lines_[b.first_line + k].begin;
          out_.replace(prev_end, parts[k].copy_from, "\n", stripped ? strip_kind : "line-end");
        }
      }
      const std::size_t copy_to = parts[k].copy_to - (joins[k] == hyphen_join::drop ? 1 : 0);
      out_.copy(parts[k].copy_from, copy_to, patches, next_patch);
    }
    return parts.back().copy_to - (drop_final_hyphen ? 1 : 0);
  }

  // How a line that ends at `end` joins text that starts at `next`: `drop` the hyphen of a word
  // split at the line end, `keep` the hyphen of a compound ("mid-" + "1990s") and join without
  // a space, or `none` (no hyphen there, or dehyphenation is off).
  hyphen_join judge_line_end(std::size_t end, std::size_t next) {
    if (!opt_.dehyphenate || !ends_with_split_word(end) || next >= src_.size()) return hyphen_join::none;
    const char c = src_[next];
    const bool word_follows =
        is_ascii_letter(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (!word_follows) return hyphen_join::none;
    const std::size_t from = end > 64 ? end - 64 : 0;
    return judge_.remove_hyphen(src_.substr(from, end - from), src_.substr(next, 64)) ? hyphen_join::drop
                                                                                      : hyphen_join::keep;
  }

  // True if the text before `end` is a letter followed by a hyphen (not a dash "--").
  bool ends_with_split_word(std::size_t end) const {
    return end >= 2 && src_[end - 1] == '-' &&
           (is_ascii_letter(src_[end - 2]) || static_cast<unsigned char>(src_[end - 2]) >= 0x80);
  }

  const std::vector<detail::emphasis_span> &spans() const { return spans_; }

private:
  std::size_t find_form_feed(std::size_t from, std::size_t to) const {
    const void *hit = from < to ? std::memchr(src_.data() + from, '\f', to - from) : nullptr;
    return hit ? static_cast<std::size_t>(static_cast<const char *>(hit) - src_.data()) : to;
  }

  std::string_view src_;
  std::span<const source_line> lines_;
  const std::vector<std::size_t> &illegal_;
  const parse_options &opt_;
  text_builder &out_;
  detail::hyphenation_judge judge_;
  std::vector<detail::emphasis_span> spans_;
};

} // namespace

// The kinds of edit, described for reports and editorialDecl.
constexpr std::array edit_descriptions{
    edit_kind_info{"bom", "a byte-order mark at the start of the file was removed"},
    edit_kind_info{"line-end", "CRLF and CR line ends were changed to LF"},
    edit_kind_info{"whitespace", "space and blank lines between blocks were normalized to one blank line"},
    edit_kind_info{"page-break", "form feeds (page breaks) were removed and recorded as pb"},
    edit_kind_info{"illegal-char", "characters XML forbids were replaced by U+FFFD"},
    edit_kind_info{"duplicate", "a repeated title block was removed"},
    edit_kind_info{"page-number", "page numbers were removed and recorded as pb"},
    edit_kind_info{"running-head", "running heads were removed and recorded as pb"},
    edit_kind_info{"page-break-join", "paragraphs cut by a page break were joined"},
    edit_kind_info{"line-join", "hard-wrapped lines were joined"},
    edit_kind_info{"hyphen", "end-of-line hyphens of words split across lines were removed"},
    edit_kind_info{
        "markup",
        "light markup (*emphasis*, _italics_, > quote marks) was removed and encoded as hi or quote"},
    edit_kind_info{"list-marker", "list markers were removed and encoded as list/item"},
    edit_kind_info{"indent", "the indentation of block quotations was removed"},
};

std::span<const edit_kind_info> edit_kinds() noexcept {
  return edit_descriptions;
}

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
  const auto illegal = validate(input, start, options);
  auto lines = detail::split_lines(input, start);
  std::vector<planned_block> plan;
  for (auto run : lines | ranges::views::chunk_by([](const source_line &a, const source_line &b) {
                    return a.blank == b.blank;
                  })) {
    const auto &first = *ranges::begin(run);
    if (!first.blank)
      plan.push_back(
          {static_cast<std::size_t>(&first - lines.data()), static_cast<std::size_t>(ranges::distance(run))});
  }
  if (plan.empty())
    throw parse_error(errc::empty_input, "the input holds no text",
                      error_location{options.source_name, 0, 1, 1});
  detail::plan_structure(detail::source_view{input, lines}, plan, options);

  text_builder out(input);
  if (start != 0) out.replace(0, start, "", "bom");
  block_writer writer(input, lines, illegal, options, out);
  std::vector<block> blocks;
  blocks.reserve(plan.size());
  std::size_t previous_end = start; // source offset where the last written content ended
  std::string_view gap_kind = "whitespace";
  bool gap_page_break = false;
  std::optional<std::uint32_t> gap_page;
  std::uint32_t number = 0;
  hyphen_join pending_hyphen = hyphen_join::none;
  for (const auto &p : plan) {
    if (!p.removed_as.empty()) {
      gap_kind = p.removed_as;
      if (p.removed_as == "page-number" || p.removed_as == "running-head") {
        gap_page_break = true;
        if (p.number != 0) gap_page = p.number;
      }
      continue;
    }
    const std::size_t begin = writer.content_begin(p);
    if (std::memchr(input.data() + previous_end, '\f', begin - previous_end) != nullptr) {
      gap_page_break = true;
      if (gap_kind == "whitespace") gap_kind = "page-break";
    }
    if (blocks.empty()) {
      out.replace(previous_end, begin, "", gap_kind);
    } else if (p.joins_previous) {
      // The hyphen decision was made when the previous block was written (see below).
      out.replace(previous_end, begin,
                  pending_hyphen == hyphen_join::drop || pending_hyphen == hyphen_join::keep ? "" : " ",
                  "page-break-join");
      out.page_break(gap_page);
    } else {
      blocks.back().end = out.size();
      const bool item_follows_item = p.kind == block_kind::item && p.same_list;
      out.replace(previous_end, begin, item_follows_item ? "\n" : "\n\n", gap_kind);
      if (gap_page_break) out.page_break(gap_page);
    }
    if (blocks.empty() || !p.joins_previous) {
      block b{p.kind, out.size(), out.size(), 0, p.division};
      if (is_numbered(p.kind)) b.n = ++number;
      if (p.kind == block_kind::heading) b.n = p.number;
      blocks.push_back(b);
    }
    gap_kind = "whitespace";
    gap_page_break = false;
    gap_page.reset();
    // Does the next kept block continue this one across a page break, through a hyphen?
    const planned_block *const plan_end = plan.data() + plan.size();
    const auto next =
        std::find_if(&p + 1, plan_end, [](const planned_block &q) { return q.removed_as.empty(); });
    pending_hyphen = hyphen_join::none;
    if (next != plan_end && next->joins_previous) {
      const auto &last = lines[p.first_line + p.line_count - 1];
      std::size_t end = last.end;
      while (end > last.begin && is_hspace(input[end - 1]))
        --end;
      pending_hyphen = writer.judge_line_end(end, writer.content_begin(*next));
    }
    previous_end = writer.write(p, pending_hyphen == hyphen_join::drop);
  }
  blocks.back().end = out.size();
  out.replace(previous_end, input.size(), "", gap_kind);
  // The line table is as large as a third of a wrapped text: free it before the layers grow.
  std::vector<source_line>().swap(lines);
  std::vector<planned_block>().swap(plan);

  auto layers = out.take_layers(writer.spans());
  std::string text = out.take_text();
  if (options.sentences) {
    const auto emphasis = std::find_if(layers.begin(), layers.end(),
                                       [](const layer &l) { return l.name() == emphasis_layer_name; });
    auto sentences = detail::sentence_layer(text, blocks, emphasis == layers.end() ? nullptr : &*emphasis);
    if (!sentences.empty()) layers.push_back(std::move(sentences));
  }
  if (const auto t = std::find_if(blocks.begin(), blocks.end(),
                                  [](const block &b) { return b.kind == block_kind::title; });
      t != blocks.end()) {
    meta.title = text.substr(t->begin, t->end - t->begin);
  } else if (const auto h = std::find_if(blocks.begin(), blocks.end(),
                                         [](const block &b) { return b.kind == block_kind::heading; });
             h != blocks.end() && h == blocks.begin()) {
    meta.title = text.substr(h->begin, h->end - h->begin);
  }
  return document(std::move(text), std::move(meta), std::move(blocks), std::move(layers));
}

document read_file(const std::filesystem::path &path, parse_options options) {
  const std::string data = detail::read_whole_file(path);
  if (options.source_name.empty()) options.source_name = path.string();
  return parse(data, options);
}

} // namespace alinea
