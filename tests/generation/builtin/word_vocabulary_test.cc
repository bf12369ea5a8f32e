// The tiny model's word tokenizer: splitting, <bos>, unknown words, padding and truncation.
#include "generation/builtin/word_vocabulary.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::generation::builtin {
namespace {

TEST(WordVocabularyTest, SplitsLowerCaseWords) {
  EXPECT_EQ(split_words("Sun-dappled meadow, 90s VHS!"),
            (std::vector<std::string>{"sun", "dappled", "meadow", "90s", "vhs"}));
  EXPECT_TRUE(split_words("  ,, ").empty());
}

TEST(WordVocabularyTest, BuildsSortedVocabularyAfterSpecialTokens) {
  const auto v = WordVocabulary::build({"warm meadow", "Cool meadow"});
  EXPECT_EQ(v.tokens(),
            (std::vector<std::string>{"<pad>", "<unk>", "<bos>", "cool", "meadow", "warm"}));
  EXPECT_EQ(v.id("warm"), 5);
  EXPECT_EQ(v.id("zebra"), kUnknownToken);
}

TEST(WordVocabularyTest, EncodesWithBosUnknownAndPadding) {
  const auto v = WordVocabulary::build({"warm meadow", "cool meadow"});
  const at::Tensor ids = v.encode({"Warm zebra meadow", ""}, 6);
  ASSERT_EQ(ids.sizes(), (c10::IntArrayRef{2, 6}));
  const auto* p = ids.data_ptr<std::int64_t>();
  EXPECT_EQ(std::vector<std::int64_t>(p, p + 6),
            (std::vector<std::int64_t>{kBosToken, 5, kUnknownToken, 4, kPadToken, kPadToken}));
  // The empty prompt is <bos> alone.
  EXPECT_EQ(std::vector<std::int64_t>(p + 6, p + 12),
            (std::vector<std::int64_t>{kBosToken, 0, 0, 0, 0, 0}));
}

TEST(WordVocabularyTest, TruncatesLongPrompts) {
  const auto v = WordVocabulary::build({"a b c d e f g"});
  const at::Tensor ids = v.encode({"a b c d e f g"}, 4);
  const auto* p = ids.data_ptr<std::int64_t>();
  EXPECT_EQ(std::vector<std::int64_t>(p, p + 4),
            (std::vector<std::int64_t>{kBosToken, v.id("a"), v.id("b"), v.id("c")}));
}

TEST(WordVocabularyTest, RejectsBadSavedVocabularies) {
  try {
    WordVocabulary::from_tokens({"<pad>", "<bos>", "<unk>", "x"}, "weights/tiny.json");
    FAIL() << "expected InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("weights/tiny.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(WordVocabulary::from_tokens({"<pad>", "<unk>", "<bos>", "x", "x"}, "f"),
               core::InputError);
}

}  // namespace
}  // namespace zipp::generation::builtin
