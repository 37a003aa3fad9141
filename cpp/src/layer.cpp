// SPDX-License-Identifier: MIT
#include <alinea/layer.hpp>

#include <algorithm>

namespace alinea {

void layer::add(std::size_t begin, std::size_t end, std::string_view type,
                std::span<const attribute> attributes) {
  // Layers hold few distinct types; a linear search beats hashing at that size.
  auto it = std::find(types_.begin(), types_.end(), type);
  if (it == types_.end()) it = types_.insert(types_.end(), std::string(type));
  begins_.push_back(begin);
  ends_.push_back(end);
  type_ids_.push_back(static_cast<std::uint32_t>(it - types_.begin()));
  attributes_.insert(attributes_.end(), attributes.begin(), attributes.end());
  attr_starts_.push_back(static_cast<std::uint32_t>(attributes_.size()));
}

std::string_view layer::attribute_value(std::size_t i, std::string_view name) const noexcept {
  for (const auto &a : attributes(i))
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
