// SPDX-License-Identifier: MIT
// The gazetteer matcher: names compiled into a byte trie laid out breadth-first (each node's
// edges contiguous, dense tables for nodes with many children), walked from every word start.
#include <alinea/annotate.hpp>
#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace alinea::annotate {

namespace {

constexpr std::uint32_t no_dense = 0xFFFFFFFFu;
constexpr std::uint32_t dense_threshold = 8; // nodes with more edges get a 256-entry table

// Nodes are laid out breadth-first, so the children of a node are consecutive nodes, and each
// node carries the byte that leads to it: scanning the children loads the one that is taken.
struct trie_node {
  std::uint32_t first_child = 0;
  std::uint32_t dense = no_dense; // index of a 256-entry table of children, or no_dense
  std::int32_t terminal = -1;     // entry index, or -1
  unsigned char label = 0;        // the byte on the edge into this node
  std::uint8_t pad = 0;
  std::uint16_t child_count = 0; // 0 for nodes with a dense table
};
static_assert(sizeof(trie_node) == 16);

constexpr auto ascii_word = [] {
  std::array<bool, 256> a{};
  for (unsigned c = 0; c < 128; ++c)
    a[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return a;
}();

bool is_ascii_space(unsigned char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

using detail::decode_lenient;

// A word character: an ASCII letter or digit, or any non-ASCII character but white space,
// punctuation, quotes, dashes and currency signs.
bool is_word_cp(char32_t c) noexcept {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c <= 0xBF || c == 0xD7 || c == 0xF7) return false;
  if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) || c == 0x2212) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  return true;
}

// Is the character that ends at byte `i` (i > 0) a word character?
bool word_before(std::string_view t, std::size_t i) noexcept {
  std::size_t b = i - 1;
  for (int k = 0; k < 3 && b > 0 && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80; ++k)
    --b;
  std::size_t len = 0;
  return is_word_cp(decode_lenient(t, b, len));
}
bool word_at(std::string_view t, std::size_t i) noexcept {
  std::size_t len = 0;
  return is_word_cp(decode_lenient(t, i, len));
}

