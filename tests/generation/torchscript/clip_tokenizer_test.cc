// The CLIP tokenizer against hand-computed byte-level BPE on a tiny vocabulary: merges by rank,
// the end-of-word marker, the byte-to-character mapping of non-ASCII text, CLIP's
// pre-tokenization (contractions, letters, single digits, punctuation runs), lower-casing and
// whitespace cleaning, unknown tokens, truncation and padding.
#include "generation/torchscript/clip_tokenizer.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/error.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;

// Ids: the byte-level characters stand for themselves for printable ASCII; U+00C3 'Ã' and
// U+00A9 '©' are the characters bytes 0xC3 and 0xA9 (the UTF-8 of 'é') map to.
constexpr const char* kVocab = R"({
  "!": 0, "a": 1, "c": 2, "t": 3, "s": 4, "a</w>": 5, "c</w>": 6, "t</w>": 7, "s</w>": 8,
  "!</w>": 9, "ca": 10, "cat</w>": 11, "cat": 12, "<|startoftext|>": 13, "<|endoftext|>": 14,
  "\u00c3": 15, "\u00a9</w>": 16, "1</w>": 17, "2</w>": 18, "'s</w>": 19, "'": 20,
  "d": 21, "o": 22, "g</w>": 23, "do": 24, "dog</w>": 25
})";
// Rank order matters: "ca t</w>" outranks "ca t", and "c a" comes first.
constexpr const char* kMerges =
    "#version: 0.2\n"
    "c a\n"
    "ca t</w>\n"
    "ca t\n"
    "' s</w>\n"
    "d o\n"
    "do g</w>\n";

class ClipTokenizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp-clip-tokenizer-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("vocab.json", kVocab);
    write("merges.txt", kMerges);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  ClipTokenizer make(std::int64_t max_length = 8, std::int64_t pad = 0) {
    return ClipTokenizer(dir_ / "vocab.json", dir_ / "merges.txt", max_length, pad);
  }

  fs::path dir_;
};

using Ids = std::vector<std::int64_t>;
using Tokens = std::vector<std::string>;

TEST_F(ClipTokenizerTest, MergesByRankWithEndOfWord) {
  const ClipTokenizer tok = make();
  // cat: (c, a, t</w>) -> "c a" -> (ca, t</w>) -> "ca t</w>" -> cat</w>.
  EXPECT_EQ(tok.tokens("a cat"), (Tokens{"a</w>", "cat</w>"}));
  // cats: (c, a, t, s</w>) -> (ca, t, s</w>) -> "ca t" -> (cat, s</w>); no merge for that pair.
  EXPECT_EQ(tok.tokens("cats"), (Tokens{"cat", "s</w>"}));
  EXPECT_EQ(tok.encode("a cat"), (Ids{13, 5, 11, 14, 0, 0, 0, 0}));
  EXPECT_EQ(tok.encode("cats!"), (Ids{13, 12, 8, 9, 14, 0, 0, 0}));
}

TEST_F(ClipTokenizerTest, LowerCasesAndCleansWhitespace) {
  const ClipTokenizer tok = make();
  EXPECT_EQ(tok.encode("  A \t\n  CAT  "), (Ids{13, 5, 11, 14, 0, 0, 0, 0}));
  EXPECT_EQ(tok.encode("DoG"), (Ids{13, 25, 14, 0, 0, 0, 0, 0}));
  // Control characters are dropped, so "c\x01at" is the word "cat".
  EXPECT_EQ(tok.tokens("c\x01"
                       "at"),
            (Tokens{"cat</w>"}));
}

TEST_F(ClipTokenizerTest, PreTokenizesLikeClipsPattern) {
  const ClipTokenizer tok = make(16);
  // A contraction is its own piece: "cat", "'s".
  EXPECT_EQ(tok.tokens("cat's"), (Tokens{"cat</w>", "'s</w>"}));
  // Digits are single pieces: "12" is "1", "2", not one word.
  EXPECT_EQ(tok.tokens("12"), (Tokens{"1</w>", "2</w>"}));
  // A punctuation run is one piece and is not split by a following contraction: "!'" then "s".
  EXPECT_EQ(tok.tokens("!'s"), (Tokens{"!", "'</w>", "s</w>"}));
  // Letters glued to punctuation split at the class change.
  EXPECT_EQ(tok.tokens("cat!!dog"), (Tokens{"cat</w>", "!", "!</w>", "dog</w>"}));
  EXPECT_EQ(tok.encode("cat!!dog"), (Ids{13, 11, 0, 9, 25, 14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  // Special tokens written in the text keep their ids.
  EXPECT_EQ(tok.encode("a<|endoftext|>"), (Ids{13, 5, 14, 14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST_F(ClipTokenizerTest, MapsBytesAndUnknownTokens) {
  const ClipTokenizer tok = make();
  // 'é' is the bytes C3 A9, i.e. the characters U+00C3 and U+00A9 + </w>.
  EXPECT_EQ(tok.tokens("\xc3\xa9"), (Tokens{"\xc3\x83", "\xc2\xa9</w>"}));
  EXPECT_EQ(tok.encode("\xc3\xa9"), (Ids{13, 15, 16, 14, 0, 0, 0, 0}));
  // 'É' lower-cases to 'é' first.
  EXPECT_EQ(tok.encode("\xc3\x89"), (Ids{13, 15, 16, 14, 0, 0, 0, 0}));
  // Unknown tokens ("x</w>", "?</w>") become <|endoftext|>.
  EXPECT_EQ(tok.encode("x ?"), (Ids{13, 14, 14, 14, 0, 0, 0, 0}));
}

TEST_F(ClipTokenizerTest, TruncatesAndPads) {
  const ClipTokenizer tok = make(8, 0);
  // Eight words truncated to max_length - 2 = 6, then <|endoftext|>.
  EXPECT_EQ(tok.encode("cat cat cat cat cat cat cat cat"), (Ids{13, 11, 11, 11, 11, 11, 11, 14}));
  EXPECT_EQ(tok.encode(""), (Ids{13, 14, 0, 0, 0, 0, 0, 0}));
  // Stable Diffusion 1.x pads with <|endoftext|>.
  EXPECT_EQ(make(6, 14).encode("a"), (Ids{13, 5, 14, 14, 14, 14}));
}

TEST_F(ClipTokenizerTest, ErrorsNameTheFile) {
  write("vocab.json", R"({"a": 1})");
  try {
    make();
    FAIL() << "expected an error";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("vocab.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("<|startoftext|>"), std::string::npos) << e.what();
  }
  write("vocab.json", kVocab);
  write("merges.txt", "#version: 0.2\nc a\nbad\n");
  try {
    make();
    FAIL() << "expected an error";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("merges.txt:3"), std::string::npos) << e.what();
  }
  fs::remove(dir_ / "merges.txt");
  EXPECT_THROW(make(), core::IoError);
}

}  // namespace
}  // namespace zipp::generation
