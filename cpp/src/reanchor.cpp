// SPDX-License-Identifier: MIT
// Re-anchoring. Blocks and sentences ("units") are aligned in three passes, each near-linear:
//   1. exact: units whose content fingerprint occurs once in each version are matched (a hash
//      map); the longest increasing subsequence of those pairs is the in-order backbone, the
//      rest moved; repeated fingerprints are then matched in order inside the gaps between
//      backbone pairs;
//   2. fuzzy: the remaining units are compared only with candidates that share a shingle of
//      their bottom-k sketch (an inverted index) or that lie in the same small gap, by word
//      similarity (unigrams and bigrams); splits and merges are runs of consecutive units that
//      together cover one unit;
//   3. annotations are looked up through their text-quote selector in the new place of their
//      block: shifted when the block is identical, else searched for exactly, else
//      approximately, and orphaned when the evidence is too weak.
#include <alinea/detail/utf8.hpp>
#include <alinea/error.hpp>
#include <alinea/reanchor.hpp>
#include <alinea/sentences.hpp>

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace alinea {
namespace {

// ------------------------------------------------------------------------------ hashing

constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;
constexpr std::uint64_t golden = 0x9E3779B97F4A7C15ULL;

// The splitmix64 finalizer: a cheap, well-mixing bijection.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t bytes_hash(std::string_view s) noexcept {
  std::uint64_t h = fnv_offset;
  for (const char c : s)
    h = (h ^ static_cast<unsigned char>(c)) * fnv_prime;
  return mix(h);
}

// ------------------------------------------------------------------------------ words

// Is `c` (not ASCII) part of a word? Letters and digits of every script are; the punctuation,
// spaces and symbols of Latin-1 and of the General Punctuation, CJK punctuation and fullwidth
// forms blocks are not.
bool is_word_code_point(char32_t c) noexcept {
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA; // Latin-1 punctuation, except ª µ º
  if (c == 0xD7 || c == 0xF7) return false;                 // × ÷
  if (c >= 0x2000 && c <= 0x206F) return false;             // general punctuation, spaces, dashes
  if (c >= 0x20A0 && c <= 0x20CF) return false;             // currency
  if (c >= 0x2190 && c <= 0x2BFF) return false;             // arrows, maths, boxes, dingbats
  if (c >= 0x2E00 && c <= 0x2E7F) return false;             // supplemental punctuation
  if (c >= 0x3000 && c <= 0x303F) return false;             // CJK punctuation
  if (c >= 0xFE50 && c <= 0xFE6F) return false;             // small forms
  if (c >= 0xFF01 && c <= 0xFF0F) return false;             // fullwidth punctuation
  return true;
}

// Simple case folding for the alphabets that need it most (Latin-1, Greek, Cyrillic).
char32_t fold(char32_t c) noexcept {
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x391 && c <= 0x3A9) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

bool is_ascii_word(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Calls f(hash) for each word of `t`, in order: maximal runs of letters and digits, case-folded.
// "U.S." is two words, "don't" two, "mid-1990s" two: the same in every version of a text.
template <class F> void for_each_word(std::string_view t, F &&f) {
  std::uint64_t h = fnv_offset;
  bool in_word = false;
  const auto *s = reinterpret_cast<const unsigned char *>(t.data());
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    char32_t cp;
    bool word;
    std::size_t len = 1;
    if (c < 0x80) {
      word = is_ascii_word(c);
      cp = (c >= 'A' && c <= 'Z') ? static_cast<char32_t>(c + 32) : c;
    } else {
      len = std::min(detail::sequence_length(c), n - i);
      cp = detail::decode_at(t, i);
      word = is_word_code_point(cp);
      cp = fold(cp);
    }
    if (word) {
      h = (h ^ cp) * fnv_prime;
      in_word = true;
    } else if (in_word) {
      f(mix(h));
      h = fnv_offset;
      in_word = false;
    }
    i += len;
  }
  if (in_word) f(mix(h));
}

// ------------------------------------------------------------------------------ units

// A block or a sentence, as the aligner sees it.
struct unit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint64_t key = 0; // content fingerprint
  std::uint32_t words = 0;
};

unit make_unit(std::string_view text, std::size_t begin, std::size_t end) {
  const auto s = text.substr(begin, end - begin);
  unit u{begin, end, 0, 0};
  std::uint64_t fp = 0x6a09e667f3bcc909ULL;
  for_each_word(s, [&](std::uint64_t w) {
    fp = mix(fp * golden + w);
    ++u.words;
  });
  u.key = u.words ? fp : mix(bytes_hash(s) ^ 0x510e527fade682d1ULL);
  return u;
}

// The unit's words as a sorted multiset of shingles: every word and every pair of neighbours.
std::vector<std::uint64_t> bag_of(std::string_view s) {
  std::vector<std::uint64_t> out;
  std::uint64_t prev = 0;
  bool first = true;
  for_each_word(s, [&](std::uint64_t w) {
    out.push_back(mix(w ^ 0x243f6a8885a308d3ULL));
    if (!first) out.push_back(mix(prev * golden + w));
    prev = w;
    first = false;
  });
  std::sort(out.begin(), out.end());
  return out;
}

// Size of the multiset intersection of two sorted vectors.
std::size_t common(const std::vector<std::uint64_t> &a, const std::vector<std::uint64_t> &b) {
  std::size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j])
      ++i;
    else if (b[j] < a[i])
      ++j;
    else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

double dice(std::size_t overlap, std::size_t na, std::size_t nb) {
  return na + nb == 0 ? 0.0 : 2.0 * static_cast<double>(overlap) / static_cast<double>(na + nb);
}

// ------------------------------------------------------------------------------ alignment

enum class link : std::uint8_t { none, identical, same_words, edited, split, merged };

// What became of one old unit: new units [first, first + count).
struct unit_link {
  link how = link::none;
  bool in_order = false;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  double confidence = 0; // for none: the best likeness seen
};

// Aligns old units `a` (over text `ta`) with new units `b` (over `tb`).
class aligner {
public:
  aligner(std::string_view ta, const std::vector<unit> &a, std::string_view tb, const std::vector<unit> &b,
          const reanchor_options &o)
      : ta_(ta), tb_(tb), a_(a), b_(b), o_(o), out_(a.size()), used_(b.size(), 0) {}

  /// Limits the fuzzy pass: old unit i may only be matched approximately with new units inside
  /// scope[i] (bytes of the new text; begin > end: nowhere). Exact matches are not limited.
  void restrict_to(const std::vector<passage> &scope) { scope_ = &scope; }

  std::vector<unit_link> run() {
    exact();
    fuzzy();
    return std::move(out_);
  }

private:
  static constexpr std::size_t sketch_size = 24;  // bottom-k shingles a unit is looked up by
  static constexpr std::size_t max_postings = 64; // a shingle in more units than this is skipped
  static constexpr std::size_t max_candidates = 6;
  static constexpr std::size_t small_gap_pairs = 64; // a gap this small compares all its pairs
  static constexpr double part_coverage = 0.8;       // a split/merge part is mostly the whole
  static constexpr double group_margin = 0.03;       // a split/merge must beat the best single match

  std::string_view text_a(std::size_t i) const { return ta_.substr(a_[i].begin, a_[i].end - a_[i].begin); }
  std::string_view text_b(std::size_t j) const { return tb_.substr(b_[j].begin, b_[j].end - b_[j].begin); }

  void set_exact(std::uint32_t i, std::uint32_t j, bool in_order) {
    const bool identical = text_a(i) == text_b(j);
    double c = identical ? 1.0 : 0.99;
    // Out of order, a short unit ("Yes.") is weak evidence: another may have taken its place.
    if (!in_order && a_[i].words < 8) c = std::min(c, 0.6 + 0.05 * a_[i].words);
    out_[i] = {identical ? link::identical : link::same_words, in_order, j, 1, c};
    used_[j] = 1;
  }

