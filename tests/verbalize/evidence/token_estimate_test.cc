// The token estimate: word runs cost ceil(length / 4), other visible bytes one each, whitespace
// nothing; prefixes are cut at whitespace within a token count.
#include "verbalize/evidence/token_estimate.h"

#include <string>

#include <gtest/gtest.h>

namespace zipp::verbalize {
namespace {

TEST(TokenEstimate, CountsWordPiecesAndPunctuation) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("   \n\t"), 0);
  EXPECT_EQ(estimate_tokens("cat"), 1);
  EXPECT_EQ(estimate_tokens("film"), 1);
  EXPECT_EQ(estimate_tokens("films"), 2);
  EXPECT_EQ(estimate_tokens("photography"), 3);                 // 11 letters
  EXPECT_EQ(estimate_tokens("r/AnalogFilmLovers"), 1 + 1 + 4);  // r, '/', 16 letters
  EXPECT_EQ(estimate_tokens("(weight 0.123):"), 1 + 2 + 1 + 1 + 1 + 1 + 1);
  EXPECT_EQ(estimate_tokens("a b c"), 3);
}

TEST(TokenEstimate, IsAdditiveOverWhitespaceSeparatedParts) {
  const std::string a = "soft golden morning light, pastel floral palette";
  const std::string b = "- r/Cozy (weight 0.500): wildflowers and tea parties.";
  EXPECT_EQ(estimate_tokens(a + "\n" + b), estimate_tokens(a) + estimate_tokens(b));
}

TEST(TokenEstimate, KeepsUtf8WordsWhole) {
  EXPECT_EQ(estimate_tokens("caf\xc3\xa9"), 2);  // 5 bytes in one run
}

TEST(TokenEstimate, PrefixStaysWithinTheCountAndCutsAtWhitespace) {
  const std::string text = "one two three four five six";
  for (std::int64_t n = 0; n <= 10; ++n) {
    const std::string_view prefix = prefix_within_tokens(text, n);
    EXPECT_LE(estimate_tokens(prefix), n);
    EXPECT_TRUE(prefix.empty() || text.size() == prefix.size() || text[prefix.size()] == ' ')
        << prefix;
  }
  EXPECT_EQ(prefix_within_tokens(text, 0), "");
  EXPECT_EQ(prefix_within_tokens(text, 1), "one");
  EXPECT_EQ(prefix_within_tokens(text, 3), "one two");  // "three" is 2 tokens
  EXPECT_EQ(prefix_within_tokens(text, 4), "one two three");
  EXPECT_EQ(prefix_within_tokens(text, 100), text);
  EXPECT_EQ(prefix_within_tokens("photography", 2), "");
}

}  // namespace
}  // namespace zipp::verbalize
