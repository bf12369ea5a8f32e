#include "graph/synth/hub_topic.h"

namespace zipp::graph::synth {
namespace {

std::vector<HubTopic> make_topics() {
  return {
      {"questions",
       {"Ask", "Questions", "Answers", "Curious", "Explain", "NoStupidQuestions"},
       {"questions", "answers", "advice", "opinions", "discussion", "hypotheticals",
        "life experiences"}},
      {"humor",
       {"Funny", "Jokes", "Humor", "Memes", "Laughs", "Puns", "Comedy"},
       {"jokes", "memes", "funny stories", "puns", "humor", "comedy", "reaction images"}},
      {"news",
       {"News", "WorldNews", "Headlines", "Breaking", "Updates", "Reports"},
       {"world news", "breaking news", "current events", "headlines", "journalism",
        "international affairs", "local reporting"}},
      {"politics",
       {"Politics", "Policy", "Debate", "Elections", "Government", "Civics"},
       {"politics", "elections", "policy", "debate", "government", "law", "economics"}},
      {"sports",
       {"Sports", "Football", "Basketball", "Soccer", "Hockey", "Baseball", "Tennis"},
       {"sports", "football", "basketball", "soccer", "match threads", "transfers",
        "fantasy leagues"}},
      {"tech_help",
       {"TechSupport", "Computers", "Linux", "Android", "Programming", "BuildAPC", "Gadgets"},
       {"tech support", "computers", "programming", "smartphones", "software", "troubleshooting",
        "gadgets"}},
      {"money",
       {"Money", "Investing", "Frugal", "Budget", "Finance", "Stocks", "Savings"},
       {"personal finance", "investing", "budgeting", "saving money", "stocks", "taxes",
        "careers"}},
      {"relationships",
       {"Relationships", "Advice", "Dating", "Family", "Parenting", "Friendship"},
       {"relationships", "dating", "family", "parenting", "friendship", "advice", "life events"}},
      {"local",
       {"City", "Town", "Local", "Neighborhood", "Commute", "Downtown", "Suburbs"},
       {"local events", "city life", "neighborhoods", "commuting", "housing", "restaurants nearby",
        "weather"}},
      {"science",
       {"Science", "Facts", "TodayILearned", "Interesting", "Explained", "Research"},
       {"science", "facts", "research", "history", "interesting things", "explanations",
        "discoveries"}},
      {"media",
       {"Movies", "Television", "Videos", "Gifs", "Music", "Books", "Podcasts"},
       {"movies", "tv shows", "videos", "music", "books", "podcasts", "trailers"}},
      {"work",
       {"Jobs", "Careers", "Work", "Office", "Resume", "Freelance", "Retail"},
       {"jobs", "careers", "workplace stories", "resumes", "freelancing", "interviews",
        "salaries"}},
  };
}

}  // namespace

std::span<const HubTopic> builtin_hub_topics() {
  static const std::vector<HubTopic> kTopics = make_topics();
  return kTopics;
}

}  // namespace zipp::graph::synth
