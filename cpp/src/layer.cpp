// SPDX-License-Identifier: MIT
#include <alinea/detail/utf8.hpp>
#include <alinea/document.hpp>
#include <alinea/error.hpp>
#include <alinea/layer.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace alinea {
namespace {

constexpr std::size_t max_name_bytes = 200;

bool is_ascii_name_char(char c, bool first) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':') return true;
  return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

// White space, controls and format characters that TEI's token pattern [^\p{C}\p{Z}] refuses,
// beyond ASCII: the Unicode Z category, C1 controls, and the common format characters.
bool is_space_or_control(char32_t c) noexcept {
  if (c < 0x21 || (c >= 0x7F && c <= 0xA0)) return true;
  switch (c) {
  case 0x00AD:
  case 0x061C:
  case 0x1680:
  case 0x180E:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
  case 0xFEFF:
    return true;
  default:
    break;
  }
  return (c >= 0x2000 && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
         (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFFF9 && c <= 0xFFFB) || c >= 0xF0000;
}

[[noreturn]] void invalid(std::string message) {
  throw argument_error(errc::invalid_argument, std::move(message));
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 60))
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (s.size() > 60) out += "...";
  return out + "'";
}

} // namespace

bool is_xml_text(std::string_view s) noexcept {
  const auto scan = detail::scan_utf8(s);
  return scan.problem == detail::utf8_problem::none && s.find('\f') == std::string_view::npos;
}

bool is_valid_annotation_type(std::string_view type) noexcept {
  if (type.empty() || type.size() > max_name_bytes || !is_xml_text(type)) return false;
  for (std::size_t i = 0; i < type.size(); i += detail::sequence_length(static_cast<unsigned char>(type[i])))
    if (is_space_or_control(detail::decode_at(type, i))) return false;
  return true;
}

bool is_valid_attribute_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > max_name_bytes || !is_xml_text(name)) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x80) continue; // letters of other scripts, as XML names allow ("ort", "größe")
    if (!is_ascii_name_char(name[i], i == 0)) return false;
  }
  return true;
}

layer::layer(std::string name) : name_(std::move(name)) {
  if (name_.empty() || name_.size() > max_name_bytes || !is_xml_text(name_))
    invalid("layer name " + quoted(name_) +
            " must be 1 to 200 bytes of text XML can carry (no NUL or control characters)");
}

std::uint32_t layer::intern(std::vector<std::string> &table, std::uint32_t &last, std::string_view s,
                            bool (*valid)(std::string_view) noexcept, std::string_view what) {
  // Consecutive annotations usually share their type and attribute names: try the last first.
  if (last < table.size() && table[last] == s) return last;
  // Layers hold few distinct names; a linear search beats hashing at that size.
  auto it = std::find(table.begin(), table.end(), s);
  if (it == table.end()) {
    // Checked once per distinct name, so bulk additions pay nothing per annotation.
    if (!valid(s)) {
      if (what == "type")
        invalid("annotation type " + quoted(s) + " in layer '" + name_ +
                "' must be a name without spaces or control characters, such as 'persName'");
      invalid("attribute name " + quoted(s) + " in layer '" + name_ +
              "' must be an XML name: letters, digits, '_', '-', '.', ':' (such as 'ref')");
    }
    it = table.insert(table.end(), std::string(s));
  }
  last = static_cast<std::uint32_t>(it - table.begin());
  return last;
}

void layer::push_attribute(std::string_view name, std::string_view value) {
  const auto id = intern(names_, last_name_, name, is_valid_attribute_name, "attribute");
  // The edits layer records the source as it was, which may hold characters XML forbids (those
  // that lenient ingest replaced); the TEI writer escapes them there. Nowhere else.
  if (name_ != edits_layer_name && !is_xml_text(value))
    invalid("the value of attribute '" + std::string(name) + "' in layer '" + name_ +
            "' is not valid UTF-8 or holds a character XML cannot carry");
  attr_names_.push_back(id);
  pool_ += value;
  value_ends_.push_back(pool_.size());
}

