#include "verbalize/builtin/roleplay_rewrite.h"

#include <algorithm>
#include <map>
#include <utility>

#include "verbalize/builtin/words.h"

namespace zipp::verbalize::builtin {
namespace {

constexpr std::size_t kMaxModifiers = 10;
constexpr std::size_t kMaxExampleModifiers = 3;

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (true) {
    const auto pos = s.find(sep);
    std::string part = trim(s.substr(0, pos));
    if (!part.empty()) out.push_back(std::move(part));
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

std::map<std::string, std::vector<std::string>> parse_preferences(std::string_view body) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& line : split(body, '\n')) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    out[lower_ascii(trim(std::string_view(line).substr(0, colon)))] =
        split(std::string_view(line).substr(colon + 1), ',');
  }
  return out;
}

void add(std::vector<std::string>& mods, const std::string& value) {
  const std::string key = lower_ascii(value);
  const bool seen = std::any_of(mods.begin(), mods.end(),
                                [&](const std::string& m) { return lower_ascii(m) == key; });
  if (!value.empty() && !seen && mods.size() < kMaxModifiers) mods.push_back(value);
}

}  // namespace

std::vector<std::string> example_modifiers(const std::vector<std::string>& examples) {
  std::map<std::string, std::pair<int, std::size_t>> counts;  // phrase -> (count, first seen)
  std::size_t seen = 0;
  for (const auto& example : examples) {
    std::string_view body = example;
    if (const auto colon = body.find(':'); colon != std::string_view::npos) {
      body.remove_prefix(colon + 1);
    }
    const std::vector<std::string> phrases = split(body, ',');
    for (std::size_t i = 1; i < phrases.size(); ++i) {
      auto [it, inserted] = counts.try_emplace(lower_ascii(phrases[i]), 0, seen++);
      ++it->second.first;
    }
  }
  std::vector<std::pair<std::string, std::pair<int, std::size_t>>> ranked(counts.begin(),
                                                                          counts.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second.first != b.second.first ? a.second.first > b.second.first
                                            : a.second.second < b.second.second;
  });
  std::vector<std::string> out;
  for (auto& [phrase, key] : ranked) out.push_back(phrase);
  return out;
}

std::string rewrite_prompt(std::string_view base, std::optional<std::string_view> preferences,
                           const std::vector<std::string>& examples) {
  std::string subject = trim(base);
  while (!subject.empty() && (subject.back() == '.' || subject.back() == ',')) subject.pop_back();
  if (!preferences) return subject + ", " + std::string(kPlainModifiers);
  auto prefs = parse_preferences(*preferences);
  auto nth = [&](const char* key, std::size_t i) {
    const auto& list = prefs[key];
    return i < list.size() ? list[i] : std::string();
  };
  std::vector<std::string> mods;
  add(mods, nth("style", 0));
  add(mods, nth("style", 1));
  add(mods, nth("palette", 0));
  add(mods, nth("palette", 1));
  add(mods, nth("lighting", 0));
  add(mods, nth("mood", 0));
  add(mods, nth("medium", 0));
  const auto from_examples = example_modifiers(examples);
  for (std::size_t i = 0; i < from_examples.size() && i < kMaxExampleModifiers; ++i) {
    add(mods, from_examples[i]);
  }
  std::string out = subject;
  for (const auto& m : mods) out += ", " + m;
  return out;
}

}  // namespace zipp::verbalize::builtin