  void exact() {
    struct key_info {
      std::uint32_t na = 0, nb = 0, ia = 0, ib = 0;
    };
    std::unordered_map<std::uint64_t, key_info> keys;
    keys.reserve(a_.size() + b_.size());
    for (std::uint32_t i = 0; i < a_.size(); ++i) {
      auto &k = keys[a_[i].key];
      if (k.na++ == 0) k.ia = i;
    }
    for (std::uint32_t j = 0; j < b_.size(); ++j) {
      auto &k = keys[b_[j].key];
      if (k.nb++ == 0) k.ib = j;
    }
    // Unique in both versions: certain pairs. Their longest increasing run is the backbone.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> unique;
    for (std::uint32_t i = 0; i < a_.size(); ++i)
      if (const auto &k = keys.find(a_[i].key)->second; k.na == 1 && k.nb == 1) unique.emplace_back(i, k.ib);
    const auto in_lis = longest_increasing(unique);
    for (std::size_t t = 0; t < unique.size(); ++t) {
      set_exact(unique[t].first, unique[t].second, in_lis[t]);
      if (in_lis[t]) anchors_.push_back(unique[t]);
    }
    // Repeated fingerprints ("* * *", "Yes."): in order, inside each gap of the backbone.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> more;
    std::unordered_map<std::uint64_t, std::pair<std::vector<std::uint32_t>, std::size_t>> in_gap;
    for (std::size_t g = 0; g <= anchors_.size(); ++g) {
      const std::uint32_t a_lo = g ? anchors_[g - 1].first + 1 : 0;
      const std::uint32_t a_hi =
          g < anchors_.size() ? anchors_[g].first : static_cast<std::uint32_t>(a_.size());
      const std::uint32_t b_lo = g ? anchors_[g - 1].second + 1 : 0;
      const std::uint32_t b_hi =
          g < anchors_.size() ? anchors_[g].second : static_cast<std::uint32_t>(b_.size());
      if (a_lo >= a_hi || b_lo >= b_hi) continue;
      in_gap.clear();
      for (std::uint32_t j = b_lo; j < b_hi; ++j)
        if (!used_[j]) in_gap[b_[j].key].first.push_back(j);
      if (in_gap.empty()) continue;
      std::int64_t last = static_cast<std::int64_t>(b_lo) - 1;
      for (std::uint32_t i = a_lo; i < a_hi; ++i) {
        if (out_[i].how != link::none) continue;
        const auto it = in_gap.find(a_[i].key);
        if (it == in_gap.end()) continue;
        auto &[positions, head] = it->second;
        while (head < positions.size() && static_cast<std::int64_t>(positions[head]) <= last)
          ++head;
        if (head == positions.size()) continue;
        const std::uint32_t j = positions[head++];
        set_exact(i, j, true);
        more.emplace_back(i, j);
        last = j;
      }
    }
    if (!more.empty()) {
      anchors_.insert(anchors_.end(), more.begin(), more.end());
      std::sort(anchors_.begin(), anchors_.end());
    }
    // Repeated fingerprints left over, out of order: moved.
    std::unordered_map<std::uint64_t, std::pair<std::vector<std::uint32_t>, std::size_t>> left;
    for (std::uint32_t j = 0; j < b_.size(); ++j)
      if (!used_[j]) {
        const auto &k = keys.find(b_[j].key)->second;
        if (k.na > 0) left[b_[j].key].first.push_back(j);
      }
    if (left.empty()) return;
    for (std::uint32_t i = 0; i < a_.size(); ++i) {
      if (out_[i].how != link::none) continue;
      const auto it = left.find(a_[i].key);
      if (it == left.end()) continue;
      auto &[positions, head] = it->second;
      if (head < positions.size()) set_exact(i, positions[head++], false);
    }
  }

  // Flags the members of a longest strictly increasing subsequence of the pairs' second values.
  static std::vector<bool> longest_increasing(const std::vector<std::pair<std::uint32_t, std::uint32_t>> &p) {
    std::vector<std::size_t> tails;
    std::vector<std::ptrdiff_t> prev(p.size(), -1);
    for (std::size_t t = 0; t < p.size(); ++t) {
      const auto pos = static_cast<std::size_t>(
          std::lower_bound(tails.begin(), tails.end(), p[t].second,
                           [&](std::size_t x, std::uint32_t v) { return p[x].second < v; }) -
          tails.begin());
      if (pos > 0) prev[t] = static_cast<std::ptrdiff_t>(tails[pos - 1]);
      if (pos == tails.size())
        tails.push_back(t);
      else
        tails[pos] = t;
    }
    std::vector<bool> in(p.size(), false);
    for (auto t = tails.empty() ? std::ptrdiff_t{-1} : static_cast<std::ptrdiff_t>(tails.back()); t >= 0;
         t = prev[static_cast<std::size_t>(t)])
      in[static_cast<std::size_t>(t)] = true;
    return in;
  }

  struct candidate {
    std::uint32_t ka, kb; // indices into unmatched_a_ / unmatched_b_
    std::uint32_t overlap;
    double similarity, cover_a, cover_b;
    bool near;
  };
  struct group {
    bool split;                    // else merged
    std::uint32_t k, first, count; // split: old k, new run; merged: new k, old run
    double similarity;
    bool near;
  };

  double threshold(bool near) const {
    return near ? o_.min_confidence : std::max(o_.min_confidence, o_.min_confidence_far);
  }