void layer::push_span(std::size_t begin, std::size_t end, std::string_view type) {
  if (begin > end)
    invalid("annotation span [" + std::to_string(begin) + ", " + std::to_string(end) + ") in layer '" +
            name_ + "' ends before it starts");
  const auto id = intern(types_, last_type_, type, is_valid_annotation_type, "type");
  begins_.push_back(begin);
  ends_.push_back(end);
  type_ids_.push_back(id);
}

void layer::push_provenance(const provenance &p) {
  if (p.confidence && !(*p.confidence >= 0.0 && *p.confidence <= 1.0))
    invalid("confidence " + std::to_string(*p.confidence) + " in layer '" + name_ +
            "' is not between 0 and 1");
  const std::size_t i = begins_.size() - 1; // the annotation just pushed
  if (!p.annotator.empty() || !p.version.empty()) {
    if (!is_xml_text(p.annotator) || !is_xml_text(p.version))
      invalid("the annotator or version in layer '" + name_ + "' holds a character XML cannot carry");
    std::uint32_t id = last_provenance_;
    if (!(provenances_[id].first == p.annotator && provenances_[id].second == p.version)) {
      const auto it = std::find_if(provenances_.begin(), provenances_.end(), [&](const auto &e) {
        return e.first == p.annotator && e.second == p.version;
      });
      id = static_cast<std::uint32_t>(it - provenances_.begin());
      if (it == provenances_.end()) provenances_.emplace_back(p.annotator, p.version);
      last_provenance_ = id;
    }
    if (provenance_ids_.size() < i) provenance_ids_.resize(i, 0);
    provenance_ids_.push_back(id);
  } else if (!provenance_ids_.empty()) {
    provenance_ids_.push_back(0);
  }
  if (p.confidence) {
    if (confidences_.size() < i) confidences_.resize(i, std::nan(""));
    confidences_.push_back(*p.confidence);
  } else if (!confidences_.empty()) {
    confidences_.push_back(std::nan(""));
  }
}

template <class Attributes>
void layer::add_checked(std::size_t begin, std::size_t end, std::string_view type,
                        const Attributes &attributes, const provenance &made_by) {
  push_span(begin, end, type);
  try {
    for (const auto &a : attributes)
      push_attribute(a.name, a.value);
    push_provenance(made_by);
  } catch (...) { // leave the layer as it was
    begins_.pop_back();
    ends_.pop_back();
    type_ids_.pop_back();
    attr_names_.resize(attr_starts_.back());
    value_ends_.resize(attr_starts_.back());
    pool_.resize(value_ends_.empty() ? 0 : value_ends_.back());
    if (provenance_ids_.size() > begins_.size()) provenance_ids_.resize(begins_.size());
    if (confidences_.size() > begins_.size()) confidences_.resize(begins_.size());
    throw;
  }
  attr_starts_.push_back(attr_names_.size());
  // Equal starts are rare: only they need the full comparison (of the annotation now complete).
  const std::size_t i = begins_.size() - 1;
  if (in_order_ && i > 0 && begins_[i] <= begins_[i - 1])
    in_order_ = begins_[i] == begins_[i - 1] && compare(i - 1, i) <= 0;
}

void layer::add(std::size_t begin, std::size_t end, std::string_view type,
                std::span<const attribute> attributes, const provenance &made_by) {
  add_checked(begin, end, type, attributes, made_by);
}

void layer::add_views(std::size_t begin, std::size_t end, std::string_view type,
                      std::span<const attribute_view> attributes, const provenance &made_by) {
  add_checked(begin, end, type, attributes, made_by);
}

void layer::add(std::size_t begin, std::size_t end, std::string_view type, std::string_view attribute_name,
                std::string_view attribute_value) {
  const attribute_view a{attribute_name, attribute_value};
  add_views(begin, end, type, {&a, 1});
}

void layer::reserve(std::size_t n, std::size_t attribute_count) {
  begins_.reserve(begins_.size() + n);
  ends_.reserve(ends_.size() + n);
  type_ids_.reserve(type_ids_.size() + n);
  attr_starts_.reserve(attr_starts_.size() + n);
  attr_names_.reserve(attr_names_.size() + attribute_count);
  value_ends_.reserve(value_ends_.size() + attribute_count);
}

