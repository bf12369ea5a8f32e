#include "core/config/yaml_reader.h"

#include <yaml-cpp/yaml.h>

#include "core/str.h"

namespace zipp::core::config {
namespace {

std::string node_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return str("the value ", core::quoted(node.Scalar()));
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

// What a key takes, for "key 'x': expected <this>, found a mapping".
std::string expected_value(const FieldSpec& field) {
  if (field.type == "choice") {
    std::string out = "one of";
    for (std::size_t i = 0; i < field.choices.size(); ++i) {
      out += (i > 0 ? ", " : " ") + core::quoted(field.choices[i]);
    }
    return out;
  }
  if (field.type.starts_with("list")) return str("a list (", field.type, ")");
  return str("a single value (", field.type, ")");
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i > 0 ? ", " : "") + names[i];
  return out;
}

// The keys under a group, relative to it and cut short: "hidden, layers".
std::string keys_below(const Schema& schema, const std::string& group) {
  constexpr std::size_t kMaxListed = 6;
  const std::vector<std::string> keys = schema.keys_under(group);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < keys.size() && i < kMaxListed; ++i) {
    names.push_back(keys[i].substr(group.size() + 1));
  }
  if (keys.size() > kMaxListed) names.push_back("...");
  return joined(names);
}

class Reader {
 public:
  Reader(const YamlSource& source, const Schema& schema, std::vector<Assignment>& out,
         std::vector<Problem>& problems)
      : source_(source), schema_(schema), out_(out), problems_(problems) {}

  void read(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      problem(e.mark, str("YAML syntax error: ", e.msg));
      return;
    }
    if (!source_.prefix.empty()) {
      visit(source_.prefix, root.Mark(), root);
    } else if (root.IsMap()) {
      visit_children("", root);
    } else if (!root.IsNull()) {
      std::vector<std::string> names;
      for (const auto& section : schema_.sections()) names.push_back(section.name);
      problem(root.Mark(), str("expected a mapping of sections (", joined(names),
                               ") at the top level, found ", node_kind(root)));
    }
  }

 private:
  Location at(const YAML::Mark& mark) const {
    Location where{source_.name, 0, 0};
    if (source_.lines == SourceLines::kFromYaml && mark.line >= 0) {
      where.line = mark.line + 1;
      where.column = mark.column + 1;
    }
    return where;
  }

  void problem(const YAML::Mark& mark, const std::string& what) {
    problems_.push_back(Problem(at(mark), what));
  }

  void visit_children(const std::string& parent, const YAML::Node& map) {
    for (const auto& pair : map) {
      const YAML::Node& key = pair.first;
      if (!key.IsScalar()) {
        problem(key.Mark(), str("expected a key name, found ", node_kind(key)));
        continue;
      }
      const std::string path = parent.empty() ? key.Scalar() : parent + "." + key.Scalar();
      visit(path, key.Mark(), pair.second);
    }
  }

  void visit(const std::string& path, const YAML::Mark& mark, const YAML::Node& node) {
    if (const auto ref = schema_.find_key(path); ref) {
      assign(path, mark, schema_.field(*ref), node);
    } else if (schema_.is_group(path)) {
      if (node.IsMap()) {
        visit_children(path, node);
      } else if (!node.IsNull()) {
        problem(mark, str("key ", core::quoted(path), ": expected a mapping of keys (",
                          keys_below(schema_, path), "), found ", node_kind(node)));
      }
    } else {
      problem(mark, schema_.unknown_key_message(path));
    }
  }

  void assign(const std::string& path, const YAML::Mark& mark, const FieldSpec& field,
              const YAML::Node& node) {
    Assignment assignment{path, RawValue{}};
    assignment.value.where = at(mark);
    if (node.IsScalar()) {
      assignment.value.kind = RawKind::kScalar;
      assignment.value.scalar = node.Scalar();
    } else if (node.IsSequence()) {
      assignment.value.kind = RawKind::kList;
      for (std::size_t i = 0; i < node.size(); ++i) {
        const YAML::Node item = node[i];
        if (!item.IsScalar() && !item.IsNull()) {
          problem(mark, str("key ", core::quoted(path), ": item ", i + 1,
                            " of the list: expected a single value, found ", node_kind(item)));
          return;
        }
        assignment.value.items.push_back(item.IsScalar() ? item.Scalar() : std::string());
      }
    } else if (node.IsMap()) {
      // Unquoted text with ": " in it reads as a mapping; say so, since that is the usual cause.
      const std::string hint = field.type == "string" || field.type == "choice"
                                   ? " (put text containing ': ' in quotes)"
                                   : "";
      problem(mark, str("key ", core::quoted(path), ": expected ", expected_value(field),
                        ", found a mapping", hint));
      return;
    }
    out_.push_back(std::move(assignment));
  }

  const YamlSource& source_;
  const Schema& schema_;
  std::vector<Assignment>& out_;
  std::vector<Problem>& problems_;
};

}  // namespace

void read_yaml(std::string_view text, const YamlSource& source, const Schema& schema,
               std::vector<Assignment>& out, std::vector<Problem>& problems) {
  Reader(source, schema, out, problems).read(text);
}

}  // namespace zipp::core::config