  // Sorted inverted index: (shingle, unit) for the distinct shingles of every unit.
  static std::vector<std::pair<std::uint64_t, std::uint32_t>>
  index_of(const std::vector<std::vector<std::uint64_t>> &bags) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> idx;
    std::size_t total = 0;
    for (const auto &b : bags)
      total += b.size();
    idx.reserve(total);
    for (std::uint32_t k = 0; k < bags.size(); ++k)
      for (std::size_t t = 0; t < bags[k].size(); ++t)
        if (t == 0 || bags[k][t] != bags[k][t - 1]) idx.emplace_back(bags[k][t], k);
    std::sort(idx.begin(), idx.end());
    return idx;
  }

  // Candidates of each query bag among the indexed ones: those sharing most sketch shingles.
  static void lookup(const std::vector<std::vector<std::uint64_t>> &queries,
                     const std::vector<std::pair<std::uint64_t, std::uint32_t>> &idx, std::size_t indexed,
                     bool queries_are_old, std::vector<std::uint64_t> &pairs) {
    std::vector<std::uint32_t> hits(indexed, 0);
    std::vector<std::uint32_t> touched;
    for (std::uint32_t q = 0; q < queries.size(); ++q) {
      const auto &bag = queries[q];
      std::size_t taken = 0;
      for (std::size_t t = 0; t < bag.size() && taken < sketch_size; ++t) {
        if (t > 0 && bag[t] == bag[t - 1]) continue;
        ++taken;
        const auto lo = std::lower_bound(idx.begin(), idx.end(), std::make_pair(bag[t], std::uint32_t{0}));
        auto hi = lo;
        while (hi != idx.end() && hi->first == bag[t] && static_cast<std::size_t>(hi - lo) <= max_postings)
          ++hi;
        if (static_cast<std::size_t>(hi - lo) > max_postings) continue;
        for (auto it = lo; it != hi; ++it)
          if (hits[it->second]++ == 0) touched.push_back(it->second);
      }
      // A candidate must share an eighth of the sketch: fewer cannot reach any threshold.
      const std::size_t min_hits = std::max<std::size_t>(1, taken / 8);
      touched.erase(std::remove_if(touched.begin(), touched.end(),
                                   [&](std::uint32_t k) {
                                     if (hits[k] >= min_hits) return false;
                                     hits[k] = 0;
                                     return true;
                                   }),
                    touched.end());
      const std::size_t keep = std::min(max_candidates, touched.size());
      std::partial_sort(
          touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(keep), touched.end(),
          [&](std::uint32_t x, std::uint32_t y) { return hits[x] != hits[y] ? hits[x] > hits[y] : x < y; });
      for (std::size_t t = 0; t < keep; ++t) {
        const std::uint64_t ka = queries_are_old ? q : touched[t];
        const std::uint64_t kb = queries_are_old ? touched[t] : q;
        pairs.push_back(ka << 32 | kb);
      }
      for (const auto k : touched)
        hits[k] = 0;
      touched.clear();
    }
  }

  void fuzzy() {
    std::vector<std::uint32_t> &ua = unmatched_a_, &ub = unmatched_b_;
    for (std::uint32_t i = 0; i < a_.size(); ++i)
      if (out_[i].how == link::none) ua.push_back(i);
    for (std::uint32_t j = 0; j < b_.size(); ++j)
      if (!used_[j]) ub.push_back(j);
    if (ua.empty() || ub.empty()) return;

    // Gap of each unmatched unit: how many in-order anchors precede it.
    std::vector<std::uint32_t> anchor_a, anchor_b;
    for (const auto &[i, j] : anchors_) {
      anchor_a.push_back(i);
      anchor_b.push_back(j);
    }
    const bool anchored = !anchors_.empty();
    const auto gap_of = [](const std::vector<std::uint32_t> &anchors, std::uint32_t x) {
      return static_cast<std::uint32_t>(std::upper_bound(anchors.begin(), anchors.end(), x) -
                                        anchors.begin());
    };
    std::vector<std::uint32_t> gap_a(ua.size()), gap_b(ub.size());
    for (std::size_t k = 0; k < ua.size(); ++k)
      gap_a[k] = gap_of(anchor_a, ua[k]);
    for (std::size_t k = 0; k < ub.size(); ++k)
      gap_b[k] = gap_of(anchor_b, ub[k]);

    // Within the scope, if any: which units may take part at all.
    std::vector<passage> scope_union; // the scopes merged into disjoint, ordered ranges
    if (scope_) {
      std::vector<passage> all;
      for (const auto i : ua)
        if ((*scope_)[i].begin <= (*scope_)[i].end) all.push_back((*scope_)[i]);
      std::sort(all.begin(), all.end(), [](const passage &x, const passage &y) { return x.begin < y.begin; });
      for (const auto &r : all)
        if (!scope_union.empty() && r.begin <= scope_union.back().end)
          scope_union.back().end = std::max(scope_union.back().end, r.end);
        else
          scope_union.push_back(r);
    }
    const auto allowed_a = [&](std::uint32_t i) { return !scope_ || (*scope_)[i].begin <= (*scope_)[i].end; };
    const auto allowed_b = [&](std::uint32_t j) {
      if (!scope_) return true;
      const auto it = std::upper_bound(scope_union.begin(), scope_union.end(), b_[j].begin,
                                       [](std::size_t v, const passage &x) { return v < x.begin; });
      return it != scope_union.begin() && std::prev(it)->end >= b_[j].end;
    };
    const auto allowed = [&](std::uint32_t ka, std::uint32_t kb) {
      if (!scope_) return true;
      const auto &r = (*scope_)[ua[ka]];
      const auto &u = b_[ub[kb]];
      return r.begin <= r.end && u.begin >= r.begin && u.end <= r.end;
    };
    std::vector<std::vector<std::uint64_t>> bag_a(ua.size()), bag_b(ub.size());
    for (std::size_t k = 0; k < ua.size(); ++k)
      if (allowed_a(ua[k])) bag_a[k] = bag_of(text_a(ua[k]));
    for (std::size_t k = 0; k < ub.size(); ++k)
      if (allowed_b(ub[k])) bag_b[k] = bag_of(text_b(ub[k]));

    // Candidate pairs: every pair of a small gap, and what the sketches find, both ways.
    std::vector<std::uint64_t> pairs;
    for (std::size_t x = 0, y = 0; x < ua.size();) {
      const std::uint32_t g = gap_a[x];
      std::size_t x_end = x;
      while (x_end < ua.size() && gap_a[x_end] == g)
        ++x_end;
      while (y < ub.size() && gap_b[y] < g)
        ++y;
      std::size_t y_end = y;
      while (y_end < ub.size() && gap_b[y_end] == g)
        ++y_end;
      if ((x_end - x) * (y_end - y) <= small_gap_pairs)
        for (std::size_t p = x; p < x_end; ++p)
          for (std::size_t q = y; q < y_end; ++q)
            pairs.push_back(std::uint64_t{p} << 32 | q);
      x = x_end;
    }
    lookup(bag_a, index_of(bag_b), ub.size(), true, pairs);
    lookup(bag_b, index_of(bag_a), ua.size(), false, pairs);
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

    std::vector<candidate> cands;
    cands.reserve(pairs.size());
    for (const auto key : pairs) {
      const auto ka = static_cast<std::uint32_t>(key >> 32), kb = static_cast<std::uint32_t>(key);
      if (!allowed(ka, kb)) continue;
      const std::size_t ov = common(bag_a[ka], bag_b[kb]);
      if (ov == 0) continue;
      const double na = static_cast<double>(bag_a[ka].size()), nb = static_cast<double>(bag_b[kb].size());
      const double sim = dice(ov, bag_a[ka].size(), bag_b[kb].size());
      cands.push_back({ka, kb, static_cast<std::uint32_t>(ov), sim, static_cast<double>(ov) / na,
                       static_cast<double>(ov) / nb, anchored && gap_a[ka] == gap_b[kb]});
      auto &best = out_[ua[ka]].confidence;
      best = std::max(best, sim);
    }

    // Splits (one old unit, a run of new ones each mostly drawn from it) and merges (the reverse).
    std::vector<group> groups;
    const auto find_groups = [&](bool split) {
      // Sorted by the unit that is whole (old for splits), then by the parts.
      std::sort(cands.begin(), cands.end(), [&](const candidate &x, const candidate &y) {
        return split ? std::tie(x.ka, x.kb) < std::tie(y.ka, y.kb)
                     : std::tie(x.kb, x.ka) < std::tie(y.kb, y.ka);
      });
      for (std::size_t s = 0; s < cands.size();) {
        const std::uint32_t whole = split ? cands[s].ka : cands[s].kb;
        std::size_t e = s;
        double best_single = 0;
        while (e < cands.size() && (split ? cands[e].ka : cands[e].kb) == whole) {
          best_single = std::max(best_single, cands[e].similarity);
          ++e;
        }
        // Parts in order; runs of consecutive units.
        std::vector<std::uint32_t> parts;
        bool near = true;
        // A part is mostly drawn from the whole and explains a fair share of it.
        const std::size_t whole_size = split ? bag_a[whole].size() : bag_b[whole].size();
        const double min_part = std::max(3.0, 0.05 * static_cast<double>(whole_size));
        for (std::size_t t = s; t < e; ++t)
          if ((split ? cands[t].cover_b : cands[t].cover_a) >= part_coverage && cands[t].overlap >= min_part)
            parts.push_back(split ? cands[t].kb : cands[t].ka);
        const auto &units = split ? ub : ua;
        for (std::size_t r = 0; r < parts.size();) {
          std::size_t r_end = r + 1;
          while (r_end < parts.size() && units[parts[r_end]] == units[parts[r_end - 1]] + 1)
            ++r_end;
          if (r_end - r >= 2) {
            std::vector<std::uint64_t> joined;
            near = anchored;
            for (std::size_t t = r; t < r_end; ++t) {
              const auto &bag = split ? bag_b[parts[t]] : bag_a[parts[t]];
              joined.insert(joined.end(), bag.begin(), bag.end());
              near = near && (split ? gap_b[parts[t]] == gap_a[whole] : gap_a[parts[t]] == gap_b[whole]);
            }
            std::sort(joined.begin(), joined.end());
            const auto &bag = split ? bag_a[whole] : bag_b[whole];
            const double sim = dice(common(bag, joined), bag.size(), joined.size());
            if (sim >= best_single + group_margin)
              groups.push_back({split, whole, parts[r], static_cast<std::uint32_t>(r_end - r), sim, near});
          }
          r = r_end;
        }
        s = e;
      }
    };
    find_groups(true);
    find_groups(false);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const group &x, const group &y) { return x.similarity > y.similarity; });
    for (const auto &g : groups) {
      if (g.similarity < threshold(g.near)) continue;
      if (g.split) {
        const std::uint32_t i = ua[g.k];
        bool free = out_[i].how == link::none;
        for (std::uint32_t t = 0; t < g.count; ++t)
          free = free && !used_[ub[g.first + t]];
        if (!free) continue;
        out_[i] = {link::split, g.near, ub[g.first], g.count, g.similarity};
        for (std::uint32_t t = 0; t < g.count; ++t)
          used_[ub[g.first + t]] = 1;
      } else {
        const std::uint32_t j = ub[g.k];
        bool free = !used_[j];
        for (std::uint32_t t = 0; t < g.count; ++t)
          free = free && out_[ua[g.first + t]].how == link::none;
        if (!free) continue;
        for (std::uint32_t t = 0; t < g.count; ++t)
          out_[ua[g.first + t]] = {link::merged, g.near, j, 1, g.similarity};
        used_[j] = 1;
      }
    }

    // One to one: the most similar pairs first.
    std::stable_sort(cands.begin(), cands.end(),
                     [](const candidate &x, const candidate &y) { return x.similarity > y.similarity; });
    for (const auto &c : cands) {
      const std::uint32_t i = ua[c.ka], j = ub[c.kb];
      if (out_[i].how != link::none || used_[j] || c.similarity < threshold(c.near)) continue;
      out_[i] = {link::edited, c.near, j, 1, c.similarity};
      used_[j] = 1;
    }

    // Text moved across a paragraph boundary ("A B" "C" -> "A" "B C"): an old unit placed next
    // to a new unit that holds a fair share of its words (or that is left over and mostly drawn
    // from it) extends its place over that unit: a split. The confidence is then the share of
    // the old unit's words found in its place.
    std::vector<std::int64_t> k_of_b(b_.size(), -1);
    for (std::size_t k = 0; k < ub.size(); ++k)
      k_of_b[ub[k]] = static_cast<std::int64_t>(k);
    const auto cover = [&](std::uint32_t ka, std::uint32_t first, std::uint32_t count) {
      std::vector<std::uint64_t> joined;
      for (std::uint32_t t = first; t < first + count; ++t) {
        const auto k = k_of_b[t];
        const auto bag = k >= 0 ? bag_b[static_cast<std::size_t>(k)] : bag_of(text_b(t));
        joined.insert(joined.end(), bag.begin(), bag.end());
      }
      std::sort(joined.begin(), joined.end());
      return static_cast<double>(common(bag_a[ka], joined)) /
             static_cast<double>(std::max<std::size_t>(1, bag_a[ka].size()));
    };
    std::sort(cands.begin(), cands.end(), [](const candidate &x, const candidate &y) {
      return std::tie(x.ka, x.kb) < std::tie(y.ka, y.kb);
    });
    for (std::size_t s = 0; s < cands.size();) {
      const std::uint32_t ka = cands[s].ka;
      std::size_t e = s;
      while (e < cands.size() && cands[e].ka == ka)
        ++e;
      auto &l = out_[ua[ka]];
      if (l.how == link::edited || l.how == link::split) {
        const double min_part = std::max(3.0, 0.05 * static_cast<double>(bag_a[ka].size()));
        double now = cover(ka, l.first, l.count);
        bool extended = false;
        for (bool grew = true; grew;) {
          grew = false;
          for (std::size_t t = s; t < e && !grew; ++t) {
            const std::uint32_t j = ub[cands[t].kb];
            if (j + 1 != l.first && j != l.first + l.count) continue;
            const std::uint32_t first = std::min(j, l.first), count = l.count + 1;
            double after = -1;
            if (!used_[j] && cands[t].cover_b >= part_coverage && cands[t].overlap >= 3)
              after = cover(ka, first, count);
            else if (cands[t].overlap >= min_part && cover(ka, first, count) - now >= 0.2)
              after = cover(ka, first, count);
            if (after < 0) continue;
            l.first = first;
            l.count = count;
            used_[j] = 1;
            now = after;
            grew = extended = true;
          }
        }
        if (extended) {
          l.how = link::split;
          l.confidence = now;
        }
      }
      s = e;
    }

    // An old unit still left over whose words are mostly found in a run of consecutive new
    // units, some of them placed already: split over the run, or merged into its one unit.
    for (std::size_t s = 0; s < cands.size();) {
      const std::uint32_t ka = cands[s].ka, i = ua[ka];
      std::size_t e = s;
      while (e < cands.size() && cands[e].ka == ka)
        ++e;
      if (out_[i].how != link::none) {
        s = e;
        continue;
      }
      const double min_part = std::max(3.0, 0.05 * static_cast<double>(bag_a[ka].size()));
      std::vector<const candidate *> parts;
      for (std::size_t t = s; t < e; ++t)
        if (cands[t].overlap >= min_part) parts.push_back(&cands[t]);
      double best = 0;
      std::size_t best_r = 0, best_len = 0;
      bool best_near = false;
      for (std::size_t r = 0; r < parts.size();) {
        std::size_t r_end = r + 1;
        while (r_end < parts.size() && ub[parts[r_end]->kb] == ub[parts[r_end - 1]->kb] + 1)
          ++r_end;
        bool near = true;
        for (std::size_t t = r; t < r_end; ++t)
          near = near && parts[t]->near;
        const double covered = cover(ka, ub[parts[r]->kb], static_cast<std::uint32_t>(r_end - r));
        if (covered > best) {
          best = covered;
          best_r = r;
          best_len = r_end - r;
          best_near = near;
        }
        r = r_end;
      }
      if (best_len > 0 && best >= std::max(part_coverage, threshold(best_near))) {
        const std::uint32_t first = ub[parts[best_r]->kb];
        const bool shared = best_len == 1 && used_[first];
        out_[i] = {best_len > 1 ? link::split
                   : shared     ? link::merged
                                : link::edited,
                   best_near, first, static_cast<std::uint32_t>(best_len), best};
        for (std::uint32_t t = 0; t < best_len; ++t)
          used_[first + t] = 1;
      }
      s = e;
    }
  }

  std::string_view ta_, tb_;
  const std::vector<unit> &a_, &b_;
  const reanchor_options &o_;
  std::vector<unit_link> out_;
  std::vector<char> used_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> anchors_; // in-order exact pairs, ascending
  std::vector<std::uint32_t> unmatched_a_, unmatched_b_;
  const std::vector<passage> *scope_ = nullptr;
};

