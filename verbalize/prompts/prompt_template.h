// Editable prompt templates (configs/prompts/*.md, docs/personas.md "Prompt templates"): a
// Markdown file whose "## system" and "## user" lines start the system and user messages
// (anything before the first of them is a note for whoever edits the file and is not sent), with
// {{placeholders}} that render() fills. Loading checks every placeholder against the kind's known
// names and that the required ones appear, so a typo fails at startup, not in a thousand replies.
#pragma once

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "verbalize/llm/chat.h"

namespace zipp::verbalize {

struct PlaceholderSet {
  std::vector<std::string> known;
  std::vector<std::string> required;  // a subset of known
};

class PromptTemplate {
 public:
  // ConfigError naming the file and line for an unknown placeholder (with the known ones and the
  // nearest), an unclosed "{{", a missing "## user" part, a repeated part, or a required
  // placeholder that appears nowhere; IoError when the file cannot be read.
  static PromptTemplate load(const std::filesystem::path& path, const PlaceholderSet& placeholders);
  static PromptTemplate parse(std::string_view text, const std::string& origin,
                              const PlaceholderSet& placeholders);

  // The system message (when the template has one) and the user message with every placeholder
  // replaced by its value. InternalError when a placeholder the template uses has no value.
  std::vector<ChatMessage> render(const std::map<std::string, std::string>& values) const;

  const std::string& origin() const { return origin_; }
  const std::string& system() const { return system_; }
  const std::string& user() const { return user_; }
  // The placeholders the template uses, each once, in order of first use.
  const std::vector<std::string>& used() const { return used_; }

 private:
  std::string origin_;
  std::string system_;
  std::string user_;
  std::vector<std::string> used_;
};

}  // namespace zipp::verbalize
