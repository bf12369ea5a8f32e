#include "verbalize/evidence/snippets.h"

#include <cstdint>
#include <fstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"

namespace zipp::verbalize {
namespace {

std::string where(const std::filesystem::path& path, std::int64_t line) {
  return core::str(path.string(), ":", line);
}

Snippet parse_line(const std::string& text, const std::filesystem::path& path, std::int64_t line,
                   std::string* user) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw core::InputError(core::str(where(path, line),
                                     ": expected one JSON object per line (snippets file), found "
                                     "text that does not parse: ",
                                     e.what()));
  }
  if (!j.is_object()) {
    throw core::InputError(
        core::str(where(path, line), ": expected a JSON object, found ", j.type_name()));
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "user" && key != "subreddit" && key != "text") {
      throw core::InputError(core::str(where(path, line), ": unknown key ", core::quoted(key),
                                       "; a snippet has \"user\", \"text\" and optionally "
                                       "\"subreddit\""));
    }
  }
  auto required = [&](const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      throw core::InputError(core::str(where(path, line), ": expected a non-empty string \"", key,
                                       "\", found ",
                                       it == j.end() ? "none" : std::string(it->type_name())));
    }
    return it->get<std::string>();
  };
  Snippet snippet;
  *user = required("user");
  snippet.text = required("text");
  if (auto it = j.find("subreddit"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) {
      throw core::InputError(core::str(
          where(path, line), ": expected \"subreddit\" to be a string, found ", it->type_name()));
    }
    snippet.subreddit = it->get<std::string>();
  }
  return snippet;
}

}  // namespace

SnippetIndex SnippetIndex::read(const std::filesystem::path& path,
                                const std::function<bool(std::string_view user)>& keep) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::IoError(core::str("cannot open the snippets file ", path.string()));
  }
  SnippetIndex index;
  std::string text;
  std::int64_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string user;
    Snippet snippet = parse_line(text, path, line, &user);
    if (!keep || keep(user)) index.add(user, std::move(snippet));
  }
  if (in.bad()) {
    throw core::IoError(
        core::str("reading the snippets file ", path.string(), " failed at line ", line + 1));
  }
  return index;
}

void SnippetIndex::add(const std::string& user, Snippet snippet) {
  by_user_[user].push_back(std::move(snippet));
}

const std::vector<Snippet>& SnippetIndex::of(const std::string& user) const {
  static const std::vector<Snippet> kNone;
  auto it = by_user_.find(user);
  return it == by_user_.end() ? kNone : it->second;
}

}  // namespace zipp::verbalize