// ------------------------------------------------------------------------------ quotes

// Start of the code point `n` code points before byte `at` (or 0).
std::size_t back_code_points(std::string_view t, std::size_t at, std::size_t n) {
  while (at > 0 && n > 0) {
    --at;
    while (at > 0 && detail::is_continuation(static_cast<unsigned char>(t[at])))
      --at;
    --n;
  }
  return at;
}

// Byte after `n` code points from byte `at` (or the end).
std::size_t forward_code_points(std::string_view t, std::size_t at, std::size_t n) {
  while (at < t.size() && n > 0) {
    at += std::min(detail::sequence_length(static_cast<unsigned char>(t[at])), t.size() - at);
    --n;
  }
  return at;
}

// Moves `at` forward to a character boundary.
std::size_t boundary(std::string_view t, std::size_t at) {
  while (at < t.size() && detail::is_continuation(static_cast<unsigned char>(t[at])))
    ++at;
  return std::min(at, t.size());
}

// Bytes of `prefix` that match the text just before `at`, going backwards.
std::size_t match_back(std::string_view prefix, std::string_view t, std::size_t at) {
  std::size_t n = 0;
  while (n < prefix.size() && n < at && prefix[prefix.size() - 1 - n] == t[at - 1 - n])
    ++n;
  return n;
}

