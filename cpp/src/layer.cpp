// SPDX-License-Identifier: MIT
#include <alinea/layer.hpp>

#include <algorithm>

namespace alinea {

std::uint32_t layer::intern(std::vector<std::string> &table, std::uint32_t &last, std::string_view s) {
  // Consecutive annotations usually share their type and attribute names: try the last first.
  if (last < table.size() && table[last] == s) return last;
  // Layers hold few distinct names; a linear search beats hashing at that size.
  auto it = std::find(table.begin(), table.end(), s);
  if (it == table.end()) it = table.insert(table.end(), std::string(s));
  last = static_cast<std::uint32_t>(it - table.begin());
  return last;
}

void layer::push_attribute(std::string_view name, std::string_view value) {
  attr_names_.push_back(intern(names_, last_name_, name));
  pool_ += value;
  value_ends_.push_back(pool_.size());
}

void layer::add(std::size_t begin, std::size_t end, std::string_view type,
                std::span<const attribute> attributes) {
  begins_.push_back(begin);
  ends_.push_back(end);
  type_ids_.push_back(intern(types_, last_type_, type));
  for (const auto &a : attributes)
    push_attribute(a.name, a.value);
  attr_starts_.push_back(attr_names_.size());
}

void layer::add(std::size_t begin, std::size_t end, std::string_view type, std::string_view attribute_name,
                std::string_view attribute_value) {
  begins_.push_back(begin);
  ends_.push_back(end);
  type_ids_.push_back(intern(types_, last_type_, type));
  push_attribute(attribute_name, attribute_value);
  attr_starts_.push_back(attr_names_.size());
}

std::string_view layer::attribute_value(std::size_t i, std::string_view name) const noexcept {
  for (const auto a : attributes(i))
    if (a.name == name) return a.value;
  return {};
}

bool operator==(const layer &a, const layer &b) {
  if (a.name_ != b.name_ || a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.begin(i) != b.begin(i) || a.end(i) != b.end(i) || a.type(i) != b.type(i)) return false;
    const auto x = a.attributes(i);
    const auto y = b.attributes(i);
    if (!std::equal(x.begin(), x.end(), y.begin(), y.end())) return false;
  }
  return true;
}

} // namespace alinea
