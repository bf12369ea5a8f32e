// SectionSpec<S> is what a section's describe() fills in: one line per key binding the key to a
// member of the section struct, with its help text and optional checks. The struct's default
// member initialisers are the defaults; this table is the single list of every key.
//
//   struct RunConfig {
//     static constexpr std::string_view kName = "run";
//     std::uint64_t seed = 0;
//     static void describe(SectionSpec<RunConfig>& spec) {
//       spec.field("seed", &RunConfig::seed, "global seed for every random stream");
//     }
//   };
//
// Keys may contain dots to nest within the section: "model.hidden" is `train: {model: {hidden:}}`.
#pragma once

#include <algorithm>
#include <any>
#include <cstddef>
#include <functional>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <utility>
#include <vector>

#include "core/check.h"
#include "core/config/value.h"
#include "core/config/value_codec.h"

namespace zipp::core::config {

// Every check returns "" when the value is acceptable, else what is wrong with it.
using SectionCheck = std::function<std::string(const std::any& section)>;

// One key of a section, type-erased so that one schema holds every section's keys in one table.
// `section` arguments are std::any objects holding the section struct.
struct FieldSpec {
  std::string key;  // within the section, e.g. "model.hidden"
  std::string type;
  std::string help;
  std::vector<std::string> choices;
  std::function<std::string(std::any& section, const RawValue& raw)> assign;  // "" or the problem
  std::function<FormattedValue(const std::any& section)> read;
  std::vector<SectionCheck> checks;  // run on the resolved value, after every source is applied
};

struct SectionSchema {
  std::string name;
  std::type_index type = typeid(void);
  std::function<std::any()> make_default;
  std::vector<FieldSpec> fields;
  std::vector<SectionCheck> rules;  // whole-section checks, after the field checks
};

// Returned by SectionSpec::field() to attach checks: .check([](double v) { return v > 0; },
// "must be positive"). The failure reads "key 'comm.bucket_mb': must be positive, found -1".
template <class T>
class FieldBuilder {
 public:
  using Getter = std::function<const T&(const std::any&)>;

  FieldBuilder(std::vector<FieldSpec>& fields, std::size_t index, Getter get)
      : fields_(&fields), index_(index), get_(std::move(get)) {}

  FieldBuilder& check(std::function<bool(const T&)> ok, std::string requirement) {
    (*fields_)[index_].checks.push_back(
        [get = get_, ok = std::move(ok),
         requirement = std::move(requirement)](const std::any& section) -> std::string {
          const T& value = get(section);
          if (ok(value)) return {};
          return requirement + ", found " + one_line(encode(value));
        });
    return *this;
  }

 private:
  std::vector<FieldSpec>* fields_;
  std::size_t index_;
  Getter get_;
};

template <class S>
class SectionSpec {
 public:
  SectionSpec() {
    section_.name = std::string(S::kName);
    section_.type = typeid(S);
    section_.make_default = [] { return std::any(S{}); };
  }

  template <ConfigValue T>
  FieldBuilder<T> field(std::string key, T S::*member, std::string help) {
    FieldSpec spec = make_field(std::move(key), member, std::string(kTypeName<T>), std::move(help));
    spec.assign = [member](std::any& section, const RawValue& raw) -> std::string {
      T value{};
      std::string problem = decode(raw, value);
      if (problem.empty()) std::any_cast<S>(&section)->*member = std::move(value);
      return problem;
    };
    return push(std::move(spec), member);
  }

  // A string key that takes one of a fixed list of values; the default must be one of them.
  FieldBuilder<std::string> choice(std::string key, std::string S::*member,
                                   std::vector<std::string> choices, std::string help) {
    ZIPP_ASSERT(std::find(choices.begin(), choices.end(), S{}.*member) != choices.end(),
                "the default of ", section_.name, ".", key, " is not one of its choices");
    FieldSpec spec = make_field(std::move(key), member, "choice", std::move(help));
    spec.choices = choices;
    spec.assign = [member, choices = std::move(choices)](std::any& section,
                                                         const RawValue& raw) -> std::string {
      std::string value;
      std::string problem = decode(raw, value);
      if (problem.empty()) problem = check_choice(value, choices);
      if (problem.empty()) std::any_cast<S>(&section)->*member = std::move(value);
      return problem;
    };
    return push(std::move(spec), member);
  }

  // A rule across keys, run after every field check; it returns "" or what is wrong, e.g.
  // "warmup_steps (50) must not exceed steps (10)".
  void validate(std::function<std::string(const S&)> rule) {
    section_.rules.push_back([rule = std::move(rule)](const std::any& section) {
      return rule(*std::any_cast<S>(&section));
    });
  }

  SectionSchema release() && { return std::move(section_); }

 private:
  template <class T>
  static FieldSpec make_field(std::string key, T S::*member, std::string type, std::string help) {
    FieldSpec spec;
    spec.key = std::move(key);
    spec.type = std::move(type);
    spec.help = std::move(help);
    spec.read = [member](const std::any& section) {
      return encode(std::any_cast<S>(&section)->*member);
    };
    return spec;
  }

  template <class T>
  FieldBuilder<T> push(FieldSpec spec, T S::*member) {
    section_.fields.push_back(std::move(spec));
    return FieldBuilder<T>(section_.fields, section_.fields.size() - 1,
                           [member](const std::any& section) -> const T& {
                             return std::any_cast<S>(&section)->*member;
                           });
  }

  SectionSchema section_;
};

}  // namespace zipp::core::config
