// The persona schema: taxonomy sizes, JSON round trips, validation errors that name the context,
// field and value, and personas.jsonl.
#include "verbalize/persona/persona.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "verbalize/persona/persona_file.h"
#include "verbalize/persona/persona_json.h"
#include "verbalize/persona/taxonomy.h"

namespace zipp::verbalize {
namespace {

Persona sample() {
  Persona p;
  p.user = "Quiet_Otter_7";
  p.user_id = 7;
  p.demographics = {"25-34", "female", "canada", "english", "photographer"};
  p.interests = {"film photography", "darkroom printing"};
  p.hobbies = {"photography", "crafts and diy"};
  p.personality = {"nostalgic", "meticulous"};
  p.behaviour = {"community regular"};
  p.visual = {{"warm tones"},
              {"35mm film"},
              {"cozy"},
              {"photography"},
              {"soft golden morning light"},
              {"light leaks", "visible grain"}};
  p.text = "I shoot film.";
  p.evidence = {{"AnalogFilmLovers", 0.5}, {"Darkroom", 0.25}};
  return p;
}

std::string error_of(const std::string& json) {
  try {
    Persona p;
    parse_persona_fields(json, "reply of user u1", p);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Taxonomy, HasThePapersSizesWithoutRepeats) {
  EXPECT_EQ(professions().size(), 11U);
  EXPECT_EQ(personality_traits().size(), 10U);
  EXPECT_EQ(locales().size(), 9U);
  EXPECT_EQ(hobbies().size(), 16U);
  EXPECT_EQ(behaviour_styles().size(), 12U);
  EXPECT_EQ(visual_interests().size(), 10U);
  for (auto list : {professions(), personality_traits(), locales(), hobbies(), behaviour_styles(),
                    visual_interests(), age_ranges(), genders()}) {
    const std::set<std::string_view> unique(list.begin(), list.end());
    EXPECT_EQ(unique.size(), list.size());
    EXPECT_EQ(unique.count(kUnknown), 0U);
  }
}

TEST(PersonaJson, RecordRoundTrips) {
  const Persona p = sample();
  const Persona q = parse_persona_record(persona_record_json(p), "test");
  EXPECT_EQ(persona_record_json(q), persona_record_json(p));
  EXPECT_EQ(q.user_id, 7);
  EXPECT_EQ(q.visual.style, p.visual.style);
  ASSERT_EQ(q.evidence.size(), 2U);
  EXPECT_EQ(q.evidence[1].subreddit, "Darkroom");
  EXPECT_DOUBLE_EQ(q.evidence[1].weight, 0.25);
}

TEST(PersonaJson, FieldsAreNormalisedLeniently) {
  Persona p;
  parse_persona_fields(
      R"({"demographics": {"gender": " Female ", "age_range": "", "language": "English"},
          "hobbies": ["Gardening", "gardening", " "], "interests": ["tea"],
          "commentary": "LLMs add keys"})",
      "r", p);
  EXPECT_EQ(p.demographics.gender, "female");
  EXPECT_EQ(p.demographics.age_range, "unknown");
  EXPECT_EQ(p.demographics.locale, "unknown");  // missing
  EXPECT_EQ(p.demographics.language, "english");
  EXPECT_EQ(p.hobbies, std::vector<std::string>{"gardening"});
  EXPECT_TRUE(p.visual.palette.empty());
}

TEST(PersonaJson, ErrorsNameContextFieldAndValue) {
  const std::string off = error_of(R"({"demographics": {"profession": "astronaut"}})");
  EXPECT_NE(off.find("reply of user u1"), std::string::npos) << off;
  EXPECT_NE(off.find("demographics.profession"), std::string::npos) << off;
  EXPECT_NE(off.find("'astronaut'"), std::string::npos) << off;
  EXPECT_NE(off.find("student"), std::string::npos) << off;  // lists what is allowed
  const std::string item = error_of(R"({"hobbies": ["gaming", "skydiving"]})");
  EXPECT_NE(item.find("hobbies[1]"), std::string::npos) << item;
  EXPECT_NE(error_of(R"({"visual": {"palette": "warm"}})").find("visual.palette"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"persona": 3})").find("'persona'"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("expected a JSON object"), std::string::npos);
  EXPECT_NE(error_of("{not json").find("does not parse"), std::string::npos);
}

TEST(PersonaJson, RecordsAreStrict) {
  std::string json = persona_record_json(sample());
  const std::string bad_version =
      std::string(json).replace(json.find("\"format_version\":1"), 18, "\"format_version\":2");
  EXPECT_THROW(parse_persona_record(bad_version, "x"), core::InputError);
  json.insert(1, "\"extra\":1,");
  try {
    parse_persona_record(json, "personas.jsonl:3");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("personas.jsonl:3"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("'extra'"), std::string::npos);
  }
}

TEST(PersonaFile, WritesAtomicallyAndReadsBackWithLineNumbers) {
  const auto dir = std::filesystem::temp_directory_path() / "zipp_persona_file_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "personas.jsonl";
  std::vector<Persona> personas = {sample(), sample()};
  personas[1].user = "Other_User_9";
  personas[1].user_id = -1;
  write_personas(path, personas);
  const auto back = read_personas(path);
  ASSERT_EQ(back.size(), 2U);
  EXPECT_EQ(back[1].user, "Other_User_9");
  EXPECT_EQ(back[1].user_id, -1);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename(), "personas.jsonl");  // no temporary left
  }
  {
    std::ofstream out(path, std::ios::app);
    out << R"({"format_version":1,"user":"Bad_User","user_id":3,"evidence":[],)"
        << R"("demographics":{"gender":"robot"}})"
        << "\n";
  }
  try {
    read_personas(path);
    FAIL();
  } catch (const core::InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("personas.jsonl:3"), std::string::npos) << m;
    EXPECT_NE(m.find("user Bad_User"), std::string::npos) << m;
    EXPECT_NE(m.find("demographics.gender"), std::string::npos) << m;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zipp::verbalize
