// SPDX-License-Identifier: MIT
// Speed of the TEI reader (tei::read) next to pugixml parsing the same bytes, in one run.
// Not a test. Build and run (Release):
//
//   cmake -S . -B build/tei-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DALINEA_BUILD_TESTS=ON
//   cmake --build build/tei-rel -j2 --target bench_tei_import
//   build/tei-rel/tests/cpp/bench_tei_import [--size-mb 20] [--repeat 5] [--save OWN.xml] [--own-only]
//   [FILE...]
//
// Inputs, held in memory: alinea's own TEI for about --size-mb of text (the seeds in
// ALINEA_SHARED_DIR/seeds repeated and hard-wrapped at 72 columns, so that ingest records an
// edit per joined line; sentences; a "names" layer with an annotation every 250 bytes, a tenth
// of them crossing the next one so that they go to standOff; a "dates" layer), then the FILEs
// given, else the largest sample, ALINEA_SHARED_DIR/corpus/tei-samples/eebo-tcp/A00002.xml.
// Small inputs are read repeatedly in one timed run, so that a run lasts at least 0.2 s.
// Times are the best of --repeat runs in CPU time of the thread (one core). MB = 10^6 bytes
// of input.
#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <time.h>

#include "bench_support.hpp"

namespace {

using bench::best_seconds;
using bench::cpu_seconds;
using bench::slurp;
using bench::text_of_files;

// Plain text wrapped at 72 columns, paragraphs apart by a blank line.
std::string wrapped(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\n') {
      const auto end = text.find_first_not_of('\n', i);
      const std::size_t n = (end == std::string_view::npos ? text.size() : end) - i;
      out += n > 1 ? "\n\n" : "\n";
      column = 0;
      i += n;
      continue;
    }
    auto space = text.find_first_of(" \n", i);
    if (space == std::string_view::npos) space = text.size();
    const std::size_t len = space - i;
    if (column > 0 && column + 1 + len > 72) {
      out += '\n';
      column = 0;
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out.append(text, i, len);
    column += len;
    i = space < text.size() && text[space] == ' ' ? space + 1 : space;
  }
  return out;
}

std::string own_output(double size_mb) {
  std::string base = text_of_files(std::filesystem::path(ALINEA_SHARED_DIR) / "seeds");
  if (base.empty())
    base = "Astana and Beijing – “a strategic partnership” – signed the treaty on 12 March 2002, after "
           "three years of talks; the delegation of Kazakhstan met the Chinese side in Almaty.\n\n";
  std::string text = "Relations between neighbours\n\n";
  const auto target = static_cast<std::size_t>(size_mb * 1e6 * 0.45); // the TEI is about twice the text
  while (text.size() < target)
    text += base;
  alinea::document doc = alinea::parse(wrapped(text), {.id = "bench"});
  // Names on word spans every 250 bytes; a tenth run into the next word's annotation (standOff).
  const std::string &t = doc.text();
  alinea::layer names("names"), dates("dates");
  std::size_t k = 0;
  for (std::size_t at = 0; at + 80 < t.size(); at += 250, ++k) {
    const auto s = t.find(' ', at) + 1;
    const auto e = t.find(' ', s + 1);
    const auto e2 = t.find(' ', e + 1);
    if (s == 0 || e2 == std::string::npos || t.substr(s, e2 - s).find('\n') != std::string::npos) continue;
    const std::string ref = "https://example.org/p/" + std::to_string(k % 997);
    names.add(s, e, "persName", "ref", ref);
    if (k % 10 == 0) { // from the middle of this word to the end of the next: crosses it
      auto mid = s + (e - s) / 2;
      while ((static_cast<unsigned char>(t[mid]) & 0xC0) == 0x80)
        ++mid;
      names.add(mid, e2, "persName", "ref", ref);
    }
    if (k % 7 == 0) dates.add(s, e, "date", "when", "2002-03-12");
  }
  doc.put_layer(std::move(names));
  doc.put_layer(std::move(dates));
  return alinea::tei::to_string(doc);
}

void measure(const std::string &label, const std::string &xml, int repeat) {
  if (xml.size() < 100) {
    std::printf("\n%s: %zu bytes, skipped\n", label.c_str(), xml.size());
    return;
  }
  const std::size_t loops =
      std::max<std::size_t>(1, static_cast<std::size_t>(1e8 / static_cast<double>(xml.size() + 1)));
  const double mb = static_cast<double>(xml.size() * loops) / 1e6;
  std::size_t sink = 0;
  std::string error;
  const auto pugi_parse = [&] {
    for (std::size_t i = 0; i < loops; ++i) {
      pugi::xml_document dom;
      const auto r = dom.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                     pugi::encoding_utf8);
      sink += r ? 1 : 0;
    }
  };
  const auto tei_read = [&] {
    for (std::size_t i = 0; i < loops; ++i) {
      try {
        sink += alinea::tei::read(xml).text().size();
      } catch (const std::exception &e) {
        error = e.what();
      }
    }
  };
  // Runs alternate, so that both see the same machine (others' load, frequency).
  double t_pugi = 1e300, t_read = 1e300;
  for (int k = 0; k < repeat; ++k) {
    t_pugi = std::min(t_pugi, best_seconds(1, pugi_parse));
    t_read = std::min(t_read, best_seconds(1, tei_read));
  }
  const auto doc = alinea::tei::read(xml);
  std::size_t annotations = 0;
  for (const auto &l : doc.layers())
    annotations += l.size();
  std::printf("\n%s: %.3f MB x %zu; %zu blocks, %zu layers, %zu annotations%s%s\n", label.c_str(),
              static_cast<double>(xml.size()) / 1e6, loops, doc.blocks().size(), doc.layers().size(),
              annotations, error.empty() ? "" : "; error: ", error.c_str());
  std::printf("  pugixml load_buffer   %8.1f MB/s\n", mb / t_pugi);
  std::printf("  alinea tei::read      %8.1f MB/s   (%.2fx pugixml's time)\n", mb / t_read, t_read / t_pugi);
  if (sink == 0) std::printf("(nothing read)\n");
}

} // namespace

int main(int argc, char **argv) {
  double size_mb = 20;
  int repeat = 5;
  std::string save;
  bool own_only = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--size-mb" && i + 1 < argc) {
      size_mb = std::atof(argv[++i]);
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--save" && i + 1 < argc) {
      save = argv[++i];
    } else if (a == "--own-only") {
      own_only = true;
    } else {
      files.emplace_back(a);
    }
  }
  if (files.empty() && !own_only) {
    const auto eebo =
        std::filesystem::path(ALINEA_SHARED_DIR) / "corpus" / "tei-samples" / "eebo-tcp" / "A00002.xml";
    if (std::filesystem::exists(eebo)) files.push_back(eebo.string());
  }
  if (size_mb > 0) {
    const std::string own = own_output(size_mb);
    if (!save.empty()) std::ofstream(save, std::ios::binary) << own;
    measure("own output (alinea TEI)", own, repeat);
  }
  for (const auto &f : files)
    measure(f, slurp(f), repeat);
  return 0;
}