// Bytes of `suffix` that match the text from `at` on.
std::size_t match_forward(std::string_view suffix, std::string_view t, std::size_t at) {
  std::size_t n = 0;
  while (n < suffix.size() && at + n < t.size() && suffix[n] == t[at + n])
    ++n;
  return n;
}

// Starts of the occurrences of `needle` in t[lo, hi), at most `cap`.
std::vector<std::size_t> occurrences(std::string_view t, std::string_view needle, std::size_t lo,
                                     std::size_t hi, std::size_t cap) {
  std::vector<std::size_t> out;
  if (needle.empty() || hi > t.size() || lo >= hi) return out;
  const auto hay = t.substr(lo, hi - lo);
  for (std::size_t p = hay.find(needle); p != std::string_view::npos && out.size() < cap;
       p = hay.find(needle, p + 1))
    out.push_back(lo + p);
  return out;
}

// The code points of t[b, e), with the byte offset of each and of the end.
struct cp_run {
  std::vector<char32_t> cp;
  std::vector<std::size_t> at;
};

cp_run decode_run(std::string_view t, std::size_t b, std::size_t e) {
  cp_run r;
  for (std::size_t i = b; i < e;) {
    r.cp.push_back(detail::decode_at(t, i));
    r.at.push_back(i);
    i += std::min(detail::sequence_length(static_cast<unsigned char>(t[i])), e - i);
  }
  r.at.push_back(e);
  return r;
}