// Collapses runs of white space to one space and trims; folds ASCII case if asked.
std::string normalize_name(std::string_view s, bool fold) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (const char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (is_ascii_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (fold && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string_view canonical_type(std::string_view t) noexcept {
  if (t == "persName" || t == "person") return "persName";
  if (t == "placeName" || t == "place") return "placeName";
  if (t == "orgName" || t == "org" || t == "organization" || t == "organisation") return "orgName";
  return {};
}

} // namespace

struct gazetteer::impl {
  std::vector<gazetteer_entry> entries;
  gazetteer_options options;
  std::size_t patterns = 0;
  std::vector<trie_node> nodes{trie_node{}};
  std::vector<std::array<std::uint32_t, 256>> dense;
  std::array<unsigned char, 256> fold{};
  // Bit (first byte << 8 | second byte) is set if some name starts with those two bytes (a
  // space for white space); `single` marks one-byte names. Most word starts fail this test.
  std::vector<std::uint64_t> pairs = std::vector<std::uint64_t>(65536 / 64);
  std::array<bool, 256> single{};

  std::uint32_t child(std::uint32_t n, unsigned char c) const noexcept {
    const trie_node &nd = nodes[n];
    if (nd.dense != no_dense) return dense[nd.dense][c];
    const trie_node *k = nodes.data() + nd.first_child;
    for (std::uint32_t j = 0; j < nd.child_count; ++j)
      if (k[j].label == c) return nd.first_child + j;
    return 0; // the root is nobody's child
  }

  void compile() {
    for (unsigned k = 0; k < 256; ++k)
      fold[k] =
          static_cast<unsigned char>(options.ascii_case_insensitive && k >= 'A' && k <= 'Z' ? k | 0x20 : k);
    // Every name and variant, normalized, in one pool.
    struct pattern {
      std::uint32_t offset, size, entry;
    };
    std::string pool;
    std::vector<pattern> pats;
    for (std::uint32_t e = 0; e < entries.size(); ++e) {
      const auto add = [&](std::string_view name) {
        const std::string p = normalize_name(name, options.ascii_case_insensitive);
        if (p.empty()) return;
        pats.push_back({static_cast<std::uint32_t>(pool.size()), static_cast<std::uint32_t>(p.size()), e});
        pool += p;
        // A straight apostrophe in a name also matches a curly one: People's, People’s.
        if (p.find('\'') != std::string::npos) {
          const auto start = pool.size();
          for (const char c : p)
            c == '\'' ? pool += "\xE2\x80\x99" : pool += c;
          pats.push_back(
              {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pool.size() - start), e});
        }
      };
      add(entries[e].name);
      for (const auto &v : entries[e].variants)
        add(v);
    }
    const auto text_of = [&](const pattern &p) { return std::string_view(pool).substr(p.offset, p.size); };
    // Sorted by name, and by entry among equal names, so the first entry keeps a shared name.
    std::sort(pats.begin(), pats.end(), [&](const pattern &x, const pattern &y) {
      const auto c = text_of(x).compare(text_of(y));
      return c < 0 || (c == 0 && x.entry < y.entry);
    });
    pats.erase(std::unique(pats.begin(), pats.end(),
                           [&](const pattern &x, const pattern &y) { return text_of(x) == text_of(y); }),
               pats.end());
    patterns = pats.size();
    for (const auto &p : pats) {
      const auto b = static_cast<unsigned char>(pool[p.offset]);
      if (p.size == 1)
        single[b] = true;
      else
        pairs[(b << 8 | static_cast<unsigned char>(pool[p.offset + 1])) >> 6] |=
            std::uint64_t{1} << ((b << 8 | static_cast<unsigned char>(pool[p.offset + 1])) & 63);
    }

    // Breadth-first: each item is a node and the sorted patterns [lo, hi) below it, which
    // share their first `depth` bytes.
    struct item {
      std::uint32_t node, lo, hi, depth;
    };
    std::vector<item> queue{{0, 0, static_cast<std::uint32_t>(pats.size()), 0}};
    std::size_t total = 0;
    for (const auto &p : pats)
      total += p.size;
    nodes.reserve(std::min<std::size_t>(total + 1, std::size_t{1} << 26));
    for (std::size_t head = 0; head < queue.size(); ++head) {
      auto [n, lo, hi, depth] = queue[head];
      if (lo < hi && pats[lo].size == depth) {
        nodes[n].terminal = static_cast<std::int32_t>(pats[lo].entry);
        ++lo;
      }
      const auto first = static_cast<std::uint32_t>(nodes.size());
      std::uint32_t count = 0;
      while (lo < hi) {
        const auto c = static_cast<unsigned char>(pool[pats[lo].offset + depth]);
        std::uint32_t g = lo + 1;
        while (g < hi && static_cast<unsigned char>(pool[pats[g].offset + depth]) == c)
          ++g;
        const auto id = static_cast<std::uint32_t>(nodes.size());
        nodes.emplace_back().label = c;
        queue.push_back({id, lo, g, depth + 1});
        ++count;
        lo = g;
      }
      nodes[n].first_child = first;
      if (count > dense_threshold || n == 0) {
        nodes[n].dense = static_cast<std::uint32_t>(dense.size());
        auto &table = dense.emplace_back();
        table.fill(0);
        for (std::uint32_t k = 0; k < count; ++k)
          table[nodes[first + k].label] = first + k;
      } else {
        nodes[n].child_count = static_cast<std::uint16_t>(count);
      }
      if (head > 65536 && head * 2 > queue.size()) { // drop processed items
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head + 1));
        head = static_cast<std::size_t>(-1);
      }
    }
    nodes.shrink_to_fit();
  }

  bool may_start(std::string_view t, std::size_t p) const noexcept {
    const unsigned char a = fold[static_cast<unsigned char>(t[p])];
    if (single[a]) return true;
    if (p + 1 >= t.size()) return false;
    auto b = static_cast<unsigned char>(t[p + 1]);
    b = is_ascii_space(b) ? ' ' : fold[b];
    const unsigned k = a << 8 | b;
    return (pairs[k >> 6] >> (k & 63)) & 1;
  }

  // The longest match starting at p that ends on a word boundary: its end, or 0.
  std::size_t longest_at(std::string_view t, std::size_t p, std::int32_t &entry) const noexcept {
    std::uint32_t n = 0;
    std::size_t q = p, best = 0;
    const std::size_t size = t.size();
    while (q < size) {
      auto c = static_cast<unsigned char>(t[q]);
      std::size_t next = q + 1;
      if (is_ascii_space(c)) {
        // One space of a name matches a run of white space, but not a blank line.
        c = ' ';
        int lines = t[q] == '\n';
        while (next < size && is_ascii_space(static_cast<unsigned char>(t[next])))
          lines += t[next++] == '\n';
        if (lines > 1) break;
      } else {
        c = fold[c];
      }
      n = child(n, c);
      if (n == 0) break;
      q = next;
      // A boundary: not a word character on both sides, and no word going on after a period
      // ("U.S." is not a match in "U.S.S.R.").
      if (nodes[n].terminal >= 0 &&
          (q == size || !word_at(t, q) || (t[q - 1] != '.' && !word_before(t, q)))) {
        best = q;
        entry = nodes[n].terminal;
      }
    }
    return best;
  }
};

