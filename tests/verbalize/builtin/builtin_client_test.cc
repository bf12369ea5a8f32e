// The builtin LLM backend: verbalization replies are valid persona JSON that names the tastes
// the evidence speaks of; rewriting keeps the subject and appends the persona's words; k-shot adds
// the examples' modifiers; replies are pure functions of the request; the factory.
#include "verbalize/llm/builtin_client.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "verbalize/builtin/roleplay_rewrite.h"
#include "verbalize/builtin/words.h"
#include "verbalize/evidence/evidence.h"
#include "verbalize/llm/make_client.h"
#include "verbalize/persona/persona_json.h"
#include "verbalize/prompts/rewrite_prompt.h"
#include "verbalize/prompts/tagged_section.h"

namespace zipp::verbalize {
namespace {

ChatRequest request_with(std::string id, std::string content) {
  ChatRequest r;
  r.id = std::move(id);
  r.messages = {{"system", "You write personas."}, {"user", std::move(content)}};
  return r;
}

ChatRequest verbalize_request(const std::vector<RankedSubreddit>& ranked,
                              const std::vector<Snippet>& snippets = {}) {
  const Evidence e = build_evidence("u", ranked, snippets, {});
  return request_with("u", "Evidence follows.\n" + tagged("evidence", e.text) + "\nAnswer.");
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST(Words, SplitsCamelCaseAndDropsFunctionWords) {
  EXPECT_EQ(builtin::words("AnalogFilmLovers: the 35mm UK scene"),
            (std::vector<std::string>{"analog", "film", "lovers", "35mm", "uk", "scene"}));
}

TEST(BuiltinClient, VerbalizesTheDominantTasteFromWeightedEvidence) {
  BuiltinClient client;
  const auto outcomes = client.complete({verbalize_request(
      {{"CozyMeadowClub", 0.6,
        "Baking bread, wildflowers and knitting; soft golden morning light."},
       {"TrueNeonStreets", 0.1, "Cyberpunk cities, hackers; rain-soaked neon streets."},
       {"AskAnything", 0.3, "Questions about anything at all."}})});
  ASSERT_EQ(outcomes.size(), 1U);
  ASSERT_TRUE(outcomes[0].succeeded) << outcomes[0].error;
  EXPECT_EQ(outcomes[0].attempts, 1);
  EXPECT_GT(outcomes[0].prompt_tokens, 0);
  Persona p;
  parse_persona_fields(outcomes[0].content, "builtin reply", p);  // valid against the taxonomy
  ASSERT_FALSE(p.interests.empty());
  EXPECT_EQ(p.interests[0], "cottagecore");
  EXPECT_TRUE(contains(p.interests, "baking bread")) << outcomes[0].content;
  EXPECT_TRUE(contains(p.visual.lighting, "soft golden morning light")) << outcomes[0].content;
  EXPECT_TRUE(contains(p.hobbies, "cooking and baking")) << outcomes[0].content;
  EXPECT_TRUE(contains(p.visual.palette, "warm tones")) << outcomes[0].content;
  EXPECT_EQ(p.demographics.gender, "unknown");  // nothing in the evidence says
  EXPECT_EQ(p.demographics.language, "english");
  EXPECT_FALSE(p.text.empty());
}

TEST(BuiltinClient, AttentionWeightsDecideBetweenTastes) {
  BuiltinClient client;
  const std::vector<RankedSubreddit> a = {
      {"CozyMeadow", 0.7, "Baking bread and wildflowers."},
      {"NeonCity", 0.3, "Cyberpunk cities and hackers, rain-soaked neon streets."}};
  std::vector<RankedSubreddit> b = a;
  b[0].weight = 0.3;
  b[1].weight = 0.7;
  Persona pa, pb;
  parse_persona_fields(client.answer(verbalize_request(a)).content, "a", pa);
  parse_persona_fields(client.answer(verbalize_request(b)).content, "b", pb);
  ASSERT_FALSE(pa.interests.empty());
  ASSERT_FALSE(pb.interests.empty());
  EXPECT_EQ(pa.interests[0], "cottagecore");
  EXPECT_EQ(pb.interests[0], "cyberpunk");
}

TEST(BuiltinClient, EmptyOrTasteFreeEvidenceClaimsNothing) {
  BuiltinClient client;
  Persona p;
  parse_persona_fields(
      client.answer(verbalize_request({{"AskAnything", 1.0, "Questions about life."}})).content,
      "r", p);
  EXPECT_TRUE(p.interests.empty());
  EXPECT_TRUE(p.visual.style.empty());
  EXPECT_EQ(p.demographics.profession, "unknown");
  EXPECT_TRUE(contains(p.behaviour, "casual browser"));
}

TEST(BuiltinClient, RepliesArePureFunctionsOfTheRequest) {
  BuiltinClient a, b;
  const auto request = verbalize_request({{"Film", 0.5, "darkroom printing, light leaks"}},
                                         {{"Film", "my roll of portra came back"}});
  EXPECT_EQ(a.answer(request).content, b.answer(request).content);
  ChatRequest hot = request;
  hot.temperature = 2.0;
  hot.seed = 99;
  EXPECT_EQ(a.answer(hot).content, a.answer(request).content);
}

TEST(BuiltinClient, RewriteKeepsTheSubjectAndAddsThePersonasWords) {
  BuiltinClient client;
  VisualPreferences v;
  v.palette = {"warm tones", "pastel floral palette"};
  v.lighting = {"soft golden morning light"};
  v.mood = {"cozy"};
  v.medium = {"watercolour softness"};
  v.style = {"gentle bokeh"};
  const std::string body = tagged("preferences", preferences_text(v)) + "\n" +
                           tagged("prompt", "a cat on a windowsill.");
  const ChatOutcome o = client.answer(request_with("job", body));
  ASSERT_TRUE(o.succeeded);
  EXPECT_EQ(o.content,
            "a cat on a windowsill, gentle bokeh, warm tones, pastel floral palette, soft golden "
            "morning light, cozy, watercolour softness");

  const std::string kshot = body + "\n" +
                            tagged("examples",
                                   "- my shot: a barn, light leaks, faded warm highlights\n"
                                   "- my shot: a lake, light leaks");
  const ChatOutcome k = client.answer(request_with("job", kshot));
  EXPECT_EQ(k.content, o.content + ", light leaks, faded warm highlights");

  const ChatOutcome plain = client.answer(request_with("job", tagged("prompt", "a cat")));
  EXPECT_EQ(plain.content, "a cat, " + std::string(builtin::kPlainModifiers));
}

TEST(BuiltinClient, RequestsWithoutSectionsFailAsRejectedInOrder) {
  BuiltinClient client;
  std::vector<std::size_t> seen;
  const auto outcomes =
      client.complete({request_with("a", "hello"), request_with("b", tagged("prompt", "x"))},
                      [&](const ChatOutcome&, std::size_t i) { seen.push_back(i); });
  ASSERT_EQ(outcomes.size(), 2U);
  EXPECT_EQ(outcomes[0].id, "a");
  EXPECT_FALSE(outcomes[0].succeeded);
  EXPECT_EQ(outcomes[0].failure, ChatFailure::kRejected);
  EXPECT_NE(outcomes[0].error.find("'a'"), std::string::npos);
  EXPECT_TRUE(outcomes[1].succeeded);
  EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1}));
}

TEST(MakeLlmClient, PicksTheBackend) {
  LlmConfig config;
  EXPECT_EQ(make_llm_client(config, 1)->backend(), "builtin");
  config.backend = "openai";
  EXPECT_THROW(make_llm_client(config, 1), core::ConfigError);  // no model
  config.model = "m";
  EXPECT_EQ(make_llm_client(config, 1)->backend(), "openai");
  config.backend = "claude";
  EXPECT_THROW(make_llm_client(config, 1), core::ConfigError);
}

}  // namespace
}  // namespace zipp::verbalize