// Edit distance (in code points) between `p` and the best prefix of `t`, when `free_start`
// is false; between `p` and the best substring of `t` ending anywhere, starting anywhere, when
// it is true (Sellers). Returns {distance, end} (end: code points of t). Ties prefer the end
// that makes the match's length closest to p's. O(|p| |t|).
std::pair<std::size_t, std::size_t> best_match(const std::vector<char32_t> &p, const std::vector<char32_t> &t,
                                               bool free_start) {
  std::vector<std::size_t> row(t.size() + 1);
  for (std::size_t j = 0; j <= t.size(); ++j)
    row[j] = free_start ? 0 : j;
  for (std::size_t i = 1; i <= p.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= t.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (p[i - 1] == t[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  std::size_t best = 0;
  const auto off = [&](std::size_t j) { return j > p.size() ? j - p.size() : p.size() - j; };
  for (std::size_t j = 1; j <= t.size(); ++j)
    if (row[j] < row[best] || (row[j] == row[best] && !free_start && off(j) < off(best))) best = j;
  return {row[best], best};
}

// Likeness of two long strings from 0 to 1, by their words.
double word_likeness(std::string_view x, std::string_view y) {
  if (x == y) return 1.0;
  const auto bx = bag_of(x), by = bag_of(y);
  return dice(common(bx, by), bx.size(), by.size());
}

// ------------------------------------------------------------------------------ re-anchoring

// Where an old block went: the new byte range to look in, and how sure that is.
struct block_region {
  std::size_t begin = 0, end = 0;
  bool mapped = false;  // the block itself was matched; else the hole between its neighbours
  bool nowhere = false; // unmatched, and its neighbours went to crossed places: no hole
  link how = link::none;
  std::size_t shift_from = 0, shift_to = 0; // identical blocks: old begin -> new begin
  std::size_t wide_begin = 0, wide_end = 0; // with the unplaced new blocks on either side
};

struct annotation_place {
  bool placed = false;
  std::size_t begin = 0, end = 0;
  double confidence = 0;
};

class reanchorer {
public:
  reanchorer(const document &old_doc, const document &new_doc, const reanchor_options &o)
      : old_(old_doc), new_(new_doc), o_(o), ot_(old_doc.text()), nt_(new_doc.text()) {}

  reanchor_result run() {
    reanchor_result r;
    r.old_id = old_.meta().id;
    // Blocks.
    const auto old_blocks = old_.blocks();
    const auto new_blocks = new_.blocks();
    std::vector<unit> ua, ub;
    ua.reserve(old_blocks.size());
    ub.reserve(new_blocks.size());
    for (const auto &b : old_blocks)
      ua.push_back(make_unit(ot_, b.begin, b.end));
    for (const auto &b : new_blocks)
      ub.push_back(make_unit(nt_, b.begin, b.end));
    block_links_ = aligner(ot_, ua, nt_, ub, o_).run();
    regions();

    std::vector<reanchor_item> paragraphs, sentences, annotations;
    paragraphs.reserve(old_.paragraph_count());
    for (std::size_t i = 0; i < old_blocks.size(); ++i) {
      const block &ob = old_blocks[i];
      if (!is_numbered(ob.kind)) continue;
      reanchor_item item;
      item.kind = anchor_kind::paragraph;
      item.old_point = {ob.n, 0};
      item.old_span = {ob.begin, ob.end};
      item.fingerprint = ua[i].key;
      const auto &l = block_links_[i];
      for (std::uint32_t t = 0; t < l.count; ++t) {
        const block &nb = new_blocks[l.first + t];
        if (is_numbered(nb.kind)) item.new_points.push_back({nb.n, 0});
        item.new_spans.push_back({nb.begin, nb.end});
      }
      item.status = status_of(l, item.old_point, item.new_points);
      item.confidence = l.confidence;
      paragraphs.push_back(std::move(item));
    }

    // Annotations of every layer but ingest's edits and the sentences.
    std::vector<layer> moved_layers;
    for (const auto &l : old_.layers()) {
      if (l.name() == edits_layer_name || l.name() == sentences_layer_name) continue;
      r.layers.push_back(l.name());
      moved_layers.push_back(reanchor_layer(l, annotations));
    }

    r.doc = assemble(std::move(moved_layers));

    // Sentences, against the sentences of the result.
    if (const layer *os = old_.find_layer(sentences_layer_name)) {
      const layer *ns = r.doc.find_layer(sentences_layer_name);
      const auto old_units = sentence_units(old_, *os);
      const auto new_units = sentence_units(r.doc, *ns);
      std::vector<unit> sa, sb;
      sa.reserve(old_units.size());
      sb.reserve(new_units.size());
      for (const auto &s : old_units)
        sa.push_back(make_unit(ot_, s.begin, s.end));
      for (const auto &s : new_units)
        sb.push_back(make_unit(r.doc.text(), s.begin, s.end));
      // A sentence is looked for approximately only where its paragraph went.
      std::vector<passage> scope(sa.size(), passage{1, 0});
      for (std::size_t k = 0; k < sa.size(); ++k) {
        const auto bi = block_at(sa[k].begin);
        if (bi < regions_.size() && regions_[bi].mapped)
          scope[k] = {regions_[bi].wide_begin, regions_[bi].wide_end};
      }
      aligner sentence_aligner(ot_, sa, r.doc.text(), sb, o_);
      sentence_aligner.restrict_to(scope);
      const auto links = sentence_aligner.run();
      sentences.reserve(sa.size());
      for (std::size_t k = 0; k < sa.size(); ++k) {
        reanchor_item item;
        item.kind = anchor_kind::sentence;
        item.old_point = old_units[k].point;
        item.old_span = {sa[k].begin, sa[k].end};
        item.fingerprint = sa[k].key;
        const auto &l = links[k];
        for (std::uint32_t t = 0; t < l.count; ++t) {
          item.new_points.push_back(new_units[l.first + t].point);
          item.new_spans.push_back({sb[l.first + t].begin, sb[l.first + t].end});
        }
        item.status = status_of(l, item.old_point, item.new_points);
        item.confidence = l.confidence;
        sentences.push_back(std::move(item));
      }
    }

    r.items = std::move(paragraphs);
    r.items.reserve(r.items.size() + sentences.size() + annotations.size());
    std::move(sentences.begin(), sentences.end(), std::back_inserter(r.items));
    std::move(annotations.begin(), annotations.end(), std::back_inserter(r.items));
    return r;
  }

private:
  struct sentence_unit {
    std::size_t begin, end;
    citation_point point;
  };

  // The sentences of a document that lie in numbered paragraphs, with their citations
  // (the sentence number is the ordinal within the paragraph, as resolve() counts).
  static std::vector<sentence_unit> sentence_units(const document &doc, const layer &l) {
    std::vector<sentence_unit> out;
    out.reserve(l.size());
    const auto blocks = doc.blocks();
    std::size_t bi = 0;
    std::uint32_t last_paragraph = 0, m = 0;
    for (std::size_t i = 0; i < l.size(); ++i) {
      const std::size_t b = l.begin(i), e = l.end(i);
      if (bi > 0 && b < blocks[bi - 1].begin) bi = 0; // out of order: search again
      while (bi < blocks.size() && blocks[bi].end < e)
        ++bi;
      if (bi == blocks.size() || !is_numbered(blocks[bi].kind) || blocks[bi].begin > b) continue;
      const std::uint32_t n = blocks[bi].n;
      m = n == last_paragraph ? m + 1 : 1;
      last_paragraph = n;
      out.push_back({b, e, {n, m}});
    }
    return out;
  }

  static anchor_status status_of(const unit_link &l, const citation_point &old_point,
                                 const std::vector<citation_point> &new_points) {
    switch (l.how) {
    case link::identical:
      return new_points.size() == 1 && new_points[0] == old_point ? anchor_status::unchanged
                                                                  : anchor_status::moved;
    case link::same_words:
    case link::edited:
      return anchor_status::edited;
    case link::split:
      return anchor_status::split;
    case link::merged:
      return anchor_status::merged;
    case link::none:
      break;
    }
    return anchor_status::orphaned;
  }

  // The new region of every old block: its targets, or the hole between its placed neighbours.
  void regions() {
    const auto ob = old_.blocks();
    const auto nb = new_.blocks();
    regions_.assign(ob.size(), {});
    for (std::size_t i = 0; i < ob.size(); ++i) {
      const auto &l = block_links_[i];
      if (l.how == link::none) continue;
      auto &g = regions_[i];
      g.mapped = true;
      g.how = l.how;
      g.begin = nb[l.first].begin;
      g.end = nb[l.first + l.count - 1].end;
      g.shift_from = ob[i].begin;
      g.shift_to = nb[l.first].begin;
    }
    // New blocks no old block went to: text that came from elsewhere, or from a neighbour.
    std::vector<char> taken(nb.size(), 0);
    for (const auto &l : block_links_)
      for (std::uint32_t t = 0; t < l.count; ++t)
        taken[l.first + t] = 1;
    for (std::size_t i = 0; i < ob.size(); ++i) {
      auto &g = regions_[i];
      g.wide_begin = g.begin;
      g.wide_end = g.end;
      if (!g.mapped) continue;
      // Text an edited block lost may be in the new block beside it, placed or not.
      const auto &l = block_links_[i];
      const bool whole = l.how == link::identical || l.how == link::same_words;
      if (l.first > 0 && (!whole || !taken[l.first - 1])) g.wide_begin = nb[l.first - 1].begin;
      if (l.first + l.count < nb.size() && (!whole || !taken[l.first + l.count]))
        g.wide_end = nb[l.first + l.count].end;
    }
    // Holes: from the end of the previous placed block to the start of the next one.
    std::size_t prev_end = 0;
    for (std::size_t i = 0; i < ob.size(); ++i) {
      if (regions_[i].mapped)
        prev_end = regions_[i].end;
      else
        regions_[i].begin = prev_end;
    }
    std::size_t next_begin = nt_.size();
    for (std::size_t i = ob.size(); i-- > 0;) {
      if (regions_[i].mapped)
        next_begin = regions_[i].begin;
      else
        regions_[i].end = next_begin;
    }
    for (auto &g : regions_)
      if (!g.mapped && g.begin > g.end) g.nowhere = true; // neighbours crossed: nowhere to look
  }

  // The old block that contains byte `at`, or blocks().size().
  std::size_t block_at(std::size_t at) const {
    const auto ob = old_.blocks();
    auto it =
        std::upper_bound(ob.begin(), ob.end(), at, [](std::size_t v, const block &x) { return v < x.begin; });
    if (it == ob.begin()) return ob.size();
    --it;
    return at <= it->end ? static_cast<std::size_t>(it - ob.begin()) : ob.size();
  }

  // Old blocks [first, last] that annotation [b, e) touches (or the blocks around a gap).
  std::pair<std::size_t, std::size_t> blocks_of(std::size_t b, std::size_t e) const {
    const auto ob = old_.blocks();
    // First block that ends after b (ends at or after b for an empty annotation).
    auto it = std::lower_bound(ob.begin(), ob.end(), b, [&](const block &x, std::size_t v) {
      return b == e ? x.end < v : x.end <= v;
    });
    std::size_t first = static_cast<std::size_t>(it - ob.begin());
    // Last block that starts before e (at or before e for an empty annotation).
    auto jt = std::upper_bound(ob.begin(), ob.end(), e, [&](std::size_t v, const block &x) {
      return b == e ? v < x.begin : v <= x.begin;
    });
    std::size_t last = static_cast<std::size_t>(jt - ob.begin());
    last = last == 0 ? 0 : last - 1;
    if (first >= ob.size()) first = ob.size() - 1;
    if (first > last) std::swap(first, last); // in the gap between two blocks
    return {first, last};
  }

  annotation_place locate(std::size_t b, std::size_t e, const text_quote &q) const {
    annotation_place none;
    const auto ob = old_.blocks();
    const std::string_view exact = q.exact;
    if (ob.empty()) return search(exact, q, 0, nt_.size(), false, b, 0, none);
    const auto [first, last] = blocks_of(b, e);
    // Fast path: inside a block that is identical in the new version.
    const auto &home = regions_[first];
    if (home.how == link::identical && b >= home.shift_from) {
      const std::size_t p = b - home.shift_from + home.shift_to;
      if (p + exact.size() <= nt_.size() && nt_.compare(p, exact.size(), exact) == 0)
        return {true, p, p + exact.size(), 1.0};
    }
    std::size_t lo = nt_.size(), hi = 0, wide_lo = nt_.size(), wide_hi = 0;
    bool mapped = true;
    for (std::size_t i = first; i <= last; ++i) {
      lo = std::min(lo, regions_[i].begin);
      hi = std::max(hi, regions_[i].end);
      wide_lo = std::min(wide_lo, regions_[i].wide_begin);
      wide_hi = std::max(wide_hi, regions_[i].wide_end);
      mapped = mapped && regions_[i].mapped;
      if (regions_[i].nowhere) return none;
      // Blocks that were neighbours and no longer are: the annotation is not whole anywhere.
      if (i > first && (regions_[i].begin < regions_[i - 1].begin ||
                        regions_[i].begin > regions_[i - 1].end + (ob[i].begin - ob[i - 1].end) + 64))
        mapped = false;
    }
    if (lo > hi) return none;
    // Room for the parts of the annotation outside its blocks (a gap, a trailing space).
    const std::size_t before = ob[first].begin > b ? ob[first].begin - b : 0;
    const std::size_t after = e > ob[last].end ? e - ob[last].end : 0;
    const auto widen = [&](std::size_t &x, std::size_t &y) {
      x = x > before + 2 ? x - before - 2 : 0;
      while (x > 0 && detail::is_continuation(static_cast<unsigned char>(nt_[x])))
        --x;
      y = boundary(nt_, std::min(nt_.size(), y + after + 2));
    };
    widen(lo, hi);
    if (!mapped && hi - lo > o_.search_window) return none;
    const bool same_words = mapped && (home.how == link::identical || home.how == link::same_words);
    const std::size_t rel = b - std::min(b, ob[first].begin);
    auto found = search(exact, q, lo, hi, mapped, rel, same_words ? 1 : 0, none);
    if (found.placed || !mapped || (wide_lo == lo && wide_hi == hi)) return found;
    // Not in the block's new place: perhaps in a new block beside it (text moved across the
    // boundary), found by its context alone.
    widen(wide_lo, wide_hi);
    if (wide_hi - wide_lo > o_.search_window) return found;
    auto wide = search(exact, q, wide_lo, wide_hi, false, rel, 0, none);
    return wide.placed ? wide : found;
  }

  // Looks for the quote in new text [lo, hi). `rel` is the old offset from the start of its
  // block, to prefer the nearer of equally good places.
  annotation_place search(std::string_view exact, const text_quote &q, std::size_t lo, std::size_t hi,
                          bool mapped, std::size_t rel, int same_words, annotation_place none) const {
    const std::string_view prefix = q.prefix, suffix = q.suffix;
    const std::size_t context_total = prefix.size() + suffix.size();
    const std::size_t need = std::min<std::size_t>(12, context_total);
    const auto context_score = [&](std::size_t s, std::size_t e) {
      if (context_total == 0) return std::pair<std::size_t, double>{0, 1.0};
      const std::size_t n = match_back(prefix, nt_, s) + match_forward(suffix, nt_, e);
      return std::pair<std::size_t, double>{n, static_cast<double>(n) / static_cast<double>(context_total)};
    };
    const std::size_t expected = lo + rel;
    const auto distance = [&](std::size_t p) { return p > expected ? p - expected : expected - p; };

    // 1. The exact text (for an empty annotation: the point between prefix and suffix).
    std::vector<std::size_t> starts;
    if (!exact.empty()) {
      starts = occurrences(nt_, exact, lo, hi, 256);
    } else {
      const auto tail = prefix.substr(prefix.size() - std::min<std::size_t>(prefix.size(), 16));
      for (const auto p : occurrences(nt_, tail, lo > tail.size() ? lo - tail.size() : 0, hi, 64))
        starts.push_back(p + tail.size());
      for (const auto p :
           occurrences(nt_, suffix.substr(0, std::min<std::size_t>(suffix.size(), 16)), lo, hi, 64))
        starts.push_back(p);
      std::sort(starts.begin(), starts.end());
      starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    }
    std::size_t best = std::string_view::npos, best_n = 0, ties = 0;
    double best_score = -1;
    for (const auto p : starts) {
      const auto [n, score] = context_score(p, p + exact.size());
      if (best == std::string_view::npos || n > best_n || (n == best_n && distance(p) < distance(best))) {
        ties = best != std::string_view::npos && n == best_n ? ties + 1 : 0;
        best = p;
        best_n = n;
        best_score = score;
      } else if (n == best_n) {
        ++ties;
      }
    }
    if (best != std::string_view::npos) {
      const bool strong_context = best_n >= need;
      if (mapped && (strong_context || exact.size() >= 24 || same_words))
        return {true, best, best + exact.size(), ties ? 0.6 : 0.8 + 0.2 * best_score};
      if (!mapped && strong_context && ties == 0)
        return {true, best, best + exact.size(), 0.5 + 0.5 * best_score};
    }
    if (!mapped || exact.empty()) return none;

    // 2. An approximate match, starting where the old prefix ends or ending where the old
    //    suffix starts (a shorter piece of context if the longer one is gone); for a long quote,
    //    anywhere in the region.
    const auto tail_of = [](std::string_view x, std::size_t n) {
      return x.substr(boundary(x, x.size() - std::min(n, x.size())));
    };
    const auto head_of = [](std::string_view x, std::size_t n) {
      return x.substr(0, boundary(x, std::min(n, x.size())));
    };
    std::vector<std::size_t> s_anchors, e_anchors;
    for (const std::size_t n : {16, 8}) {
      const auto tail = tail_of(prefix, n);
      for (const auto p : occurrences(nt_, tail, lo > tail.size() ? lo - tail.size() : 0, hi, 8))
        s_anchors.push_back(p + tail.size());
      if (!s_anchors.empty() || tail.size() < n) break;
    }
    for (const std::size_t n : {16, 8}) {
      const auto head = head_of(suffix, n);
      for (const auto p : occurrences(nt_, head, lo, std::min(nt_.size(), hi + head.size()), 8))
        e_anchors.push_back(p);
      if (!e_anchors.empty() || head.size() < n) break;
    }
    const cp_run pattern = decode_run(exact, 0, exact.size());
    const std::size_t m = pattern.cp.size();
    std::vector<char32_t> reversed(pattern.cp.rbegin(), pattern.cp.rend());
    annotation_place found = none;
    std::size_t found_n = 0, found_distance = 0;
    // Old edges that fell between words: a new edge inside a word moves out to the word's edge.
    const auto word_byte = [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u >= 0x80 || is_ascii_word(u);
    };
    const bool start_free = prefix.empty() || !word_byte(prefix.back()) || !word_byte(exact.front());
    const bool end_free = suffix.empty() || !word_byte(suffix.front()) || !word_byte(exact.back());
    const auto quote_similarity = [&](std::size_t s, std::size_t e) {
      if (m > 1024) return word_likeness(exact, nt_.substr(s, e - s));
      const auto run = decode_run(nt_, s, e);
      const auto [d, j] = best_match(pattern.cp, run.cp, false);
      return j == run.cp.size()
                 ? 1.0 - static_cast<double>(d) / static_cast<double>(std::max<std::size_t>({m, j, 1}))
                 : 0.0;
    };
    // bounded: the place lies exactly between where the old prefix ends and the old suffix
    // starts, so the context vouches for it even if the words changed a lot ("eleven" ->
    // "twelve"); otherwise the quote itself must be alike.
    const auto consider = [&](std::size_t s, std::size_t e, bool bounded) {
      if (e < s) return;
      if (start_free)
        while (s > lo && s < nt_.size() && word_byte(nt_[s - 1]) && word_byte(nt_[s]))
          --s;
      if (end_free)
        while (e < hi && e > 0 && word_byte(nt_[e - 1]) && word_byte(nt_[e]))
          ++e;
      const double sim = quote_similarity(s, e);
      const auto [n, score] = context_score(s, e);
      double conf;
      if (bounded) {
        conf = 0.6 * score + 0.4 * sim;
      } else {
        if (sim < o_.min_quote_similarity) return;
        conf = sim * (0.7 + 0.3 * score);
      }
      if (!found.placed || conf > found.confidence ||
          (conf == found.confidence && (n > found_n || (n == found_n && distance(s) < found_distance)))) {
        found = {true, s, e, conf};
        found_n = n;
        found_distance = distance(s);
      }
    };
    if (m <= 1024) {
      for (const auto s : s_anchors) { // starts after the prefix: the best end
        const auto run = decode_run(nt_, s, std::min(hi, forward_code_points(nt_, s, 2 * m + 16)));
        const auto [d, j] = best_match(pattern.cp, run.cp, false);
        consider(s, run.at[j], false);
      }
      for (const auto e : e_anchors) { // ends before the suffix: the best start
        auto run = decode_run(nt_, std::max(lo, back_code_points(nt_, e, 2 * m + 16)), e);
        std::vector<char32_t> back(run.cp.rbegin(), run.cp.rend());
        const auto [d, j] = best_match(reversed, back, false);
        consider(run.at[run.cp.size() - j], e, false);
      }
      if (s_anchors.empty() && e_anchors.empty() && m >= 24 && hi - lo <= 16 * 1024) {
        // No context left: the quote itself is long enough to find, anywhere in the region.
        const auto run = decode_run(nt_, lo, hi);
        const auto [d, end] = best_match(pattern.cp, run.cp, true);
        std::vector<char32_t> back(run.cp.begin(), run.cp.begin() + static_cast<std::ptrdiff_t>(end));
        std::reverse(back.begin(), back.end());
        const auto [d2, j] = best_match(reversed, back, false);
        consider(run.at[end - j], run.at[end], false);
      }
    }
    // Between the old prefix and the old suffix: each start with the nearest end after it.
    std::sort(e_anchors.begin(), e_anchors.end());
    for (const auto s : s_anchors) {
      const auto e = std::lower_bound(e_anchors.begin(), e_anchors.end(), s);
      if (e != e_anchors.end() && *e - s <= 2 * exact.size() + 16) consider(s, *e, true);
    }
    if (found.placed && found.confidence < o_.min_confidence) found.placed = false;
    return found;
  }

  layer reanchor_layer(const layer &l, std::vector<reanchor_item> &items) const {
    struct placed {
      std::size_t begin, end, index;
    };
    std::vector<placed> kept;
    kept.reserve(l.size());
    for (std::size_t i = 0; i < l.size(); ++i) {
      reanchor_item item;
      item.kind = anchor_kind::annotation;
      item.layer = l.name();
      item.index = i;
      item.old_span = {l.begin(i), l.end(i)};
      item.quote = quote_of(ot_, l.begin(i), l.end(i), o_.context);
      const auto place = locate(l.begin(i), l.end(i), item.quote);
      item.confidence = place.confidence;
      if (!place.placed) {
        item.status = anchor_status::orphaned;
      } else {
        item.new_spans.push_back({place.begin, place.end});
        if (nt_.substr(place.begin, place.end - place.begin) != item.quote.exact)
          item.status = anchor_status::edited;
        else if (new_.to_code_point(place.begin) == old_.to_code_point(l.begin(i)) &&
                 new_.to_code_point(place.end) == old_.to_code_point(l.end(i)))
          item.status = anchor_status::unchanged;
        else
          item.status = anchor_status::moved;
        kept.push_back({place.begin, place.end, i});
      }
      items.push_back(std::move(item));
    }
    std::stable_sort(kept.begin(), kept.end(),
                     [](const placed &x, const placed &y) { return x.begin < y.begin; });
    layer out(l.name());
    std::vector<attribute> attrs;
    for (const auto &k : kept) {
      attrs.clear();
      for (const auto a : l.attributes(k.index))
        attrs.push_back({std::string(a.name), std::string(a.value)});
      out.add(k.begin, k.end, l.type(k.index), attrs);
    }
    return out;
  }

  static std::string attribute_key(const layer &l, std::size_t i) {
    std::string key(l.type(i));
    for (const auto a : l.attributes(i)) {
      key += '\x1f';
      key += a.name;
      key += '=';
      key += a.value;
    }
    return key;
  }

  // The new document with the re-anchored layers, as the policy says, and sentences that
  // nest with them.
  document assemble(std::vector<layer> moved) const {
    std::vector<layer> layers;
    bool emphasis_changed = false;
    std::vector<bool> attached(moved.size(), false);
    for (const auto &l : new_.layers()) {
      const auto it =
          std::find_if(moved.begin(), moved.end(), [&](const layer &m) { return m.name() == l.name(); });
      if (it == moved.end() || o_.existing_layers == layer_policy::keep_new) {
        layers.push_back(l);
        continue;
      }
      const auto k = static_cast<std::size_t>(it - moved.begin());
      attached[k] = true;
      emphasis_changed = emphasis_changed || l.name() == emphasis_layer_name;
      if (o_.existing_layers == layer_policy::replace) {
        layers.push_back(std::move(*it));
        continue;
      }
      // Merge: the new layer's annotations, then the re-anchored ones it does not already have.
      std::set<std::tuple<std::size_t, std::size_t, std::string>> have;
      struct entry {
        const layer *from;
        std::size_t index;
      };
      std::vector<entry> all;
      for (std::size_t i = 0; i < l.size(); ++i) {
        have.emplace(l.begin(i), l.end(i), attribute_key(l, i));
        all.push_back({&l, i});
      }
      for (std::size_t i = 0; i < it->size(); ++i)
        if (!have.count({it->begin(i), it->end(i), attribute_key(*it, i)})) all.push_back({&*it, i});
      std::stable_sort(all.begin(), all.end(), [](const entry &x, const entry &y) {
        return x.from->begin(x.index) < y.from->begin(y.index);
      });
      layer merged(l.name());
      std::vector<attribute> attrs;
      for (const auto &x : all) {
        attrs.clear();
        for (const auto a : x.from->attributes(x.index))
          attrs.push_back({std::string(a.name), std::string(a.value)});
        merged.add(x.from->begin(x.index), x.from->end(x.index), x.from->type(x.index), attrs);
      }
      layers.push_back(std::move(merged));
    }
    for (std::size_t k = 0; k < moved.size(); ++k) {
      if (attached[k] || new_.find_layer(moved[k].name())) continue;
      emphasis_changed = emphasis_changed || moved[k].name() == emphasis_layer_name;
      layers.push_back(std::move(moved[k]));
    }
    document doc(new_.text(), new_.meta(), std::vector<block>(new_.blocks().begin(), new_.blocks().end()),
                 std::move(layers));
    const bool has_sentences = doc.find_layer(sentences_layer_name) != nullptr;
    const bool want_sentences = old_.find_layer(sentences_layer_name) != nullptr;
    if ((want_sentences && !has_sentences) || (has_sentences && emphasis_changed)) return with_sentences(doc);
    return doc;
  }

  const document &old_;
  const document &new_;
  const reanchor_options &o_;
  std::string_view ot_, nt_;
  std::vector<unit_link> block_links_;
  std::vector<block_region> regions_;
};

} // namespace

std::string_view anchor_kind_name(anchor_kind k) noexcept {
  switch (k) {
  case anchor_kind::paragraph:
    return "paragraph";
  case anchor_kind::sentence:
    return "sentence";
  case anchor_kind::annotation:
    return "annotation";
  }
  return "?";
}

std::string_view anchor_status_name(anchor_status s) noexcept {
  switch (s) {
  case anchor_status::unchanged:
    return "unchanged";
  case anchor_status::moved:
    return "moved";
  case anchor_status::edited:
    return "edited";
  case anchor_status::split:
    return "split";
  case anchor_status::merged:
    return "merged";
  case anchor_status::orphaned:
    return "orphaned";
  }
  return "?";
}

text_quote quote_of(std::string_view text, std::size_t begin, std::size_t end, std::size_t context) {
  if (begin > end || end > text.size())
    throw argument_error(errc::invalid_argument, "quote span [" + std::to_string(begin) + ", " +
                                                     std::to_string(end) + ") is outside the text");
  const std::size_t p = back_code_points(text, begin, context);
  const std::size_t s = forward_code_points(text, end, context);
  return {std::string(text.substr(begin, end - begin)), std::string(text.substr(p, begin - p)),
          std::string(text.substr(end, s - end))};
}

std::uint64_t content_fingerprint(std::string_view text) noexcept {
  return make_unit(text, 0, text.size()).key;
}

std::size_t reanchor_result::count(anchor_kind k, anchor_status s) const noexcept {
  return static_cast<std::size_t>(std::count_if(
      items.begin(), items.end(), [&](const reanchor_item &i) { return i.kind == k && i.status == s; }));
}

reanchor_result reanchor(const document &old_doc, const document &new_doc, const reanchor_options &options) {
  const auto check = [](double v, const char *name) {
    if (!(v >= 0.0 && v <= 1.0))
      throw argument_error(errc::invalid_argument,
                           std::string(name) + " must be between 0 and 1, not " + std::to_string(v));
  };
  check(options.min_confidence, "min_confidence");
  check(options.min_confidence_far, "min_confidence_far");
  check(options.min_quote_similarity, "min_quote_similarity");
  return reanchorer(old_doc, new_doc, options).run();
}

} // namespace alinea