gazetteer::gazetteer() : gazetteer(std::vector<gazetteer_entry>{}) {}

gazetteer::gazetteer(std::vector<gazetteer_entry> entries, gazetteer_options options) {
  if (!(options.default_confidence >= 0 && options.default_confidence <= 1))
    throw argument_error(errc::invalid_argument, "gazetteer: default confidence must be in [0, 1]");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto &e = entries[i];
    const auto where = "gazetteer entry " + std::to_string(i + 1) + " ('" + e.name + "'): ";
    if (normalize_name(e.name, false).empty())
      throw argument_error(errc::invalid_argument, where + "empty name");
    const auto type = canonical_type(e.type);
    if (type.empty())
      throw argument_error(errc::invalid_argument,
                           where + "unknown type '" + e.type + "' (expected persName, placeName or orgName)");
    e.type = std::string(type);
    if (!is_xml_text(e.name) || !is_xml_text(e.ref))
      throw argument_error(errc::invalid_argument, where + "name or ref is not valid UTF-8 XML text");
    for (const auto &v : e.variants)
      if (!is_xml_text(v))
        throw argument_error(errc::invalid_argument, where + "a variant is not valid UTF-8 XML text");
    if (e.confidence && !(*e.confidence >= 0 && *e.confidence <= 1))
      throw argument_error(errc::invalid_argument, where + "confidence must be in [0, 1]");
  }
  auto p = std::make_shared<impl>();
  p->entries = std::move(entries);
  p->options = options;
  p->compile();
  impl_ = std::move(p);
}

std::size_t gazetteer::size() const noexcept {
  return impl_->entries.size();
}
std::size_t gazetteer::pattern_count() const noexcept {
  return impl_->patterns;
}
const gazetteer_entry &gazetteer::entry(std::size_t i) const {
  if (i >= impl_->entries.size())
    throw argument_error(errc::invalid_argument, "gazetteer: no entry " + std::to_string(i));
  return impl_->entries[i];
}
std::span<const gazetteer_entry> gazetteer::entries() const noexcept {
  return impl_->entries;
}
const gazetteer_options &gazetteer::options() const noexcept {
  return impl_->options;
}

std::vector<gazetteer::match> gazetteer::find(std::string_view t) const {
  std::vector<match> out;
  const impl &g = *impl_;
  if (g.patterns == 0) return out;
  const std::size_t n = t.size();
  bool prev_word = false;
  std::size_t p = 0;
  while (p < n) {
    const auto c = static_cast<unsigned char>(t[p]);
    if (ascii_word[c]) {
      // An ASCII letter or digit: try a match if a word starts here, then skip the rest of it.
      if (!prev_word && g.may_start(t, p)) {
        std::int32_t entry = -1;
        if (const std::size_t e = g.longest_at(t, p, entry)) {
          out.push_back({p, e, static_cast<std::uint32_t>(entry)});
          p = e;
          prev_word = word_before(t, e);
          continue;
        }
      }
      ++p;
      while (p < n && ascii_word[static_cast<unsigned char>(t[p])])
        ++p;
      prev_word = true;
      continue;
    }
    bool w = false;
    std::size_t len = 1;
    if (c >= 0x80) w = is_word_cp(decode_lenient(t, p, len));
    if (!(prev_word && w) && g.may_start(t, p)) {
      std::int32_t entry = -1;
      if (const std::size_t e = g.longest_at(t, p, entry)) {
        out.push_back({p, e, static_cast<std::uint32_t>(entry)});
        p = e;
        prev_word = word_before(t, e);
        continue;
      }
    }
    prev_word = w;
    p += len;
  }
  return out;
}

namespace {
struct builtin_row {
  const char *name;
  char type; // 'c' country, 'p' other place, 'o' organisation
  const char *qid;
  const char *variants; // separated by '|'
  double confidence;    // 0: the default
};

constexpr builtin_row builtin_rows[] = {
#include "gazetteer_builtin.inc"
};

std::vector<std::string> split_variants(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto bar = s.find('|');
    const auto v = s.substr(0, bar);
    if (!v.empty()) out.emplace_back(v);
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
  return out;
}
} // namespace

