#include "core/config/config.h"

#include <algorithm>
#include <iterator>

#include <yaml-cpp/yaml.h>

#include "core/check.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::core::config {
namespace {

// A section's keys as a tree, so "model.hidden" and "model.layers" are written under one
// `model:` even when other keys are declared between them.
struct KeyTree {
  std::string name;
  const FieldSpec* field = nullptr;
  std::string full_key;
  std::vector<KeyTree> children;
};

KeyTree key_tree(const SectionSchema& section) {
  KeyTree root{section.name, nullptr, section.name, {}};
  for (const auto& field : section.fields) {
    KeyTree* node = &root;
    std::string_view rest = field.key;
    while (true) {
      const std::size_t dot = rest.find('.');
      const std::string part(rest.substr(0, dot));
      auto it = std::find_if(node->children.begin(), node->children.end(),
                             [&](const KeyTree& child) { return child.name == part; });
      if (it == node->children.end()) {
        node->children.push_back(KeyTree{part, nullptr, node->full_key + "." + part, {}});
        it = std::prev(node->children.end());
      }
      node = &*it;
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    node->field = &field;
  }
  return root;
}

void emit_scalar(YAML::Emitter& out, const ScalarText& item) {
  if (item.style == ScalarStyle::kString && needs_quotes(item.text)) out << YAML::DoubleQuoted;
  out << item.text;
}

void emit_value(YAML::Emitter& out, const FormattedValue& value) {
  if (value.shape == ValueShape::kScalar) {
    emit_scalar(out, value.items.front());
    return;
  }
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : value.items) emit_scalar(out, item);
  out << YAML::EndSeq;
}

}  // namespace

Config::Config(const Schema& schema) : schema_(std::make_shared<const Schema>(schema)) {
  for (const auto& section : schema_->sections()) sections_.push_back(section.make_default());
}

const Schema& Config::schema() const {
  static const Schema empty;
  return schema_ ? *schema_ : empty;
}

const std::any& Config::section(std::type_index type, std::string_view name) const {
  const auto index = schema().find_section(type);
  ZIPP_ASSERT(index.has_value(), "config section ", core::quoted(name),
              " was not added to the schema this Config was loaded with");
  return sections_[*index];
}

Schema::KeyRef Config::key_ref(std::string_view key) const {
  const auto ref = schema().find_key(key);
  if (!ref) throw ConfigError(schema().unknown_key_message(key));
  return *ref;
}

std::string Config::origin(std::string_view key) const {
  key_ref(key);
  const auto it = origins_.find(key);
  return it == origins_.end() ? "default" : it->second;
}

std::string Config::value_text(std::string_view key) const {
  const auto ref = key_ref(key);
  return one_line(schema().field(ref).read(sections_[ref.section]));
}

std::string Config::plain_text(std::string_view key) const {
  const auto ref = key_ref(key);
  const FormattedValue value = schema().field(ref).read(sections_[ref.section]);
  if (value.shape == ValueShape::kScalar) return value.items.front().text;
  return one_line(value);
}

std::string Config::to_yaml(OriginComments origins) const {
  YAML::Emitter out;
  out << YAML::BeginMap;
  const auto& sections = schema().sections();
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const auto emit_tree = [&](const auto& self, const KeyTree& node) -> void {
      out << YAML::Key << node.name << YAML::Value;
      if (node.field != nullptr) {
        emit_value(out, node.field->read(sections_[s]));
        if (origins == OriginComments::kShow) out << YAML::Comment(origin(node.full_key));
        return;
      }
      if (node.children.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& child : node.children) self(self, child);
      out << YAML::EndMap;
    };
    emit_tree(emit_tree, key_tree(sections[s]));
  }
  out << YAML::EndMap;
  ZIPP_ASSERT(out.good(), "writing the config as YAML failed: ", out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace zipp::core::config
