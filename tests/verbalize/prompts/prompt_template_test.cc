// Prompt templates: parts, placeholders (unknown, unclosed, required), rendering, and the
// shipped templates under configs/prompts/.
#include "verbalize/prompts/prompt_template.h"

#include <string>

#include <gtest/gtest.h>

#include "core/error.h"
#include "verbalize/evidence/evidence.h"
#include "verbalize/prompts/rewrite_prompt.h"
#include "verbalize/prompts/tagged_section.h"
#include "verbalize/prompts/verbalize_prompt.h"

namespace zipp::verbalize {
namespace {

const PlaceholderSet kSet = {{"user", "evidence"}, {"evidence"}};

std::string error_of(const std::string& text) {
  try {
    PromptTemplate::parse(text, "t.md", kSet);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PromptTemplate, SplitsPartsAndSkipsTheNote) {
  const auto t = PromptTemplate::parse(
      "a note {{anything}}\n## system\nBe brief.\n\n## user\nHi {{user}}:\n{{evidence}}\n", "t.md",
      kSet);
  EXPECT_EQ(t.system(), "Be brief.");
  EXPECT_EQ(t.user(), "Hi {{user}}:\n{{evidence}}");
  EXPECT_EQ(t.used(), (std::vector<std::string>{"user", "evidence"}));
  const auto messages = t.render({{"user", "u1"}, {"evidence", "E"}});
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0].role, "system");
  EXPECT_EQ(messages[1].content, "Hi u1:\nE");
}

TEST(PromptTemplate, ErrorsNameTheFileLineAndPlaceholder) {
  const std::string unknown = error_of("## user\nline\n{{evidense}} {{evidence}}\n");
  EXPECT_NE(unknown.find("t.md:3"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("{{evidense}}"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("did you mean {{evidence}}"), std::string::npos) << unknown;
  EXPECT_NE(error_of("## user\n{{evidence\n").find("unclosed"), std::string::npos);
  EXPECT_NE(error_of("## user\nno placeholders\n").find("{{evidence}}"), std::string::npos);
  EXPECT_NE(error_of("## system\n{{evidence}}\n").find("## user"), std::string::npos);
  EXPECT_NE(error_of("## user\n{{evidence}}\n## user\n").find("second"), std::string::npos);
  EXPECT_THROW(PromptTemplate::load("/nonexistent/zipp/t.md", kSet), core::IoError);
}

TEST(PromptTemplate, ShippedTemplatesLoadAndRender) {
  const std::string dir = std::string(ZIPP_SOURCE_DIR) + "/configs/prompts/";
  const auto verbalize = PromptTemplate::load(dir + "verbalize.md", verbalize_placeholders());
  const Evidence e = build_evidence("u1", {{"Film", 1.0, "darkroom printing"}}, {}, {});
  const auto messages = verbalize_messages(verbalize, e);
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(find_tagged(messages[1].content, "evidence"), e.text);
  EXPECT_EQ(messages[1].content.find("{{"), std::string::npos);

  const auto rewrite = PromptTemplate::load(dir + "rewrite.md", rewrite_placeholders());
  Persona p;
  p.text = "I love film.";
  p.visual.palette = {"warm tones"};
  const auto r = rewrite_messages(rewrite, p, {"my shot: a cat, light leaks"}, "a dog");
  EXPECT_EQ(find_tagged(r.back().content, "prompt"), "a dog");
  EXPECT_EQ(find_tagged(r.back().content, "preferences"), "palette: warm tones");
  EXPECT_EQ(find_tagged(r.back().content, "examples"), "- my shot: a cat, light leaks");
  EXPECT_FALSE(find_tagged(rewrite_messages(rewrite, p, {}, "a dog").back().content, "examples"));

  const auto plain = PromptTemplate::load(dir + "rewrite-plain.md", plain_rewrite_placeholders());
  EXPECT_EQ(find_tagged(plain_rewrite_messages(plain, "a dog").back().content, "prompt"), "a dog");
}

}  // namespace
}  // namespace zipp::verbalize