const gazetteer &gazetteer::builtin() {
  static const gazetteer g = [] {
    std::vector<gazetteer_entry> entries;
    entries.reserve(std::size(builtin_rows));
    for (const auto &r : builtin_rows) {
      gazetteer_entry e;
      e.name = r.name;
      e.type = r.type == 'o' ? "orgName" : "placeName";
      if (*r.qid) e.ref = std::string("http://www.wikidata.org/entity/") + r.qid;
      e.variants = split_variants(r.variants);
      if (r.confidence > 0) e.confidence = r.confidence;
      entries.push_back(std::move(e));
    }
    return gazetteer(std::move(entries));
  }();
  return g;
}

gazetteer gazetteer::from_tsv(std::string_view text, gazetteer_options options,
                              std::string_view source_name) {
  const std::string file(source_name);
  const auto scan = detail::scan_utf8(text);
  if (scan.problem == detail::utf8_problem::invalid)
    throw parse_error(errc::invalid_utf8, "gazetteer: invalid UTF-8",
                      detail::locate(text, scan.offset, file));
  std::vector<gazetteer_entry> entries;
  std::size_t pos = 0, line_no = 0;
  bool first = true;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, line_end - pos);
    const std::size_t line_start = pos;
    pos = line_end + (nl == std::string_view::npos ? 0 : 1);
    ++line_no;
    if (line.ends_with('\r')) line.remove_suffix(1);
    const auto fail = [&](errc code, const std::string &what, std::size_t at) {
      auto loc = detail::locate(text, line_start + at, file);
      loc.line = line_no;
      throw parse_error(code, "gazetteer line " + std::to_string(line_no) + ": " + what, loc);
    };
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.starts_with('#')) continue;
    std::vector<std::string_view> cols;
    std::vector<std::size_t> starts;
    for (std::size_t b = 0;;) {
      const auto tab = line.find('\t', b);
      starts.push_back(b);
      cols.push_back(line.substr(b, tab == std::string_view::npos ? std::string_view::npos : tab - b));
      if (tab == std::string_view::npos) break;
      b = tab + 1;
    }
    if (first && cols.size() >= 2 && cols[0] == "name" && cols[1] == "type") {
      first = false;
      continue;
    }
    first = false;
    if (cols.size() < 2)
      fail(errc::invalid_argument, "expected name<TAB>type[<TAB>ref[<TAB>variants]], found no tab", 0);
    if (cols.size() > 4) fail(errc::invalid_argument, "more than 4 columns", starts[4]);
    for (std::size_t k = 0; k < cols.size(); ++k)
      if (!is_xml_text(cols[k])) fail(errc::illegal_xml_char, "a character XML does not allow", starts[k]);
    if (normalize_name(cols[0], false).empty()) fail(errc::invalid_argument, "empty name", 0);
    const auto type = canonical_type(cols[1]);
    if (type.empty())
      fail(errc::invalid_argument,
           "unknown type '" + std::string(cols[1]) + "' (expected persName, placeName or orgName)",
           starts[1]);
    gazetteer_entry e;
    e.name = std::string(cols[0]);
    e.type = std::string(type);
    if (cols.size() > 2) e.ref = std::string(cols[2]);
    if (cols.size() > 3) e.variants = split_variants(cols[3]);
    entries.push_back(std::move(e));
  }
  return gazetteer(std::move(entries), options);
}

layer names(std::string_view text, const gazetteer &g) {
  layer out{std::string(names_layer_name)};
  const auto matches = g.find(text);
  out.reserve(matches.size(), matches.size() * 2);
  std::array<attribute, 2> attrs{attribute{"ref", {}}, attribute{"key", {}}};
  const double fallback = g.options().default_confidence;
  for (const auto &m : matches) {
    const auto &e = g.entry(m.entry);
    attrs[0].value = e.ref;
    attrs[1].value = e.name;
    const std::span<const attribute> a =
        e.ref.empty() ? std::span<const attribute>(attrs).subspan(1) : std::span<const attribute>(attrs);
    out.add(m.begin, m.end, e.type, a, provenance{names_annotator, version, e.confidence.value_or(fallback)});
  }
  return out;
}

layer names(const document &doc, const gazetteer &g) {
  return names(std::string_view(doc.text()), g);
}

} // namespace alinea::annotate