std::string_view layer::attribute_value(std::size_t i, std::string_view name) const noexcept {
  for (const auto a : attributes(i))
    if (a.name == name) return a.value;
  return {};
}

provenance layer::made_by(std::size_t i) const noexcept {
  provenance p;
  if (i < provenance_ids_.size()) {
    const auto &[annotator, version] = provenances_[provenance_ids_[i]];
    p.annotator = annotator;
    p.version = version;
  }
  if (i < confidences_.size() && !std::isnan(confidences_[i])) p.confidence = confidences_[i];
  return p;
}

int layer::compare(std::size_t a, std::size_t b) const noexcept {
  if (begins_[a] != begins_[b]) return begins_[a] < begins_[b] ? -1 : 1;
  if (ends_[a] != ends_[b]) return ends_[a] > ends_[b] ? -1 : 1; // the longer span first
  if (const int c = type(a).compare(type(b)); c != 0) return c;
  const auto x = attributes(a), y = attributes(b);
  auto i = x.begin(), j = y.begin();
  for (; i != x.end() && j != y.end(); ++i, ++j) {
    const auto u = *i, v = *j;
    if (const int c = u.name.compare(v.name); c != 0) return c;
    if (const int c = u.value.compare(v.value); c != 0) return c;
  }
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  const auto p = made_by(a), q = made_by(b);
  if (const int c = p.annotator.compare(q.annotator); c != 0) return c;
  if (const int c = p.version.compare(q.version); c != 0) return c;
  if (p.confidence != q.confidence)
    return !p.confidence || (q.confidence && *p.confidence < *q.confidence) ? -1 : 1;
  return 0;
}

bool layer::before(std::size_t a, std::size_t b) const noexcept {
  const int c = compare(a, b);
  return c != 0 ? c < 0 : a < b;
}

std::vector<std::uint32_t> layer::document_order() const {
  std::vector<std::uint32_t> order(size());
  std::iota(order.begin(), order.end(), 0u);
  if (!in_order_)
    std::stable_sort(order.begin(), order.end(),
                     [this](std::uint32_t a, std::uint32_t b) { return compare(a, b) < 0; });
  return order;
}

std::vector<std::uint32_t> layer::find(const filter &f) const {
  std::vector<std::uint32_t> out;
  std::optional<std::uint32_t> type_id;
  if (f.type) {
    const auto it = std::find(types_.begin(), types_.end(), *f.type);
    if (it == types_.end()) return out;
    type_id = static_cast<std::uint32_t>(it - types_.begin());
  }
  for (std::size_t i = 0; i < size(); ++i) {
    const std::size_t s = begins_[i], t = ends_[i];
    if (type_id && type_ids_[i] != *type_id) continue;
    if (f.overlapping) {
      const auto [b, e] = *f.overlapping;
      const bool touches = (s == t || b == e) ? std::max(s, b) <= std::min(t, e) : (s < e && b < t);
      if (!touches) continue;
    }
    if (f.within && !(f.within->first <= s && t <= f.within->second)) continue;
    if (f.annotator && made_by(i).annotator != *f.annotator) continue;
    bool all = true;
    for (const auto &a : f.attributes) {
      bool found = false;
      for (const auto v : attributes(i))
        if (v.name == a.name && v.value == a.value) {
          found = true;
          break;
        }
      if (!found) {
        all = false;
        break;
      }
    }
    if (all) out.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(out.begin(), out.end(),
                   [this](std::uint32_t a, std::uint32_t b) { return compare(a, b) < 0; });
  return out;
}

bool operator==(const layer &a, const layer &b) {
  if (a.name_ != b.name_ || a.size() != b.size()) return false;
  const auto x = a.document_order(), y = b.document_order();
  for (std::size_t k = 0; k < x.size(); ++k) {
    const std::size_t i = x[k], j = y[k];
    if (a.begin(i) != b.begin(j) || a.end(i) != b.end(j) || a.type(i) != b.type(j) ||
        !(a.made_by(i) == b.made_by(j)))
      return false;
    const auto p = a.attributes(i);
    const auto q = b.attributes(j);
    if (!std::equal(p.begin(), p.end(), q.begin(), q.end())) return false;
  }
  return true;
}

} // namespace alinea
