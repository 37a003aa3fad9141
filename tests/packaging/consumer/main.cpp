// Converts every .txt file of a directory with the installed alinea and checks the result.
#include <alinea/alinea.hpp>
#include <alinea/ranges.hpp>

#include <filesystem>
#include <iostream>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer DIR\n";
    return 2;
  }
  int converted = 0;
  for (const auto &entry : std::filesystem::directory_iterator(argv[1])) {
    if (entry.path().extension() != ".txt") continue;
    const alinea::document doc = alinea::read_file(entry.path());
    const std::string xml = alinea::tei::to_string(doc);
    std::size_t paragraphs = 0;
    for (auto text : alinea::views::paragraph_texts(doc))
      paragraphs += text.empty() ? 0 : 1;
    if (paragraphs != doc.paragraph_count() || xml.find("<TEI") == std::string::npos) {
      std::cerr << "consumer: unexpected result for " << entry.path() << "\n";
      return 1;
    }
    std::cout << doc.meta().id << ": " << paragraphs << " paragraphs, " << xml.size() << " bytes of TEI\n";
    ++converted;
  }
  if (converted == 0) {
    std::cerr << "consumer: no .txt files in " << argv[1] << "\n";
    return 1;
  }
  std::cout << "consumer: ok (alinea " << alinea::version << ")\n";
  return 0;
}
