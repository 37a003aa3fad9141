// SPDX-License-Identifier: MIT
// Speed of the dates and names annotators, and the compile time of a 100,000-name gazetteer.
// Not a test. Build and run (Release):
//
//   cmake -S . -B build/ann-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DALINEA_BUILD_TESTS=ON
//   cmake --build build/ann-rel -j2 --target bench_annotate && build/ann-rel/tests/cpp/bench_annotate [FILE]
//
// The text is FILE, or the seeds in ALINEA_SHARED_DIR/seeds, repeated to about 32 MB with a
// paragraph of generated names and dates after each copy, so that names are found. Times are
// the best of three runs in CPU time of the thread (one core).
#include <alinea/annotate.hpp>
#include <alinea/ingest.hpp>
#include <alinea/name_rules.hpp>
#include <alinea/quotations.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <time.h>

namespace ann = alinea::annotate;

#include "bench_support.hpp"

namespace {

using bench::best_seconds;
using bench::cpu_seconds;
using bench::slurp;
using bench::text_of_files;

struct rng {
  std::uint64_t s = 0x9E3779B97F4A7C15ull;
  std::uint32_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<std::uint32_t>(s >> 11);
  }
  std::size_t below(std::size_t n) { return next() % n; }
};

// A name-like word of 2 to 4 syllables: "Karimova", "Tesandor".
std::string word(rng &r) {
  static const char *onsets[] = {"b", "d", "k", "l",  "m",  "n", "r", "s",
                                 "t", "v", "z", "sh", "ch", "g", "p", "j"};
  static const char *vowels[] = {"a", "e", "i", "o", "u", "ai", "ou", "ia"};
  std::string w;
  const std::size_t n = 2 + r.below(3);
  for (std::size_t k = 0; k < n; ++k) {
    w += onsets[r.below(std::size(onsets))];
    w += vowels[r.below(std::size(vowels))];
  }
  if (r.below(2)) w += "n";
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

} // namespace

int main(int argc, char **argv) {
  std::string base =
      argc > 1 ? slurp(argv[1]) : text_of_files(std::filesystem::path(ALINEA_SHARED_DIR) / "seeds");
  if (base.empty())
    base = "In 1991, on 12 March 2002, the delegation of Kazakhstan met NATO and the OSCE in Vienna. "
           "From 2003 to 2008, in the mid-1990s, the price was $2003 for 2,003 barrels.\n\n";

  // 100,000 generated entries: "Given Family" persons, one-word places, "X Y Organization".
  rng r;
  std::vector<ann::gazetteer_entry> entries;
  entries.reserve(100000);
  for (std::size_t i = 0; i < 100000; ++i) {
    ann::gazetteer_entry e;
    const std::size_t kind = i % 3;
    if (kind == 0) {
      e.name = word(r) + " " + word(r);
      e.type = "persName";
      e.variants.push_back(e.name.substr(e.name.find(' ') + 1) + ", " + e.name.substr(0, e.name.find(' ')));
    } else if (kind == 1) {
      e.name = word(r);
      e.type = "placeName";
    } else {
      e.name = word(r) + " " + word(r) + " Organization";
      e.type = "orgName";
    }
    e.ref = "http://www.wikidata.org/entity/Q" + std::to_string(1000000 + i);
    entries.push_back(std::move(e));
  }

  std::string text;
  const std::size_t target = 32u << 20;
  text.reserve(target + base.size() + 4096);
  while (text.size() < target) {
    text += base;
    text += "On 3 May 1999 ";
    for (int k = 0; k < 12; ++k)
      text += entries[r.below(entries.size())].name + (k % 3 == 2 ? " met in 2001. " : " and ");
    text += "\n\n";
  }
  const double mb = static_cast<double>(text.size()) / 1e6;

  std::size_t patterns = 0;
  const double compile = best_seconds(3, [&] {
    const ann::gazetteer g(entries);
    patterns = g.pattern_count();
  });
  std::string tsv = "name\ttype\tref\tvariants\n";
  for (const auto &e : entries) {
    tsv += e.name + "\t" + e.type + "\t" + e.ref + "\t";
    for (std::size_t k = 0; k < e.variants.size(); ++k)
      tsv += (k ? "|" : "") + e.variants[k];
    tsv += "\n";
  }
  const double compile_tsv =
      best_seconds(3, [&] { patterns = ann::gazetteer::from_tsv(tsv).pattern_count(); });
  const ann::gazetteer big(entries);
  const auto &builtin = ann::gazetteer::builtin();

  std::size_t n_dates = 0, n_names = 0, n_builtin = 0;
  const double t_dates = best_seconds(3, [&] { n_dates = ann::dates(text).size(); });
  const double t_names = best_seconds(3, [&] { n_names = ann::names(text, big).size(); });
  const double t_builtin = best_seconds(3, [&] { n_builtin = ann::names(text, builtin).size(); });
  const double t_find = best_seconds(3, [&] { n_names = big.find(text).size(); });

  std::printf("text: %.1f MB (%s)\n", mb, argc > 1 ? argv[1] : "seeds + generated names");
  std::printf("gazetteer compile: %zu entries, %zu names and variants: %.3f s\n", entries.size(), patterns,
              compile);
  std::printf("gazetteer from TSV (%.1f MB): %.3f s\n", static_cast<double>(tsv.size()) / 1e6, compile_tsv);
  std::printf("dates:                    %8.1f MB/s  (%zu annotations)\n", mb / t_dates, n_dates);
  std::printf("names, 100,000 entries:   %8.1f MB/s  (%zu annotations; matcher alone %.1f MB/s)\n",
              mb / t_names, n_names, mb / t_find);
  std::printf("names, built-in (%zu):   %8.1f MB/s  (%zu annotations)\n", builtin.size(), mb / t_builtin,
              n_builtin);
  std::printf("dates + names (100,000):  %8.1f MB/s\n", mb / (t_dates + t_names));

  // Every annotator on a parsed document, as `alinea convert --annotate` runs them: dates, names
  // (the 100,000-entry gazetteer and the rules for the names it does not hold), quotations
  // (which read the names layer for speakers). Parsing is not timed.
  alinea::document doc = alinea::parse(text, {.id = "bench"});
  std::size_t n_rules = 0, n_quotes = 0;
  const double t_doc_dates = best_seconds(3, [&] { n_dates = ann::dates(doc).size(); });
  const double t_rules = best_seconds(3, [&] { n_rules = ann::find_names(doc, big).size(); });
  doc.put_layer(ann::find_names(doc, big));
  const double t_quotes = best_seconds(3, [&] { n_quotes = alinea::find_quotations(doc).size(); });
  const double t_all = t_doc_dates + t_rules + t_quotes;
  std::printf("names with rules (100,000): %6.1f MB/s  (%zu annotations)\n", mb / t_rules, n_rules);
  std::printf("quotations:               %8.1f MB/s  (%zu annotations)\n", mb / t_quotes, n_quotes);
  std::printf("all annotators (dates, names with rules, quotations): %.1f MB/s (%.2f s)\n", mb / t_all,
              t_all);
  return 0;
}
